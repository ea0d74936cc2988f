import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, decodeJwt, type JSONWebKeySet, type JWTPayload, jwtVerify } from 'jose';
import type { LambdaFunction, LambdaService } from './lambda';
import { Templates } from './template';

/**
 * API Gateway's HTTP API as the template declares it: its routes (method and path, `{name}` and `{proxy+}`
 * variables, `$default`), each route's Lambda proxy integration (payload format 2.0) and JWT authorizer. A
 * request becomes the event HTTP API sends (lower-cased headers, cookies apart, the query string, a base64 body
 * for anything not text), the function's answer becomes the HTTP response, and what API Gateway answers itself
 * (no route, a refused token, a function error) is answered with API Gateway's own status and body.
 */

export interface GatewayRequest {
  method: string;
  /** path and query string as sent */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  sourceIp: string;
}

export interface GatewayResponse {
  status: number;
  headers: [string, string][];
  body: Buffer;
}

interface Route {
  key: string;
  method: string;
  segments: string[];
  greedy: boolean;
  fn: LambdaFunction;
  authorizer?: { issuer: string; audience: string[]; identitySource: string; scopes: string[] };
}

/** Content types API Gateway passes as text; every other body reaches the function base64-encoded. */
const textTypes = /^(text\/|application\/(json|.*\+json|xml|.*\+xml|javascript|graphql|x-ndjson)\b)/i;
const sixMb = 6 * 1024 * 1024;

export class HttpApi {
  readonly apiId: string;
  readonly domainName: string;
  private routes: Route[] = [];
  /** requests answered, by route key (or API Gateway's own answer) */
  readonly served = new Map<string, number>();
  /** sees each event before its function does (tests check the event's shape) */
  observe?: (event: unknown, fn: LambdaFunction) => void;
  private keySet?: ReturnType<typeof createLocalJWKSet>;
  /** told of each answer a function gave (not API Gateway's own), for the count of operations that ran */
  answered?: (method: string, path: string, status: number) => void;

  constructor(
    templates: Templates,
    private lambda: LambdaService,
    private jwks: () => JSONWebKeySet,
    private log: (line: string) => void,
  ) {
    const apis = templates.ofType('AWS::ApiGatewayV2::Api').filter(({ resource }) => resource.Properties?.ProtocolType === 'HTTP');
    if (apis.length !== 1) throw new Error(`The rehearsal expects one HTTP API in the templates, found ${apis.length}`);
    const { id: apiLogicalId, stack } = apis[0]!;
    this.apiId = templates.resolve({ Ref: apiLogicalId }, stack);
    this.domainName = `${this.apiId}.execute-api.${templates.region}.amazonaws.com`;
    const ofApi = (type: string) => templates.ofType(type).filter(({ resource }) => Templates.target(resource.Properties?.ApiId) === apiLogicalId);
    const integrations = new Map(ofApi('AWS::ApiGatewayV2::Integration').map(({ id, resource }) => [id, resource.Properties!]));
    const authorizers = new Map(ofApi('AWS::ApiGatewayV2::Authorizer').map(({ id, resource, stack: s }) => [id, templates.resolve(resource.Properties, s)]));
    for (const { resource, stack: s } of ofApi('AWS::ApiGatewayV2::Route')) {
      const props = resource.Properties!;
      const key = String(props.RouteKey);
      const integrationId = /^integrations\/(.+)$/.exec(String(templates.resolve(props.Target, s)))?.[1];
      const integrationLogicalId = [...integrations.keys()].find((id) => templates.resolve({ Ref: id }, s) === integrationId);
      const integration = integrationLogicalId ? integrations.get(integrationLogicalId) : undefined;
      if (!integration) throw new Error(`Route ${key} has no integration the rehearsal can find`);
      if (integration.IntegrationType !== 'AWS_PROXY' || String(integration.PayloadFormatVersion) !== '2.0') {
        throw new Error(`Route ${key}: the rehearsal runs Lambda proxy integrations with payload 2.0 only`);
      }
      const [method, path] = key === '$default' ? ['ANY', ''] : key.split(' ');
      const segments = path ? path.split('/').filter(Boolean) : [];
      const route: Route = { key, method: method!, segments, greedy: segments.at(-1)?.endsWith('+}') ?? false, fn: lambda.byReference(integration.IntegrationUri) };
      if (props.AuthorizationType === 'JWT') {
        const authorizer = authorizers.get(Templates.target(props.AuthorizerId)!);
        if (authorizer?.AuthorizerType !== 'JWT') throw new Error(`Route ${key}: JWT authorizer not found`);
        route.authorizer = {
          issuer: authorizer.JwtConfiguration.Issuer,
          audience: authorizer.JwtConfiguration.Audience ?? [],
          identitySource: authorizer.IdentitySource?.[0] ?? '$request.header.Authorization',
          scopes: props.AuthorizationScopes ?? [],
        };
      } else if (props.AuthorizationType && props.AuthorizationType !== 'NONE') {
        throw new Error(`Route ${key}: the rehearsal does not run ${props.AuthorizationType} authorizers`);
      }
      this.routes.push(route);
    }
  }

  get routeKeys(): string[] {
    return this.routes.map((r) => r.key);
  }

  /** Most specific first, as API Gateway chooses: a full match, then a greedy `{proxy+}`, then `$default`. */
  private match(method: string, segments: string[]): { route: Route; pathParameters: Record<string, string> } | undefined {
    const candidates: { route: Route; pathParameters: Record<string, string>; rank: number[] }[] = [];
    for (const route of this.routes) {
      if (route.key === '$default') {
        candidates.push({ route, pathParameters: {}, rank: [3, 0, 0] });
        continue;
      }
      if (route.method !== 'ANY' && route.method !== method) continue;
      const params: Record<string, string> = {};
      let ok = true;
      let variables = 0;
      for (let i = 0; i < route.segments.length && ok; i++) {
        const pattern = route.segments[i]!;
        const greedy = /^\{(.+)\+\}$/.exec(pattern);
        if (greedy) {
          const rest = segments.slice(i);
          if (rest.length === 0) ok = false;
          else params[greedy[1]!] = rest.map(decodeURIComponent).join('/');
          variables++;
          break;
        }
        const segment = segments[i];
        if (segment === undefined) ok = false;
        else if (/^\{.+\}$/.test(pattern)) {
          params[pattern.slice(1, -1)] = decodeURIComponent(segment);
          variables++;
        } else if (pattern !== segment) ok = false;
      }
      if (!route.greedy && route.segments.length !== segments.length) ok = false;
      if (ok) candidates.push({ route, pathParameters: params, rank: [route.greedy ? 1 : 0, variables, route.method === 'ANY' ? 1 : 0] });
    }
    candidates.sort((a, b) => a.rank[0]! - b.rank[0]! || a.rank[1]! - b.rank[1]! || a.rank[2]! - b.rank[2]!);
    return candidates[0];
  }

  private count(key: string) {
    this.served.set(key, (this.served.get(key) ?? 0) + 1);
  }

  async handle(req: GatewayRequest): Promise<GatewayResponse> {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16);
    const started = Date.now();
    const url = new URL(req.url, 'https://api.invalid');
    const rawPath = req.url.split('?')[0]!;
    const match = this.match(req.method, rawPath.split('/').filter(Boolean));
    const own = (status: number, message: string, extra: [string, string][] = []): GatewayResponse => {
      this.count(`(API Gateway) ${status}`);
      return { status, headers: [['content-type', 'application/json'], ['apigw-requestid', requestId], ...extra], body: Buffer.from(JSON.stringify({ message })) };
    };
    if (!match) return own(404, 'Not Found');
    const { route, pathParameters } = match;

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined) continue;
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }
    let claims: JWTPayload | undefined;
    if (route.authorizer) {
      const result = await this.authorize(route.authorizer, headers);
      if ('refusal' in result) return own(401, 'Unauthorized', [['www-authenticate', `Bearer error="invalid_token" error_description="${result.refusal}"`]]);
      claims = result.claims;
    }

    const cookies = headers.cookie ? headers.cookie.split(/;\s*/).filter(Boolean) : undefined;
    delete headers.cookie;
    headers.host = this.domainName;
    headers['x-forwarded-for'] = [headers['x-forwarded-for'], req.sourceIp].filter(Boolean).join(', ');
    headers['x-forwarded-proto'] = 'https';
    headers['x-forwarded-port'] = '443';
    headers['x-amzn-trace-id'] = `Root=1-${Math.floor(started / 1000).toString(16)}-${randomUUID().replace(/-/g, '').slice(0, 24)}`;
    if (req.body.length) headers['content-length'] = String(req.body.length);
    const rawQueryString = url.search.slice(1);
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
    const asText = req.body.length === 0 || textTypes.test(headers['content-type'] ?? '');
    const now = new Date(started);
    const event = {
      version: '2.0',
      routeKey: route.key,
      rawPath,
      rawQueryString,
      ...(cookies ? { cookies } : {}),
      headers,
      ...(rawQueryString ? { queryStringParameters: query } : {}),
      requestContext: {
        accountId: route.fn.arn.split(':')[4],
        apiId: this.apiId,
        ...(claims ? { authorizer: { jwt: { claims: stringClaims(claims), scopes: typeof claims.scope === 'string' ? claims.scope.split(' ') : null } } } : {}),
        domainName: this.domainName,
        domainPrefix: this.apiId,
        http: { method: req.method, path: decodeURI(rawPath), protocol: 'HTTP/1.1', sourceIp: req.sourceIp, userAgent: headers['user-agent'] ?? '' },
        requestId,
        routeKey: route.key,
        stage: '$default',
        time: gatewayTime(now),
        timeEpoch: started,
      },
      ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
      ...(req.body.length ? { body: asText ? req.body.toString('utf8') : req.body.toString('base64') } : {}),
      isBase64Encoded: !asText,
    };
    if (Buffer.byteLength(JSON.stringify(event)) > sixMb) return own(413, 'Request Entity Too Large');

    this.observe?.(event, route.fn);
    const result = await this.lambda.invoke(route.fn, event);
    const access = (status: number) =>
      this.log(
        JSON.stringify({
          requestId,
          time: gatewayTime(now),
          method: req.method,
          routeKey: route.key,
          status,
          latencyMs: Date.now() - started,
          function: route.fn.name,
          ...(result.error ? { integrationError: result.error.errorMessage } : {}),
        }),
      );
    if (result.error || Buffer.byteLength(JSON.stringify(result.payload ?? null)) > sixMb) {
      access(500);
      return own(500, 'Internal Server Error');
    }
    const response = toResponse(result.payload);
    if (!response) {
      access(500);
      return own(500, 'Internal Server Error');
    }
    this.count(route.key);
    this.answered?.(req.method, decodeURI(rawPath), response.status);
    access(response.status);
    response.headers.push(['apigw-requestid', requestId]);
    return response;
  }

  private async authorize(authorizer: NonNullable<Route['authorizer']>, headers: Record<string, string>): Promise<{ claims: JWTPayload } | { refusal: string }> {
    const headerName = /^\$request\.header\.(.+)$/i.exec(authorizer.identitySource)?.[1]?.toLowerCase();
    const raw = headerName ? headers[headerName] : undefined;
    if (!raw) return { refusal: 'the token is missing' };
    const token = raw.replace(/^Bearer\s+/i, '');
    try {
      this.keySet ??= createLocalJWKSet(this.jwks());
      const { payload } = await jwtVerify(token, this.keySet, { issuer: authorizer.issuer, algorithms: ['RS256'] });
      // HTTP API accepts a token whose aud, or (for access tokens) client_id, is one of the audiences.
      const audiences = [payload.aud, payload.client_id].flat().filter((a): a is string => typeof a === 'string');
      if (authorizer.audience.length && !audiences.some((a) => authorizer.audience.includes(a))) return { refusal: 'the token does not have a valid audience' };
      const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ') : [];
      if (authorizer.scopes.length && !authorizer.scopes.some((s) => scopes.includes(s))) return { refusal: 'the token does not have the required scope' };
      return { claims: payload };
    } catch (err) {
      try {
        decodeJwt(token);
      } catch {
        return { refusal: 'the token is malformed' };
      }
      return { refusal: String((err as Error).message) };
    }
  }
}

/** HTTP API hands claims over as strings; an array claim becomes "[a b]". */
function stringClaims(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(Object.entries(claims).map(([k, v]) => [k, Array.isArray(v) ? `[${v.join(' ')}]` : typeof v === 'object' ? JSON.stringify(v) : String(v)]));
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function gatewayTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${months[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/** A payload 2.0 answer as API Gateway reads it; undefined when it cannot (API Gateway answers 500). */
function toResponse(payload: unknown): GatewayResponse | undefined {
  if (payload && typeof payload === 'object' && 'statusCode' in payload) {
    const p = payload as { statusCode: unknown; headers?: Record<string, unknown>; multiValueHeaders?: Record<string, unknown[]>; cookies?: unknown[]; body?: unknown; isBase64Encoded?: boolean };
    if (typeof p.statusCode !== 'number' || p.statusCode < 100 || p.statusCode > 599) return undefined;
    const headers: [string, string][] = [];
    for (const [name, value] of Object.entries(p.headers ?? {})) headers.push([name.toLowerCase(), String(value)]);
    for (const [name, values] of Object.entries(p.multiValueHeaders ?? {})) for (const v of values) headers.push([name.toLowerCase(), String(v)]);
    for (const cookie of p.cookies ?? []) headers.push(['set-cookie', String(cookie)]);
    const body = p.body === undefined || p.body === null ? Buffer.alloc(0) : Buffer.from(String(p.body), p.isBase64Encoded ? 'base64' : 'utf8');
    return { status: p.statusCode, headers, body };
  }
  // No statusCode: API Gateway takes the whole answer as a JSON body with 200.
  return { status: 200, headers: [['content-type', 'application/json']], body: Buffer.from(typeof payload === 'string' ? payload : JSON.stringify(payload)) };
}

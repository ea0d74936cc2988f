import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { runInNewContext } from 'node:vm';
import type { GatewayRequest, GatewayResponse, HttpApi } from './http-api';
import { Templates } from './template';

/**
 * The CloudFront distribution of the template: its behaviours in order (path patterns), the viewer-request
 * CloudFront Functions (their own code, run as CloudFront runs it), the S3 origin filled by the template's
 * BucketDeployment from the asset cdk synth staged (so what is served is what would be uploaded), the HTTP API
 * origin, the methods each behaviour allows, and the response headers policies.
 */

/** What one BucketDeployment source puts in the bucket: a staged asset, and the deploy-time values its markers stand for. */
interface Root {
  dir: string;
  prefix: string;
  markers: Record<string, string>;
  jsonEscape: boolean;
}

interface Behaviour {
  pattern: string;
  allowedMethods: string[];
  origin: { kind: 's3'; roots: Root[] } | { kind: 'api'; forwardHost: boolean };
  viewerRequest?: (event: unknown) => any;
  headers: { name: string; value: string; override: boolean }[];
  defaultRootObject?: string;
}

/** CloudFront's managed origin request policy the rehearsal knows by id. */
const allViewer = '216adef6-5c7f-47e4-b989-5492eafa07d3';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/vnd.microsoft.icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain',
  '.map': 'application/json',
  '.woff2': 'font/woff2',
};

export class CloudFront {
  private behaviours: Behaviour[] = [];
  readonly served = new Map<string, number>();
  readonly domainName: string;

  /**
   * @param rewrite changes what the bucket serves, for what cannot work on this machine as deployed (the
   *   rehearsal serves plain HTTP, and stands in for Cognito's hosted sign-in page): see rehearsal.ts
   */
  constructor(
    templates: Templates,
    private api: HttpApi,
    private rewrite: (text: string) => string = (t) => t,
  ) {
    const distributions = templates.ofType('AWS::CloudFront::Distribution');
    if (distributions.length !== 1) throw new Error(`The rehearsal expects one CloudFront distribution, found ${distributions.length}`);
    const { id, stack, resource } = distributions[0]!;
    this.domainName = templates.resolve({ 'Fn::GetAtt': [id, 'DomainName'] }, stack);
    const config = resource.Properties!.DistributionConfig;
    const origins = new Map<string, any>((config.Origins as any[]).map((o) => [o.Id, o]));
    const deployments = templates.ofType('Custom::CDKBucketDeployment');

    const behaviour = (b: any, pattern: string): Behaviour => {
      const origin = origins.get(b.TargetOriginId);
      if (!origin) throw new Error(`Behaviour ${pattern}: no origin ${b.TargetOriginId}`);
      let target: Behaviour['origin'];
      if (origin.S3OriginConfig) {
        const bucketId = Templates.target(origin.DomainName);
        const roots = deployments
          .filter(({ resource: d }) => Templates.target(d.Properties?.DestinationBucketName) === bucketId)
          .flatMap(({ resource: d, stack: s }) =>
            (d.Properties!.SourceObjectKeys as unknown[]).map((key, i) => ({
              dir: templates.assetDir(templates.resolve(key, s)),
              prefix: String(d.Properties!.DestinationKeyPrefix ?? ''),
              // Source.jsonData / Source.data: values known only at deploy time, filled in as the deployment copies
              markers: templates.resolve(d.Properties!.SourceMarkers?.[i] ?? {}, s) as Record<string, string>,
              jsonEscape: d.Properties!.SourceMarkersConfig?.[i]?.jsonEscape === true,
            })),
          );
        if (roots.length === 0) throw new Error(`Behaviour ${pattern}: nothing is deployed to its bucket`);
        target = { kind: 's3', roots };
      } else {
        const domain = templates.resolve(origin.DomainName, stack);
        if (domain !== this.api.domainName) throw new Error(`Behaviour ${pattern}: origin ${domain} is not the HTTP API`);
        const policy = b.OriginRequestPolicyId;
        target = { kind: 'api', forwardHost: policy === allViewer };
      }
      const functions = (b.FunctionAssociations ?? []).filter((f: any) => f.EventType === 'viewer-request');
      const viewerRequest = functions.length ? cloudFrontFunction(templates, Templates.target(functions[0].FunctionARN)!) : undefined;
      return {
        pattern,
        allowedMethods: b.AllowedMethods ?? ['GET', 'HEAD'],
        origin: target,
        ...(viewerRequest ? { viewerRequest } : {}),
        headers: b.ResponseHeadersPolicyId ? responseHeaders(templates, b.ResponseHeadersPolicyId) : [],
        ...(pattern === '*' && config.DefaultRootObject ? { defaultRootObject: config.DefaultRootObject } : {}),
      };
    };
    for (const b of config.CacheBehaviors ?? []) this.behaviours.push(behaviour(b, b.PathPattern));
    this.behaviours.push(behaviour(config.DefaultCacheBehavior, '*'));
  }

  async handle(req: GatewayRequest): Promise<GatewayResponse> {
    const [path, query = ''] = req.url.split(/\?(.*)/s) as [string, string?];
    const b = this.behaviours.find((x) => patternMatches(x.pattern, path))!;
    this.served.set(b.pattern, (this.served.get(b.pattern) ?? 0) + 1);
    if (!b.allowedMethods.includes(req.method)) {
      return this.finish(b, {
        status: 403,
        headers: [['content-type', 'text/html']],
        body: Buffer.from('<html><body><h1>403 ERROR</h1><p>This distribution is not configured to allow the HTTP request method that was used for this request.</p></body></html>'),
      });
    }
    let uri = path;
    if (b.viewerRequest) {
      const headers = Object.fromEntries(Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), { value: Array.isArray(v) ? v.join(',') : v }]])));
      const result = b.viewerRequest({
        version: '1.0',
        context: { distributionDomainName: this.domainName, eventType: 'viewer-request', requestId: randomUUID() },
        viewer: { ip: req.sourceIp },
        request: { method: req.method, uri, querystring: Object.fromEntries([...new URLSearchParams(query)].map(([k, v]) => [k, { value: v }])), headers, cookies: {} },
      });
      if (result && 'statusCode' in result) {
        const out: [string, string][] = Object.entries(result.headers ?? {}).map(([k, v]: [string, any]) => [k, String(v.value)]);
        return this.finish(b, { status: result.statusCode, headers: out, body: Buffer.from(String(result.body?.data ?? result.body ?? '')) });
      }
      uri = result.uri;
    }
    if (b.origin.kind === 'api') {
      const headers = { ...req.headers };
      if (!b.origin.forwardHost) delete headers.host;
      headers.via = '2.0 rehearsal.cloudfront.net (CloudFront)';
      headers['x-amz-cf-id'] = randomUUID();
      return this.finish(b, await this.api.handle({ ...req, url: uri + (query ? `?${query}` : ''), headers }));
    }
    return this.finish(b, this.fromBucket(b, uri, req.method === 'HEAD'));
  }

  private fromBucket(b: Behaviour, uri: string, head: boolean): GatewayResponse {
    const key = (uri === '/' && b.defaultRootObject ? b.defaultRootObject : uri.replace(/^\//, '')).split('/').map(decodeURIComponent).join('/');
    if (b.origin.kind !== 's3') throw new Error('not an S3 behaviour');
    for (const root of b.origin.roots) {
      if (!key.startsWith(root.prefix)) continue;
      const file = normalize(join(root.dir, key.slice(root.prefix.length)));
      if (!file.startsWith(root.dir) || !existsSync(file) || !statSync(file).isFile()) continue;
      let body = readFileSync(file);
      const markers = Object.entries(root.markers);
      if (markers.length) {
        let text = body.toString('utf8');
        for (const [marker, value] of markers) text = text.split(marker).join(root.jsonEscape ? JSON.stringify(value).slice(1, -1) : value);
        body = Buffer.from(this.rewrite(text));
      }
      return {
        status: 200,
        headers: [
          ['content-type', mimeTypes[extname(file)] ?? 'application/octet-stream'],
          ['etag', `"${statSync(file).mtimeMs.toString(16)}"`],
        ],
        body: head ? Buffer.alloc(0) : body,
      };
    }
    // With origin access control and no s3:ListBucket, a missing object is AccessDenied, not NoSuchKey.
    return {
      status: 403,
      headers: [['content-type', 'application/xml']],
      body: Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>Access Denied</Message><RequestId>${randomUUID()}</RequestId></Error>`),
    };
  }

  private finish(b: Behaviour, response: GatewayResponse): GatewayResponse {
    const headers = [...response.headers];
    for (const h of b.headers) {
      const present = headers.some(([n]) => n === h.name);
      if (present && !h.override) continue;
      for (let i = headers.length - 1; i >= 0; i--) if (headers[i]![0] === h.name) headers.splice(i, 1);
      headers.push([h.name, h.value]);
    }
    headers.push(['via', '1.1 rehearsal.cloudfront.net (CloudFront)'], ['x-cache', 'Miss from cloudfront']);
    return { ...response, headers };
  }
}

/** CloudFront path patterns: `*` any run of characters, `?` one, everything else literal, case-sensitive. */
function patternMatches(pattern: string, path: string): boolean {
  if (pattern === '*') return true;
  const normalised = pattern.startsWith('/') ? pattern : `/${pattern}`;
  const re = new RegExp(
    `^${normalised
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    's',
  );
  return re.test(path);
}

/** A CloudFront Function from the template, compiled once and run in a fresh context each time. */
function cloudFrontFunction(templates: Templates, logicalId: string): (event: unknown) => any {
  const { stack, resource } = templates.resource(logicalId);
  const code = String(templates.resolve(resource.Properties!.FunctionCode, stack));
  return (event) => runInNewContext(`${code}\n;handler(__event)`, { __event: event }, { timeout: 1000 });
}

/** The headers a response headers policy adds (security headers and custom headers). */
function responseHeaders(templates: Templates, policyRef: unknown): Behaviour['headers'] {
  const id = Templates.target(policyRef);
  if (!id) return []; // a managed policy by id: none of ours
  const { stack, resource } = templates.resource(id);
  const config = templates.resolve(resource.Properties!.ResponseHeadersPolicyConfig, stack);
  const s = config.SecurityHeadersConfig ?? {};
  const out: Behaviour['headers'] = [];
  if (s.StrictTransportSecurity) {
    const t = s.StrictTransportSecurity;
    out.push({
      name: 'strict-transport-security',
      value: [`max-age=${t.AccessControlMaxAgeSec}`, t.IncludeSubdomains ? 'includeSubDomains' : '', t.Preload ? 'preload' : ''].filter(Boolean).join('; '),
      override: !!t.Override,
    });
  }
  if (s.ContentTypeOptions) out.push({ name: 'x-content-type-options', value: 'nosniff', override: !!s.ContentTypeOptions.Override });
  if (s.FrameOptions) out.push({ name: 'x-frame-options', value: s.FrameOptions.FrameOption, override: !!s.FrameOptions.Override });
  if (s.ReferrerPolicy) out.push({ name: 'referrer-policy', value: s.ReferrerPolicy.ReferrerPolicy, override: !!s.ReferrerPolicy.Override });
  if (s.ContentSecurityPolicy) out.push({ name: 'content-security-policy', value: s.ContentSecurityPolicy.ContentSecurityPolicy, override: !!s.ContentSecurityPolicy.Override });
  if (s.XSSProtection) {
    const x = s.XSSProtection;
    out.push({ name: 'x-xss-protection', value: x.Protection ? `1${x.ModeBlock ? '; mode=block' : ''}${x.ReportUri ? `; report=${x.ReportUri}` : ''}` : '0', override: !!x.Override });
  }
  for (const h of config.CustomHeadersConfig?.Items ?? []) out.push({ name: String(h.Header).toLowerCase(), value: String(h.Value), override: !!h.Override });
  return out;
}

/**
 * The operations of the running platform's OpenAPI document (/api/openapi.json): what the hardening suites
 * iterate over, so an operation added by any domain is picked up without editing the suites.
 */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  $ref?: string;
  [k: string]: unknown;
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: JsonSchema;
}

export interface Operation {
  operationId: string;
  method: string;
  /** OpenAPI form: /api/rooms/{roomId} */
  path: string;
  signedIn: boolean;
  parameters: Parameter[];
  body?: JsonSchema;
  /** its success answer is an array or a page of `items` */
  returnsList?: boolean;
}

export async function fetchOperations(baseUrl: string): Promise<Operation[]> {
  const res = await fetch(`${baseUrl}/api/openapi.json`);
  if (res.status !== 200) throw new Error(`GET /api/openapi.json answered ${res.status}`);
  const doc = (await res.json()) as { paths: Record<string, Record<string, any>> };
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const security = (op.security ?? []) as Record<string, unknown>[];
      ops.push({
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        signedIn: security.length > 0 && security.every((s) => Object.keys(s).length > 0),
        parameters: op.parameters ?? [],
        ...(op.requestBody?.content?.['application/json']?.schema ? { body: op.requestBody.content['application/json'].schema } : {}),
        ...(listAnswer(op) ? { returnsList: true } : {}),
      });
    }
  }
  return ops;
}

function listAnswer(op: { responses?: Record<string, any> }): boolean {
  const ok = Object.entries(op.responses ?? {}).find(([status]) => status.startsWith('2'))?.[1];
  const schema = ok?.content?.['application/json']?.schema as JsonSchema | undefined;
  return schema?.type === 'array' || schema?.properties?.items?.type === 'array';
}

/** Top-level property names a body schema declares (across anyOf/oneOf branches). */
export function declaredProperties(schema: JsonSchema | undefined): Set<string> {
  const out = new Set<string>();
  if (!schema) return out;
  for (const k of Object.keys(schema.properties ?? {})) out.add(k);
  for (const branch of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) declaredProperties(branch).forEach((k) => out.add(k));
  return out;
}

/** The list operations: GETs with a `limit` query parameter, and its cap. */
export function pageCaps(ops: Operation[]): { op: Operation; max: number | undefined }[] {
  return ops.flatMap((op) => {
    const limit = op.parameters.find((p) => p.in === 'query' && (p.name === 'limit' || p.name === 'per_page'));
    if (op.method !== 'GET' || !limit) return [];
    return [{ op, max: capOf(limit.schema) }];
  });
}

function capOf(s: JsonSchema | undefined): number | undefined {
  if (!s) return undefined;
  if (typeof s.maximum === 'number') return s.maximum;
  for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) {
    const m = capOf(b);
    if (m !== undefined) return m;
  }
  return undefined;
}

export function fillPath(template: string, params: Record<string, string> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) throw new Error(`no value for path parameter ${k} in ${template}`);
    return encodeURIComponent(v);
  });
}

export function withQuery(path: string, query: Record<string, string> | undefined): string {
  if (!query || !Object.keys(query).length) return path;
  return `${path}?${new URLSearchParams(query).toString()}`;
}

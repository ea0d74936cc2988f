import * as z from 'zod/mini';
import { idempotencyHeader } from './idempotency';
import type { AnyRoute } from './route';

/**
 * OpenAPI 3.1 from the routes' zod schemas. Used by the local server and at synth time (the document is
 * shipped to the meta Lambda as a file), never inside a domain Lambda: that keeps zod's JSON Schema
 * generator out of the bundles that serve traffic.
 */
const problemSchema = {
  type: 'object',
  required: ['title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'rule', 'message'],
        properties: { field: { type: 'string' }, rule: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
};

const errorText: Record<number, string> = {
  400: 'The request is not valid: each field and rule is named',
  401: 'Not signed in, or the token is not valid',
  403: 'Signed in, but not allowed',
  404: 'Not found',
  409: 'Clashes with the current state',
  413: 'Request body too large',
  422: 'A rule says no',
  429: 'Too many requests; see Retry-After',
  503: 'Busy; retry after Retry-After seconds',
};

/**
 * Each tag the operations use, with its description (top-level `tags`: validators warn about an operation tag
 * the document does not declare, and about a declared tag without a description).
 */
export type TagDescriptions = Record<string, string>;

export function buildOpenApi(routes: AnyRoute[], info: { title: string; version: string }, tagDescriptions: TagDescriptions = {}) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    // A path with a trailing slash is served as an alias of the same path without it (the Open Referral UK
    // feed's root, which its validator asks for as `…/`): one resource, documented once, since OpenAPI
    // tooling reads `/x` and `/x/` as two (Redocly's no-path-trailing-slash).
    if (route.path.length > 1 && route.path.endsWith('/')) continue;
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = operation(route);
  }
  const used = [...new Set(routes.flatMap((r) => r.tags))];
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'Common Ground: directory, sessions, rooms, volunteers, referrals and reports for community health partnerships.' },
    servers: [{ url: '/' }],
    tags: used.map((name) => ({ name, ...(tagDescriptions[name] ? { description: tagDescriptions[name] } : {}) })),
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

/** Answers that never carry a body (RFC 9110): their response declares no content. */
const bodiless = new Set([204, 205, 304]);

function operation(route: AnyRoute) {
  const statuses = new Set([400, ...(route.auth === 'signedIn' ? [401] : []), ...(route.errors ?? [])]);
  const errors = Object.fromEntries(
    [...statuses].sort().map((s) => [String(s), { description: errorText[s] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }]),
  );
  const { status, description, contentType = 'application/json' } = route.response;
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: route.tags,
    ...(route.auth === 'public' ? { security: [] } : route.auth === 'optional' ? { security: [{}, { bearer: [] }] } : { security: [{ bearer: [] }] }),
    parameters: [
      ...parametersOf(route.params, 'path'),
      ...parametersOf(route.query, 'query'),
      ...[...(route.headers ?? []), ...(route.idempotency ? [idempotencyHeader(route.idempotency === 'required')] : [])].map((h) => ({
        name: h.name,
        in: 'header',
        required: h.required,
        description: h.description,
        schema: { type: 'string' },
      })),
    ],
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body) } } } } : {}),
    responses: {
      [String(status)]: { description, ...(bodiless.has(status) ? {} : { content: { [contentType]: mediaType(route.response) } }) },
      ...errors,
    },
  };
}

/**
 * The success answer's media type: its zod schema, or the JSON Schema a published standard defines, or (CSV,
 * calendars, HTML, this document) just the content type, with text as a string.
 */
function mediaType({ schema, document, contentType = 'application/json' }: AnyRoute['response']) {
  if (schema) return { schema: jsonSchema(schema) };
  if (document) return { schema: document };
  return contentType.startsWith('text/') ? { schema: { type: 'string' } } : {};
}

function parametersOf(schema: z.ZodMiniType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    ...(typeof (s as { description?: unknown }).description === 'string' ? { description: (s as { description: string }).description } : {}),
    required: where === 'path' || (json.required ?? []).includes(name),
    schema: s,
  }));
}

function jsonSchema(schema: z.ZodMiniType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

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

export function buildOpenApi(routes: AnyRoute[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method] = operation(route);
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'Common Ground: directory, sessions, rooms, volunteers, referrals and reports for community health partnerships.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: { Problem: problemSchema },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

function operation(route: AnyRoute) {
  const statuses = new Set([400, ...(route.auth === 'signedIn' ? [401] : []), ...(route.errors ?? [])]);
  const errors = Object.fromEntries(
    [...statuses].sort().map((s) => [String(s), { description: errorText[s] ?? 'Error', content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } }]),
  );
  const { status, description, schema, contentType = 'application/json', document } = route.response;
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
      [String(status)]: { description, ...(schema ? { content: { [contentType]: { schema: jsonSchema(schema) } } } : document ? { content: { [contentType]: { schema: document } } } : {}) },
      ...errors,
    },
  };
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

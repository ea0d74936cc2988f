import * as z from 'zod/mini';
import { defineRoute } from '../lib/route';

/** Health and the API's own description. The OpenAPI document is built elsewhere and handed in. */
export function metaRoutes(openApiDocument: () => unknown) {
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      operationId: 'getHealth',
      summary: 'Is the API up?',
      tags: ['meta'],
      auth: 'public',
      response: { status: 200, description: 'The API is up', schema: z.object({ status: z.literal('ok'), time: z.string() }) },
      handler: async ({ deps }) => ({ status: 'ok' as const, time: deps.clock.now().toISOString() }),
    }),
    defineRoute({
      method: 'get',
      path: '/api/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This API described as OpenAPI 3.1',
      tags: ['meta'],
      auth: 'public',
      response: { status: 200, description: 'The OpenAPI document' },
      handler: async ({ c }) => c.json(openApiDocument() as object),
    }),
    defineRoute({
      method: 'get',
      path: '/api/docs',
      operationId: 'getApiDocs',
      summary: 'Interactive documentation of this API',
      tags: ['meta'],
      auth: 'public',
      response: { status: 200, description: 'An HTML page', contentType: 'text/html' },
      handler: async ({ c }) => c.html(docsPage),
    }),
  ];
}

// Scalar's API reference renders /api/openapi.json. It loads its script from a CDN; the JSON itself is the
// source of truth and is readable without it.
const docsPage = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Common Ground API</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body><noscript>The machine-readable description is at <a href="/api/openapi.json">/api/openapi.json</a>.</noscript>
<script id="api-reference" data-url="/api/openapi.json"></script>
<script src="https://cdn.jsdelivr.net/npm/@scalar/api-reference"></script>
</body></html>`;

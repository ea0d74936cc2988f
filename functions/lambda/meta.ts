import { readFileSync } from 'node:fs';
import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { metaRoutes } from '../meta/routes';
import { lambdaDeps } from './deps';

// The OpenAPI document is generated at synth time and copied next to this bundle (infra/constructs/api-function.ts),
// so this function carries no schema generator.
let document: unknown;
const openApiDocument = () => (document ??= JSON.parse(readFileSync(new URL('./openapi.json', import.meta.url), 'utf8')));

export const handler = handle(createApp(lambdaDeps(), metaRoutes(openApiDocument)));

#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildApp, projectRoot } from './app-builder';
import type { ExtraFile } from './constructs/api-function';

/**
 * The meta Lambda serves /api/openapi.json from a file beside its bundle, generated here at synth time so the
 * function carries no schema generator. Never includes the local-only dev sign-in routes.
 */
async function openApiFiles(): Promise<Record<string, ExtraFile[]>> {
  const modulePath = join(projectRoot, 'functions', 'openapi-document.ts');
  if (!existsSync(modulePath)) return {};
  const { buildOpenApiDocument } = (await import('../functions/openapi-document')) as {
    buildOpenApiDocument: (options?: { includeDev?: boolean }) => unknown;
  };
  const document = buildOpenApiDocument({ includeDev: false });
  return { meta: [{ name: 'openapi.json', content: JSON.stringify(document) }] };
}

const { app } = buildApp({ extraFiles: await openApiFiles() });
app.synth();

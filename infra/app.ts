#!/usr/bin/env node
import { buildOpenApiDocument } from '../functions/openapi-document';
import { buildApp } from './app-builder';

/**
 * The meta Lambda serves /api/openapi.json from a file beside its bundle, generated here at synth time so the
 * function carries no schema generator. Never includes the local-only dev sign-in routes.
 */
const openApi = JSON.stringify(buildOpenApiDocument({ includeDev: false }));
const { app } = buildApp({ extraFiles: { meta: [{ name: 'openapi.json', content: openApi }] } });
app.synth();

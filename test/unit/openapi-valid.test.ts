import { existsSync } from 'node:fs';
import { compileErrors, validate } from '@readme/openapi-parser';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import type { AnyRoute } from '../../functions/lib/route';
import { devRoutes } from '../../functions/local/dev-routes';
import { metaRoutes } from '../../functions/meta/routes';
import { buildOpenApiDocument } from '../../functions/openapi-document';
import { routesByDomain } from '../../functions/routes';

/**
 * The OpenAPI document as it is served (the local server's, with the dev sign-in, and the one shipped to the
 * meta Lambda at synth, without), checked the way independent validators check it: by @readme/openapi-parser
 * (the official OAS 3.1 JSON Schema plus the spec's own rules: unique operationIds, path parameters declared
 * and required, $refs that resolve), then by what linters such as Redocly's and Spectral's recommended rules
 * flag and the JSON Schema misses. Every problem found is listed, not just the first.
 */

type Json = Record<string, unknown>;
const served = (includeDev: boolean) => JSON.parse(JSON.stringify(buildOpenApiDocument({ includeDev }))) as Json;

// the Open Referral UK profile's schemas the feed's answers reference, as copied into the fixtures
const orukSchemas = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const orukFixtures = new URL('../fixtures/openreferral-uk/schema/', import.meta.url);

const methods = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
/** Redocly's operation-operationId-url-safe and Spectral's operation-operationId-valid-in-url */
const urlSafe = /^[A-Za-z0-9-._~:/?#[\]@!$&'()*+,;=]*$/;
/** header parameters the spec says are ignored (they are described elsewhere in the document) */
const ignoredHeaders = new Set(['accept', 'content-type', 'authorization']);
const bodiless = new Set(['204', '205', '304']);

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : Number.isInteger(v) ? 'integer' : typeof v);
const matchesType = (v: unknown, type: string) => jsonType(v) === type || (type === 'number' && jsonType(v) === 'integer');

/** Every subschema of a JSON Schema (2020-12), with where it is. */
function eachSchema(schema: unknown, at: string, visit: (s: Json, at: string) => void) {
  if (!isObject(schema)) return;
  visit(schema, at);
  for (const k of ['items', 'additionalProperties', 'propertyNames', 'not', 'contains', 'if', 'then', 'else', 'unevaluatedItems', 'unevaluatedProperties', 'contentSchema'])
    eachSchema(schema[k], `${at}/${k}`, visit);
  for (const k of ['allOf', 'anyOf', 'oneOf', 'prefixItems']) if (Array.isArray(schema[k])) (schema[k] as unknown[]).forEach((s, i) => eachSchema(s, `${at}/${k}/${i}`, visit));
  for (const k of ['properties', 'patternProperties', '$defs', 'dependentSchemas'])
    if (isObject(schema[k])) for (const [name, s] of Object.entries(schema[k])) eachSchema(s, `${at}/${k}/${name}`, visit);
}

const containsRef = (v: unknown): boolean => (Array.isArray(v) ? v.some(containsRef) : isObject(v) ? '$ref' in v || Object.values(v).some(containsRef) : false);

function schemaProblems(root: unknown, at: string): string[] {
  const problems: string[] = [];
  if (isObject(root) && !ajv.validateSchema(root)) problems.push(`${at}: not a JSON Schema 2020-12 schema: ${ajv.errorsText(ajv.errors)}`);
  eachSchema(root, at, (s, where) => {
    const type = typeof s.type === 'string' ? s.type : undefined;
    if ('enum' in s) {
      const values = s.enum;
      if (!Array.isArray(values) || values.length === 0) problems.push(`${where}: empty enum`);
      else {
        if (new Set(values.map((v) => JSON.stringify(v))).size !== values.length) problems.push(`${where}: enum repeats a value`);
        const types = Array.isArray(s.type) ? (s.type as string[]) : type ? [type] : [];
        for (const v of values) if (types.length && !types.some((t) => matchesType(v, t))) problems.push(`${where}: enum value ${JSON.stringify(v)} is not of type ${types.join(' | ')}`);
      }
    }
    if (type === 'object' && 'items' in s) problems.push(`${where}: an object schema with items`);
    if (type === 'array' && 'properties' in s) problems.push(`${where}: an array schema with properties`);
    if (Array.isArray(s.required) && isObject(s.properties))
      for (const name of s.required as string[]) if (!(name in s.properties)) problems.push(`${where}: requires ${name}, which it does not define`);
    for (const [low, high] of [
      ['minimum', 'maximum'],
      ['minLength', 'maxLength'],
      ['minItems', 'maxItems'],
      ['minProperties', 'maxProperties'],
    ] as const)
      if (typeof s[low] === 'number' && typeof s[high] === 'number' && s[low] > s[high]) problems.push(`${where}: ${low} ${s[low]} is above ${high} ${s[high]}`);
    for (const [bound, exclusive] of [
      ['minimum', 'exclusiveMinimum'],
      ['maximum', 'exclusiveMaximum'],
    ] as const)
      if (typeof s[bound] === 'number' && typeof s[exclusive] === 'number') problems.push(`${where}: both ${bound} and ${exclusive}`);
    if (typeof s.pattern === 'string') {
      try {
        new RegExp(s.pattern, 'u');
      } catch (e) {
        problems.push(`${where}: pattern is not an ECMA-262 (unicode) regex: ${(e as Error).message}`);
      }
    }
    // a default or an example the schema itself refuses (Spectral's oas3-valid-schema-example, Redocly's no-invalid-schema-examples)
    const samples = [
      ...('default' in s ? [['default', s.default]] : []),
      ...('example' in s ? [['example', s.example]] : []),
      ...(Array.isArray(s.examples) ? s.examples.map((e, i) => [`examples/${i}`, e]) : []),
    ];
    if (samples.length && !containsRef(s)) {
      const check = ajv.compile(s);
      for (const [name, value] of samples) if (!check(value)) problems.push(`${where}/${name}: ${JSON.stringify(value)} does not match its schema: ${ajv.errorsText(check.errors)}`);
    }
  });
  return problems;
}

function pointer(doc: Json, ref: string): unknown {
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Json)[key];
  }
  return node;
}

function refProblems(doc: Json): string[] {
  const problems: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}/${i}`));
    else if (isObject(v))
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') {
          if (x.startsWith('#/')) {
            if (pointer(doc, x) === undefined) problems.push(`${at}: $ref ${x} resolves to nothing`);
          } else if (x.startsWith(orukSchemas)) {
            if (!existsSync(new URL(x.slice(orukSchemas.length), orukFixtures)))
              problems.push(`${at}: $ref ${x} is not a schema of the Open Referral UK profile (no copy in test/fixtures/openreferral-uk)`);
          } else problems.push(`${at}: $ref ${x} is neither in the document nor a known published schema`);
        } else walk(x, `${at}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      }
  };
  walk(doc, '#');
  return problems;
}

/** What validators commonly flag that the OAS JSON Schema does not check. */
function lint(doc: Json): string[] {
  const problems: string[] = [...refProblems(doc)];
  const info = doc.info as Json;
  for (const k of ['title', 'version', 'description']) if (typeof info?.[k] !== 'string' || !info[k]) problems.push(`info has no ${k}`);

  // servers: deliberately the relative '/', as the document is served by the API it describes on every stage
  const servers = doc.servers;
  if (!Array.isArray(servers) || servers.length === 0) problems.push('servers is missing or empty');
  else
    for (const s of servers as Json[]) {
      const url = String(s.url ?? '');
      if (!url) problems.push('a server without a url');
      if (url.endsWith('/') && url !== '/') problems.push(`server ${url} ends with a slash`);
      if (/example\.com/.test(url)) problems.push(`server ${url} is an example`);
    }

  const components = (doc.components ?? {}) as Json;
  const schemes = (components.securitySchemes ?? {}) as Json;
  const componentSchemas = (components.schemas ?? {}) as Json;
  const text = JSON.stringify(doc);
  for (const [name, schema] of Object.entries(componentSchemas)) {
    if (!/^[a-zA-Z0-9.\-_]+$/.test(name)) problems.push(`components.schemas.${name}: not a valid component name`);
    if (!text.includes(`"#/components/schemas/${name}"`)) problems.push(`components.schemas.${name}: never used`);
    problems.push(...schemaProblems(schema, `#/components/schemas/${name}`));
  }

  const tags = (doc.tags ?? []) as Json[];
  const tagNames = tags.map((t) => t.name);
  if (new Set(tagNames).size !== tagNames.length) problems.push('a tag is declared twice');
  for (const t of tags) if (typeof t.description !== 'string' || !t.description) problems.push(`tag ${t.name} has no description`);

  const ids = new Map<string, string>();
  const normalised = new Map<string, string>();
  const paths = Object.keys(doc.paths as Json);
  for (const path of paths) {
    if (!path.startsWith('/')) problems.push(`${path}: does not start with a slash`);
    if (path.length > 1 && path.endsWith('/')) problems.push(`${path}: ends with a slash`);
    if (/[?#]/.test(path)) problems.push(`${path}: holds a query or fragment`);
    const templated = [...path.matchAll(/\{([^}]*)\}/g)].map((m) => m[1] as string);
    for (const name of templated) if (!/^[A-Za-z0-9_]+$/.test(name)) problems.push(`${path}: odd path parameter name {${name}}`);
    if (new Set(templated).size !== templated.length) problems.push(`${path}: repeats a path parameter`);
    const shape = path.replace(/\{[^}]*\}/g, '{}');
    if (normalised.has(shape)) problems.push(`${path}: identical to ${normalised.get(shape)} but for parameter names`);
    normalised.set(shape, path);

    for (const [method, op] of Object.entries((doc.paths as Record<string, Record<string, Json>>)[path] ?? {})) {
      if (!methods.includes(method)) continue;
      const at = `${method.toUpperCase()} ${path}`;
      const id = op.operationId as string | undefined;
      if (!id) problems.push(`${at}: no operationId`);
      else {
        if (!urlSafe.test(id)) problems.push(`${at}: operationId ${id} is not URL-safe`);
        if (ids.has(id)) problems.push(`${at}: operationId ${id} also names ${ids.get(id)}`);
        ids.set(id, at);
      }
      if (typeof op.summary !== 'string' || !op.summary.trim()) problems.push(`${at}: no summary`);
      const opTags = (op.tags ?? []) as string[];
      if (opTags.length === 0) problems.push(`${at}: no tag`);
      for (const t of opTags) if (!tagNames.includes(t)) problems.push(`${at}: tag ${t} is not declared in the document's tags`);

      for (const requirement of (op.security ?? []) as Json[]) for (const name of Object.keys(requirement)) if (!(name in schemes)) problems.push(`${at}: security scheme ${name} is not defined`);

      const parameters = (op.parameters ?? []) as Json[];
      const keys = parameters.map((p) => `${p.in}:${String(p.name).toLowerCase()}`);
      if (new Set(keys).size !== keys.length) problems.push(`${at}: a parameter is declared twice`);
      for (const p of parameters) {
        if (!p.schema && !p.content) problems.push(`${at}: parameter ${p.name} has neither schema nor content`);
        if (p.in === 'header' && ignoredHeaders.has(String(p.name).toLowerCase())) problems.push(`${at}: header parameter ${p.name} is ignored by the spec`);
        if (p.in === 'path' && !templated.includes(p.name as string)) problems.push(`${at}: path parameter ${p.name} is not in the path`);
        problems.push(...schemaProblems(p.schema, `${at} parameter ${p.name}`));
      }
      for (const name of templated) {
        const declared = parameters.filter((p) => p.in === 'path' && p.name === name);
        if (declared.length === 0) problems.push(`${at}: path parameter {${name}} is not declared`);
        else if (declared.some((p) => p.required !== true)) problems.push(`${at}: path parameter {${name}} is not required: true`);
      }

      const body = op.requestBody as Json | undefined;
      if (body) {
        if (['get', 'head', 'delete'].includes(method)) problems.push(`${at}: a request body on ${method.toUpperCase()}, whose semantics HTTP leaves undefined`);
        const content = (body.content ?? {}) as Record<string, Json>;
        if (Object.keys(content).length === 0) problems.push(`${at}: a request body with no media type`);
        for (const [type, media] of Object.entries(content)) problems.push(...schemaProblems(media.schema, `${at} request body ${type}`));
      }

      const responses = (op.responses ?? {}) as Record<string, Json>;
      const statuses = Object.keys(responses);
      if (!statuses.some((s) => /^[23]/.test(s))) problems.push(`${at}: no 2xx or 3xx response`);
      if (!statuses.some((s) => /^4/.test(s))) problems.push(`${at}: no 4xx response`);
      for (const [status, response] of Object.entries(responses)) {
        if (typeof response.description !== 'string' || !response.description.trim()) problems.push(`${at} ${status}: no description`);
        const content = response.content as Record<string, Json> | undefined;
        if (bodiless.has(status) && content) problems.push(`${at} ${status}: content on an answer that has no body`);
        if (/^2/.test(status) && !bodiless.has(status) && (!content || Object.keys(content).length === 0)) problems.push(`${at} ${status}: no media type for its answer`);
        for (const [type, media] of Object.entries(content ?? {})) problems.push(...schemaProblems(media.schema, `${at} ${status} ${type}`));
      }
    }
  }

  // Redocly's no-ambiguous-paths: the same but where either has a parameter, with as many parameters each
  for (let i = 0; i < paths.length; i++)
    for (let j = i + 1; j < paths.length; j++) {
      const [a, b] = [paths[i]!.split('/'), paths[j]!.split('/')];
      if (a.length !== b.length) continue;
      const param = (s: string) => /^\{.+\}$/.test(s);
      const same = a.every((s, k) => param(s) || param(b[k]!) || s === b[k]);
      if (same && a.filter(param).length === b.filter(param).length) problems.push(`${paths[i]} and ${paths[j]} are ambiguous`);
    }
  return problems;
}

describe.each([
  ['served by the local server (with the dev sign-in)', true],
  ['shipped to the meta Lambda at synth', false],
])('the OpenAPI document %s', (_, includeDev) => {
  it('is valid OpenAPI 3.1 by @readme/openapi-parser (the OAS 3.1 JSON Schema and the spec’s rules)', async () => {
    // the Open Referral UK profile's schemas are referenced by URL; the lint below checks them against the fixtures
    const result = await validate(served(includeDev) as never, { resolve: { external: false } });
    expect(result.valid ? '' : compileErrors(result)).toBe('');
    expect(result.warnings.map((w) => w.message)).toEqual([]);
  });

  it('has nothing validators commonly flag beyond the schema', () => {
    const problems = lint(served(includeDev));
    expect(problems.length, `${problems.length} problems:\n${problems.join('\n')}`).toBe(0);
  });

  it('describes every route once, a trailing-slash alias under the path without it', () => {
    const routes: AnyRoute[] = [...metaRoutes(() => ({})), ...Object.values(routesByDomain).flat(), ...(includeDev ? devRoutes(null as never) : [])];
    const alias = (r: AnyRoute) => r.path.length > 1 && r.path.endsWith('/');
    const doc = served(includeDev) as { paths: Record<string, Record<string, { operationId: string }>> };
    const documented = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(documented.sort()).toEqual(
      routes
        .filter((r) => !alias(r))
        .map((r) => r.operationId)
        .sort(),
    );
    for (const r of routes.filter(alias)) expect(doc.paths[r.path.slice(0, -1)]?.[r.method], `${r.operationId}'s path without its slash`).toBeDefined();
  });
});

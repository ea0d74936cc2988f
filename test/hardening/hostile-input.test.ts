import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableItemCount } from '../helpers/rooms';
import { recordCount } from './counts';
import { absurdYears, arbitraryFor, badDates, datePaths, deepJson, deepObject, inYear, isDateLike, malformedDates, setAt, weirdStrings, wrongTypeFor } from './generate';
import { fetchOperations, fillPath, type JsonSchema, type Operation } from './openapi';
import { policies } from './policies';
import { expand, type Req, type Who } from './policy';
import { sizes } from './size';
import { startWorld, type World } from './world';

/**
 * OWASP API8/API4: for every operation with a body or a query, generated requests from its OpenAPI schema
 * and hostile mutations of a valid one (wrong types, missing and extra fields, huge strings, deep nesting,
 * Unicode edge cases, invalid dates and time zones, bodies over the limit). Never a 5xx, every error is
 * problem+json, and the refused writes leave the table as it was.
 */
let w: World;
let ops: Operation[];
let sent = 0;
let absurd = 0;
const byId = new Map(policies.map((p) => [p.operationId, p]));

beforeAll(async () => {
  w = await startWorld();
  ops = (await fetchOperations(w.p.url)).filter((o) => o.body || o.parameters.some((p) => p.in === 'query'));
}, 900_000);
afterAll(async () => {
  recordCount('hostile input', { operations: ops?.length ?? 0, requests: sent, absurdDates: absurd, perOperation: sizes.generatedPerOperation });
  await w?.p.stop();
});

interface Attempt {
  label: string;
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** raw text body (invalid JSON, deep nesting) */
  raw?: string;
  contentType?: string;
  /** must be refused (4xx) */
  refused: boolean;
  status?: number;
  /** the rule the problem must name */
  rule?: string;
}

function queryString(q: Record<string, string | string[]> | undefined): string {
  if (!q) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) for (const one of [v].flat()) params.append(k, one);
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function attempt(op: Operation, who: Who, base: Req, a: Attempt) {
  const path = fillPath(op.path, base.params) + queryString(a.query ?? base.query);
  const headers: Record<string, string> = { ...base.headers };
  const token = w.token(who);
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (a.raw !== undefined) body = a.raw;
  else if (a.body !== undefined) body = JSON.stringify(a.body);
  else if (op.body && base.body !== undefined) body = JSON.stringify(base.body);
  if (body !== undefined) headers['content-type'] = a.contentType ?? 'application/json';
  const res = await fetch(w.p.url + path, { method: op.method, headers, body });
  const text = await res.text();
  sent++;
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

/** Guaranteed-invalid mutations of a valid body. */
function bodyMutations(schema: JsonSchema, base: Record<string, unknown>): Attempt[] {
  const out: Attempt[] = [];
  const props = schema.properties ?? {};
  const strict = schema.additionalProperties === false;
  for (const k of schema.required ?? []) {
    const { [k]: _gone, ...rest } = base;
    out.push({ label: `missing ${k}`, body: rest, refused: true });
  }
  if (strict)
    out.push(
      { label: 'extra field', body: { ...base, sneaky: 'x' }, refused: true },
      { label: 'extra __proto__', raw: JSON.stringify(base).replace(/^\{/, '{"__proto__":{"isAdmin":true},'), refused: true },
    );
  for (const [k, s] of Object.entries(props)) {
    for (const v of wrongTypeFor(s).slice(0, 3)) out.push({ label: `${k} wrong type ${JSON.stringify(v)}`, body: { ...base, [k]: v }, refused: true });
    if (typeof s.maxLength === 'number') out.push({ label: `${k} too long`, body: { ...base, [k]: 'x'.repeat(s.maxLength + 1) }, refused: true });
    if (!wrongTypeFor(s).length) continue;
    if (!['object', 'any'].some((t) => [s.type].flat().includes(t))) out.push({ label: `${k} deep nesting`, body: { ...base, [k]: deepObject(200) }, refused: true });
    if (s.format === 'date' || s.format === 'date-time' || s.pattern?.includes('\\d{4}')) for (const d of badDates) out.push({ label: `${k} bad date ${d}`, body: { ...base, [k]: d }, refused: true });
  }
  out.push(
    { label: 'body is an array', body: [base], refused: true },
    { label: 'body is a string', body: 'hello', refused: true },
    { label: 'body is null', raw: 'null', refused: true },
    { label: 'invalid JSON', raw: '{"a":', refused: true },
    { label: 'deeply nested JSON text', raw: deepJson(5000), refused: true },
    { label: 'lone surrogate escapes', raw: '{"\\ud800":"\\udfff"}', refused: true },
    { label: 'not JSON content type', raw: JSON.stringify(base), contentType: 'text/plain', refused: true },
    { label: 'over the size limit', raw: JSON.stringify({ ...base, padding: 'x'.repeat(70 * 1024) }), refused: true, status: 413 },
  );
  return out;
}

function queryMutations(op: Operation, base: Record<string, string> = {}): Attempt[] {
  const out: Attempt[] = [{ label: 'unknown query parameter', query: { ...base, sneaky: '1' }, refused: false }];
  for (const p of op.parameters.filter((x) => x.in === 'query')) {
    for (const v of ['', '-1', '0', '1e9', '99999999999999999999', 'NaN', 'abc', 'x'.repeat(5000), ...weirdStrings.slice(0, 8), ...malformedDates.slice(0, 8)])
      out.push({ label: `${p.name}=${v.slice(0, 20)}`, query: { ...base, [p.name]: v }, refused: false });
    out.push({ label: `${p.name} repeated`, query: { ...base, [p.name]: ['a', 'b', 'c'] }, refused: false });
  }
  return out;
}

/** Every date, instant, month or local date-time the operation takes, however deep, in a year outside 1900 to 2100: a 400 naming the rule. */
function absurdDates(op: Operation, base: Req): Attempt[] {
  const out: Attempt[] = [];
  const years = [absurdYears[0]!, '1899', '2101'];
  const bodyFields = op.body && base.body !== undefined ? datePaths(op.body, base.body) : [];
  for (const { path, schema, valid } of bodyFields) {
    for (const y of years) out.push({ label: `${path.join('.')} in the year ${y}`, body: setAt(base.body, path, inYear(schema, y, valid)), refused: true, status: 400, rule: 'year_out_of_range' });
  }
  for (const p of op.parameters.filter((x) => x.in === 'query' && isDateLike(x.schema))) {
    for (const y of years)
      out.push({ label: `${p.name} in the year ${y}`, query: { ...base.query, [p.name]: inYear(p.schema!, y, base.query?.[p.name]) }, refused: true, status: 400, rule: 'year_out_of_range' });
  }
  return out;
}

function generated(op: Operation, base: Req, n: number, seed: number): Attempt[] {
  const queryParams = op.parameters.filter((p) => p.in === 'query');
  const queryArb = fc.record(Object.fromEntries(queryParams.map((p) => [p.name, arbitraryFor(p.schema).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))])), { requiredKeys: [] });
  const bodyArb = op.body ? arbitraryFor(op.body) : fc.constant(undefined);
  const patched =
    op.body && base.body && typeof base.body === 'object'
      ? fc
          .tuple(fc.constantFrom(...Object.keys(op.body.properties ?? { x: {} })), fc.constantFrom(...Object.values(op.body.properties ?? { x: {} })))
          .chain(([k]) => arbitraryFor(op.body!.properties?.[k]).map((v) => ({ ...(base.body as object), [k]: v })))
      : bodyArb;
  const arb = fc.record({ query: queryArb, body: fc.oneof(bodyArb, patched) });
  return fc.sample(arb, { numRuns: n, seed }).map((g, i) => ({
    label: `generated #${i}`,
    ...(queryParams.length ? { query: { ...base.query, ...(g.query as Record<string, string>) } } : {}),
    ...(op.body ? { body: g.body } : {}),
    refused: false,
  }));
}

describe('hostile input', () => {
  it('covers every operation with a body or a query', () => {
    expect(ops.length).toBeGreaterThan(20);
    expect(
      ops.filter((o) => !byId.has(o.operationId)).map((o) => o.operationId),
      'declare a policy (it supplies the valid request)',
    ).toEqual([]);
  });

  it('never answers 5xx, always problem+json, and refused writes change nothing', { timeout: 600_000 }, async () => {
    const failures: string[] = [];
    let seed = 11;
    for (const op of ops) {
      const policy = byId.get(op.operationId);
      if (!policy) continue;
      const who = [...expand(policy.allowed)].find((r) => r !== 'anonymous') ?? 'anonymous';
      const base = await policy.request({ w, who, whose: 'own' });
      const mutations = op.body && base.body && typeof base.body === 'object' && !Array.isArray(base.body) ? bodyMutations(op.body, base.body as Record<string, unknown>) : [];
      const queries = queryMutations(op, base.query);
      const budget = sizes.generatedPerOperation;
      // the guaranteed refusals first (over the size limit, every date in an absurd year), counted around;
      // then sampled mutations, generated requests and query mutations up to the budget
      const years = absurdDates(op, base);
      absurd += years.length;
      const guaranteed = [...mutations.filter((m) => m.status === 413), ...years];
      const refusals = [
        ...guaranteed,
        ...sample(
          mutations.filter((m) => m.status !== 413),
          Math.max(0, Math.ceil(budget / 2) - guaranteed.length),
          seed,
        ),
      ];
      const queryShare = queries.length > 1 ? Math.ceil(budget / 4) : 0;
      const rest = [...generated(op, base, Math.max(0, budget - refusals.length - queryShare), seed++), ...sample(queries, queryShare, seed)];
      await w.p.stream.idle();
      const before = op.method === 'GET' ? 0 : await tableItemCount(w.p);
      for (const batch of chunks([...refusals, ...rest], 6)) {
        const answers = await Promise.all(batch.map((a) => attempt(op, who, base, a).then((r) => ({ a, r }))));
        for (const { a, r } of answers) {
          const label = `${op.operationId} ${a.label}`;
          if (r.status >= 500) failures.push(`${label}: ${r.status} ${r.text.slice(0, 200)}`);
          else if (r.status >= 400 && !r.type.startsWith('application/problem+json')) failures.push(`${label}: ${r.status} not problem+json (${r.type})`);
          else if (a.refused && (r.status < 400 || (a.status && r.status !== a.status))) failures.push(`${label}: expected ${a.status ?? '4xx'}, got ${r.status}`);
          else if (a.rule && !r.text.includes(`"${a.rule}"`)) failures.push(`${label}: the problem does not name ${a.rule}: ${r.text.slice(0, 200)}`);
          else if (/\bat [\w.<>]+ \(|node_modules|Exception|TypeError|ReferenceError/.test(r.text)) failures.push(`${label}: leaks internals: ${r.text.slice(0, 200)}`);
        }
      }
      if (op.method !== 'GET') {
        await w.p.stream.idle();
        const after = await tableItemCount(w.p);
        if (after !== before) {
          // generated requests may be valid and write; re-run only the refusals to prove they write nothing
          const again = await tableItemCount(w.p);
          for (const a of refusals) await attempt(op, who, base, a);
          await w.p.stream.idle();
          const final = await tableItemCount(w.p);
          if (final !== again) failures.push(`${op.operationId}: refused requests wrote ${final - again} item(s)`);
        }
      }
    }
    expect(failures, failures.slice(0, 60).join('\n')).toEqual([]);
  });
});

function sample<T>(list: T[], n: number, seed: number): T[] {
  if (list.length <= n) return list;
  return fc.sample(fc.shuffledSubarray(list, { minLength: n, maxLength: n }), { numRuns: 1, seed })[0]!;
}
function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

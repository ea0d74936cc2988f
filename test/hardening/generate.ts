import fc from 'fast-check';
import type { JsonSchema } from './openapi';

/**
 * Request values from an operation's JSON Schema (OpenAPI), and hostile mutations of a valid request.
 * Deliberately small: enough of JSON Schema for the documents zod/mini produces here.
 */
export const weirdStrings = [
  '\ud800', // lone high surrogate
  'abc\udfffdef', // lone low surrogate
  '\u202eevil.exe\u202c', // right-to-left override
  'مرحبا بالعالم', // RTL script
  'zero\u200bwidth\u200d\ufeff',
  '👩‍👩‍👧‍👦🏳️‍🌈🇬🇧',
  'e\u0301\u0301\u0301\u0301', // combining marks
  '\u0000nul',
  '<script>alert(1)</script>',
  "'; DROP TABLE users; --",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe, meant literally
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '   ',
  '',
];
/** Years no date here may have (functions/lib/fields.ts saneYear: 1900 to 2100). */
export const absurdYears = ['0000', '0001', '1899', '2101', '9999'];
export const malformedDates = [
  '2026-02-30',
  '2026-13-01',
  '2026-00-10',
  '+275760-09-13',
  '2026-3-1',
  '2026/03/01',
  '31/12/2026',
  'yesterday',
  '2026-03-29T01:30',
  '2026-03-29T01:30:00',
  '2026-03-01T25:00:00Z',
  '2026-03-01T10:00:00+25:00',
  '2026-03-01T10:00:00 Europe/Narnia',
  '2026-03-01T10:00:00[Europe/London]',
  'NaN',
  '1e400',
];
export const badDates = [...malformedDates, ...absurdYears.flatMap((y) => [`${y}-03-29`, `${y}-03-29T10:00:00Z`])];

const typesOf = (s: JsonSchema | undefined): Set<string> => {
  const out = new Set<string>();
  if (!s || Object.keys(s).length === 0) return new Set(['any']);
  if (s.const !== undefined) out.add(typeof s.const);
  if (s.enum) s.enum.forEach((e) => out.add(e === null ? 'null' : typeof e));
  for (const t of [s.type ?? []].flat()) out.add(t === 'integer' ? 'number' : t);
  for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) typesOf(b).forEach((t) => out.add(t));
  if (s.properties) out.add('object');
  if (s.items) out.add('array');
  return out.size ? out : new Set(['any']);
};
const jsonType = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** A value that the schema's type does not admit (so the request must be refused). */
export function wrongTypeFor(s: JsonSchema | undefined): unknown[] {
  const allowed = typesOf(s);
  if (allowed.has('any')) return [];
  return [123, -1.5, true, null, [], {}, 'text', [1, 2, 3], { nested: { deep: true } }].filter((v) => !allowed.has(jsonType(v)));
}

export function arbitraryFor(s: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!s || depth > 4) return fc.jsonValue({ maxDepth: 2 });
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const branches = s.anyOf ?? s.oneOf;
  if (branches?.length) return fc.oneof(...branches.map((b) => arbitraryFor(b, depth + 1)));
  const type = [s.type].flat()[0] ?? (s.properties ? 'object' : s.items ? 'array' : undefined);
  switch (type) {
    case 'string':
      if (s.format === 'date')
        return fc.oneof(
          fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
          fc.constantFrom(...badDates),
        );
      if (s.format === 'date-time')
        return fc.oneof(
          fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
          fc.constantFrom(...badDates),
        );
      return fc.oneof(fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) }), fc.constantFrom(...weirdStrings), fc.string({ unit: 'binary', maxLength: 30 }));
    case 'integer':
      return fc.oneof(fc.integer({ min: Math.ceil(s.minimum ?? -1000), max: Math.floor(Math.min(s.maximum ?? 1000, 1e9)) }), fc.integer());
    case 'number':
      return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true, min: s.minimum ?? -1e6, max: s.maximum ?? 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true }));
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(s.items, depth + 1), { maxLength: Math.min(s.maxItems ?? 4, 4) });
    case 'object': {
      const props = s.properties ?? {};
      const required = (s.required ?? []).filter((k) => k in props);
      return fc.record(Object.fromEntries(Object.entries(props).map(([k, v]) => [k, arbitraryFor(v, depth + 1)])), { requiredKeys: required });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A JSON text nested `depth` levels deep. */
export const deepJson = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
export const deepObject = (depth: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};

/** Whether a field holds a date, an instant, a month or a local date-time (by format, or a pattern with a year). */
export const isDateLike = (s: JsonSchema | undefined): boolean =>
  !!s && (s.format === 'date' || s.format === 'date-time' || (typeof s.pattern === 'string' && s.pattern.includes('\\d{4}')) || [...(s.anyOf ?? []), ...(s.oneOf ?? [])].some(isDateLike));

const dateShapes = (y: string) => [`${y}-03-29`, `${y}-03-29T10:00:00Z`, `${y}-03-29T10:15`, `${y}-05`];
const patternsOf = (s: JsonSchema): RegExp[] => [s, ...(s.anyOf ?? []), ...(s.oneOf ?? [])].flatMap((b) => (typeof b.pattern === 'string' ? [new RegExp(b.pattern)] : []));

/** A value of the field's own shape (so only its year is wrong) in the year `y`. */
export function inYear(s: JsonSchema, y: string, valid?: unknown): string {
  if (typeof valid === 'string' && /^\d{4}-/.test(valid)) return y + valid.slice(4).replace(/^-02-29/, '-02-28');
  const formats = [s, ...(s.anyOf ?? []), ...(s.oneOf ?? [])].map((b) => b.format);
  if (formats.includes('date')) return `${y}-03-29`;
  if (formats.includes('date-time')) return `${y}-03-29T10:00:00Z`;
  const patterns = patternsOf(s);
  return dateShapes(y).find((_v, i) => patterns.some((p) => p.test(dateShapes('2026')[i]!))) ?? `${y}-03-29`;
}

type Path = (string | number)[];
/** Where in a valid body every date-like field is (however deep; optional ones too), to put a bad year there. */
export function datePaths(s: JsonSchema | undefined, value: unknown, path: Path = []): { path: Path; schema: JsonSchema; valid: unknown }[] {
  if (!s) return [];
  const out: { path: Path; schema: JsonSchema; valid: unknown }[] = [];
  for (const b of [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])]) if (!isDateLike(b)) out.push(...datePaths(b, value, path));
  if (Array.isArray(value) && s.items && value.length) out.push(...datePaths(s.items, value[0], [...path, 0]));
  if (value && typeof value === 'object' && !Array.isArray(value) && s.properties) {
    for (const [k, prop] of Object.entries(s.properties)) {
      const v = (value as Record<string, unknown>)[k];
      if (isDateLike(prop)) out.push({ path: [...path, k], schema: prop, valid: v });
      else if (v !== undefined) out.push(...datePaths(prop, v, [...path, k]));
    }
  }
  const seen = new Set<string>();
  return out.filter((d) => !seen.has(JSON.stringify(d.path)) && !!seen.add(JSON.stringify(d.path)));
}

/** A copy of `value` with `at` set to `to`. */
export function setAt(value: unknown, at: Path, to: unknown): unknown {
  if (!at.length) return to;
  const [head, ...rest] = at;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[head!] = setAt(copy[head!], rest, to);
  return copy;
}

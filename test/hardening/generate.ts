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
  '${jndi:ldap://x}',
  '../../../../etc/passwd',
  '%00%0d%0a',
  '   ',
  '',
];
export const badDates = ['2026-02-30', '2026-13-01', '2026-00-10', '+275760-09-13', '2026-3-1', '2026/03/01', '31/12/2026', 'yesterday', '2026-03-29T01:30', '2026-03-29T01:30:00', '2026-03-01T25:00:00Z', '2026-03-01T10:00:00+25:00', '2026-03-01T10:00:00 Europe/Narnia', '2026-03-01T10:00:00[Europe/London]', 'NaN', '1e400'];

const typesOf = (s: JsonSchema | undefined): Set<string> => {
  const out = new Set<string>();
  if (!s || (Object.keys(s).length === 0)) return new Set(['any']);
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
      if (s.format === 'date') return fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)), fc.constantFrom(...badDates));
      if (s.format === 'date-time') return fc.oneof(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString()), fc.constantFrom(...badDates));
      return fc.oneof(
        fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) }),
        fc.constantFrom(...weirdStrings),
        fc.string({ unit: 'binary', maxLength: 30 }),
      );
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

import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import type { InvalidInput } from '../../functions/lib/errors';
import { parseOrThrow } from '../../functions/lib/validation';

/**
 * zod keeps one configuration per process on globalThis, shared by every copy of zod loaded: playwright-core's
 * bundled copy installs English messages there when a browser test starts one. The API's words must not change
 * with what else the process has loaded.
 */
describe('field problems in our words', () => {
  it('are the same whatever English another copy of zod has installed, and a schema’s own message still wins', () => {
    const schema = z.strictObject({ email: z.email(), postcode: z.string().check(z.regex(/^[A-Z]/, { message: 'must be a UK postcode like OL1 1AA' })) });
    const problems = () => {
      try {
        parseOrThrow(schema, { email: 'nobody', postcode: 'x' }, 'body');
      } catch (err) {
        return (err as InvalidInput).extra.errors;
      }
      throw new Error('parsed');
    };
    const config = (globalThis as unknown as { __zod_globalConfig: Record<string, unknown> }).__zod_globalConfig;
    const before = problems();
    const saved = config.localeError;
    config.localeError = () => 'Invalid email address';
    try {
      expect(problems()).toEqual(before);
    } finally {
      if (saved === undefined) delete config.localeError;
      else config.localeError = saved;
    }
    expect(before).toEqual([
      { field: 'body.email', rule: 'invalid_email', message: 'must be an email address' },
      { field: 'body.postcode', rule: 'invalid_regex', message: 'must be a UK postcode like OL1 1AA' },
    ]);
  });
});

import { createHash } from 'node:crypto';
import { InvalidInput } from './errors';

/** The Idempotency-Key header as routes document it. */
export const idempotencyHeader = (required: boolean) => ({
  name: 'Idempotency-Key',
  required,
  description: 'Any unique string (up to 64 letters, digits, - or _), made once per action and sent again on a retry: a retry gets the first answer and changes nothing.',
});

/** Reads and checks the Idempotency-Key header (a bad or, where required, missing key is a 400). */
export function idempotencyKeyOf(header: (name: string) => string | undefined, required = false): string | undefined {
  const key = header('idempotency-key');
  if (key === undefined && required) {
    throw new InvalidInput([{ field: 'header.idempotency-key', rule: 'required', message: 'is required: send a unique key so a retry is not booked twice' }]);
  }
  if (key !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(key)) {
    throw new InvalidInput([{ field: 'header.idempotency-key', rule: 'invalid_format', message: 'must be 1 to 64 letters, digits, - or _' }]);
  }
  return key;
}

/** A stable fingerprint of a request (same key + same request = same answer; a different request is refused). */
export const fingerprint = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** How long a key's first answer is kept: a day. */
export const idempotencyTtlSeconds = 86_400;

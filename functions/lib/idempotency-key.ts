import { InvalidInput } from './errors';
import type { HeaderSpec } from './route';

/** The Idempotency-Key header a client may send with a create it may retry. */
export const idempotencyHeader: HeaderSpec = {
  name: 'Idempotency-Key',
  required: false,
  description: 'Any unique string (up to 64 letters, digits, - or _): a retried create with the same key makes nothing new.',
};

export function idempotencyKeyOf(header: (name: string) => string | undefined): string | undefined {
  const key = header('idempotency-key');
  if (key !== undefined && !/^[A-Za-z0-9_-]{1,64}$/.test(key)) {
    throw new InvalidInput([{ field: 'header.idempotency-key', rule: 'invalid_format', message: 'must be 1 to 64 letters, digits, - or _' }]);
  }
  return key;
}

import { InvalidInput } from './errors';

/** DynamoDB's LastEvaluatedKey <-> an opaque, URL-safe cursor. A cursor that does not decode is a 400. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined, field = 'query.cursor'): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const valid =
      value !== null && typeof value === 'object' && !Array.isArray(value) &&
      Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');
    if (valid) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new InvalidInput([{ field, rule: 'invalid_cursor', message: 'must be a cursor returned by the previous page' }]);
}

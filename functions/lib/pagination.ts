import { InvalidInput } from './errors';

/** DynamoDB's LastEvaluatedKey <-> an opaque, URL-safe cursor. A cursor that does not decode is a 400. */
export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

export function decodeCursor(cursor: string | undefined, field = 'query.cursor'): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const valid = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string' || typeof v === 'number');
    if (valid) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw invalidCursor(field);
}

/** The answer to a cursor this API did not hand out. */
export const invalidCursor = (field = 'query.cursor') => new InvalidInput([{ field, rule: 'invalid_cursor', message: 'must be a cursor returned by the previous page' }]);

/**
 * One page of a list read whole and sorted in memory: for lists whose partition stays small (one session's
 * bookings, one hub's rooms, one person's requests) but has no hard bound, so no answer grows without one.
 * The cursor is the position after the page; a list that changes between pages shifts by the change, which
 * lists a person reads (not ones a device syncs) tolerate.
 */
export function pageOfList<T>(items: T[], limit: number, cursor?: string): { items: T[]; nextCursor?: string } {
  const start = cursor ? positionOf(decodeCursor(cursor)) : 0;
  const end = start + limit;
  const next = end < items.length ? encodeCursor({ at: end }) : undefined;
  return { items: items.slice(start, end), ...(next ? { nextCursor: next } : {}) };
}

/** A result holding a list, its list cut to the page `query` asks for. */
export const paged = <R extends { items: unknown[] }>(result: R, query: { limit: number; cursor?: string | undefined }) => ({ ...result, ...pageOfList(result.items, query.limit, query.cursor) });

function positionOf(key: Record<string, unknown> | undefined): number {
  const at = key?.at;
  if (typeof at === 'number' && Number.isInteger(at) && at > 0 && at <= 1_000_000) return at;
  throw invalidCursor();
}

/** Every item of a paged list, page after page (for lists known to be small: the taxonomy, the partnership's organisations). */
export async function everyItem<T>(list: (cursor?: string) => Promise<{ items: T[]; nextCursor?: string }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

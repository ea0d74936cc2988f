import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { strip } from './items';
import { decodeCursor, encodeCursor } from './pagination';

type Query = Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>;

/** Every item of one Query, page after page (for partitions known to be small: a day's sessions, the admins), up to `max`. */
export async function queryAll(db: Db, input: Query, max = Infinity): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start && items.length < max);
  return items;
}

/** How many items one Query matches, page after page (`Select: 'COUNT'`: no item is read back). */
export async function queryCount(db: Db, input: Query): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new QueryCommand({ ...input, Select: 'COUNT', TableName: db.tableName, ExclusiveStartKey: start }));
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** Every record of one Query (items mapped by `strip`). */
export const queryAllOf = async <T>(db: Db, input: Query, max = Infinity): Promise<T[]> => (await queryAll(db, input, max)).map((i) => strip<T>(i));

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** One page of a Query's records from an opaque cursor (a cursor this API did not hand out is a 400). */
export async function queryPage<T>(db: Db, input: Query, cursor?: string, map: (item: Record<string, unknown>) => T = (i) => strip<T>(i)): Promise<Page<T>> {
  const out = await db.doc.send(new QueryCommand({ ...input, TableName: db.tableName, ExclusiveStartKey: decodeCursor(cursor) }));
  const nextCursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map(map), ...(nextCursor ? { nextCursor } : {}) };
}

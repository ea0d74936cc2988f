import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';

export interface Key {
  pk: string;
  sk: string;
}

/**
 * Reads many items by key with BatchGetItem: up to 100 keys per request, unprocessed keys sent again,
 * duplicate keys read once. Answers in no particular order (missing items are simply absent).
 */
export async function batchGet(db: Db, keys: Key[], options: { projection?: string[]; consistent?: boolean } = {}): Promise<Record<string, unknown>[]> {
  const unique = [...new Map(keys.map((k) => [`${k.pk}\u0000${k.sk}`, k])).values()];
  const names = options.projection && Object.fromEntries(['pk', 'sk', ...options.projection].map((n, i) => [`#p${i}`, n]));
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, unknown> | undefined = {
      [db.tableName]: {
        Keys: unique.slice(i, i + 100),
        ...(options.consistent ? { ConsistentRead: true } : {}),
        ...(names ? { ProjectionExpression: Object.keys(names).join(', '), ExpressionAttributeNames: names } : {}),
      },
    };
    for (let round = 0; request; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, Math.min(400, 20 * 2 ** round) * Math.random()));
      const answer = await db.doc.send(new BatchGetCommand({ RequestItems: request as never }));
      out.push(...((answer.Responses?.[db.tableName] as Record<string, unknown>[] | undefined) ?? []));
      const rest = answer.UnprocessedKeys as typeof request | undefined;
      request = rest && Object.keys(rest).length ? rest : undefined;
    }
  }
  return out;
}

/** Finds the item with this key in a batchGet answer. */
export const itemWithKey = (items: Record<string, unknown>[], key: Key) => items.find((i) => i.pk === key.pk && i.sk === key.sk);

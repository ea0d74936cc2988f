import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { batchGet, type Key } from '../../functions/lib/batch-get';
import { createDb, type Db, localCredentials, localRegion } from '../../functions/lib/db';
import { ensureTable } from '../../functions/local/bootstrap';
import { dynamoEndpoint } from '../helpers/dynamo';

/**
 * What functions/lib/batch-get.ts's comment promises, against DynamoDB Local: duplicate keys are read once
 * (BatchGetItem itself refuses a request that names a key twice), past 100 keys too.
 */
let client: DynamoDBClient;
let db: Db;
const tableName = `test-batch-get-${randomUUID()}`;

beforeAll(async () => {
  const endpoint = await dynamoEndpoint();
  client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  await ensureTable(client, tableName, { stream: false });
  db = createDb({ tableName, endpoint });
  for (let i = 0; i < 150; i++) await db.doc.send(new PutCommand({ TableName: tableName, Item: { pk: `ITEM#${i}`, sk: 'META', n: i } }));
});
afterAll(async () => {
  await client?.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
  db?.doc.destroy();
  client?.destroy();
});

/** The keys each BatchGetItem request named, request by request. */
async function keysRequested(keys: Key[]) {
  const send = vi.spyOn(db.doc, 'send');
  try {
    const items = await batchGet(db, keys);
    const requests = send.mock.calls
      .map(([command]) => command as unknown)
      .filter((c) => c instanceof BatchGetCommand)
      .map((c) => (c.input.RequestItems?.[tableName]?.Keys ?? []) as Key[]);
    return { items, requests };
  } finally {
    send.mockRestore();
  }
}

const key = (i: number): Key => ({ pk: `ITEM#${i}`, sk: 'META' });

describe('batchGet', () => {
  it('reads a key asked for twice once, and answers its item once', async () => {
    const { items, requests } = await keysRequested([key(1), key(2), key(1), key(2), key(1), { pk: 'ITEM#missing', sk: 'META' }]);
    expect(requests).toEqual([[key(1), key(2), { pk: 'ITEM#missing', sk: 'META' }]]);
    expect(items.map((i) => i.n).sort()).toEqual([1, 2]);
  });

  it('reads duplicates once past 100 keys: 150 distinct keys each asked for twice are two requests of 100 and 50', async () => {
    const keys = Array.from({ length: 150 }, (_, i) => key(i));
    const { items, requests } = await keysRequested([...keys, ...keys.toReversed()]);
    expect(requests.map((r) => r.length)).toEqual([100, 50]);
    expect(new Set(requests.flat().map((k) => k.pk)).size).toBe(150);
    expect(items).toHaveLength(150);
    expect(new Set(items.map((i) => i.n)).size).toBe(150);
  });
});

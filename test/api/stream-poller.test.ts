import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { ensureTable } from '../../functions/local/bootstrap';
import { fenceKey, startStreamPoller } from '../../functions/local/stream-poller';
import { dynamoEndpoint } from '../helpers/dynamo';

/**
 * What functions/local/stream-poller.ts's comment promises, against DynamoDB Local's stream: the poller's
 * fence records (written by every idle(), and by a start that skips what is already there) never reach the
 * handler; everything else written after the start does.
 */
type StreamRecord = DynamoDBStreamEvent['Records'][number];
let client: DynamoDBClient;
let endpoint: string;
const tables: string[] = [];

beforeAll(async () => {
  endpoint = await dynamoEndpoint();
  client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
});
afterAll(async () => {
  for (const TableName of tables) await client?.send(new DeleteTableCommand({ TableName })).catch(() => undefined);
  client?.destroy();
});

async function newTable(): Promise<string> {
  const tableName = `test-poller-${randomUUID()}`;
  tables.push(tableName);
  await ensureTable(client, tableName);
  return tableName;
}

const put = (tableName: string, pk: string) => client.send(new PutItemCommand({ TableName: tableName, Item: { pk: { S: pk }, sk: { S: 'META' } } }));

/** A poller whose handler keeps every record it is handed. */
async function recordingPoller(tableName: string, skipExisting = false) {
  const handed: StreamRecord[] = [];
  const poller = await startStreamPoller({
    client,
    endpoint,
    tableName,
    log: createLogger('silent'),
    skipExisting,
    handler: async (event) => {
      handed.push(...event.Records);
      return { batchItemFailures: [] };
    },
  });
  // a fence handed over counts as handled work, so idle() would fence again for ever: wait a while, then look
  const settle = () => Promise.race([poller.idle(), new Promise((r) => setTimeout(r, 10_000))]);
  return { poller, settle, keys: () => handed.map((r) => r.dynamodb?.Keys?.pk?.S) };
}

describe('the local stream poller', () => {
  it('hands every record to the handler but its own fences, however many idle() writes', async () => {
    const tableName = await newTable();
    const { poller, settle, keys } = await recordingPoller(tableName);
    try {
      await put(tableName, 'A');
      await settle();
      await put(tableName, 'B');
      await settle();
      await settle();
      await put(tableName, 'C');
      await settle();
      expect(keys()).toEqual(['A', 'B', 'C']);
      expect(keys()).not.toContain(fenceKey.pk);
    } finally {
      await poller.stop();
    }
  });

  it('started to skip what is there, hands over only later records, and none of its fences', async () => {
    const tableName = await newTable();
    await put(tableName, 'before 1');
    await put(tableName, 'before 2');
    const { poller, settle, keys } = await recordingPoller(tableName, true);
    try {
      await put(tableName, 'after 1');
      await settle();
      await put(tableName, 'after 2');
      await settle();
      expect(keys()).toEqual(['after 1', 'after 2']);
    } finally {
      await poller.stop();
    }
  });
});

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AttributeValue, BatchWriteItemCommand, DynamoDBClient, ScanCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localCredentials, localRegion } from '../../functions/lib/db';
import { table } from '../../functions/lib/table';
import { ensureTable } from '../../functions/local/bootstrap';
import { dynamoEndpoint } from './dynamo';

type Item = Record<string, AttributeValue>;

/**
 * Seeding the demo data and letting the stream settle takes tens of seconds; copying the settled table takes
 * one or two. The first test file to seed at a given clock time seeds for real and leaves a snapshot; later
 * files load that snapshot into their own table and start the stream poller after it.
 */
export function snapshotFile(seedTime: Date, realClock: boolean): string {
  // a real clock's seed is the same all day; a test clock's depends on the exact instant
  const key = realClock ? `today-${seedTime.toISOString().slice(0, 10)}` : seedTime.toISOString().replace(/[:.]/g, '-');
  return join(inject('snapshotDir'), `${key}.json`);
}

export function readSnapshot(file: string): Item[] | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Item[]) : undefined;
}

/**
 * The snapshot for `file`, or undefined when this test file is to seed and save it. Files starting together at
 * the same clock time seed once: the first takes a lock, the others wait for its snapshot (up to five minutes,
 * then seed for themselves, in case the first failed).
 */
export async function snapshotOrTurnToSeed(file: string): Promise<Item[] | undefined> {
  const ready = readSnapshot(file);
  if (ready) return ready;
  try {
    mkdirSync(`${file}.lock`);
    return undefined;
  } catch {
    // another file is seeding at this time
  }
  for (const deadline = Date.now() + 300_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
    const made = readSnapshot(file);
    if (made) return made;
  }
  return undefined;
}

async function client(): Promise<DynamoDBClient> {
  return new DynamoDBClient({ endpoint: await dynamoEndpoint(), region: localRegion, credentials: localCredentials });
}

export async function saveSnapshot(tableName: string, file: string): Promise<void> {
  const db = await client();
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await db.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  db.destroy();
  writeFileSync(`${file}.${process.pid}`, JSON.stringify(items));
  renameSync(`${file}.${process.pid}`, file); // whole or not at all, for a file starting alongside
}

/**
 * Loads the items into a new table whose stream is switched on only afterwards: the platform starting on it
 * would skip every record the load made (it starts after them), and DynamoDB Local's writing and then reading
 * those records cost more than the load itself.
 */
export async function loadSnapshot(tableName: string, items: Item[]): Promise<void> {
  const db = await client();
  await ensureTable(db, tableName, { stream: false });
  const batches: Item[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const writeBatch = async (batch: Item[]) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length) {
      const { UnprocessedItems } = await db.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: requests } }));
      requests = (UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  };
  const workers = Array.from({ length: 4 }, async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) await writeBatch(batch);
  });
  await Promise.all(workers);
  await db.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: table.stream } }));
  db.destroy();
}

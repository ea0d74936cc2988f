import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { localCredentials, localRegion } from '../../functions/lib/db';
import { startDynamoLocal } from '../../functions/local/dynamo';

/**
 * How many test files one DynamoDB Local serves in turn before a fresh one starts. One instance serving a whole
 * run slows down as it goes (files that take 20–70 s on a fresh one took 250–800 s late in a run, even with
 * nothing beside them), while one per file spent about 3.5 s of CPU on each JVM's start and warm-up.
 */
const filesPerInstance = 5;

interface Held {
  pid: number;
  endpoint: string;
  files: number;
}

/** Each worker slot (VITEST_POOL_ID) runs one file at a time, so it holds one instance, recorded where the next file finds it. */
const recordFile = () => join(inject('snapshotDir'), `dynamo-${process.env.VITEST_POOL_ID ?? process.pid}.json`);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

let own: Promise<Held> | undefined;

/** The DynamoDB Local this test file uses: its worker slot's, or a fresh one (test/helpers/per-file.ts hands it on). */
export async function dynamoEndpoint(): Promise<string> {
  own ??= (async () => {
    const file = recordFile();
    const held = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Held) : undefined;
    if (held && alive(held.pid)) return held;
    const dynamo = await startDynamoLocal({ logFile: `${file}.log` });
    const fresh = { pid: dynamo.process.pid!, endpoint: dynamo.endpoint, files: 0 };
    writeFileSync(file, JSON.stringify(fresh));
    return fresh;
  })();
  return (await own).endpoint;
}

/**
 * At the end of a file: its tables go, and the instance is handed to the slot's next file, or stopped once it
 * has served its share (a file that wants a fresh one next, like each file of the rehearsal's smoke set, says `fresh`).
 */
export async function stopOwnDynamo({ fresh = false }: { fresh?: boolean } = {}): Promise<void> {
  if (!own) return;
  const held = await own;
  own = undefined;
  const file = recordFile();
  held.files++;
  if (!fresh && held.files < filesPerInstance && alive(held.pid)) {
    await dropTables(held.endpoint).catch(() => undefined);
    writeFileSync(file, JSON.stringify(held));
    return;
  }
  rmSync(file, { force: true });
  await stop(held.pid);
}

async function dropTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    await Promise.all(TableNames.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
  } finally {
    client.destroy();
  }
}

async function stop(pid: number): Promise<void> {
  if (!alive(pid)) return;
  process.kill(pid, 'SIGTERM');
  for (let waited = 0; waited < 3000 && alive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
  if (alive(pid)) process.kill(pid, 'SIGKILL');
}

/** At the end of the run (global setup's teardown): every instance still held. */
export async function stopAllHeld(dir: string): Promise<void> {
  for (const name of readdirSync(dir).filter((n) => /^dynamo-.*\.json$/.test(n))) {
    const held = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Held;
    await stop(held.pid).catch(() => undefined);
  }
}

import { DescribeTableCommand, type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { localCredentials, localRegion } from '../lib/db';
import type { Logger } from '../lib/log';

type StreamRecord = DynamoDBStreamEvent['Records'][number];

/**
 * The poller's own marker item. Writing it puts a record in the stream after every write made before it, so
 * seeing that record come back means everything before it has been read: an exact "caught up", however far
 * behind DynamoDB Local's stream runs. Fence records are the poller's business and never reach the handler.
 */
export const fenceKey = { pk: 'STREAM#FENCE', sk: 'FENCE' } as const;

export interface StreamPoller {
  /** resolves once every record written before the call has been handled, and everything those caused */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * How often to read DynamoDB Local's stream (this poller's, and the deploy rehearsal's event source's):
 * - DescribeStream lists every shard the stream has had and is by far the dearest call of an idle poll: it is
 *   made when a shard has ended (its child holds what follows), and otherwise once a second;
 * - a quiet stream (nothing read, nothing gathering into a batch) is read every `intervalMs` for a second, then
 *   every 250 ms, until `wake()` (idle() and stop() call it) ends the wait at once.
 */
export function pollPace(intervalMs = 50) {
  let lastDiscovery = 0;
  let rediscover = true;
  let quiet = 0;
  let wake: (() => void) | undefined;
  return {
    discoverNow(): boolean {
      if (!rediscover && Date.now() - lastDiscovery < 1000) return false;
      rediscover = false;
      lastDiscovery = Date.now();
      return true;
    },
    shardEnded: () => void (rediscover = true),
    async rest({ seen, gathering }: { seen: number; gathering: boolean }): Promise<void> {
      quiet = seen === 0 && !gathering ? quiet + 1 : 0;
      if (seen > 0) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, quiet > 20 ? Math.max(250, intervalMs) : intervalMs);
        wake = () => (clearTimeout(timer), resolve());
      });
    },
    wake: () => wake?.(),
  };
}

/**
 * Reads DynamoDB Local's stream and hands each batch to the same handler Lambda runs on AWS,
 * retrying from a reported failure as Lambda's event source mapping does.
 */
export async function startStreamPoller(opts: {
  client: DynamoDBClient;
  endpoint: string;
  tableName: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>;
  log: Logger;
  intervalMs?: number;
  /** hand nothing written before the poller started to the handler (a table restored from a snapshot) */
  skipExisting?: boolean;
}): Promise<StreamPoller> {
  const { Table } = await opts.client.send(new DescribeTableCommand({ TableName: opts.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${opts.tableName} has no stream`);
  const streams = streamsApi(opts.endpoint);
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  let running = true;
  /** records handed to the handler so far; a fence that comes back with this unchanged means nothing was in flight */
  let handled = 0;
  let fenceSeen = 0;
  const fenceWaiters = new Map<number, () => void>();

  async function writeFence(): Promise<number> {
    const { Attributes } = await opts.client.send(
      new UpdateItemCommand({
        TableName: opts.tableName,
        Key: { pk: { S: fenceKey.pk }, sk: { S: fenceKey.sk } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.n?.N);
  }
  const fenceNumber = (r: StreamRecord): number | undefined => (r.dynamodb?.Keys?.pk?.S === fenceKey.pk ? Number(r.dynamodb?.NewImage?.n?.N ?? 0) : undefined);
  const reachFence = (n: number) => new Promise<void>((resolve) => (fenceSeen >= n ? resolve() : fenceWaiters.set(n, resolve)));
  let skipUntil = opts.skipExisting ? await writeFence() : 0;

  const pace = pollPace(opts.intervalMs);
  async function discoverShards() {
    if (!pace.discoverNow()) return;
    const { StreamDescription } = await streams<{ StreamDescription?: { Shards?: { ShardId: string }[] } }>('DescribeStream', { StreamArn: streamArn });
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId;
      if (iterators.has(id) || finished.has(id)) continue;
      const { ShardIterator } = await streams<{ ShardIterator?: string }>('GetShardIterator', {
        StreamArn: streamArn,
        ShardId: id,
        ShardIteratorType: 'TRIM_HORIZON',
      });
      iterators.set(id, ShardIterator);
    }
  }

  async function deliver(records: StreamRecord[]) {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await opts.handler({ Records: pending });
      const failed = result.batchItemFailures[0]?.itemIdentifier;
      if (!failed) return;
      // an identifier not in the batch counts as its first record, so a drop always moves on
      const from = Math.max(
        0,
        pending.findIndex((r) => r.dynamodb?.SequenceNumber === failed),
      );
      if (attempt >= 5) {
        opts.log.error('stream record dropped after 5 attempts', { sequenceNumber: failed });
        pending = pending.slice(from + 1);
        attempt = 0;
        continue;
      }
      pending = pending.slice(from);
      await new Promise((r) => setTimeout(r, 100 * attempt));
    }
  }

  async function pollOnce(): Promise<number> {
    await discoverShards();
    let seen = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) {
        iterators.delete(shardId);
        finished.add(shardId);
        pace.shardEnded();
        continue;
      }
      const { Records = [], NextShardIterator } = await streams<{ Records?: StreamRecord[]; NextShardIterator?: string }>('GetRecords', {
        ShardIterator: iterator,
        Limit: 1000,
      });
      const fences = Records.map(fenceNumber).filter((n): n is number => n !== undefined);
      let work = Records.filter((r) => fenceNumber(r) === undefined);
      if (skipUntil) {
        // up to the start's own fence (the first at or past it: an idle() fence may follow in the same batch,
        // and what came between them was written after the start)
        const at = Records.findIndex((r) => (fenceNumber(r) ?? -1) >= skipUntil);
        if (at >= 0) skipUntil = 0;
        work = at >= 0 ? Records.slice(at + 1).filter((r) => fenceNumber(r) === undefined) : [];
      }
      if (work.length) await deliver(work.map(repairEmptyMaps));
      handled += work.length;
      iterators.set(shardId, NextShardIterator);
      seen += Records.length;
      for (const n of fences) {
        fenceSeen = Math.max(fenceSeen, n);
        for (const [waiting, resolve] of fenceWaiters) if (waiting <= fenceSeen) fenceWaiters.delete(waiting), resolve();
      }
    }
    return seen;
  }

  const loop = (async () => {
    while (running) {
      let seen = 0;
      try {
        seen = await pollOnce();
      } catch (err) {
        if (running) opts.log.warn('stream poll failed', { error: String(err) });
      }
      await pace.rest({ seen, gathering: false });
    }
  })();

  return {
    // Fence, wait for it, and repeat while records were handled in between: those may have written more
    // (a cancellation's promotion, a promotion's message), and their records come after the fence.
    idle: async () => {
      const started = Date.now();
      for (let round = 1; ; round++) {
        const before = handled;
        const fence = await writeFence();
        pace.wake();
        await reachFence(fence);
        if (!running || handled === before) return;
        if (Date.now() - started > 30_000 && round % 20 === 0) opts.log.warn('stream still busy', { rounds: round, fence, handled });
      }
    },
    stop: async () => {
      running = false;
      pace.wake();
      await loop;
      for (const resolve of fenceWaiters.values()) resolve();
      fenceWaiters.clear();
    },
  };
}

/**
 * DynamoDB Streams' JSON API, called directly: the records arrive in the same JSON shape Lambda's event
 * carries, so nothing is converted twice. (DynamoDB Local signs nothing it checks; the credential scope picks
 * the database, so it must name the local access key and region.)
 */
export function streamsApi(endpoint: string) {
  const authorization = `AWS4-HMAC-SHA256 Credential=${localCredentials.accessKeyId}/20260101/${localRegion}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;
  return async <T>(action: string, body: unknown): Promise<T> => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDBStreams_20120810.${action}`, authorization },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as T & { message?: string };
    if (!res.ok) throw new Error(`${action} failed: ${res.status} ${json.message ?? ''}`);
    return json;
  };
}

/** DynamoDB Local writes an empty map as `{}` instead of `{"M":{}}` in stream records; AWS does not. */
export function repairEmptyMaps(record: StreamRecord): StreamRecord {
  const fix = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fix);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 0) return { M: {} };
    return Object.fromEntries(entries.map(([k, v]) => [k, k === 'M' || k === 'L' ? fixChildren(v) : fix(v)]));
  };
  const fixChildren = (v: unknown): unknown => (Array.isArray(v) ? v.map(fix) : Object.fromEntries(Object.entries(v as object).map(([k, c]) => [k, fix(c)])));
  const image = (i: unknown) => (i ? (Object.fromEntries(Object.entries(i as object).map(([k, v]) => [k, fix(v)])) as never) : undefined);
  const { NewImage, OldImage } = record.dynamodb ?? {};
  return { ...record, dynamodb: { ...record.dynamodb, NewImage: image(NewImage), OldImage: image(OldImage) } };
}

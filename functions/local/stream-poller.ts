import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { localCredentials, localRegion } from '../lib/db';
import type { Logger } from '../lib/log';

type StreamRecord = DynamoDBStreamEvent['Records'][number];

export interface StreamPoller {
  /** resolves once every record written before the call has been handled */
  idle(): Promise<void>;
  stop(): Promise<void>;
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
}): Promise<StreamPoller> {
  const { Table } = await opts.client.send(new DescribeTableCommand({ TableName: opts.tableName }));
  const streamArn = Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`Table ${opts.tableName} has no stream`);
  const streams = streamsApi(opts.endpoint);
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  let running = true;
  let cycles = 0;
  const waiters: { afterCycle: number; resolve: () => void }[] = [];

  async function discoverShards() {
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
      const from = pending.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
      if (attempt >= 5) {
        opts.log.error('stream record dropped after 5 attempts', { sequenceNumber: failed });
        pending = pending.slice(from + 1);
        attempt = 0;
        continue;
      }
      pending = pending.slice(Math.max(from, 0));
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
        continue;
      }
      const { Records = [], NextShardIterator } = await streams<{ Records?: StreamRecord[]; NextShardIterator?: string }>('GetRecords', {
        ShardIterator: iterator,
        Limit: 1000,
      });
      iterators.set(shardId, NextShardIterator);
      if (Records.length) await deliver(Records.map(repairEmptyMaps));
      seen += Records.length;
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
      cycles++;
      if (seen === 0) {
        for (const w of waiters.splice(0)) if (cycles > w.afterCycle) w.resolve();
        else waiters.push(w);
      }
      if (seen === 0) await new Promise((r) => setTimeout(r, opts.intervalMs ?? 100));
    }
  })();

  return {
    // A cycle that starts after this call and finds nothing new means everything written before is handled.
    idle: () => new Promise<void>((resolve) => waiters.push({ afterCycle: cycles + 1, resolve })),
    stop: async () => {
      running = false;
      await loop;
      for (const w of waiters.splice(0)) w.resolve();
    },
  };
}

/**
 * DynamoDB Streams' JSON API, called directly: the records arrive in the same JSON shape Lambda's event
 * carries, so nothing is converted twice. (DynamoDB Local signs nothing it checks; the credential scope picks
 * the database, so it must name the local access key and region.)
 */
function streamsApi(endpoint: string) {
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
function repairEmptyMaps(record: StreamRecord): StreamRecord {
  const fix = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(fix);
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 0) return { M: {} };
    return Object.fromEntries(entries.map(([k, v]) => [k, k === 'M' || k === 'L' ? fixChildren(v) : fix(v)]));
  };
  const fixChildren = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(fix) : Object.fromEntries(Object.entries(v as object).map(([k, c]) => [k, fix(c)]));
  const image = (i: unknown) => (i ? (Object.fromEntries(Object.entries(i as object).map(([k, v]) => [k, fix(v)])) as never) : undefined);
  const { NewImage, OldImage } = record.dynamodb ?? {};
  return { ...record, dynamodb: { ...record.dynamodb, NewImage: image(NewImage), OldImage: image(OldImage) } };
}

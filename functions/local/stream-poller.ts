import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { localCredentials, localRegion } from '../lib/db';
import type { Logger } from '../lib/log';

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
  const streams = new DynamoDBStreamsClient({ endpoint: opts.endpoint, region: localRegion, credentials: localCredentials });
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  let running = true;
  let cycles = 0;
  const waiters: { afterCycle: number; resolve: () => void }[] = [];

  async function discoverShards() {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      if (iterators.has(id) || finished.has(id)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      iterators.set(id, ShardIterator);
    }
  }

  async function deliver(records: _Record[]) {
    let pending = records;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const result = await opts.handler({ Records: pending as DynamoDBStreamEvent['Records'] });
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
      const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
      iterators.set(shardId, NextShardIterator);
      if (Records.length) await deliver(Records);
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
      streams.destroy();
      for (const w of waiters.splice(0)) w.resolve();
    },
  };
}

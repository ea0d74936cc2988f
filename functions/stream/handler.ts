import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AppDeps } from '../lib/deps';

/** One changed item, unmarshalled: what a stream consumer sees. */
export interface StreamChange {
  eventId: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** the record's place in the stream: later changes to the same item have larger numbers */
  sequenceNumber?: string;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

/**
 * A piece of asynchronous work driven by table changes (deliver outbox messages, promote from a waitlist,
 * keep report aggregates). Each must be safe to run twice for the same change: streams deliver at least once.
 */
export interface StreamConsumer {
  name: string;
  wants(change: StreamChange): boolean;
  handle(change: StreamChange, deps: AppDeps): Promise<void>;
  /**
   * For a consumer that recomputes from the table as it is now (e.g. an activity's index from its sessions):
   * changes with the same key in one batch need handling once, after the batch's other work.
   */
  coalesce?(change: StreamChange): string;
  /**
   * For a consumer that can do a batch's changes together in fewer requests: called once per batch with
   * every change it wants, in stream order (instead of handle per change). It must still be idempotent.
   */
  handleBatch?(changes: StreamChange[], deps: AppDeps): Promise<void>;
}

/**
 * The stream handler Lambda runs, and the local poller calls, this same function.
 * DynamoDB Streams orders changes per item, and that is the only order consumers rely on: records of
 * different items run side by side (up to `parallel` at once), each item's records in order. The first
 * failure of an item stops that item's later records; the earliest failed record is reported, so it and
 * everything after it is retried (ReportBatchItemFailures) — consumers are idempotent, so a record that
 * already succeeded may safely run again. Consumers that recompute from current state run once per key.
 */
export function createStreamHandler(deps: AppDeps, consumers: StreamConsumer[], parallel = 16) {
  const batched = consumers.filter((c) => c.handleBatch);
  const perChange = consumers.filter((c) => !c.coalesce && !c.handleBatch);
  const perKey = consumers.filter((c) => c.coalesce && !c.handleBatch);
  const run = async (work: () => Promise<void>, eventId: string | undefined): Promise<boolean> => {
    try {
      await work();
      return true;
    } catch (err) {
      deps.log.error('stream record failed', { eventId, error: String(err) });
      return false;
    }
  };
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const failedAt: number[] = [];
    const changes = event.Records.map((record) => ({ record, change: safely(() => toChange(record)) }));
    const unreadable = changes.findIndex((c) => !c.change);
    if (unreadable >= 0) failedAt.push(unreadable);

    // 1. each item's changes in order, items side by side; beside them, the batch consumers
    const wholeBatch = batched.map(async (consumer) => {
      const wanted = changes.flatMap(({ change }, index) => (change && consumer.wants(change) ? [{ change, index }] : []));
      if (
        wanted.length &&
        !(await run(
          () =>
            consumer.handleBatch!(
              wanted.map((w) => w.change),
              deps,
            ),
          wanted[0]!.change.eventId,
        ))
      )
        failedAt.push(wanted[0]!.index);
    });
    await inParallel(groupByItem(event.Records), parallel, async (records) => {
      for (const { index } of records) {
        const change = changes[index]!.change;
        if (!change) break;
        const ok = await run(async () => {
          for (const consumer of perChange) if (consumer.wants(change)) await consumer.handle(change, deps);
        }, change.eventId);
        if (!ok) {
          failedAt.push(index);
          break;
        }
      }
    });
    await Promise.all(wholeBatch);

    // 2. recomputing consumers, once per key with the batch's last change for it
    const latest = new Map<string, { consumer: StreamConsumer; change: StreamChange; first: number }>();
    changes.forEach(({ change }, index) => {
      if (!change) return;
      for (const consumer of perKey) {
        if (!consumer.wants(change)) continue;
        const key = `${consumer.name}:${consumer.coalesce!(change)}`;
        latest.set(key, { consumer, change, first: latest.get(key)?.first ?? index });
      }
    });
    await inParallel([...latest.values()], parallel, async ({ consumer, change, first }) => {
      if (!(await run(() => consumer.handle(change, deps), change.eventId))) failedAt.push(first);
    });

    if (failedAt.length === 0) return { batchItemFailures: [] };
    const earliest = event.Records[Math.min(...failedAt)]!;
    return { batchItemFailures: [{ itemIdentifier: earliest.dynamodb?.SequenceNumber ?? earliest.eventID ?? '' }] };
  };
}

const safely = <T>(read: () => T): T | undefined => {
  try {
    return read();
  } catch {
    return undefined;
  }
};

async function inParallel<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

type StreamRecord = DynamoDBStreamEvent['Records'][number];

/** The batch's records grouped by item (pk + sk), each group in stream order, groups in order of first record. */
function groupByItem(records: StreamRecord[]): { record: StreamRecord; index: number }[][] {
  const groups = new Map<string, { record: StreamRecord; index: number }[]>();
  records.forEach((record, index) => {
    const key = JSON.stringify(record.dynamodb?.Keys ?? index);
    const group = groups.get(key) ?? [];
    group.push({ record, index });
    groups.set(key, group);
  });
  return [...groups.values()];
}

function toChange(record: StreamRecord): StreamChange {
  const image = (i: unknown) => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);
  return {
    eventId: record.eventID ?? '',
    eventName: record.eventName ?? 'MODIFY',
    ...(record.dynamodb?.SequenceNumber ? { sequenceNumber: record.dynamodb.SequenceNumber } : {}),
    newImage: image(record.dynamodb?.NewImage),
    oldImage: image(record.dynamodb?.OldImage),
  };
}

import type { DynamoDBStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/lib/deps';
import { createStreamHandler, type StreamChange, type StreamConsumer } from '../../functions/stream/handler';

/** What functions/stream/handler.ts's comment promises: per-item order, where a failure stops and what is retried, once per key. */

const deps = { log: { error: () => {}, info: () => {}, warn: () => {} } } as unknown as AppDeps;
type StreamRecord = DynamoDBStreamEvent['Records'][number];
let seq = 100;
const record = (item: string, n: number): StreamRecord => ({
  eventID: `${item}${n}`,
  eventName: 'MODIFY',
  dynamodb: { Keys: { pk: { S: item }, sk: { S: 'META' } }, SequenceNumber: String(seq++), NewImage: { pk: { S: item }, n: { N: String(n) } } },
});
const name = (c: StreamChange) => `${c.newImage!.pk}${c.newImage!.n}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the stream handler', () => {
  it('runs each item’s records in order, items side by side', async () => {
    const events: string[] = [];
    const consumer: StreamConsumer = {
      name: 'log',
      wants: () => true,
      handle: async (c) => {
        events.push(`start ${name(c)}`);
        if (name(c) === 'A1') await sleep(30);
        events.push(`end ${name(c)}`);
      },
    };
    const out = await createStreamHandler(deps, [consumer])({ Records: [record('A', 1), record('B', 1), record('A', 2), record('B', 2)] });
    expect(out.batchItemFailures).toEqual([]);
    // B's records ran while A1 was still running; A2 only after A1 ended
    expect(events.indexOf('end B2')).toBeLessThan(events.indexOf('end A1'));
    expect(events.indexOf('start A2')).toBeGreaterThan(events.indexOf('end A1'));
  });

  it('stops an item at its first failure, carries on with the others, and reports the earliest failed record', async () => {
    const handled: string[] = [];
    const consumer: StreamConsumer = {
      name: 'fails',
      wants: () => true,
      handle: async (c) => {
        if (['A2', 'B1'].includes(name(c))) throw new Error('no');
        handled.push(name(c));
      },
    };
    const records = [record('A', 1), record('A', 2), record('B', 1), record('A', 3), record('C', 1), record('B', 2)];
    const out = await createStreamHandler(deps, [consumer])({ Records: records });
    // A3 and B2 come after their item's failure: not run (they are retried with everything after A2)
    expect(handled.sort()).toEqual(['A1', 'C1']);
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: records[1]!.dynamodb!.SequenceNumber }]);
  });

  it('runs a recomputing consumer once per key, with the batch’s last change for it, after the per-change work', async () => {
    const order: string[] = [];
    const perChange: StreamConsumer = { name: 'each', wants: () => true, handle: async (c) => void order.push(`each ${name(c)}`) };
    const perKey: StreamConsumer = { name: 'index', wants: () => true, coalesce: (c) => String(c.newImage!.pk), handle: async (c) => void order.push(`key ${name(c)}`) };
    const out = await createStreamHandler(deps, [perKey, perChange])({ Records: [record('A', 1), record('B', 1), record('A', 2), record('A', 3)] });
    expect(out.batchItemFailures).toEqual([]);
    const keyed = order.filter((e) => e.startsWith('key'));
    expect(keyed.sort()).toEqual(['key A3', 'key B1']);
    expect(order.findIndex((e) => e.startsWith('key'))).toBe(4);
  });

  it('gives a batch consumer every change it wants once, in stream order', async () => {
    const calls: string[][] = [];
    const batch: StreamConsumer = {
      name: 'batch',
      wants: (c) => c.newImage!.pk !== 'B',
      handle: async () => {},
      handleBatch: async (changes) => void calls.push(changes.map(name)),
    };
    await createStreamHandler(deps, [batch])({ Records: [record('A', 1), record('B', 1), record('C', 1), record('A', 2)] });
    expect(calls).toEqual([['A1', 'C1', 'A2']]);
  });
});

/**
 * Section 2: DynamoDB requests and consumed capacity of each main operation (in process, on a metered client),
 * against the least its design needs. Also records the handler's time for the cost model.
 */

import type { DbWork } from '../db-meter';
import { operations } from '../operations';
import { figure, measure, median, opKey, readiness } from '../ops';
import type { BenchContext, BenchOperation, Figure, Section } from '../types';

/**
 * Read units follow item sizes (a listing's items carry the next sessions' times, which change with the day),
 * so the ceiling for an operation that only reads is the larger of its design's figure and what the raw
 * call(s) beneath it read on the same data just now.
 */
async function readsBeneath(ctx: BenchContext, op: BenchOperation<any>, state: unknown, i: number, declared: number) {
  if (!op.raw || op.expected!.writeUnits > 0) return { units: declared, why: `design: at most ${declared}` };
  const { work } = await ctx.rawMeter.during(() => op.raw!(ctx, state, i));
  return { units: Math.max(declared, work.readUnits), why: `design: ${declared}; the raw call(s) beneath read ${work.readUnits} on the same items now` };
}

const describe = (w: DbWork) =>
  Object.entries(w.byCommand)
    .map(([c, n]) => `${n} ${c}`)
    .join(' + ') || 'none';

export const dbWorkSection: Section = {
  id: 'db',
  title: '2. Database work per operation',
  async run(ctx) {
    const figures: Figure[] = [];
    for (const op of operations) {
      const key = `db.${opKey(op.name)}`;
      const notReady = readiness(ctx, op, key);
      if (notReady) {
        figures.push(notReady);
        continue;
      }
      const calls = ctx.size(30, 2);
      const warmup = ctx.size(30, 1);
      const state = await op.setup?.(ctx, warmup + calls);
      // warm-up calls (first connections, cold code paths) count towards nothing
      for (let i = 0; i < warmup; i++) await measure(ctx, op.request!(state, i));
      const runs = [];
      for (let i = warmup; i < warmup + calls; i++) runs.push(await measure(ctx, op.request!(state, i)));
      const works = runs.map((r) => r.work);
      const med = (pick: (w: DbWork) => number) => median(works.map(pick));
      const varies = new Set(works.map(describe)).size > 1 ? ` (varies: ${[...new Set(works.map(describe))].join(' | ')})` : '';
      const work: DbWork = { ...works[works.length - 1]!, requests: med((w) => w.requests), readUnits: med((w) => w.readUnits), writeUnits: med((w) => w.writeUnits) };
      const handlerMs = median(runs.map((r) => r.ms));
      ctx.measured.set(op.name, { operationId: op.operationId, work, handlerMs });
      const expected = op.expected!;
      const readCeiling = await readsBeneath(ctx, op, state, warmup + calls - 1, expected.readUnits);
      figures.push(
        figure(`${key}.requests`, `${op.name} requests`, work.requests, 'count', { equal: expected.requests }, `${describe(work)}${varies}; design: ${expected.why}`),
        figure(`${key}.readUnits`, `${op.name} read units`, work.readUnits, 'units', { max: readCeiling.units }, readCeiling.why),
        figure(`${key}.writeUnits`, `${op.name} write units`, work.writeUnits, 'units', { equal: expected.writeUnits }),
        figure(`${key}.handlerMs`, `${op.name} handler time in process (median)`, handlerMs, 'ms', undefined, `n=${calls} after ${warmup} warm-up calls`),
      );
      if (work.retries > 0) figures.push(figure(`${key}.retries`, `${op.name} SDK retries`, work.retries, 'count', { max: 0 }));
    }
    return {
      figures,
      notes: [
        'Counted by a middleware on the document client that sets ReturnConsumedCapacity: TOTAL on every command; capacity as DynamoDB Local reports it (index writes included), except transactions, which it under-reports: those count at least 2 units per item and per index a Put writes (see db-meter.ts).',
        'Medians over the calls; the in-process app is the same app as the server, on its own client, so stream consumers and other requests are not counted.',
      ],
    };
  },
};

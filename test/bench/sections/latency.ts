/**
 * Section 3: each main operation through HTTP on the local server against the raw DynamoDB call(s) beneath
 * it, on the same DynamoDB Local, interleaved. The ratio at p99 is what the API layer adds.
 */
import { operations } from '../operations';
import { expectStatus, latencyFigures, opKey, readiness, sampleLatency } from '../ops';
import type { Figure, Section } from '../types';

export const latencySection: Section = {
  id: 'latency',
  title: '3. Latency: HTTP against the raw DynamoDB calls',
  async run(ctx) {
    const figures: Figure[] = [];
    // full: p99 is then the 5th slowest, enough to see a tail, and the whole bench stays under 10 minutes; the
    // smoke run (in npm test, its times never asserted) only needs each operation to go through both ways
    const n = ctx.size(500, 5);
    const warmup = ctx.size(50, 1);
    for (const op of operations) {
      const key = `latency.${opKey(op.name)}`;
      const notReady = readiness(ctx, op, key);
      if (notReady) {
        figures.push(notReady);
        continue;
      }
      ctx.progress(`latency of ${op.name}`);
      const state = await op.setup?.(ctx, n + warmup);
      const cmp = await sampleLatency({
        n,
        warmup,
        http: async (i) => {
          const req = op.request!(state, i);
          expectStatus(req, await ctx.http(req));
        },
        raw: (i) => op.raw!(ctx, state, i),
      });
      figures.push(...latencyFigures(key, op.name, cmp));
    }
    return {
      figures,
      notes: [`${n} pairs per operation after ${warmup} warm-up pairs, alternating which goes first; HTTP client and server share this process, as the raw client does.`],
    };
  },
};

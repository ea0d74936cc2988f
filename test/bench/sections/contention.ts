/**
 * Section 4: many residents reserving one small session at the same instant (the API contract:
 * POST /api/session-reservations/:sessionId with an Idempotency-Key → 201 { id, status, waitlistPosition? }).
 * Exactly `capacity` confirmed, the rest waitlisted, nobody overbooked, no errors.
 */
import { randomUUID } from 'node:crypto';
import { burst } from '../operations/reservations';
import { benchEmail, figure, mapLimit, notBuilt, timed, todo } from '../ops';
import type { Answer, BenchContext, Section } from '../types';

export interface BurstResult {
  confirmed: number;
  waitlisted: number;
  errors: number;
  statuses: Record<string, number>;
  ms: number;
}

/** Every resident asks for a place in the session at once. */
export async function reservationBurst(ctx: BenchContext, sessionId: string, tokens: string[]): Promise<BurstResult> {
  const { result: answers, ms } = await timed(() =>
    Promise.all(
      tokens.map((token) =>
        ctx
          .http({ method: 'POST', path: `/api/session-reservations/${sessionId}`, token, headers: { 'idempotency-key': randomUUID() }, body: {} })
          .catch((err: Error): Answer => ({ status: 0, body: err.message, headers: new Headers() })),
      ),
    ),
  );
  const out: BurstResult = { confirmed: 0, waitlisted: 0, errors: 0, statuses: {}, ms };
  for (const a of answers) {
    out.statuses[a.status] = (out.statuses[a.status] ?? 0) + 1;
    if (a.status === 201 && a.body?.status === 'confirmed') out.confirmed++;
    else if (a.status === 201 && a.body?.status === 'waitlisted') out.waitlisted++;
    else out.errors++;
  }
  return out;
}

export const contentionSection: Section = {
  id: 'contention',
  title: '4. Contention: one small session, a burst of residents',
  async run(ctx) {
    if (!ctx.hasOperation('reserveSeat')) return { figures: [notBuilt('contention', 'reservation burst')] };
    if (!burst.createSession) {
      return { figures: [todo('contention', 'reservation burst', 'reserveSeat is in the API: fill in burst.createSession in test/bench/operations/reservations.ts')] };
    }
    const residents = ctx.size(500, 30);
    const capacity = ctx.size(20, 3);
    const sessionId = await burst.createSession(ctx, capacity);
    ctx.progress(`signing in ${residents} residents`);
    const tokens = await mapLimit([...Array(residents).keys()], 16, (i) => ctx.tokenFor(benchEmail('burst', i)));
    ctx.progress(`${residents} reservations at once`);
    const r = await reservationBurst(ctx, sessionId, tokens);
    const label = `${residents} residents, ${capacity} places`;
    return {
      figures: [
        figure('contention.confirmed', `confirmed (${label})`, r.confirmed, 'count', { equal: capacity }),
        figure('contention.waitlisted', 'waitlisted', r.waitlisted, 'count', { equal: residents - capacity }),
        figure('contention.overbooked', 'overbooked', Math.max(0, r.confirmed - capacity), 'count', { max: 0 }),
        figure('contention.errors', 'errors (any answer but 201)', r.errors, 'count', { max: 0 }, JSON.stringify(r.statuses)),
        figure('contention.rate', 'reservations per second', residents / (r.ms / 1000), 'per s', undefined, `${residents} in ${r.ms.toFixed(0)} ms`),
      ],
    };
  },
};

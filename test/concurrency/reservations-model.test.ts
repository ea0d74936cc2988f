import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { eventually, type TestPlatform } from '../helpers/platform';
import { checkInvariants, newSession, people, reserve, sessionState, startSessionsPlatform, steadySteps } from '../helpers/sessions';

/**
 * 1,000 random reserve / cancel / duplicate / capacity-change operations (seeded) against one session,
 * some of them racing in pairs. After every step, once the stream has settled: counters equal the records,
 * nobody is over capacity, and the waitlist was promoted in order exactly once per freed place (no place
 * left free while someone who fits the first place in the queue is waiting; nobody promoted ahead of
 * someone who joined before them and is still waiting).
 */
let p: TestPlatform;
let coordinator: string;
// Time moves a second per step, not with the wall clock: a person here makes up to ~50 reservation requests
// in the run, and the per-person limit (30 a minute) must see them spread as a real person's would be.
const clock = manualClock();
beforeAll(async () => {
  p = await startSessionsPlatform({ clock });
  coordinator = await p.tokenFor('coordinator@example.org');
  await p.stream.idle();
});
afterAll(() => p?.stop());

type Op =
  | { kind: 'reserve'; who: number; companion: boolean }
  | { kind: 'duplicate'; who: number }
  | { kind: 'cancel'; who: number }
  | { kind: 'race-cancel'; a: number; b: number }
  | { kind: 'capacity'; capacity: number };

const crowd = 24;
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('reserve' as const), who: fc.nat(crowd - 1), companion: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), who: fc.nat(crowd - 1) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('cancel' as const), who: fc.nat(crowd - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('race-cancel' as const), a: fc.nat(crowd - 1), b: fc.nat(crowd - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('capacity' as const), capacity: fc.integer({ min: 1, max: 8 }) }) },
);

it('1,000 random interleaved operations keep every invariant after each step', async () => {
  // two sessions, 500 seeded operations each, run side by side (their requests interleave on the server)
  const [first, second] = fc.sample(fc.array(op, { minLength: 500, maxLength: 500 }), { seed: 20261122, numRuns: 2 });
  const promotions = await Promise.all([runSequence(first!), runSequence(second!)]);
  expect(promotions[0]! + promotions[1]!).toBeGreaterThan(10);
}, 900_000); // one to four minutes, by what runs beside it

async function runSequence(ops: Op[]): Promise<number> {
  const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 4 });
  const folks = await people(p, crowd);
  const keys = new Map<number, string>();
  let n = 0;
  const promotedOrder: number[] = [];
  const book = (who: number, companion: boolean) => {
    const key = `m${n++}`;
    keys.set(who, key);
    return reserve(p, folks[who]!.token, sessionId, key, { companion });
  };
  const cancel = (who: number) => p.call('DELETE', `/api/reservations/${sessionId}_${folks[who]!.userId}`, { token: folks[who]!.token });
  for (const [step, o] of ops.entries()) {
    clock.advance(1000);
    let answers: Awaited<ReturnType<typeof cancel>>[];
    if (o.kind === 'reserve') answers = [await book(o.who, o.companion)];
    else if (o.kind === 'duplicate') {
      const key = keys.get(o.who) ?? `m${n++}`;
      answers = await Promise.all([0, 1].map(() => reserve(p, folks[o.who]!.token, sessionId, key)));
    } else if (o.kind === 'cancel') answers = [await cancel(o.who)];
    else if (o.kind === 'race-cancel') answers = await Promise.all([cancel(o.a), cancel(o.b), cancel(o.a)]);
    else answers = [await p.call('PATCH', `/api/sessions/${sessionId}`, { token: coordinator, body: { capacity: o.capacity } })];
    for (const a of answers) expect([200, 201, 404, 409, 422], `step ${step} ${JSON.stringify(o)}: ${a.status} ${JSON.stringify(a.body)}`).toContain(a.status);

    // A freed place (cancel, capacity) starts a promotion, which the stream makes: wait until no place is left
    // that the first in the queue could take (a promotion that never comes fails here). Not stream.idle(): that
    // waits for the whole table, which the other sequence keeps busy.
    const settled = async () => {
      const state = await sessionState(p, sessionId);
      checkInvariants(state);
      const queue = state.reservations.filter((r) => r.status === 'waitlisted').sort((a, b) => a.joinedSeq - b.joinedSeq);
      // exactly once per freed place: no place left that the first in the queue could take
      if (queue.length) expect(state.session.placesFree, `step ${step}: a place is free while ${queue[0]!.id} waits`).toBeLessThan(queue[0]!.places);
      return { state, queue };
    };
    // The session and its reservations are two reads: one may land either side of a stream write (a promotion),
    // so a check is repeated until one pair of reads agrees; a real breach never does, and fails after 90 s.
    const { state, queue } = await eventually(settled);
    // in order: nobody promoted ahead of someone still waiting who joined before them
    const promoted = state.reservations.filter((r) => r.promotedAt && r.status === 'confirmed').sort((a, b) => a.joinedSeq - b.joinedSeq);
    for (const r of promoted) if (queue.length) expect(r.joinedSeq, `step ${step}: promoted ahead of the queue`).toBeLessThan(queue[0]!.joinedSeq);
    for (const r of promoted) if (!promotedOrder.includes(r.joinedSeq)) promotedOrder.push(r.joinedSeq);
  }
  // promotions happened in the order people joined
  expect(promotedOrder).toEqual([...promotedOrder].sort((a, b) => a - b));
  return promotedOrder.length;
}

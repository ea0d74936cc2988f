import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TestPlatform } from '../helpers/platform';
import { checkInvariants, newSession, people, reserve, sessionState, startSessionsPlatform, steadySteps } from '../helpers/sessions';

let p: TestPlatform;
let coordinator: string;
beforeAll(async () => {
  p = await startSessionsPlatform();
  coordinator = await p.tokenFor('coordinator@example.org');
  await p.stream.idle();
});
afterAll(() => p?.stop());

it('each request sent 3 times at once with one Idempotency-Key, plus late retries: one reservation, the same answer every time', async () => {
  const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 10 });
  const residents = await people(p, 60);
  const burst = await Promise.all(residents.flatMap((r, i) => [0, 1, 2].map(() => reserve(p, r.token, sessionId, `idem-${i}`))));
  expect(burst.filter((a) => a.status >= 500)).toEqual([]);
  expect(
    burst.every((a) => a.status === 201),
    JSON.stringify(burst.find((a) => a.status !== 201)?.body),
  ).toBe(true);
  for (let i = 0; i < residents.length; i++) {
    const three = burst.slice(i * 3, i * 3 + 3).map((a) => a.body);
    expect(three[1]).toEqual(three[0]);
    expect(three[2]).toEqual(three[0]);
  }
  // late retries, after cancellations have moved the queue on: still the first answer, nothing new written
  await p.call('DELETE', `/api/reservations/${burst[0]!.body.id}`, { token: residents[0]!.token });
  const late = await Promise.all(residents.map((r, i) => reserve(p, r.token, sessionId, `idem-${i}`)));
  late.forEach((a, i) => {
    expect(a.status).toBe(201);
    expect(a.body).toEqual(burst[i * 3]!.body);
  });
  const state = await sessionState(p, sessionId);
  expect(state.reservations).toHaveLength(60);
  expect(state.reservations.filter((r) => r.status === 'confirmed' || r.status === 'waitlisted')).toHaveLength(59);
  // 50 waited: the position each was told is never better than their real place in the stored queue (a
  // racing duplicate's unused ticket can make a number told at the time a little high, never low). Without
  // duplicates the numbers told are exactly 1..n: see reservations-burst.test.ts.
  const told = new Map(burst.filter((a) => a.body.status === 'waitlisted').map((a) => [a.body.id, a.body.waitlistPosition as number]));
  expect(told.size).toBe(50);
  const inQueueOrder = state.reservations
    .filter((r) => told.has(r.id))
    .sort((a, b) => a.joinedSeq - b.joinedSeq)
    .map((r) => told.get(r.id)!);
  expect(inQueueOrder).toHaveLength(50);
  inQueueOrder.forEach((position, rank) => expect(position).toBeGreaterThanOrEqual(rank + 1));
  await p.stream.idle();
  checkInvariants(await sessionState(p, sessionId));
}, 900_000); // minutes beside another busy file; a timeout is not a finding

it('the same key with a different body is refused (422), and writes nothing', async () => {
  const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 10 });
  const other = await newSession(p, coordinator, steadySteps().id, { capacity: 10, startTime: '15:00' });
  const [r] = await people(p, 1);
  expect((await reserve(p, r!.token, sessionId, 'same')).status).toBe(201);
  const companion = await reserve(p, r!.token, sessionId, 'same', { companion: true });
  expect(companion.status).toBe(422);
  expect(companion.problem.code).toBe('idempotency_key_reused');
  const elsewhere = await reserve(p, r!.token, other, 'same');
  expect(elsewhere.status).toBe(422);
  expect((await sessionState(p, other)).reservations).toEqual([]);
  expect((await sessionState(p, sessionId)).session.confirmed).toBe(1);
});

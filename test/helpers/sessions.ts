import { expect } from 'vitest';
import { createProfile } from '../../functions/accounts/data';
import { createActivity } from '../../functions/directory/data';
import type { Role } from '../../functions/lib/actor';
import { isBankHoliday } from '../../functions/lib/holidays';
import { newId } from '../../functions/lib/ids';
import { isoWeekday } from '../../functions/lib/london';
import { demoActivities } from '../../functions/local/seed/directory';
import { seedUsers } from '../../functions/local/seed/users';
import { addDays, londonDate } from '../../functions/sessions/rules';
import type { InputOf } from '../../web/src/api';
import { startPlatform, type TestPlatform } from './platform';

/**
 * A platform with just what session tests need (the demo people and the demo activities used here),
 * without the full demo seed and its stream backlog: much quicker to start.
 */
export async function startSessionsPlatform(options: Parameters<typeof startPlatform>[0] = {}): Promise<TestPlatform> {
  const p = await startPlatform({ ...options, seed: false });
  await seedUsers(p.deps);
  const now = p.deps.clock.now().toISOString();
  for (const a of [steadySteps(), talkingSpace(), anxietyCourse(), coffeeAndChat()]) {
    const { demoSchedule: _s, reviewedMonthsAgo: _r, ...activity } = a;
    await createActivity(p.deps.db, { ...activity, lastReviewedAt: now, createdAt: now, updatedAt: now, createdBy: 'seed', updatedBy: 'seed', version: 1 });
  }
  await p.stream.idle();
  return p;
}

/** Demo activities the demo coordinator (Oak Road Centre) runs: one auto-confirm, one that offers freed places. */
export const activityByTitle = (start: string) => demoActivities.find((a) => a.title.startsWith(start))!;
export const steadySteps = () => activityByTitle('Steady Steps'); // reserve, auto-confirm, Oak Road, Age Well
export const talkingSpace = () => activityByTitle('Talking Space'); // reserve, offer, Oak Road, Minds Together
export const anxietyCourse = () => activityByTitle('Anxiety Management'); // referral-only, Oak Road
export const coffeeAndChat = () => activityByTitle('Tuesday Coffee'); // drop-in, Oak Road

/** A one-off session of an activity, `inDays` from today (London) at 10:00; answers its id. */
export async function newSession(p: TestPlatform, token: string, activityId: string, opts: { capacity?: number; inDays?: number; startTime?: string } = {}): Promise<string> {
  let startDate = addDays(londonDate(p.deps.clock.now()), opts.inDays ?? 3);
  // the seeded Oak Road Centre is closed on Sundays and bank holidays: the next day it is open
  while (isoWeekday(startDate) === 7 || isBankHoliday(startDate)) startDate = addDays(startDate, 1);
  const answer = await p.op('scheduleSessions', {
    token,
    params: { activityId },
    body: { startDate, startTime: opts.startTime ?? '10:00', durationMinutes: 60, ...(opts.capacity ? { capacity: opts.capacity } : {}) },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body.sessions[0]!.id;
}

/** People with tokens minted directly (faster than signing in each through the dev sign-in). */
export async function people(p: TestPlatform, n: number, roles: Role[] = ['resident'], options: { withProfile?: boolean } = {}): Promise<{ userId: string; token: string }[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const userId = newId();
      // a profile, as sign-up makes, for people others book for (a booking for nobody is refused)
      if (options.withProfile) {
        await createProfile(p.deps.db, { userId, name: 'Test Person', email: `${userId.toLowerCase()}@example.org`, contactPreference: 'email', roles, hubIds: [], organisationIds: [] }, new Date());
      }
      return { userId, token: await p.signer.signAccessToken({ userId, roles }) };
    }),
  );
}

/** Take a place (or a waiting place) in a session, with an Idempotency-Key. */
export const reserve = (p: TestPlatform, token: string, sessionId: string, key: string, body: InputOf<'reserveSeat'>['body'] = {}) =>
  p.op('reserveSeat', { token, params: { sessionId }, body, headers: { 'idempotency-key': key } });

/** The session and every reservation of it, read straight from the table (strongly consistent). */
export async function sessionState(p: Pick<TestPlatform, 'deps'>, sessionId: string) {
  const { getSession } = await import('../../functions/sessions/data');
  const { listReservationsOfSession } = await import('../../functions/reservations/data');
  const session = (await getSession(p.deps.db, sessionId, true))!;
  const reservations = await listReservationsOfSession(p.deps.db, sessionId);
  return { session, reservations };
}

/** The invariants: counters equal the records, nobody over capacity, free = capacity - confirmed. */
export function checkInvariants(state: Awaited<ReturnType<typeof sessionState>>): void {
  const { session, reservations } = state;
  const held = reservations.filter((r) => r.status === 'confirmed' || r.status === 'offered').reduce((n, r) => n + r.places, 0);
  const waiting = reservations.filter((r) => r.status === 'waitlisted').length;
  expect(session.confirmed, 'confirmed counter').toBe(held);
  expect(session.waitlisted, 'waitlisted counter').toBe(waiting);
  expect(session.placesFree, 'free = capacity - confirmed').toBe(session.capacity - session.confirmed);
  const fromWaitlist = reservations.filter((r) => (r.status === 'confirmed' || r.status === 'offered') && r.promotedAt).reduce((n, r) => n + r.places, 0);
  expect(session.placesFromWaitlist ?? 0, 'places held by people from the waiting list').toBe(fromWaitlist);
  expect(session.confirmed, 'never over capacity').toBeLessThanOrEqual(session.capacity);
  expect(new Set(reservations.map((r) => r.personId)).size, 'one reservation per person').toBe(reservations.length);
}

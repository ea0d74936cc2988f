/**
 * reserveSeat, cancelReservation and getSession for the bench harness (branch `bench`: test/bench/types.ts).
 * To wire in after the merge, in test/bench/operations/reservations.ts and sessions.ts:
 *   export { reserveSeat, cancelReservation, burst } from '../reservations';
 *   export { getSession } from '../reservations';
 * Typed structurally (no import of the harness's types) so this file compiles on its own branch too.
 *
 * Contract with the contention section: reserveSeat is POST /api/session-reservations/:sessionId (the
 * reservations Lambda owns /api/session-reservations); the harness's contention.ts still posts to
 * /api/sessions/:id/reservations and needs that one path changed (see `reservePath`).
 */

import type { Db } from '../../functions/lib/db';
import { newId } from '../../functions/lib/ids';
import { demoActivities } from '../../functions/local/seed/directory';
import { getReservation, moveReservation, takePlace } from '../../functions/reservations/data';
import { cancelledMessage, confirmedMessage } from '../../functions/reservations/messages';
import { limits, modesFor, newCheckInCode, reservationIdOf } from '../../functions/reservations/rules';
import type { Reservation } from '../../functions/reservations/schema';
import { getSession as readSession } from '../../functions/sessions/data';
import { addDays, londonDate } from '../../functions/sessions/rules';

interface Ctx {
  platform: { signer: { signAccessToken(u: { userId: string; roles: 'resident'[] }): Promise<string> }; deps: { clock: { now(): Date } } };
  raw: Db;
  http(req: { method: string; path: string; token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any }>;
  tokenFor(email: string): Promise<string>;
}
interface Req {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  expectStatus: number;
}

export const reservePath = (sessionId: string) => `/api/session-reservations/${sessionId}`;
const steadySteps = demoActivities.find((a) => a.title.startsWith('Steady Steps'))!;
let made = 0;

/** A session of a demo activity the demo coordinator runs, with `capacity` places, bookable now (at any hour: the coordinator gives a reason to go ahead outside Oak Road's opening hours). */
async function createSession(ctx: Ctx, capacity: number): Promise<string> {
  const coordinator = await ctx.tokenFor('coordinator@example.org');
  const n = made++;
  const answer = await ctx.http({
    method: 'POST',
    path: `/api/activity-sessions/${steadySteps.id}`,
    token: coordinator,
    body: {
      startDate: addDays(londonDate(ctx.platform.deps.clock.now()), 3 + (n % 20)),
      startTime: `${String(6 + (n % 14)).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`,
      durationMinutes: 30,
      capacity,
      outsideHoursReason: 'Bench sessions at any hour of any day',
    },
  });
  if (answer.status !== 201) throw new Error(`scheduleSessions failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.sessions[0].id as string;
}

interface ReserveState {
  sessionIds: string[];
  rawSessionIds: string[];
  people: { userId: string; token: string }[];
  rawPeople: string[];
}

const perSession = 1000;
async function reserveSetup(ctx: Ctx, calls: number): Promise<ReserveState> {
  const sessions = Math.max(1, Math.ceil(calls / perSession));
  const sessionIds: string[] = [];
  const rawSessionIds: string[] = [];
  for (let i = 0; i < sessions; i++) {
    sessionIds.push(await createSession(ctx, perSession));
    rawSessionIds.push(await createSession(ctx, perSession));
  }
  const people = await Promise.all(
    Array.from({ length: calls }, async () => {
      const userId = newId();
      return { userId, token: await ctx.platform.signer.signAccessToken({ userId, roles: ['resident'] }) };
    }),
  );
  return { sessionIds, rawSessionIds, people, rawPeople: Array.from({ length: calls }, () => newId()) };
}

/**
 * reserveSeat: GetItem of the session (eventually consistent: what the reservation and its message say) and
 * one TransactWriteItems of five items (session counters with the capacity/window/queue condition, the
 * reservation, the person's holdings with the limit condition, the idempotency record, the outbox message
 * with its .ics). The minimum for this design: 2 requests; no read decides a place.
 */
export const reserveSeat = {
  name: 'reserveSeat',
  operationId: 'reserveSeat',
  expected: {
    requests: 4,
    readUnits: 1.5,
    writeUnits: 13,
    why: "GetItem session (0.5 RCU) + GetItem of a retry record in the old format (1 RCU, read until those records expire on 2026-12-04: lib/idempotency.ts) + UpdateItem of the person's rate-limit counter (1) + one TransactWriteItems of 5 items, each counted double: session counters, reservation, holdings, idempotency (2 each) and the outbox message with its .ics and the check-in QR's link, drawn only when sent (over 1 KB: 4)",
  },
  setup: reserveSetup,
  request: (s: ReserveState, i: number): Req => ({
    method: 'POST',
    path: reservePath(s.sessionIds[Math.floor(i / perSession)]!),
    token: s.people[i]!.token,
    headers: { 'idempotency-key': `bench-${i}` },
    body: {},
    expectStatus: 201,
  }),
  /** the same two DynamoDB calls, through the same data functions, on sessions of their own */
  raw: async (ctx: Ctx, s: ReserveState, i: number) => {
    const now = ctx.platform.deps.clock.now();
    const session = (await readSession(ctx.raw, s.rawSessionIds[Math.floor(i / perSession)]!))!;
    const personId = s.rawPeople[i]!;
    const reservation = rawReservation(session, personId, now);
    const out = await takePlace(ctx.raw, {
      reservation,
      now,
      modes: modesFor(false),
      maxHeld: limits.held,
      idempotency: { operation: 'reserveSeat', actorId: personId, key: `raw-${i}`, hash: 'x', expiresAt: Math.floor(now.getTime() / 1000) + 86_400 },
      answer: { id: reservation.id, status: 'confirmed' },
      message: confirmedMessage(session, reservation, now, 'http://localhost:3000'),
    });
    if (!out.ok) throw new Error(`raw reserve refused: ${JSON.stringify(out.refusal)}`);
  },
};

function rawReservation(session: NonNullable<Awaited<ReturnType<typeof readSession>>>, personId: string, now: Date): Reservation {
  return {
    id: reservationIdOf(session.id, personId),
    sessionId: session.id,
    activityId: session.activityId,
    personId,
    status: 'confirmed',
    companion: false,
    places: 1,
    bookedBy: personId,
    joinedSeq: 0,
    checkInCode: newCheckInCode(),
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    activityTitle: session.activityTitle,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
}

interface CancelState extends ReserveState {
  ids: string[];
  rawIds: { sessionId: string; personId: string }[];
}

/**
 * cancelReservation: GetItem of the reservation (strongly consistent: its status decides the write), GetItem
 * of the session (for the message), one TransactWriteItems (reservation, session counters, holdings, outbox).
 */
export const cancelReservation = {
  name: 'cancelReservation',
  operationId: 'cancelReservation',
  expected: {
    requests: 3,
    readUnits: 1.5,
    writeUnits: 12,
    why: 'GetItem reservation (consistent) + GetItem session + one TransactWriteItems, each item counted double: reservation, session counters, holdings (2 each) and the outbox message with its cancelling .ics (over 1 KB: 4) plus the reservation index entry it rewrites',
  },
  setup: async (ctx: Ctx, calls: number): Promise<CancelState> => {
    const s = await reserveSetup(ctx, calls);
    const ids: string[] = [];
    const rawIds: CancelState['rawIds'] = [];
    for (let i = 0; i < calls; i += 25) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(25, calls - i) }, async (_, j) => {
          const k = i + j;
          const a = await ctx.http(reserveSeat.request(s, k));
          await reserveSeat.raw(ctx, s, k);
          return { id: a.body.id as string, raw: { sessionId: s.rawSessionIds[Math.floor(k / perSession)]!, personId: s.rawPeople[k]! } };
        }),
      );
      for (const b of batch) {
        ids.push(b.id);
        rawIds.push(b.raw);
      }
    }
    return { ...s, ids, rawIds };
  },
  request: (s: CancelState, i: number): Req => ({ method: 'DELETE', path: `/api/reservations/${s.ids[i]}`, token: s.people[i]!.token, expectStatus: 200 }),
  raw: async (ctx: Ctx, s: CancelState, i: number) => {
    const now = ctx.platform.deps.clock.now();
    const { sessionId, personId } = s.rawIds[i]!;
    const reservation = (await getReservation(ctx.raw, sessionId, personId))!;
    const session = (await readSession(ctx.raw, sessionId))!;
    await moveReservation(ctx.raw, { reservation, from: reservation.status, to: 'cancelled', now, message: cancelledMessage(session, reservation, now) });
  },
};

/** getSession: one GetItem, eventually consistent. */
export const getSession = {
  name: 'getSession',
  operationId: 'getSession',
  expected: { requests: 1, readUnits: 0.5, writeUnits: 0, why: 'GetItem SESSION#id/META, eventually consistent, < 4 KB' },
  setup: async (ctx: Ctx) => ({ sessionId: await createSession(ctx, 20) }),
  request: (s: { sessionId: string }): Req => ({ method: 'GET', path: `/api/sessions/${s.sessionId}`, expectStatus: 200 }),
  raw: (ctx: Ctx, s: { sessionId: string }) => readSession(ctx.raw, s.sessionId),
};

/** What the contention section needs: a session with `capacity` places that residents may reserve now. */
export const burst = { createSession };

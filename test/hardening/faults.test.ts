import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiAnswer } from '../helpers/platform';
import { checkInvariants, people, reserve, sessionState } from '../helpers/sessions';
import { recordCount } from './counts';
import { type FaultInjector, injectFaults, internals } from './fault-injection';
import { sizes } from './size';
import { hubH1, orgOther, startWorld, type World } from './world';

/**
 * Faults at 5% of DynamoDB calls during concurrency bursts. Each scenario fires a burst (clients retry a
 * 503 after Retry-After with the same Idempotency-Key, as a browser would), then checks its invariant and
 * that acknowledged writes exist. Add a scenario (reservations once merged) to `scenarios` below.
 */
interface FaultScenario {
  name: string;
  /** makes the objects, returns the burst: each entry sends one request (the same one again on retry) */
  prepare(w: World): Promise<{ requests: (() => Promise<ApiAnswer>)[]; check(answers: ApiAnswer[]): Promise<void> }>;
}

let w: World;
let faults: FaultInjector;
const rate = 0.05;
const retryCapMs = 1000;
const stats = { requests: 0, retries: 0, statuses: {} as Record<number, number> };

beforeAll(async () => {
  w = await startWorld();
  faults = injectFaults(w.p.deps.db);
}, 900_000);
afterAll(async () => {
  recordCount('faults', {
    rate,
    calls: faults?.calls ?? 0,
    injected: faults?.total() ?? 0,
    ...faults?.injected,
    requests: stats.requests,
    clientRetries: stats.retries,
    statuses: JSON.stringify(stats.statuses),
  });
  await w?.p.stop();
});

/** A client that honours Retry-After on 503 (a few times), resending the very same request. */
async function withClientRetry(send: () => Promise<ApiAnswer>): Promise<ApiAnswer> {
  for (let attempt = 0; ; attempt++) {
    const answer = await send();
    stats.requests++;
    stats.statuses[answer.status] = (stats.statuses[answer.status] ?? 0) + 1;
    expect(answer.status, `never a 5xx other than 503: ${JSON.stringify(answer.body)}`).not.toBeGreaterThan(503);
    expect(answer.status).not.toBe(500);
    if (answer.status >= 400) {
      expect(JSON.stringify(answer.body), 'no internals in an answer').not.toMatch(internals);
      expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
    if (answer.status === 409 || answer.status === 503) {
      if (answer.status === 503) expect(Number(answer.headers.get('retry-after')), '503 carries Retry-After').toBeGreaterThan(0);
    }
    if (answer.status !== 503 || attempt >= 4) return answer;
    stats.retries++;
    // honour Retry-After as a browser would, capped (and jittered) to keep the test short
    const after = Number(answer.headers.get('retry-after')) * 1000;
    await new Promise((r) => setTimeout(r, Math.min(after, retryCapMs) * (0.5 + Math.random() / 2)));
  }
}

const roomBookings: FaultScenario = {
  name: 'rooms: concurrent bookings of clashing slots',
  async prepare(w) {
    const roomId = await w.factories.room(hubH1, true);
    const day = w.inDays(20);
    const groups = ['09', '11', '13', '15'];
    const n = sizes.faultBurst;
    const requests = Array.from({ length: n }, (_, i) => {
      const hour = groups[i % groups.length]!;
      const body = { start: `${day}T${hour}:00`, end: `${day}T${hour}:${i % 2 ? '30' : '45'}`, purpose: `Request ${i}`, expectedAttendance: 5 };
      const key = `fault-room-${i}-${day}`;
      return () => w.call('coordinatorOfHub', 'POST', `/api/rooms/${roomId}/bookings`, { body, headers: { 'idempotency-key': key } });
    });
    return {
      requests,
      async check(answers) {
        faults.disable();
        const ok = answers.filter((a) => a.status === 201);
        expect(ok.length, 'at most one confirmed booking per clashing group').toBeLessThanOrEqual(groups.length);
        const availability = await w.must('coordinatorOfHub', 'GET', `/api/rooms/${roomId}/availability?from=${day}&to=${day}`);
        const busy = availability.busy as { start: string; end: string }[];
        expect(busy.length).toBeLessThanOrEqual(groups.length);
        for (let i = 0; i < busy.length; i++) for (let j = i + 1; j < busy.length; j++) expect(busy[i]!.end <= busy[j]!.start || busy[j]!.end <= busy[i]!.start, 'no double booking').toBe(true);
        // every acknowledged booking exists, and retrying it with its key answers the same booking
        for (const [i, a] of answers.entries()) {
          if (a.status !== 201) continue;
          const stored = await w.must('coordinatorOfHub', 'GET', `/api/room-bookings/${a.body.bookingId}`);
          expect(stored.status).toBe('confirmed');
          const again = await requests[i]!();
          expect([200, 201]).toContain(again.status);
          expect(again.body.bookingId, 'a retried create answers the same booking').toBe(a.body.bookingId);
        }
        const after = await w.must('coordinatorOfHub', 'GET', `/api/rooms/${roomId}/availability?from=${day}&to=${day}`);
        expect(after.busy.length, 'retries made nothing new').toBe(busy.length);
      },
    };
  },
};

const shiftSignUps: FaultScenario = {
  name: 'shifts: concurrent sign-ups for few places',
  async prepare(w) {
    const owner = { kind: 'organisation' as const, id: orgOther };
    const roleId = await w.factories.role(owner);
    const n = Math.max(20, Math.floor(sizes.faultBurst / 5));
    const places = 5;
    const volunteers: { token: string; userId: string }[] = [];
    for (let i = 0; i < n; i += 10) {
      volunteers.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(10, n - i) }, async () => {
            const v = await w.factories.newcomer();
            await w.must(v, 'POST', `/api/volunteer-roles/${roleId}/applications`, { body: { availability: 'Any', statement: 'Happy to help', dateOfBirth: '1980-01-01' } });
            await w.must(w.others.partner2, 'POST', `/api/volunteer-roles/${roleId}/applications/${v.userId}/review`, { body: { decision: 'approve' } });
            return v;
          }),
        )),
      );
    }
    const made = await w.must(w.others.partner2, 'POST', '/api/shifts', {
      body: { owner, title: 'Rush', location: 'Hall', date: w.inDays(9), startTime: '10:00', endTime: '12:00', places: [{ roleId, places }] },
    });
    const shiftId = made.items[0].shiftId as string;
    // each volunteer tries twice at once (a double click), to stress one-sign-up-each too
    const requests = [...volunteers, ...volunteers].map((v) => () => w.call(v, 'POST', `/api/shifts/${shiftId}/sign-up`, { body: { roleId } }));
    return {
      requests,
      async check(answers) {
        faults.disable();
        const rota = await w.must(w.others.partner2, 'GET', `/api/shifts/${shiftId}`);
        const taken = rota.roles[0].taken as number;
        expect(taken, 'never more sign-ups than places').toBeLessThanOrEqual(places);
        const signedUp = new Set((rota.volunteers as { volunteerId: string }[]).map((v) => v.volunteerId));
        expect(signedUp.size, 'the count matches the people').toBe(taken);
        expect((rota.volunteers as unknown[]).length, 'one sign-up each').toBe(signedUp.size);
        const acknowledged = new Set(answers.flatMap((a, i) => (a.status === 201 ? [[...volunteers, ...volunteers][i]!.userId] : [])));
        for (const id of acknowledged) expect(signedUp.has(id), 'every acknowledged sign-up is on the rota').toBe(true);
        for (const a of answers) if (a.status === 409) expect(['shift_full', 'already_signed_up', 'changed', 'overlapping_shift']).toContain(a.body.code);
      },
    };
  },
};

/** Only these answers, as problem+json where not 201/200 (checked per answer in withClientRetry). */
function expectStatuses(answers: ApiAnswer[], allowed: number[]): void {
  for (const a of answers) expect(allowed, JSON.stringify(a.body)).toContain(a.status);
}

const reservationBursts: FaultScenario = {
  name: 'reservations: concurrent reserveSeat for a few places (and double clicks)',
  async prepare(w) {
    const capacity = 10;
    const session = await w.factories.session({ kind: 'hub', id: hubH1 }, { capacity });
    const n = Math.max(100, sizes.faultBurst);
    const residents = await people(w.p, n);
    // the first 20 click twice (two keys): the second must not make a second reservation
    const senders = [...residents, ...residents.slice(0, 20)];
    const requests = senders.map((r, i) => () => reserve(w.p, r.token, session.id, `fault-reserve-${session.id}-${i}`));
    return {
      requests,
      async check(answers) {
        faults.disable();
        expectStatuses(answers, [201, 409, 503]);
        for (const a of answers) if (a.status === 409) expect(['already_reserved', 'changed_meanwhile', 'in_progress']).toContain(a.body.code);
        const state = await sessionState(w.p, session.id);
        checkInvariants(state);
        const stored = new Map(state.reservations.map((r) => [r.id as string, r]));
        // every 201 is a stored reservation of that person, in the state it was answered
        for (const [i, a] of answers.entries()) {
          if (a.status !== 201) continue;
          const r = stored.get(a.body.id);
          expect(r, `acknowledged reservation ${a.body.id} is stored`).toBeDefined();
          expect(r!.personId).toBe(senders[i]!.userId);
          expect(r!.status).toBe(a.body.status);
        }
        // nobody was refused a place while one was free: the places all went
        expect(state.session.confirmed, 'no place lost to a fault').toBe(Math.min(capacity, state.reservations.length));
        // retried with its key, each request answers the same reservation it made (or the same refusal)
        for (const [i, send] of requests.entries()) {
          const again = await send();
          const mine = stored.get(`${session.id}_${senders[i]!.userId}`);
          if (answers[i]!.status === 201 || (mine && answers[i]!.status === 503)) {
            expect(again.status, JSON.stringify(again.body)).toBe(201);
            expect(again.body.id).toBe(mine!.id);
          }
        }
        const after = await sessionState(w.p, session.id);
        expect(after.reservations.length, 'retries made nothing new').toBe(state.reservations.length);
      },
    };
  },
};

const cancelBursts: FaultScenario = {
  name: 'reservations: concurrent cancels while the stream promotes from the waitlist',
  async prepare(w) {
    const capacity = 10;
    const session = await w.factories.session({ kind: 'hub', id: hubH1 }, { capacity, waitlist: 'auto-confirm' });
    const residents = await people(w.p, 40);
    const made = await Promise.all(residents.map((r, i) => reserve(w.p, r.token, session.id, `fault-cancel-${session.id}-${i}`)));
    expect(made.map((a) => a.status)).toEqual(residents.map(() => 201));
    const confirmed = residents.filter((_, i) => made[i]!.body.status === 'confirmed');
    const waiting = residents.filter((_, i) => made[i]!.body.status === 'waitlisted');
    expect(confirmed).toHaveLength(capacity);
    // every confirmed person and a third of those waiting cancel, each clicking twice
    const leaving = [...confirmed, ...waiting.filter((_, i) => i % 3 === 0)];
    const senders = [...leaving, ...leaving];
    const requests = senders.map((r) => () => w.call(r, 'DELETE', `/api/reservations/${session.id}_${r.userId}`));
    return {
      requests,
      async check(answers) {
        expectStatuses(answers, [200, 409, 503]);
        // promotion runs through the stream (with faults still on for part of it); then faults stop and it settles
        faults.disable();
        await w.p.stream.idle();
        const state = await sessionState(w.p, session.id);
        checkInvariants(state);
        const byPerson = new Map(state.reservations.map((r) => [r.personId as string, r]));
        for (const [i, a] of answers.entries()) if (a.status === 200) expect(byPerson.get(senders[i]!.userId)!.status, 'an acknowledged cancel is stored').toBe('cancelled');
        // a cancel answered 503 may have happened or not; send it again now: it is (still) cancelled
        for (const [i, send] of requests.entries()) if (answers[i]!.status !== 200) expect((await send()).status).toBe(200);
        await w.p.stream.idle();
        const settled = await sessionState(w.p, session.id);
        checkInvariants(settled);
        const staying = residents.length - leaving.length;
        expect(settled.session.confirmed, 'freed places went to those waiting').toBe(Math.min(capacity, staying));
        expect(settled.session.waitlisted).toBe(Math.max(0, staying - capacity));
      },
    };
  },
};

const scenarios: FaultScenario[] = [roomBookings, shiftSignUps, reservationBursts, cancelBursts];

describe(`faults at ${rate * 100}% of DynamoDB calls`, () => {
  for (const scenario of scenarios) {
    it(scenario.name, { timeout: 600_000 }, async () => {
      const { requests, check } = await scenario.prepare(w);
      const before = faults.total();
      const callsBefore = faults.calls;
      faults.enable(rate);
      let answers: ApiAnswer[];
      try {
        answers = await Promise.all(requests.map((send) => withClientRetry(send)));
      } finally {
        faults.disable();
      }
      const injected = faults.total() - before;
      const calls = faults.calls - callsBefore;
      await check(answers);
      const answered: Record<number, number> = {};
      for (const a of answers) answered[a.status] = (answered[a.status] ?? 0) + 1;
      recordCount('faults-scenario', { scenario: scenario.name, requests: requests.length, calls, injected, finalAnswers: JSON.stringify(answered) });
      expect(injected, 'faults were injected').toBeGreaterThan(0);
    });
  }
});

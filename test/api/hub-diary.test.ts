/**
 * One hub diary (issue 18): registers taken when sessions happen, sessions held in rooms under the rooms'
 * no-double-booking guarantee, cancelling a session leaving no one stranded. Through HTTP, on DynamoDB Local.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { isBankHoliday } from '../../functions/lib/holidays';
import { addDays, isoWeekday } from '../../functions/lib/london';
import { demoIds } from '../../functions/local/seed/ids';
import { slotKey } from '../../functions/rooms/data';
import { granulesOf, localToMs, overlaps } from '../../functions/rooms/rules';
import { attendanceFixtures, lunchClub } from '../helpers/attendance';
import { eventually, startPlatform, type TestPlatform } from '../helpers/platform';
import { booking, createRoom, personWith } from '../helpers/rooms';

// Monday 1 June 2026, 09:00 in London (BST)
const clock = manualClock('2026-06-01T08:00:00Z');
let p: TestPlatform;
let f: ReturnType<typeof attendanceFixtures>;

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  f = attendanceFixtures(p);
});
afterAll(async () => {
  await p?.stop();
});

/** The problem details of a refused request. */
const problem = (r: { body: unknown }) => r.body as { code: string; detail: string; errors?: { field: string; rule: string }[]; clashes?: unknown[] };

const at = async <T>(instant: string, fn: () => Promise<T>): Promise<T> => {
  const was = clock.now();
  clock.set(instant);
  try {
    return await fn();
  } finally {
    clock.set(was);
  }
};

describe('registers are taken when sessions happen (point 4)', () => {
  it('accepts "Here" and "No-show" from 30 minutes before the start until 7 days after the end, and refuses outside with the reason', async () => {
    // Tuesday 2 June, 14:00 to 15:30 London (13:00Z to 14:30Z)
    const session = await f.session('2026-06-02');
    const ada = await f.person('ada.window@example.org');
    const ben = await f.person('ben.window@example.org');
    await f.book(ada, session.id);
    await f.book(ben, session.id);
    const coordinator = await f.coordinator();
    const post = (marks: unknown[]) => p.op('recordAttendance', { params: { sessionId: session.id }, token: coordinator, body: { marks } as never });

    // the day before: refused, nothing written, and the register says so instead of offering the buttons
    const early = await post([f.mark(ada.userId, 'attended', clock.now().toISOString())]);
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'register_not_open', errors: [{ field: 'body.marks.0.status', rule: 'register_not_open' }] });
    expect(problem(early).detail).toBe('The register opens at 13:30 on Tuesday 2 June 2026, 30 minutes before the session starts. Mark people when they arrive.');
    const closedView = await p.op('getRegister', { params: { sessionId: session.id }, token: coordinator });
    expect(closedView.body.marking).toMatchObject({ open: false, rule: 'register_not_open', opensAt: '2026-06-02T12:30:00.000Z', closesAt: '2026-06-09T14:30:00.000Z' });
    expect(closedView.body.counts).toMatchObject({ attended: 0, noShow: 0 });

    // one minute before it opens: still refused; at 13:30 it opens
    const justBefore = await at('2026-06-02T12:29:00Z', () => post([f.mark(ada.userId, 'attended', '2026-06-02T12:29:00Z')]));
    expect(justBefore.status).toBe(422);
    const opened = await at('2026-06-02T12:30:00Z', () => post([f.mark(ada.userId, 'attended', '2026-06-02T12:30:00Z'), f.mark(ben.userId, 'no-show', '2026-06-02T12:30:00Z')]));
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const openView = await at('2026-06-02T13:00:00Z', () => p.op('getRegister', { params: { sessionId: session.id }, token: coordinator }));
    expect(openView.body.marking).toMatchObject({ open: true });

    // a late register a week on (the last moment) corrects Ben, keeping the history; a minute later it is closed
    const late = await at('2026-06-09T14:30:00Z', () => post([f.mark(ben.userId, 'attended', '2026-06-09T14:30:00Z')]));
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body.results[0]!.current).toMatchObject({ status: 'attended', previousStatus: 'no-show' });
    expect(late.body.results[0]!.current.history.map((h: { status: string }) => h.status)).toEqual(['no-show', 'attended']);
    const closed = await at('2026-06-09T14:31:00Z', () => post([f.mark(ben.userId, 'no-show', '2026-06-09T14:31:00Z')]));
    expect(closed.status).toBe(422);
    expect(closed.body).toMatchObject({ code: 'register_closed' });
    expect(problem(closed).detail).toBe('The register closed on Tuesday 9 June 2026, 7 days after the session. Marks can no longer be added or changed.');

    // check-in at the door keeps the same window
    const door = await at('2026-06-02T08:00:00Z', async () => {
      const cal = await f.person('cal.window@example.org');
      const booking = await f.book(cal, session.id);
      return p.op('checkIn', { token: coordinator, body: { sessionId: session.id, code: booking.checkInCode } });
    });
    expect(door.status).toBe(422);
    expect(door.body).toMatchObject({ code: 'register_not_open' });
  });

  it('a session cancelled by the hub keeps the marks already made, shows who lost their place, and takes no more', async () => {
    const session = await f.session('2026-06-03');
    const dee = await f.person('dee.cancel@example.org');
    const eve = await f.person('eve.cancel@example.org');
    await f.book(dee, session.id);
    await f.book(eve, session.id);
    const coordinator = await f.coordinator();
    await at('2026-06-03T13:00:00Z', async () => {
      const marked = await p.op('recordAttendance', { params: { sessionId: session.id }, token: coordinator, body: { marks: [f.mark(dee.userId, 'attended', '2026-06-03T13:00:00Z')] } });
      expect(marked.status, JSON.stringify(marked.body)).toBe(200);
      const cancelled = await p.op('cancelSession', { params: { sessionId: session.id }, token: coordinator, body: { reason: 'The heating failed' } });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      await p.stream.idle();
      const refused = await p.op('recordAttendance', { params: { sessionId: session.id }, token: coordinator, body: { marks: [f.mark(eve.userId, 'no-show', '2026-06-03T13:05:00Z')] } });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'session_cancelled' });
      const register = await p.op('getRegister', { params: { sessionId: session.id }, token: coordinator });
      expect(register.body.marking).toMatchObject({ open: false, rule: 'session_cancelled' });
      expect(register.body.people.find((x: { personId: string }) => x.personId === dee.userId)!.mark).toMatchObject({ status: 'attended', history: [expect.objectContaining({ status: 'attended' })] });
      expect(register.body.cancelled).toEqual([expect.objectContaining({ personId: eve.userId, byHub: true })]);
    });
  });
});

describe('a session is held in a room of its hub (point 1)', () => {
  let roomId: string;
  let coordinator: string;
  let partner: string;
  const weekly = (extra: Record<string, unknown> = {}) => ({ startDate: '2026-06-10', startTime: '10:00', durationMinutes: 90, rrule: 'FREQ=WEEKLY;COUNT=4', roomId, ...extra });

  beforeAll(async () => {
    roomId = await createRoom(p, { name: 'Garden room', setupMinutes: 15, cleardownMinutes: 15 });
    coordinator = await f.coordinator();
    partner = await p.tokenFor('partner@example.org');
  });

  it('lists the dates whose room is taken, with what, and the schedule goes ahead without them or not at all', async () => {
    // a partner's hire on the second Wednesday from 11:30 (inside the session's cleardown), approved
    const hire = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-06-17T11:30', '2026-06-17T12:30', { purpose: 'Tenants meeting' }) as never });
    expect(hire.status, JSON.stringify(hire.body)).toBe(201);
    expect(
      (await p.op('approveRoomBooking', { params: { bookingId: hire.body.bookingId }, token: await personWith(p, 'second.coordinator@example.org', ['coordinator'], { hubIds: [lunchClub.hubId!] }) }))
        .status,
    ).toBe(200);
    // the hub's own private booking on the third, 09:00 to 09:45 (its cleardown meets the session's setup)
    const own = await p.op('requestRoomBooking', {
      params: { roomId },
      token: coordinator,
      body: booking('2026-06-24T09:00', '2026-06-24T09:45', { purpose: 'Staff supervision', private: true }) as never,
    });
    expect(own.status, JSON.stringify(own.body)).toBe(201);

    const preview = await p.op('previewSessions', { params: { activityId: lunchClub.id }, token: coordinator, body: weekly() as never });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.clashes!.map((c) => c.localDate)).toEqual(['2026-06-17', '2026-06-24']);

    const refused = await p.op('scheduleSessions', { params: { activityId: lunchClub.id }, token: coordinator, body: weekly() as never });
    expect(refused.status).toBe(409);
    expect(problem(refused)).toMatchObject({
      code: 'room_clash',
      clashes: [
        {
          localDate: '2026-06-17',
          localStartTime: '10:00',
          clashesWith: { startLocal: '2026-06-17T11:30', endLocal: '2026-06-17T12:30', what: 'Tenants meeting, Age Well Westfield (a room booking)' },
        },
        { localDate: '2026-06-24', clashesWith: { what: expect.stringMatching(/^Staff supervision, .+ \(a room booking\)$/) } },
      ],
    });
    const none = await p.op('listSessions', { params: { activityId: lunchClub.id }, query: { from: '2026-06-10', to: '2026-07-01' } });
    expect(none.body.items.filter((s) => s.roomId === roomId)).toEqual([]);

    const made = await p.op('scheduleSessions', { params: { activityId: lunchClub.id }, token: coordinator, body: weekly({ onClash: 'skip' }) as never });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.created).toBe(2);
    expect(made.body.sessions.map((s) => [s.localDate, s.room])).toEqual([
      ['2026-06-10', 'Garden room, Oak Road Community Centre'],
      ['2026-07-01', 'Garden room, Oak Road Community Centre'],
    ]);
    expect(made.body.clashes!.map((c) => c.localDate)).toEqual(['2026-06-17', '2026-06-24']);

    // the room's diary shows the session as busy, setup and cleardown included; anyone checking the time sees the clash
    const diary = await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-06-10', to: '2026-06-10' } });
    expect(diary.body.busy).toEqual([expect.objectContaining({ startLocal: '2026-06-10T09:45', endLocal: '2026-06-10T11:45', session: expect.objectContaining({ activityTitle: 'Lunch Club' }) })]);
    const check = await p.op('checkRoomBooking', { params: { roomId }, token: partner, body: { start: '2026-06-10T11:00', end: '2026-06-10T12:00' } });
    expect(check.body.clashes).toEqual([expect.objectContaining({ clashesWith: expect.objectContaining({ purpose: 'Lunch Club', sessionId: made.body.sessions[0]!.id }) })]);
    // and a hire for that time cannot be confirmed over it
    const late = await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-07-01T11:00', '2026-07-01T12:00') as never });
    expect(late.status).toBe(409);
    expect(problem(late).detail).toMatch(/clashes with/);
  });

  it('moving a session moves its room slots in the same write, and a taken time is refused', async () => {
    const made = await p.op('scheduleSessions', { params: { activityId: lunchClub.id }, token: coordinator, body: { startDate: '2026-06-11', startTime: '10:00', durationMinutes: 60, roomId } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const sessionId = made.body.sessions[0]!.id;
    const blocker = await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-06-11T15:00', '2026-06-11T16:00') as never });
    expect(blocker.status).toBe(201);
    const clash = await p.op('updateSession', { params: { sessionId }, token: coordinator, body: { localStartTime: '15:30' } });
    expect(clash.status).toBe(409);
    expect(problem(clash).code).toBe('room_clash');
    const moved = await p.op('updateSession', { params: { sessionId }, token: coordinator, body: { localStartTime: '10:30' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const diary = await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-06-11', to: '2026-06-11' } });
    expect(diary.body.busy.map((b) => [b.startLocal.slice(11), b.endLocal.slice(11)])).toEqual([
      ['10:15', '11:45'],
      ['14:45', '16:15'],
    ]);
    // the old start is free again: a hire from 09:00 to 10:00 fits (its cleardown to 10:15)
    expect((await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-06-11T09:00', '2026-06-11T10:00') as never })).status).toBe(201);
  });

  it('schedules made at once for one room and time: one holds the room, and each other is refused naming it and its time', async () => {
    // a quarter hour with no setup or cleardown is one slot: the clash found at the write is named by that slot
    const quarter = await createRoom(p, { name: 'Quiet room', setupMinutes: 0, cleardownMinutes: 0 });
    const coordinator = await f.coordinator();
    const body = { startDate: '2026-06-12', startTime: '14:00', durationMinutes: 15, roomId: quarter };
    const answers = await Promise.all(Array.from({ length: 8 }, () => p.op('scheduleSessions', { params: { activityId: lunchClub.id }, token: coordinator, body: body as never })));
    const made = answers.filter((a) => a.status === 201);
    expect(made).toHaveLength(1);
    const winner = made[0]!.body.sessions[0]!.id;
    for (const refused of answers.filter((a) => a.status !== 201)) {
      expect(refused.status).toBe(409);
      expect(problem(refused)).toMatchObject({
        code: 'room_clash',
        clashes: [{ localDate: '2026-06-12', clashesWith: { startLocal: '2026-06-12T14:00', endLocal: '2026-06-12T14:15', sessionId: winner } }],
      });
    }
  });

  it('refuses a room of another hub, a room and an address together, and a partner holding the hub’s room', async () => {
    const other = await createRoom(p, { hubId: demoIds.hubs.stMarysHall } as never).catch(() => undefined);
    if (other) {
      const answer = await p.op('scheduleSessions', {
        params: { activityId: lunchClub.id },
        token: await p.tokenFor('admin@example.org'),
        body: { startDate: '2026-06-12', startTime: '10:00', durationMinutes: 60, roomId: other },
      });
      expect(answer.status).toBe(422);
      expect(problem(answer).errors![0]).toMatchObject({ field: 'body.roomId', rule: 'other_hub' });
    }
    const both = await p.op('scheduleSessions', {
      params: { activityId: lunchClub.id },
      token: coordinator,
      body: { startDate: '2026-06-12', startTime: '10:00', durationMinutes: 60, roomId, elsewhere: '1 High Street' },
    });
    expect(both.status).toBe(400);
    expect((await p.op('scheduleSessions', { params: { activityId: lunchClub.id }, token: partner, body: { startDate: '2026-06-12', startTime: '10:00', durationMinutes: 60, roomId } })).status).toBe(
      403,
    );
    const elsewhere = await p.op('scheduleSessions', {
      params: { activityId: lunchClub.id },
      token: coordinator,
      body: { startDate: '2026-06-12', startTime: '10:00', durationMinutes: 60, elsewhere: 'Allotments, 3 Mill Lane' },
    });
    expect(elsewhere.status).toBe(201);
    expect(elsewhere.body.sessions[0]).toMatchObject({ location: 'Allotments, 3 Mill Lane' });
    expect(elsewhere.body.sessions[0]!.roomId).toBeUndefined();
  });
});

describe('cancelling a session leaves no one stranded (point 6)', () => {
  it('tells everyone booked and waiting, frees the room and closes its shifts, in one operation safe to retry', async () => {
    const roomId = await createRoom(p, { setupMinutes: 15, cleardownMinutes: 15 });
    const coordinator = await f.coordinator();
    const made = await p.op('scheduleSessions', {
      params: { activityId: lunchClub.id },
      token: coordinator,
      body: { startDate: '2026-06-15', startTime: '10:00', durationMinutes: 60, capacity: 1, roomId },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const session = made.body.sessions[0]!;
    const booked = await f.person('booked.stranded@example.org');
    const waiting = await f.person('waiting.stranded@example.org');
    await f.book(booked, session.id);
    expect((await p.op('reserveSeat', { params: { sessionId: session.id }, token: waiting.token, body: {}, headers: { 'idempotency-key': 'wait-stranded-1' } })).body).toMatchObject({
      status: 'waitlisted',
    });
    const vol = await f.volunteerOnShift('helper.stranded@example.org', session);

    const cancel = () => p.op('cancelSession', { params: { sessionId: session.id }, token: coordinator, body: { reason: 'The boiler broke.' } });
    const [first, again] = await Promise.all([cancel(), cancel()]);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect((await cancel()).body).toMatchObject({ status: 'cancelled' });
    await p.stream.idle();

    const mailFor = async (userId: string) => (await p.op('devMailbox', { query: { toUserId: userId } })).body.items as { kind: string; text: string }[];
    for (const who of [booked, waiting]) {
      const mine = await p.op('listMyReservations', { token: who.token });
      expect(mine.body.items.find((r) => r.sessionId === session.id)).toMatchObject({ status: 'cancelled' });
      await eventually(async () =>
        expect((await mailFor(who.userId)).filter((m) => m.kind === 'session.cancelled')).toEqual([expect.objectContaining({ text: expect.stringContaining('The boiler broke.') })]),
      );
    }
    // the shift that helped run it has left the rota, and its volunteer was told once
    const rota = await p.op('listShifts', { query: { hubId: lunchClub.hubId!, from: '2026-06-15T00:00:00Z', to: '2026-06-16T00:00:00Z' }, token: coordinator });
    expect(rota.body.items.map((x) => x.shiftId)).not.toContain(vol.shiftId);
    await eventually(async () => expect((await mailFor(vol.userId)).filter((m) => m.kind === 'volunteer-shift.cancelled')).toHaveLength(1));
    const diary = await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-06-15', to: '2026-06-15' } });
    expect(diary.body.busy).toEqual([]);
    expect((await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-06-15T10:00', '2026-06-15T11:00') as never })).status).toBe(201);
  });
});

describe('no double booking when sessions and hires are made at once (race)', () => {
  // Each run is 100 real HTTP requests against DynamoDB Local, about 4 s on two cores: `npm test` runs 5 seeded
  // schedules; HUB_MODEL_RUNS=500 runs the 500 (about 35 minutes), with the same seed.
  const numRuns = Number(process.env.HUB_MODEL_RUNS ?? 5);
  it(
    '100 concurrent requests mixing session scheduling and room hires on one room and day leave no two overlapping, and the counts agree',
    async () => {
      const roomId = await createRoom(p, { setupMinutes: 15, cleardownMinutes: 15 });
      const coordinator = await f.coordinator();
      const hhmm = (quarter: number) => `${String(9 + Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;
      // a date of its own per run: weekdays that are not bank holidays, when Oak Road Centre is open 09:00 to 21:00
      // (every request falls within its hours)
      const dates: string[] = [];
      for (let d = '2026-07-01'; dates.length < numRuns; d = addDays(d, 1)) if (isoWeekday(d) <= 5 && !isBankHoliday(d)) dates.push(d);
      let run = 0;
      const request = fc.record({ kind: fc.constantFrom('session' as const, 'hire' as const), from: fc.integer({ min: 0, max: 40 }), quarters: fc.integer({ min: 2, max: 8 }) });
      await fc.assert(
        fc.asyncProperty(fc.array(request, { minLength: 100, maxLength: 100 }), async (requests) => {
          const date = dates[run++]!;
          const answers = await Promise.all(
            requests.map((r) =>
              r.kind === 'session'
                ? p.op('scheduleSessions', { params: { activityId: lunchClub.id }, token: coordinator, body: { startDate: date, startTime: hhmm(r.from), durationMinutes: r.quarters * 15, roomId } })
                : p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking(`${date}T${hhmm(r.from)}`, `${date}T${hhmm(r.from + r.quarters)}`) as never }),
            ),
          );
          const statuses = answers.map((a) => a.status);
          expect(
            statuses.every((s) => s === 201 || s === 409 || s === 503),
            JSON.stringify([...new Set(statuses)]),
          ).toBe(true);
          const sessionsMade = answers.filter((a, i) => a.status === 201 && requests[i]!.kind === 'session').length;
          const hiresMade = answers.filter((a, i) => a.status === 201 && requests[i]!.kind === 'hire').length;
          const diary = await p.op('getRoomAvailability', { params: { roomId }, query: { from: date, to: date } });
          const busy = diary.body.busy.map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end), session: !!b.session }));
          for (let i = 0; i < busy.length; i++) for (let j = i + 1; j < busy.length; j++) expect(overlaps(busy[i]!, busy[j]!)).toBe(false);
          expect(busy.filter((b) => b.session)).toHaveLength(sessionsMade);
          expect(busy.filter((b) => !b.session)).toHaveLength(hiresMade);
          const inRoom = (await p.op('listSessions', { params: { activityId: lunchClub.id }, query: { from: date, to: date } })).body.items.filter((s) => s.roomId === roomId);
          expect(inRoom).toHaveLength(sessionsMade);
          // every slot item is one granule of a busy range, and every granule of a busy range has its slot
          const granules = busy.flatMap((b) => granulesOf(b));
          const dayStart = localToMs(`${date}T00:00`);
          const held = await Promise.all(
            Array.from({ length: 96 }, (_, i) => p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: slotKey(roomId, dayStart + i * 15 * 60_000), ConsistentRead: true }))),
          );
          expect(held.filter((g) => g.Item).length).toBe(granules.length);
        }),
        { numRuns, seed: 18 },
      );
    },
    120_000 + numRuns * 20_000,
  );
});

describe('rotas follow the diary (point 5, in part)', () => {
  it('a shift attached to a session moves with it (one date, or the rest of a series), its volunteer told once; a retry tells no more', async () => {
    const coordinator = await f.coordinator();
    // Tuesdays 8, 15 and 22 September 2026, 14:00 to 15:30 (BST)
    const made = await p.op('scheduleSessions', {
      params: { activityId: lunchClub.id },
      token: coordinator,
      body: { startDate: '2026-09-08', startTime: '14:00', durationMinutes: 90, rrule: 'FREQ=WEEKLY;COUNT=3' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const [first, second, third] = made.body.sessions;
    // the volunteer helps run every date, 13:30 to 16:00 each time
    const vol = await f.volunteerOnShift('helper.mover@example.org', first!);
    const later: string[] = [];
    for (const s of [second!, third!]) {
      const shift = await p.op('createShift', {
        token: coordinator,
        body: {
          owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
          title: 'Lunch Club',
          location: 'Oak Road Centre, main hall',
          activitySessionId: s.id,
          date: s.localDate,
          startTime: '13:30',
          endTime: '16:00',
          places: [{ roleId: vol.roleId, places: 2 }],
        },
      });
      expect(shift.status, JSON.stringify(shift.body)).toBe(201);
      const shiftId = shift.body.items[0]!.shiftId;
      expect((await p.op('signUpForShift', { token: vol.token, params: { shiftId }, body: { roleId: vol.roleId } })).status).toBe(201);
      later.push(shiftId);
    }
    const mailFor = async (userId: string) => (await p.op('devMailbox', { query: { toUserId: userId } })).body.items as { kind: string; text: string }[];
    const movedMail = async () => (await mailFor(vol.userId)).filter((m) => m.kind === 'volunteer-shift.moved');
    const shiftTimes = async (shiftId: string) => {
      const { body } = await p.op('getShift', { params: { shiftId }, token: coordinator });
      return [body.startsAt, body.endsAt];
    };

    // one date moves to the Wednesday: its shift follows, and the volunteer is told once, even when the move is sent again
    const moveOne = () => p.op('updateSession', { params: { sessionId: first!.id }, token: coordinator, body: { localDate: '2026-09-09' } });
    expect((await moveOne()).status).toBe(200);
    await p.stream.idle();
    expect((await moveOne()).status).toBe(200);
    await p.stream.idle();
    expect(await shiftTimes(vol.shiftId)).toEqual(['2026-09-09T12:30:00Z', '2026-09-09T15:00:00Z']);
    await eventually(async () =>
      expect(await movedMail()).toEqual([
        expect.objectContaining({ text: expect.stringContaining('now Wednesday 9 September 2026, 13:30 to 16:00 (it was Tuesday 8 September 2026, 13:30 to 16:00)') }),
      ]),
    );
    // the dates the other shifts have not moved
    expect(await shiftTimes(later[0]!)).toEqual(['2026-09-15T12:30:00Z', '2026-09-15T15:00:00Z']);

    // the rest of the series starts an hour later: both shifts follow, one message each, none more on a retry
    const moveRest = () => p.op('updateSession', { params: { sessionId: second!.id }, token: coordinator, body: { localStartTime: '15:00', scope: 'rest' } });
    const rest = await moveRest();
    expect(rest.status, JSON.stringify(rest.body)).toBe(200);
    expect(rest.body.alsoChanged).toBe(1);
    await p.stream.idle();
    expect((await moveRest()).status).toBe(200);
    await p.stream.idle();
    expect(await shiftTimes(later[0]!)).toEqual(['2026-09-15T13:30:00Z', '2026-09-15T16:00:00Z']);
    expect(await shiftTimes(later[1]!)).toEqual(['2026-09-22T13:30:00Z', '2026-09-22T16:00:00Z']);
    await eventually(async () => expect(await movedMail()).toHaveLength(3));

    // the volunteer's own list, and their record (a shift at the new time overlaps, at the old time it would not)
    const mine = await p.op('getMyVolunteering', { token: vol.token });
    expect(
      mine.body.upcomingShifts
        .filter((s) => [vol.shiftId, ...later].includes(s.shiftId))
        .map((s) => s.startsAt)
        .sort(),
    ).toEqual(['2026-09-09T12:30:00Z', '2026-09-15T13:30:00Z', '2026-09-22T13:30:00Z']);
    const clashing = await p.op('createShift', {
      token: coordinator,
      body: {
        owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
        title: 'Washing up',
        location: 'Oak Road Centre, kitchen',
        date: '2026-09-22',
        startTime: '16:30',
        endTime: '17:30',
        places: [{ roleId: vol.roleId, places: 1 }],
      },
    });
    expect(clashing.status, JSON.stringify(clashing.body)).toBe(201);
    const refused = await p.op('signUpForShift', { token: vol.token, params: { shiftId: clashing.body.items[0]!.shiftId }, body: { roleId: vol.roleId } });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'overlapping_shift' });
  });

  it('volunteers signing up while the shift moves with its session all end on its new time, each told at most once', async () => {
    const coordinator = await f.coordinator();
    const session = await f.session('2026-09-29'); // Tuesday, 14:00 to 15:30
    const first = await f.volunteerOnShift('helper.race0@example.org', session);
    // a second shift place for each of five more volunteers approved for the same role
    const grown = await p.op('createShift', {
      token: coordinator,
      body: {
        owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
        title: 'Lunch Club',
        location: 'Oak Road Centre, main hall',
        activitySessionId: session.id,
        date: session.localDate,
        startTime: '13:30',
        endTime: '16:00',
        places: [{ roleId: first.roleId, places: 5 }],
      },
    });
    expect(grown.status, JSON.stringify(grown.body)).toBe(201);
    const shiftId = grown.body.items[0]!.shiftId;
    const racers: { token: string; userId: string }[] = [];
    for (let i = 1; i <= 5; i++) {
      const vol = await f.person(`helper.race${i}@example.org`);
      expect(
        (await p.op('applyForRole', { token: vol.token, params: { roleId: first.roleId }, body: { availability: 'Lunchtimes', statement: 'Happy to help.', dateOfBirth: '1980-03-01' } })).status,
      ).toBe(201);
      expect((await p.op('reviewApplication', { token: coordinator, params: { roleId: first.roleId, volunteerId: vol.userId }, body: { decision: 'approve' } })).status).toBe(200);
      racers.push(vol);
    }
    // two signed up before, three sign up while the session moves to Thursday and the stream moves the shifts
    for (const vol of racers.slice(0, 2)) expect((await p.op('signUpForShift', { token: vol.token, params: { shiftId }, body: { roleId: first.roleId } })).status).toBe(201);
    const [moved, ...signed] = await Promise.all([
      p.op('updateSession', { params: { sessionId: session.id }, token: coordinator, body: { localDate: '2026-10-01' } }).then(async (r) => (await p.stream.idle(), r)),
      ...racers.slice(2).map((vol) => p.op('signUpForShift', { token: vol.token, params: { shiftId }, body: { roleId: first.roleId } })),
    ]);
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(signed.map((r) => r.status)).toEqual([201, 201, 201]);
    await p.stream.idle();

    const shift = await p.op('getShift', { params: { shiftId }, token: coordinator });
    expect([shift.body.startsAt, shift.body.endsAt]).toEqual(['2026-10-01T12:30:00Z', '2026-10-01T15:00:00Z']);
    for (const vol of racers) {
      const mine = await p.op('getMyVolunteering', { token: vol.token });
      expect(mine.body.upcomingShifts.filter((s) => s.shiftId === shiftId).map((s) => [s.startsAt, s.endsAt])).toEqual([[shift.body.startsAt, shift.body.endsAt]]);
      const told = (await p.op('devMailbox', { query: { toUserId: vol.userId } })).body.items.filter((m: { kind: string }) => m.kind === 'volunteer-shift.moved');
      expect(told.length).toBeLessThanOrEqual(1);
    }
    // those on the shift before the move were told
    for (const vol of [first, ...racers.slice(0, 2)]) {
      await eventually(async () =>
        expect((await p.op('devMailbox', { query: { toUserId: vol.userId } })).body.items.filter((m: { kind: string }) => m.kind === 'volunteer-shift.moved')).toHaveLength(1),
      );
    }
  });

  it('a session made shorter shortens the shift that runs through it, and its volunteer is told it changed length', async () => {
    const coordinator = await f.coordinator();
    const session = await f.session('2026-10-06'); // Tuesday, 14:00 to 15:30
    const vol = await f.volunteerOnShift('helper.shorter@example.org', session); // 13:30 to 16:00
    const shorter = await p.op('updateSession', { params: { sessionId: session.id }, token: coordinator, body: { durationMinutes: 60 } });
    expect(shorter.status, JSON.stringify(shorter.body)).toBe(200);
    await p.stream.idle();
    const shift = await p.op('getShift', { params: { shiftId: vol.shiftId }, token: coordinator });
    // still half an hour before the start, and half an hour after the new end
    expect([shift.body.startsAt, shift.body.endsAt]).toEqual(['2026-10-06T12:30:00Z', '2026-10-06T14:30:00Z']);
    const mine = await p.op('getMyVolunteering', { token: vol.token });
    expect(mine.body.upcomingShifts.filter((s) => s.shiftId === vol.shiftId).map((s) => [s.startsAt, s.endsAt])).toEqual([['2026-10-06T12:30:00Z', '2026-10-06T14:30:00Z']]);
    await eventually(async () => {
      const told = (await p.op('devMailbox', { query: { toUserId: vol.userId } })).body.items.filter((m: { kind: string }) => m.kind === 'volunteer-shift.moved') as {
        subject: string;
        text: string;
      }[];
      expect(told).toEqual([
        expect.objectContaining({
          subject: 'Shift changed length: Lunch Club',
          text: expect.stringContaining('it is now Tuesday 6 October 2026, 13:30 to 15:30 (it was Tuesday 6 October 2026, 13:30 to 16:00)'),
        }),
      ]);
    });
  });

  it('a move that would take a shift outside the hub’s hours is refused naming the shift, and goes ahead on a coordinator’s reason, recorded on the shift', async () => {
    const coordinator = await f.coordinator();
    // Tuesday 13 October 2026, 09:30 to 11:00; Oak Road Centre opens at 09:00 on Tuesdays
    const session = await f.session('2026-10-13', '09:30', 90);
    const vol = await f.volunteerOnShift('helper.early@example.org', session);
    // the shift sets up from 09:00, when the hub opens
    const setUp = await p.op('createShift', {
      token: coordinator,
      body: {
        owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
        title: 'Set up the hall',
        location: 'Oak Road Centre, main hall',
        activitySessionId: session.id,
        date: session.localDate,
        startTime: '09:00',
        endTime: '09:30',
        places: [{ roleId: vol.roleId, places: 1 }],
      },
    });
    expect(setUp.status, JSON.stringify(setUp.body)).toBe(201);
    const setUpId = setUp.body.items[0]!.shiftId;
    // the session itself may start at 09:00, but its set-up would then start at 08:30
    const earlier = () => p.op('updateSession', { params: { sessionId: session.id }, token: coordinator, body: { localStartTime: '09:00' } });
    const refused = await earlier();
    expect(refused.status).toBe(422);
    expect(problem(refused)).toMatchObject({ code: 'outside_opening_hours', errors: [{ field: 'body.localStartTime', rule: 'outside_opening_hours' }] });
    expect(problem(refused).detail).toContain(
      'The volunteer shift “Set up the hall” would then be Tuesday 13 October 2026, 08:30 to 09:00: Oak Road Community Centre is open 09:00 to 21:00 on Tuesdays.',
    );
    expect(problem(refused).detail).toContain('give a reason to go ahead anyway');
    // nothing moved
    expect((await p.op('getSession', { params: { sessionId: session.id } })).body.localStartTime).toBe('09:30');
    const still = await p.op('getShift', { params: { shiftId: setUpId }, token: coordinator });
    expect(still.body.startsAt).toBe('2026-10-13T08:00:00Z');

    const reason = 'Caretaker opens early for us';
    const moved = await p.op('updateSession', { params: { sessionId: session.id }, token: coordinator, body: { localStartTime: '09:00', outsideHoursReason: reason } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.localStartTime).toBe('09:00');
    await p.stream.idle();
    const after = await p.op('getShift', { params: { shiftId: setUpId }, token: coordinator });
    expect([after.body.startsAt, after.body.endsAt]).toEqual(['2026-10-13T07:30:00Z', '2026-10-13T08:00:00Z']);
    expect(after.body.outsideHours).toMatchObject({ reason });
    // the afternoon shift after the session moves with its end, within the hours, and records no reason
    const afterwards = await p.op('getShift', { params: { shiftId: vol.shiftId }, token: coordinator });
    expect([afterwards.body.startsAt, afterwards.body.endsAt]).toEqual(['2026-10-13T12:00:00Z', '2026-10-13T14:30:00Z']);
    expect(afterwards.body.outsideHours).toBeUndefined();
  });

  it('a weekly series of shifts skips bank holidays, as sessions do', async () => {
    const coordinator = await f.coordinator();
    const role = await p.op('createRole', {
      token: coordinator,
      body: {
        owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
        title: 'Monday welcome desk',
        description: 'Greet people and show them where to go.',
        location: 'Oak Road Centre',
        commitment: 'Monday mornings',
        minimumAge: 16,
        requirements: { dbs: 'none', training: [], references: false },
        skills: [],
        days: ['mon'],
      },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    // Mondays from 24 August 2026: the 31st is the summer bank holiday
    const made = await p.op('createShift', {
      token: coordinator,
      body: {
        owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
        title: 'Welcome desk',
        location: 'Oak Road Centre',
        date: '2026-08-24',
        startTime: '09:00',
        endTime: '12:00',
        rrule: 'FREQ=WEEKLY;COUNT=3',
        places: [{ roleId: role.body.roleId, places: 1 }],
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.items.map((s) => s.startsAt.slice(0, 10))).toEqual(['2026-08-24', '2026-09-07']);
  });
});

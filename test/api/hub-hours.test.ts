/**
 * One hub diary (issue 18, point 2): a hub's opening hours and closed days (bank holidays by default, and its
 * own, with a reason). Sessions, room bookings and shifts outside them are refused with a problem naming the
 * hours, unless a coordinator goes ahead with a reason, which is recorded. A series goes ahead without the
 * days the hub is closed, and lists them. Through HTTP, on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { getBooking } from '../../functions/rooms/data';
import { getSession } from '../../functions/sessions/data';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { booking, createRoom, hubs } from '../helpers/rooms';
import { steadySteps } from '../helpers/sessions';

// Monday 1 June 2026, 09:00 in London (BST). Oak Road Community Centre opens Monday to Friday 09:00 to 21:00,
// Saturday 10:00 to 16:00, and is closed on Sundays (the seed).
const clock = manualClock('2026-06-01T08:00:00Z');
let p: TestPlatform;
let coordinator: string, partner: string;
const hubName = 'Oak Road Community Centre';

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  coordinator = await p.tokenFor('coordinator@example.org');
  partner = await p.tokenFor('partner@example.org');
  const closed = await p.op('updateHub', { params: { id: hubs.oakRoadCentre }, token: coordinator, body: { closures: [{ date: '2026-06-16', reason: 'Staff training day' }] } });
  expect(closed.status, JSON.stringify(closed.body)).toBe(200);
});
afterAll(() => p?.stop());

const problem = (r: { body: unknown }) => r.body as { code: string; detail: string; errors?: { field: string; rule: string }[]; dates?: { localDate: string; reason: string }[] };
const schedule = (token: string, body: Record<string, unknown>) => p.op('scheduleSessions', { params: { activityId: steadySteps().id }, token, body: { durationMinutes: 60, ...body } as never });
const sessionsOn = async (date: string) =>
  (await p.op('listSessions', { params: { activityId: steadySteps().id }, query: { from: date, to: date } })).body.items as { id: string; localStartTime: string }[];

describe('a hub’s opening hours and closed days', () => {
  it('are set by its coordinators: closures with a reason, shown on the hub; a date given twice is refused and nothing is written', async () => {
    const hub = await p.op('getHub', { params: { id: hubs.oakRoadCentre } });
    expect(hub.body).toMatchObject({ closures: [{ date: '2026-06-16', reason: 'Staff training day' }] });
    const twice = await p.op('updateHub', {
      params: { id: hubs.oakRoadCentre },
      token: coordinator,
      body: {
        closures: [
          { date: '2026-06-16', reason: 'Staff training day' },
          { date: '2026-06-16', reason: 'Again' },
        ],
      },
    });
    expect(twice.status).toBe(400);
    expect(problem(twice).errors).toEqual([expect.objectContaining({ field: 'body.closures' })]);
    const partnerTries = await p.op('updateHub', { params: { id: hubs.oakRoadCentre }, token: partner, body: { closures: [] } });
    expect(partnerTries.status).toBe(403);
    expect((await p.op('getHub', { params: { id: hubs.oakRoadCentre } })).body.closures).toEqual([{ date: '2026-06-16', reason: 'Staff training day' }]);
  });
});

describe('sessions keep to the hub’s diary', () => {
  it('refuses a session after closing time or on a day the hub is closed, naming the hours, and writes nothing', async () => {
    const late = await schedule(partner, { startDate: '2026-06-02', startTime: '22:30' });
    expect(late.status).toBe(422);
    expect(problem(late)).toMatchObject({ code: 'outside_opening_hours', errors: [{ field: 'body.startTime', rule: 'outside_opening_hours' }] });
    // a partner is not offered the override
    expect(problem(late).detail).toBe(`${hubName} is open 09:00 to 21:00 on Tuesdays. Choose a time when the hub is open.`);
    const overrun = await schedule(partner, { startDate: '2026-06-02', startTime: '20:30' });
    expect(overrun.status).toBe(422);
    const sunday = await schedule(partner, { startDate: '2026-06-07', startTime: '10:00' });
    expect(sunday.status).toBe(422);
    expect(problem(sunday).detail).toMatch(new RegExp(`^${hubName} is closed on Sundays\\.`));
    const training = await schedule(partner, { startDate: '2026-06-16', startTime: '10:00' });
    expect(training.status).toBe(422);
    expect(problem(training)).toMatchObject({ code: 'hub_closed' });
    expect(problem(training).detail).toMatch(new RegExp(`^${hubName} is closed on Tuesday 16 June 2026: Staff training day\\.`));
    expect(await sessionsOn('2026-06-02')).toEqual([]);
    expect(await sessionsOn('2026-06-07')).toEqual([]);
    expect(await sessionsOn('2026-06-16')).toEqual([]);
    // within the hours: made
    expect((await schedule(partner, { startDate: '2026-06-02', startTime: '19:30' })).status).toBe(201);
  });

  it('a coordinator goes ahead outside the hours with a reason, recorded on the session; a partner may not', async () => {
    const partnerTries = await schedule(partner, { startDate: '2026-06-03', startTime: '22:00', outsideHoursReason: 'Late film night' });
    expect(partnerTries.status).toBe(403);
    expect(await sessionsOn('2026-06-03')).toEqual([]);
    const unexplained = await schedule(coordinator, { startDate: '2026-06-03', startTime: '22:00' });
    expect(unexplained.status).toBe(422);
    expect(problem(unexplained).detail).toBe(`${hubName} is open 09:00 to 21:00 on Wednesdays. Choose a time when the hub is open, or give a reason to go ahead anyway.`);
    const blank = await schedule(coordinator, { startDate: '2026-06-03', startTime: '22:00', outsideHoursReason: '  ' });
    expect(blank.status).toBe(400);
    expect(problem(blank).errors?.[0]).toMatchObject({ field: 'body.outsideHoursReason' });

    const made = await schedule(coordinator, { startDate: '2026-06-03', startTime: '22:00', outsideHoursReason: 'Late film night, caretaker booked' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const session = made.body.sessions[0]!;
    expect(session.outsideHours).toEqual({ reason: 'Late film night, caretaker booked', at: clock.now().toISOString() });
    expect((await p.op('getSession', { params: { sessionId: session.id } })).body.outsideHours).toMatchObject({ reason: 'Late film night, caretaker booked' });
    const stored = await getSession(p.deps.db, session.id, true);
    expect(stored!.hoursOverride).toEqual({ reason: 'Late film night, caretaker booked', by: demoIds.users.coordinator, at: clock.now().toISOString() });

    // and on the hub's own closed day
    const onClosure = await schedule(coordinator, { startDate: '2026-06-16', startTime: '10:00', outsideHoursReason: 'Training includes this session' });
    expect(onClosure.status, JSON.stringify(onClosure.body)).toBe(201);
    // a session within the hours records nothing
    const within = await schedule(coordinator, { startDate: '2026-06-04', startTime: '10:00', outsideHoursReason: 'Not needed' });
    expect(within.status).toBe(201);
    expect(within.body.sessions[0]!.outsideHours).toBeUndefined();
  });

  it('a series goes ahead without the days the hub is closed, listing them (its own closures and bank holidays); the preview shows them', async () => {
    const body = { startDate: '2026-06-09', startTime: '11:00', rrule: 'FREQ=WEEKLY;COUNT=3' };
    const preview = await p.op('previewSessions', { params: { activityId: steadySteps().id }, token: partner, body: { durationMinutes: 60, ...body } as never });
    expect(preview.status).toBe(200);
    expect(preview.body.occurrences.map((o) => o.localDate)).toEqual(['2026-06-09', '2026-06-23']);
    expect(preview.body.skipped).toEqual([expect.objectContaining({ localDate: '2026-06-16', note: 'hub-closed' })]);
    expect(preview.body.closed).toEqual([expect.objectContaining({ localDate: '2026-06-16', reason: `${hubName} is closed on Tuesday 16 June 2026: Staff training day.` })]);

    const made = await schedule(partner, body);
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.sessions.map((s) => s.localDate)).toEqual(['2026-06-09', '2026-06-23']);
    expect(made.body.closed).toEqual([expect.objectContaining({ localDate: '2026-06-16', localStartTime: '11:00', reason: expect.stringContaining('Staff training day') })]);

    // Mondays from 24 August: the 31st is the summer bank holiday
    const summer = await schedule(partner, { startDate: '2026-08-24', startTime: '10:00', rrule: 'FREQ=WEEKLY;COUNT=3' });
    expect(summer.status, JSON.stringify(summer.body)).toBe(201);
    expect(summer.body.sessions.map((s) => s.localDate)).toEqual(['2026-08-24', '2026-09-07']);
    expect(summer.body.closed).toEqual([expect.objectContaining({ localDate: '2026-08-31', reason: `${hubName} is closed on Monday 31 August 2026, a bank holiday.` })]);

    // a series whose every date is outside the hours is refused whole, naming them
    const evenings = await schedule(partner, { startDate: '2026-06-10', startTime: '21:30', rrule: 'FREQ=WEEKLY;COUNT=2' });
    expect(evenings.status).toBe(422);
    expect(problem(evenings).detail).toMatch(/^Oak Road Community Centre is open 09:00 to 21:00 on Wednesdays\. That is so on 2 of the dates asked for\./);
    expect(problem(evenings).dates?.map((d) => d.localDate)).toEqual(['2026-06-10', '2026-06-17']);
  });

  it('moving a session outside the hours is refused, unless a coordinator gives a reason (recorded)', async () => {
    const made = await schedule(partner, { startDate: '2026-06-05', startTime: '10:00' });
    const sessionId = made.body.sessions[0]!.id;
    const late = await p.op('updateSession', { params: { sessionId }, token: partner, body: { localStartTime: '21:00' } });
    expect(late.status).toBe(422);
    expect(problem(late).detail).toMatch(/^Oak Road Community Centre is open 09:00 to 21:00 on Fridays\./);
    const toClosure = await p.op('updateSession', { params: { sessionId }, token: partner, body: { localDate: '2026-06-16' } });
    expect(toClosure.status).toBe(422);
    expect(problem(toClosure).code).toBe('hub_closed');
    expect((await getSession(p.deps.db, sessionId, true))!.localStartTime).toBe('10:00');

    const moved = await p.op('updateSession', { params: { sessionId }, token: coordinator, body: { localStartTime: '21:00', outsideHoursReason: 'Evening session for carers' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ localStartTime: '21:00', outsideHours: { reason: 'Evening session for carers' } });
  });
});

describe('room bookings keep to the hub’s diary', () => {
  it('refuses a hire on a day the hub is closed or outside its hours, naming them; a coordinator may go ahead with a reason (recorded)', async () => {
    const roomId = await createRoom(p, { name: 'Garden room' }); // bookable 08:00 to 22:00 every day
    const sunday = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-06-07T10:00', '2026-06-07T12:00') });
    expect(sunday.status).toBe(422);
    expect(problem(sunday)).toMatchObject({ code: 'outside_opening_hours', errors: [{ field: 'body.start' }] });
    expect(problem(sunday).detail).toBe(`${hubName} is closed on Sundays. Choose a time when the hub is open.`);
    const early = await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-06-08T08:00', '2026-06-08T10:00') });
    expect(early.status).toBe(422);
    expect(problem(early).detail).toBe(`${hubName} is open 09:00 to 21:00 on Mondays. Choose a time when the hub is open, or give a reason to go ahead anyway.`);
    const partnerOverride = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-06-08T08:00', '2026-06-08T10:00', { outsideHoursReason: 'Early start' }) });
    expect(partnerOverride.status).toBe(403);

    const made = await p.op('requestRoomBooking', {
      params: { roomId },
      token: coordinator,
      body: booking('2026-06-08T08:00', '2026-06-08T10:00', { outsideHoursReason: 'Breakfast club setting up early' }),
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ status: 'confirmed', hoursOverride: { reason: 'Breakfast club setting up early', by: demoIds.users.coordinator } });
    expect((await getBooking(p.deps.db, made.body.bookingId))!.booking.hoursOverride).toMatchObject({ reason: 'Breakfast club setting up early' });
  });

  it('a repeating hire goes ahead without the hub’s closed days, listing them', async () => {
    const roomId = await createRoom(p, { name: 'Quiet room' });
    const made = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-06-09T14:00', '2026-06-09T15:00', { repeat: { rrule: 'FREQ=WEEKLY;COUNT=3' } }) });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.occurrences.map((o) => o.startLocal.slice(0, 10))).toEqual(['2026-06-09', '2026-06-23']);
    expect(made.body.closed).toEqual([expect.objectContaining({ startLocal: '2026-06-16T14:00', reason: expect.stringContaining('Staff training day') })]);
  });
});

describe('room requests are checked and decided against the hub’s diary as it is', () => {
  it('the check before asking lists the dates a repeat leaves out and names the hours a time is outside, writing nothing', async () => {
    const roomId = await createRoom(p, { name: 'Craft room' });
    const check = (body: Record<string, unknown>) => p.op('checkRoomBooking', { params: { roomId }, token: partner, body: body as never });
    const weekly = await check({ start: '2026-06-09T14:00', end: '2026-06-09T15:00', repeat: { rrule: 'FREQ=WEEKLY;COUNT=3' } });
    expect(weekly.status, JSON.stringify(weekly.body)).toBe(200);
    expect(weekly.body.occurrences.map((o) => o.startLocal)).toEqual(['2026-06-09T14:00', '2026-06-23T14:00']);
    expect(weekly.body.closed).toEqual([expect.objectContaining({ startLocal: '2026-06-16T14:00', reason: `${hubName} is closed on Tuesday 16 June 2026: Staff training day.` })]);
    expect(weekly.body.outsideHours).toBeUndefined();
    const early = await check({ start: '2026-06-09T08:00', end: '2026-06-09T10:00' });
    expect(early.body.outsideHours).toBe(`${hubName} is open 09:00 to 21:00 on Tuesdays.`);
    const closedDay = await check({ start: '2026-06-16T10:00', end: '2026-06-16T11:00' });
    expect(closedDay.body.outsideHours).toBe(`${hubName} is closed on Tuesday 16 June 2026: Staff training day.`);
    expect((await p.op('listRoomBookings', { token: partner, query: { roomId, from: '2026-06-01', to: '2026-06-30' } })).body.items).toEqual([]);
  });

  it('approving a request leaves out the dates the hub has closed on since, telling the requester; one it no longer allows at all is refused, to be declined', async () => {
    const roomId = await createRoom(p, { name: 'Meeting room 2' });
    // Tuesdays 7, 14 and 21 July, and a one-off on Thursday 16 July
    const weekly = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-07-07T14:00', '2026-07-07T15:00', { repeat: { rrule: 'FREQ=WEEKLY;COUNT=3' } }) });
    expect(weekly.status, JSON.stringify(weekly.body)).toBe(201);
    const once = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-07-16T14:00', '2026-07-16T15:00') });
    expect(once.status, JSON.stringify(once.body)).toBe(201);
    // the hub then closes on 14 and 16 July
    const hub = (await p.op('getHub', { params: { id: hubs.oakRoadCentre } })).body;
    const closures = [...(hub.closures ?? []), { date: '2026-07-14', reason: 'Boiler repair' }, { date: '2026-07-16', reason: 'Boiler repair' }];
    expect((await p.op('updateHub', { params: { id: hubs.oakRoadCentre }, token: coordinator, body: { closures } })).status).toBe(200);

    const approved = await p.op('approveRoomBooking', { params: { bookingId: weekly.body.bookingId }, token: coordinator });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.occurrences.map((o) => [o.startLocal, o.status])).toEqual([
      ['2026-07-07T14:00', 'confirmed'],
      ['2026-07-14T14:00', 'declined'],
      ['2026-07-21T14:00', 'confirmed'],
    ]);
    expect(approved.body.closed).toEqual([expect.objectContaining({ startLocal: '2026-07-14T14:00', reason: `${hubName} is closed on Tuesday 14 July 2026: Boiler repair.` })]);
    const stored = (await p.op('getRoomBooking', { params: { bookingId: weekly.body.bookingId }, token: partner })).body;
    expect(stored.occurrences.map((o) => o.status)).toEqual(['confirmed', 'declined', 'confirmed']);
    expect(stored.closed).toHaveLength(1);
    // the room diary holds the two dates, not the closed one
    const day = async (date: string) => (await p.op('getRoomAvailability', { params: { roomId }, query: { from: date, to: date } })).body.busy.length;
    expect([await day('2026-07-07'), await day('2026-07-14'), await day('2026-07-21')]).toEqual([1, 0, 1]);
    await p.stream.idle();
    const told = (await p.op('devMailbox', { query: { toUserId: demoIds.users.partner } })).body.items.filter(
      (m: { kind: string; text: string }) => m.kind === 'room-booking.approved' && m.text.includes(weekly.body.bookingId),
    );
    expect(told).toEqual([expect.objectContaining({ text: expect.stringContaining('Left out, because the hub is closed then:') })]);

    const refused = await p.op('approveRoomBooking', { params: { bookingId: once.body.bookingId }, token: coordinator });
    expect(refused.status).toBe(422);
    expect(problem(refused)).toMatchObject({ code: 'hub_closed', errors: [{ field: 'params.bookingId', rule: 'hub_closed' }] });
    expect(problem(refused).detail).toContain('decline it with a reason');
    expect((await p.op('getRoomBooking', { params: { bookingId: once.body.bookingId }, token: partner })).body.status).toBe('pending');
  });
});

describe('the room diary shows the hub’s diary', () => {
  it('lists the closed days with their reasons, is free only while the hub is open, and shows bookings apart from their setup and cleardown', async () => {
    const roomId = await createRoom(p, { name: 'Craft room', setupMinutes: 15, cleardownMinutes: 15 }); // bookable 08:00 to 22:00 every day
    const made = await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-06-15T10:00', '2026-06-15T11:00', { private: true }) });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    // Sunday 14 June to Tuesday 16 June (the staff training day)
    const week = await p.op('getRoomAvailability', { params: { roomId }, token: coordinator, query: { from: '2026-06-14', to: '2026-06-16' } });
    expect(week.status).toBe(200);
    expect(week.body.closed).toEqual([{ localDate: '2026-06-16', reason: 'Staff training day' }]);
    expect(week.body.free.map((f) => [f.startLocal, f.endLocal])).toEqual([
      ['2026-06-15T09:00', '2026-06-15T09:45'],
      ['2026-06-15T11:15', '2026-06-15T21:00'],
    ]);
    expect(week.body.busy).toEqual([
      expect.objectContaining({
        startLocal: '2026-06-15T09:45',
        endLocal: '2026-06-15T11:15',
        within: expect.objectContaining({ startLocal: '2026-06-15T10:00', endLocal: '2026-06-15T11:00' }),
        booking: expect.objectContaining({ purpose: 'Knit and natter' }),
      }),
    ]);
    // a partner sees the private hire as busy only
    const seen = await p.op('getRoomAvailability', { params: { roomId }, token: partner, query: { from: '2026-06-15', to: '2026-06-15' } });
    expect(seen.body.busy).toHaveLength(1);
    expect(seen.body.busy[0]!.booking).toBeUndefined();
  });
});

describe('shifts keep to the hub’s diary', () => {
  it('refuses a shift outside the hours, unless a coordinator gives a reason; a series leaves out the closed days', async () => {
    const role = await p.op('createRole', {
      token: coordinator,
      body: {
        owner: { kind: 'hub', id: hubs.oakRoadCentre },
        title: 'Evening caretaker',
        description: 'Open up and lock up.',
        location: 'Oak Road Centre',
        commitment: 'Some evenings',
        minimumAge: 18,
        requirements: { dbs: 'none', training: [], references: false },
        skills: [],
        days: ['tue'],
      },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const shift = (extra: Record<string, unknown>) =>
      p.op('createShift', {
        token: coordinator,
        body: {
          owner: { kind: 'hub', id: hubs.oakRoadCentre },
          title: 'Lock up',
          location: 'Oak Road Centre',
          date: '2026-06-09',
          startTime: '20:00',
          endTime: '22:00',
          places: [{ roleId: role.body.roleId, places: 1 }],
          ...extra,
        } as never,
      });
    const late = await shift({});
    expect(late.status).toBe(422);
    expect(problem(late)).toMatchObject({ code: 'outside_opening_hours', errors: [{ field: 'body.startTime' }] });
    expect(problem(late).detail).toMatch(/^Oak Road Community Centre is open 09:00 to 21:00 on Tuesdays\./);
    const made = await shift({ outsideHoursReason: 'Locking up after the evening class' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.items[0]!.outsideHours).toMatchObject({ reason: 'Locking up after the evening class' });

    const series = await shift({ startTime: '18:00', endTime: '20:00', rrule: 'FREQ=WEEKLY;COUNT=3' });
    expect(series.status, JSON.stringify(series.body)).toBe(201);
    expect(series.body.items.map((s) => s.startsAt.slice(0, 10))).toEqual(['2026-06-09', '2026-06-23']);
    expect(series.body.closed).toEqual([{ localDate: '2026-06-16', reason: `${hubName} is closed on Tuesday 16 June 2026: Staff training day.` }]);
  });
});

describe('rotas follow the diary: sign-up and checks (point 5)', () => {
  it('does not offer a shift after the volunteer’s checks expire, saying why, and refuses the sign-up with the same reason', async () => {
    // the demo volunteer drives for Oak Road; their enhanced DBS check expires 25 days after the seed's day (26 June 2026)
    const volunteer = await p.tokenFor('volunteer@example.org');
    const mine = await p.op('getMyVolunteering', { token: volunteer });
    const driver = mine.body.applications.find((a) => a.roleTitle === 'Community driver' && a.status === 'approved')!;
    const listed = await p.op('listShifts', { token: volunteer, query: { roleId: driver.roleId, limit: '50' } as never });
    expect(listed.status).toBe(200);
    const byDate = listed.body.items.map((s) => [s.startsAt.slice(0, 10), s.cannotSignUp] as const);
    const before = byDate.filter(([d]) => d <= '2026-06-26');
    const after = byDate.filter(([d]) => d > '2026-06-26');
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(before.every(([, why]) => why === undefined)).toBe(true);
    const reason =
      'Your enhanced DBS check expires on 26 June 2026, before this shift, so you cannot take it until the check is renewed. Ask the coordinator for Community driver to arrange it; once they record it you can sign up for shifts.';
    expect(
      after.every(([, why]) => why === reason),
      JSON.stringify(after),
    ).toBe(true);

    // without signing in (or as someone not in the role) nothing is said about anyone's checks
    const anonymous = await p.op('listShifts', { query: { roleId: driver.roleId, limit: '50' } as never });
    expect(anonymous.body.items.every((s) => s.cannotSignUp === undefined)).toBe(true);

    const late = listed.body.items.find((s) => s.startsAt.slice(0, 10) > '2026-06-26')!;
    const refused = await p.op('signUpForShift', { params: { shiftId: late.shiftId }, token: volunteer, body: { roleId: driver.roleId } });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'checks_needed', detail: reason });
  });
});

describe('changes to a hub made at once', () => {
  const library = hubs.riversideLibrary;
  const admin = () => p.tokenFor('admin@example.org');

  it('all stand when made without a version: none overwrites another, and the version counts each', async () => {
    const token = await admin();
    const before = (await p.op('getHub', { params: { id: library } })).body;
    const changes = [
      { directions: 'In through the library’s side door.' },
      { description: 'The library’s community rooms.' },
      { contact: { phone: '0161 496 0000' } },
      { openOnBankHolidays: true },
      { closures: [{ date: '2026-07-01', reason: 'Stocktaking' }] },
      { accessibility: { ...before.accessibility, notes: 'A ramp at the side door.' } },
    ];
    const answers = await Promise.all(changes.map((body) => p.op('updateHub', { params: { id: library }, token, body })));
    expect(answers.map((a) => a.status)).toEqual(changes.map(() => 200));
    const after = (await p.op('getHub', { params: { id: library } })).body;
    expect(after).toMatchObject(Object.assign({}, ...changes));
    expect(after.version).toBe((before.version ?? 0) + changes.length);
  });

  it('made over the same version, one stands and the other is refused (409, “reload”), writing nothing', async () => {
    const token = await admin();
    const seen = (await p.op('getHub', { params: { id: library } })).body;
    const change = (directions: string) => p.op('updateHub', { params: { id: library }, token, body: { directions, version: seen.version ?? 0 } });
    const [a, b] = await Promise.all([change('Ring the bell at the side door.'), change('Ask at the front desk.')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const lost = a.status === 409 ? a : b;
    expect(lost.headers.get('content-type')).toContain('application/problem+json');
    expect(lost.problem).toMatchObject({ code: 'hub_changed', detail: expect.stringContaining('Reload the page') });
    const after = (await p.op('getHub', { params: { id: library } })).body;
    expect(after.directions).toBe((a.status === 200 ? a : b).body.directions);
    expect(after.version).toBe((seen.version ?? 0) + 1);
    // a page left open over that change is refused too
    const stale = await p.op('updateHub', { params: { id: library }, token, body: { description: 'From an old page', version: seen.version ?? 0 } });
    expect(stale.status).toBe(409);
    expect((await p.op('getHub', { params: { id: library } })).body.description).not.toBe('From an old page');
  });
});

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markKey } from '../../functions/attendance/data';
import { manualClock } from '../../functions/lib/clock';
import { newId } from '../../functions/lib/ids';
import { demoIds } from '../../functions/local/seed/ids';
import { getHours } from '../../functions/volunteers/data';
import { attendanceFixtures, lunchClub } from '../helpers/attendance';
import { startPlatform, type TestPlatform } from '../helpers/platform';

// Tuesday 12 May 2026, 09:00 in London (BST)
const clock = manualClock('2026-05-12T08:00:00Z');
const today = '2026-05-12';
// the session's start (14:00 BST): its register is open (from 30 minutes before until 7 days after)
const atStart = '2026-05-12T13:00:00Z';
/** Booked in the morning, while booking is open; the clock goes back to the session's start. */
async function bookedEarlier<T>(book: () => Promise<T>): Promise<T> {
  clock.set('2026-05-12T08:00:00Z');
  try {
    return await book();
  } finally {
    clock.set(atStart);
  }
}
let p: TestPlatform;
let f: ReturnType<typeof attendanceFixtures>;

type Person = Awaited<ReturnType<ReturnType<typeof attendanceFixtures>['person']>>;
let session: { id: string; localDate: string };
let tomorrow: { id: string; localDate: string };
let ada: Person; // booked with a companion, shares her access needs
let ben: Person; // booked, has access needs he did not share
let cal: Person; // booked
let codes: Record<string, { id: string; checkInCode: string }>;
let vol: Awaited<ReturnType<ReturnType<typeof attendanceFixtures>['volunteerOnShift']>>;

/** a device time: three hours before the test clock, plus some minutes (marks are never from the future) */
const stamp = (minutes: number) => new Date(clock.now().getTime() + (minutes - 180) * 60_000).toISOString();

const residentWithNeeds = (email: string, name: string, text: string, shared: boolean) => f.named(email, name, { text, shared });

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  f = attendanceFixtures(p);
  session = await f.session(today);
  tomorrow = await f.session('2026-05-13');
  ada = await residentWithNeeds('ada@example.org', 'Ada Archer', 'Uses a wheelchair; needs a table without a bar underneath', true);
  ben = await residentWithNeeds('ben@example.org', 'Ben Booth', 'Private note', false);
  cal = await f.person('cal@example.org');
  codes = {
    ada: await f.book(ada, session.id, true),
    ben: await f.book(ben, session.id),
    cal: await f.book(cal, session.id),
    adaTomorrow: await f.book(ada, tomorrow.id),
  };
  vol = await f.volunteerOnShift('helper@example.org', session);
  clock.set(atStart);
});

afterAll(async () => {
  await p?.stop();
});

describe('getRegister', () => {
  it('shows everyone booked, companions, shared access needs only, and the volunteers on shift', async () => {
    const answer = await p.op('getRegister', { params: { sessionId: session.id }, token: await f.coordinator() });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    const { people, volunteers, counts } = answer.body;
    const names = people.map((x: { name: string }) => x.name);
    expect(names).toEqual(expect.arrayContaining(['Ada Archer', 'Ada Archer’s companion', 'Ben Booth']));
    expect(people.find((x: { name: string }) => x.name === 'Ada Archer')!.accessNeeds!.notes).toMatch(/wheelchair/);
    expect(people.find((x: { name: string }) => x.name === 'Ben Booth')!.accessNeeds).toBeUndefined();
    expect(JSON.stringify(answer.body)).not.toContain('Private note');
    expect(volunteers).toEqual([expect.objectContaining({ personId: vol.userId, role: 'volunteer', shiftId: vol.shiftId, roleTitle: 'Lunch Club helper' })]);
    expect(counts).toMatchObject({ expected: 4, unmarked: 4, attended: 0, volunteers: 1 });
  });

  it('lets the partner organisation and the volunteers on that shift take it', async () => {
    expect((await p.op('getRegister', { params: { sessionId: session.id }, token: await p.tokenFor('partner@example.org') })).status).toBe(200);
    expect((await p.op('getRegister', { params: { sessionId: session.id }, token: vol.token })).status).toBe(200);
  });

  it('refuses a resident, another hub’s coordinator and a volunteer not on the shift', async () => {
    const other = await f.otherHubCoordinator();
    const offShift = await p.tokenFor('volunteer@example.org');
    for (const token of [ada.token, other.token, offShift]) {
      const answer = await p.op('getRegister', { params: { sessionId: session.id }, token });
      expect(answer.status).toBe(403);
      expect(JSON.stringify(answer.body)).not.toContain('Ada Archer');
    }
    expect((await p.op('getRegister', { params: { sessionId: newId() }, token: await f.coordinator() })).status).toBe(404);
    expect((await p.op('getRegister', { params: { sessionId: session.id } })).status).toBe(401);
  });
});

describe('recordAttendance', () => {
  const post = async (token: string, marks: unknown[], sessionId = session.id) => p.call('POST', `/api/registers/${sessionId}/marks`, { token, body: { marks } });

  it('records a batch once however often it is sent', async () => {
    const batch = [f.mark(ada.userId, 'attended', stamp(1)), f.mark(ada.userId, 'attended', stamp(1), { role: 'companion' }), f.mark(ben.userId, 'no-show', stamp(1))];
    const first = await post(await f.coordinator(), batch);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['recorded', 'recorded', 'recorded']);
    for (let i = 0; i < 3; i++) {
      const again = await post(await f.coordinator(), batch);
      expect(again.body.results.map((r: { outcome: string }) => r.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate']);
    }
    const item = await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: markKey(session.id, 'resident', ada.userId) }));
    expect(item.Item).toMatchObject({ version: 1, history: [expect.objectContaining({ status: 'attended' })] });
    const register = await p.op('getRegister', { params: { sessionId: session.id }, token: await f.coordinator() });
    expect(register.body.counts).toMatchObject({ expected: 4, attended: 2, noShow: 1, unmarked: 1 });
  });

  it('writes a self-describing item the reports can count from the stream alone', async () => {
    const item = await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: markKey(session.id, 'resident', ben.userId) }));
    expect(item.Item).toMatchObject({
      type: 'AttendanceMark',
      sessionId: session.id,
      activityId: lunchClub.id,
      hubId: demoIds.hubs.oakRoadCentre,
      organisationId: demoIds.organisations.ageWell,
      localDate: today,
      month: '2026-05',
      personId: ben.userId,
      role: 'resident',
      status: 'no-show',
      previousStatus: null,
      attendees: 1,
      version: 1,
    });
  });

  it('a later correction replaces the mark and keeps who changed it and when', async () => {
    const partner = await p.tokenFor('partner@example.org');
    const fix = f.mark(ben.userId, 'left-early', stamp(30));
    const answer = await post(partner, [fix]);
    expect(answer.body.results[0]).toMatchObject({ outcome: 'recorded', current: { status: 'left-early', previousStatus: 'no-show', markedBy: demoIds.users.partner } });
    expect(answer.body.results[0]!.current.history).toEqual([
      expect.objectContaining({ status: 'no-show', markedBy: demoIds.users.coordinator }),
      expect.objectContaining({ status: 'left-early', markedBy: demoIds.users.partner, markedAt: fix.markedAt }),
    ]);
    const item = await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: markKey(session.id, 'resident', ben.userId) }));
    expect(item.Item).toMatchObject({ status: 'left-early', previousStatus: 'no-show', version: 2 });
    expect(item.Item!.gsi1pk).toBeUndefined(); // no longer counted as a no-show
  });

  it('two helpers marking the same person: the latest mark stands, whatever order they arrive in', async () => {
    const helperA = f.mark(cal.userId, 'attended', stamp(50));
    const helperB = f.mark(cal.userId, 'no-show', stamp(40)); // made earlier, sent later (was offline)
    expect((await post(await f.coordinator(), [helperA])).body.results[0]!.outcome).toBe('recorded');
    const late = await post(vol.token, [helperB]);
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body.results[0]).toMatchObject({ outcome: 'superseded', current: { status: 'attended', markId: helperA.markId } });
    const register = await p.op('getRegister', { params: { sessionId: session.id }, token: await f.coordinator() });
    expect(register.body.people.find((x: { personId: string }) => x.personId === cal.userId)!.mark!.status).toBe('attended');
  });

  it('takes marks after the session (a register completed from paper)', async () => {
    clock.set('2026-05-14T10:00:00Z');
    const answer = await post(await f.coordinator(), [f.mark(ada.userId, 'attended', stamp(-60 * 24))], tomorrow.id);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    clock.advance(3 * 24 * 3600_000);
    try {
      const later = await post(await f.coordinator(), [f.mark(ada.userId, 'cancelled-late', stamp(0))], tomorrow.id);
      expect(later.body.results[0]).toMatchObject({ outcome: 'recorded', current: { status: 'cancelled-late' } });
    } finally {
      clock.set(atStart);
    }
  });

  it('refuses marks for people not booked, from the future, or with unknown fields, and writes nothing', async () => {
    const stranger = await f.person('stranger@example.org');
    const bad = await post(await f.coordinator(), [f.mark(cal.userId, 'no-show', stamp(90)), f.mark(stranger.userId, 'attended', stamp(90))]);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ field: 'body.marks.1.personId', rule: 'not_on_register' });
    const future = await post(await f.coordinator(), [f.mark(cal.userId, 'no-show', stamp(60 * 24 + 180))]);
    expect(future.status).toBe(400);
    expect(future.body.errors[0]).toMatchObject({ field: 'body.marks.0.markedAt', rule: 'in_future' });
    const extra = await post(await f.coordinator(), [{ ...f.mark(cal.userId, 'no-show', stamp(90)), markedBy: 'someone' }]);
    expect(extra.status).toBe(400);
    const noCompanion = await post(await f.coordinator(), [f.mark(cal.userId, 'attended', stamp(90), { role: 'companion' })]);
    expect(noCompanion.status).toBe(400);
    const item = await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: markKey(session.id, 'resident', cal.userId) }));
    expect(item.Item!.status).toBe('attended');
  });

  it('refuses a resident, another hub’s coordinator and a volunteer not on the shift', async () => {
    const other = await f.otherHubCoordinator();
    for (const token of [cal.token, other.token, await p.tokenFor('volunteer@example.org')]) {
      expect((await post(token, [f.mark(cal.userId, 'no-show', stamp(100))])).status).toBe(403);
    }
    // a volunteer on shift may mark residents, but not volunteers (their own hours)
    expect((await post(vol.token, [f.mark(vol.userId, 'attended', stamp(100), { role: 'volunteer' })])).status).toBe(403);
  });

  it('marking a volunteer present on a shift records their hours for it', async () => {
    const answer = await post(await f.coordinator(), [f.mark(vol.userId, 'attended', stamp(120), { role: 'volunteer' })]);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    await p.stream.idle();
    const hours = await getHours(p.deps.db, `SHIFT-${vol.shiftId}-${vol.userId}`);
    expect(hours).toMatchObject({ volunteerId: vol.userId, hours: 2.5, source: 'shift', status: 'approved', shiftId: vol.shiftId });
    const register = await p.op('getRegister', { params: { sessionId: session.id }, token: await f.coordinator() });
    expect(register.body.volunteers[0]!.mark!.status).toBe('attended');
  });
});

describe('the waiting list on the register', () => {
  it('lists the waiting list in order, to the coordinator, and counts it on the day’s list', async () => {
    const small = await p.op('scheduleSessions', {
      params: { activityId: lunchClub.id },
      token: await f.coordinator(),
      body: { startDate: '2026-05-14', startTime: '10:00', durationMinutes: 60, capacity: 1 },
    });
    expect(small.status, JSON.stringify(small.body)).toBe(201);
    const id = small.body.sessions[0]!.id as string;
    const [fay, gus, hal] = await Promise.all([f.named('fay.wait@example.org', 'Fay Finch'), f.named('gus.wait@example.org', 'Gus Grant'), f.named('hal.wait@example.org', 'Hal Hart')]);
    await f.book(fay, id);
    await f.book(gus, id);
    await f.book(hal, id);
    const register = await p.op('getRegister', { params: { sessionId: id }, token: await f.coordinator() });
    expect(register.status, JSON.stringify(register.body)).toBe(200);
    expect(register.body.people.map((x: { name: string }) => x.name)).toEqual(['Fay Finch']);
    expect(register.body.waitlist).toEqual([
      expect.objectContaining({ name: 'Gus Grant', position: 1, status: 'waitlisted' }),
      expect.objectContaining({ name: 'Hal Hart', position: 2, status: 'waitlisted' }),
    ]);
    const day = await p.op('listRegisters', { query: { date: '2026-05-14' }, token: await f.coordinator() });
    expect(day.body.items.find((x: { sessionId: string }) => x.sessionId === id)).toMatchObject({ booked: 1, capacity: 1, waiting: 2 });
  });
});

describe('recordWalkIn', () => {
  const walkIn = async (token: string, body: Record<string, unknown>) => p.call('POST', `/api/registers/${session.id}/walk-ins`, { token, body });

  it('records a count with an age band once, and an email without saying whether it has an account', async () => {
    const crowd = { walkInId: 'walkin-crowd-1', count: 3, ageBand: '65-79', markedAt: stamp(5) };
    const first = await walkIn(await f.coordinator(), crowd);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ created: true, walkIn: { count: 3, ageBand: '65-79' } });
    expect((await walkIn(await f.coordinator(), crowd)).body).toMatchObject({ created: false, walkIn: { walkInId: 'walkin-crowd-1', count: 3 } });

    // issue 17.2: a known address and an unknown one answer alike, with no name and no person
    await f.named('stranger@example.org', 'Sam Stranger');
    const known = await walkIn(vol.token, { walkInId: 'walkin-email-1', email: 'stranger@example.org', markedAt: stamp(6) });
    const unknown = await walkIn(vol.token, { walkInId: 'walkin-email-2', email: 'nobody.here@example.org', markedAt: stamp(6) });
    expect(known.status, JSON.stringify(known.body)).toBe(201);
    expect(unknown.status).toBe(201);
    const shape = (b: { created: boolean; walkIn: Record<string, unknown> }) => ({ created: b.created, keys: Object.keys(b.walkIn).sort() });
    expect(shape(known.body)).toEqual(shape(unknown.body));
    expect(JSON.stringify(known.body)).not.toContain('Sam Stranger');
    expect(known.body.walkIn.personId).toBeUndefined();
    // nor does the register show who the email belonged to
    const register = await p.op('getRegister', { params: { sessionId: session.id }, token: await f.coordinator() });
    expect(register.body.counts.walkIns).toBe(5);
    expect(JSON.stringify(register.body.walkIns)).not.toContain('Sam Stranger');
    // a user id that is not on this register is refused the same way whether or not it is someone's
    const someone = await walkIn(await f.coordinator(), { walkInId: 'walkin-id-1', personId: (await f.person('dot@example.org')).userId, markedAt: stamp(6) });
    const nobody = await walkIn(await f.coordinator(), { walkInId: 'walkin-id-2', personId: newId(), markedAt: stamp(6) });
    expect(someone.status).toBe(422);
    expect(nobody.status).toBe(422);
    expect(someone.body.detail).toBe(nobody.body.detail);
    expect(JSON.stringify(someone.body)).not.toMatch(/dot@example|Dot/);
  });

  it('names a walk-in by the code on the pass they show, or from the session’s waiting list', async () => {
    // Ada shows tomorrow’s pass (its QR code carries the booking): she is named on today’s register
    const byPass = await walkIn(await f.coordinator(), { walkInId: 'walkin-pass-1', code: `${codes.adaTomorrow!.id}.${codes.adaTomorrow!.checkInCode}`, markedAt: stamp(7) });
    expect(byPass.status, JSON.stringify(byPass.body)).toBe(201);
    expect(byPass.body.walkIn).toMatchObject({ personId: ada.userId, name: 'Ada Archer', count: 1 });
    // a wrong code, or the code of someone already booked here, is refused with what to do
    const wrong = await walkIn(await f.coordinator(), { walkInId: 'walkin-pass-2', code: 'ZZZZZZ', markedAt: stamp(7) });
    expect(wrong.status).toBe(422);
    expect(wrong.body.detail).toMatch(/record them as a walk-in without a name/);
    const booked = await walkIn(await f.coordinator(), { walkInId: 'walkin-pass-3', code: codes.cal!.checkInCode, markedAt: stamp(7) });
    expect(booked.status).toBe(422);
    expect(booked.body.detail).toMatch(/check them in/);

    // someone who cancelled is on the register’s list and can be named from it
    const eve = await f.named('eve.walkin@example.org', 'Eve Evans');
    const eveBooking = await bookedEarlier(() => f.book(eve, session.id));
    expect((await p.op('cancelReservation', { params: { id: eveBooking.id }, token: eve.token })).status).toBeLessThan(300);
    const register = await p.op('getRegister', { params: { sessionId: session.id }, token: await f.coordinator() });
    expect(register.body.cancelled).toEqual(expect.arrayContaining([{ personId: eve.userId, name: 'Eve Evans' }]));
    const fromList = await walkIn(await f.coordinator(), { walkInId: 'walkin-list-1', personId: eve.userId, markedAt: stamp(8) });
    expect(fromList.status, JSON.stringify(fromList.body)).toBe(201);
    expect(fromList.body.walkIn).toMatchObject({ personId: eve.userId, name: 'Eve Evans' });
    const after = await p.op('getRegister', { params: { sessionId: session.id }, token: await f.coordinator() });
    expect(after.body.walkIns.map((w: { name?: string }) => w.name).filter(Boolean)).toEqual(['Ada Archer', 'Eve Evans']);
  });

  it('refuses a count for a named person, and people who may not take the register', async () => {
    expect((await walkIn(await f.coordinator(), { walkInId: 'walkin-bad-1', email: 'stranger@example.org', count: 2, markedAt: stamp(5) })).status).toBe(400);
    expect((await walkIn(await f.coordinator(), { walkInId: 'walkin-bad-2', email: 'nobody.there@example.org', count: 2, markedAt: stamp(5) })).status).toBe(400);
    expect((await walkIn(ada.token, { walkInId: 'walkin-bad-3', markedAt: stamp(5) })).status).toBe(403);
  });
});

describe('checkIn', () => {
  const checkIn = async (token: string, body: Record<string, unknown>) => p.call('POST', '/api/check-ins', { token, body });

  it('checks someone in by their code on the day, once', async () => {
    const dan = await f.person('dan@example.org');
    const booking = await bookedEarlier(() => f.book(dan, session.id, true));
    const first = await checkIn(vol.token, { sessionId: session.id, code: booking.checkInCode.toLowerCase() });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ personId: dan.userId, companion: true, alreadyCheckedIn: false, mark: { status: 'attended' } });
    const again = await checkIn(vol.token, { sessionId: session.id, code: booking.checkInCode });
    expect(again.body).toMatchObject({ alreadyCheckedIn: true });
    expect(again.body.mark.history).toHaveLength(1);
    // the QR code's text works too, without naming the session
    const eve = await f.person('eve@example.org');
    const eveBooking = await bookedEarlier(() => f.book(eve, session.id));
    const scanned = await checkIn(await f.coordinator(), { code: `${eveBooking.id}.${eveBooking.checkInCode}` });
    expect(scanned.status, JSON.stringify(scanned.body)).toBe(200);
    const register = await p.op('getRegister', { params: { sessionId: session.id }, token: await f.coordinator() });
    const row = register.body.people.find((x: { personId: string; role: string }) => x.personId === dan.userId && x.role === 'companion');
    expect(row).toMatchObject({ checkedIn: true, mark: { status: 'attended' } });
  });

  it('refuses a code for another session with a clear message', async () => {
    const ticket = `${codes.adaTomorrow!.id}.${codes.adaTomorrow!.checkInCode}`;
    const scanned = await checkIn(await f.coordinator(), { sessionId: session.id, code: ticket });
    expect(scanned.status).toBe(422);
    expect(scanned.body).toMatchObject({ code: 'wrong_session' });
    expect(scanned.body.detail).toBe('This code is for Lunch Club on Wednesday 13 May 2026 at 14:00, not for Lunch Club today.');
    const typed = await checkIn(await f.coordinator(), { sessionId: session.id, code: codes.adaTomorrow!.checkInCode });
    expect(typed.status).toBe(422);
    expect(typed.body.detail).toMatch(/This code is not for Lunch Club today/);
  });

  it('refuses a code on another day than the session’s, with a clear message', async () => {
    const early = await checkIn(await f.coordinator(), { code: `${codes.adaTomorrow!.id}.${codes.adaTomorrow!.checkInCode}` });
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'wrong_day', detail: 'This booking is for Wednesday 13 May 2026. Check-in opens on the day of the session.' });
    clock.advance(24 * 3600_000);
    try {
      const late = await checkIn(await f.coordinator(), { sessionId: session.id, code: codes.cal!.checkInCode });
      expect(late.status).toBe(422);
      expect(late.body).toMatchObject({ code: 'wrong_day', detail: 'This booking was for Tuesday 12 May 2026. Check-in is only open on the day of the session.' });
    } finally {
      clock.set(atStart);
    }
  });

  it('refuses people who may not take the register, and malformed codes', async () => {
    const other = await f.otherHubCoordinator();
    for (const token of [ada.token, other.token, await p.tokenFor('volunteer@example.org')]) {
      expect((await checkIn(token, { sessionId: session.id, code: codes.cal!.checkInCode })).status).toBe(403);
    }
    const bad = await checkIn(await f.coordinator(), { sessionId: session.id, code: 'nope' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]!.field).toBe('body.code');
  });
});

describe('repeated no-shows', () => {
  it('shows people with 3 no-shows in 8 weeks to the coordinator, and blocks nothing', async () => {
    const gus = await f.person('gus@example.org');
    const hal = await f.person('hal@example.org');
    const dates = ['2026-05-14', '2026-05-15', '2026-05-18'];
    for (const [i, date] of dates.entries()) {
      const s = await f.session(date);
      await f.book(gus, s.id);
      await f.book(hal, s.id);
      clock.set(`${date}T13:30:00Z`);
      const marks = [f.mark(gus.userId, 'no-show', stamp(i))];
      if (i < 2) marks.push(f.mark(hal.userId, 'no-show', stamp(i)));
      expect((await p.op('recordAttendance', { params: { sessionId: s.id }, token: await f.coordinator(), body: { marks } })).status).toBe(200);
      if (i === 2) {
        const register = await p.op('getRegister', { params: { sessionId: s.id }, token: await f.coordinator() });
        expect(register.body.people.find((x: { personId: string }) => x.personId === gus.userId)!.recentNoShows).toBe(3);
        expect(register.body.noShowRule).toEqual({ threshold: 3, weeks: 8 });
      }
    }
    clock.set('2026-05-20T08:00:00Z');
    try {
      const list = await p.op('listRepeatedNoShows', { query: { hubId: demoIds.hubs.oakRoadCentre }, token: await f.coordinator() });
      expect(list.status, JSON.stringify(list.body)).toBe(200);
      expect(list.body.items).toEqual([expect.objectContaining({ personId: gus.userId, name: gus.name, count: 3, dates })]);
      const byOrg = await p.op('listRepeatedNoShows', { query: { organisationId: demoIds.organisations.ageWell, threshold: '2' }, token: await p.tokenFor('partner@example.org') });
      expect(byOrg.body.items.map((x: { personId: string }) => x.personId)).toEqual([gus.userId, hal.userId]);
      // nothing is blocked: the person can still book
      const next = await f.session('2026-05-21');
      await f.book(gus, next.id);
      // only the hub's coordinators see it
      expect((await p.op('listRepeatedNoShows', { query: { hubId: demoIds.hubs.oakRoadCentre }, token: gus.token })).status).toBe(403);
      const other = await f.otherHubCoordinator();
      expect((await p.op('listRepeatedNoShows', { query: { hubId: demoIds.hubs.oakRoadCentre }, token: other.token })).status).toBe(403);
    } finally {
      clock.set(atStart);
    }
  });
});

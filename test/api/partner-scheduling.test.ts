/**
 * The API under the partners' and coordinators' workspaces (issue 16): an organisation's activities with their
 * next dates and its people; changing or cancelling one date or the rest of a series (everyone booked told);
 * room requests that name who asked, and that offer the nearest free times when every date clashes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { demoRoomIds } from '../../functions/local/seed/rooms';
import { eventually, startPlatform, type TestPlatform } from '../helpers/platform';
import { personWith } from '../helpers/rooms';
import { activityByTitle, reserve } from '../helpers/sessions';

let p: TestPlatform;
let coordinator: string, partner: string, resident: string, admin: string, otherPartner: string;

// a Sunday: the seed's "next Monday" is 2 March 2026, when Chair-based exercise holds the main hall 10:00-12:00 for 12 weeks
beforeAll(async () => {
  p = await startPlatform({ seed: true, clock: manualClock('2026-03-01T09:00:00Z') });
  [coordinator, partner, resident, admin] = (await Promise.all(['coordinator', 'partner', 'resident', 'admin'].map((r) => p.tokenFor(`${r}@example.org`)))) as [string, string, string, string];
  otherPartner = await personWith(p, 'minds.partner@example.org', ['partner'], { organisationIds: [demoIds.organisations.mindsTogether] });
}, 300_000);
afterAll(() => p?.stop());

const ageWell = demoIds.organisations.ageWell;
const steadySteps = () => activityByTitle('Steady Steps');

describe('an organisation, for its people', () => {
  it('lists its activities with their next dates and where they happen', async () => {
    const listed = await p.op('listOrganisationActivities', { params: { id: ageWell }, token: partner });
    expect(listed.status).toBe(200);
    const steps = listed.body.items.find((a: any) => a.id === steadySteps().id);
    expect(steps).toMatchObject({ title: steadySteps().title, placeName: 'Oak Road Community Centre', status: 'active' });
    expect(steps!.nextStarts.length).toBeGreaterThan(0);
    expect(steps!.nextStarts[0]! > '2026-03-01T09:00:00Z').toBe(true);
  });

  it('shows its people by name to them and to admins, and to no one else', async () => {
    const people = await p.op('listOrganisationPeople', { params: { id: ageWell }, token: partner });
    expect(people.status).toBe(200);
    expect(people.body.items).toEqual([{ name: 'Pete Okafor', email: 'partner@example.org' }]);
    expect((await p.op('listOrganisationPeople', { params: { id: ageWell }, token: admin })).status).toBe(200);
    expect((await p.op('listOrganisationPeople', { params: { id: ageWell }, token: otherPartner })).status).toBe(403);
    expect((await p.op('listOrganisationPeople', { params: { id: ageWell }, token: resident })).status).toBe(403);
    expect((await p.op('listOrganisationPeople', { params: { id: ageWell } })).status).toBe(401);
    const minds = await p.op('listOrganisationPeople', { params: { id: demoIds.organisations.mindsTogether }, token: otherPartner });
    expect(minds.body.items.map((x: any) => x.name)).toEqual(['minds.partner']);
  });
});

describe('one date or the rest of a series', () => {
  // bookings open 28 days ahead: each series starts on Tuesday 3 March, at its own time
  async function series(startTime: string, count: number): Promise<any[]> {
    const made = await p.op('scheduleSessions', {
      params: { activityId: steadySteps().id },
      token: coordinator,
      body: { startDate: '2026-03-03', startTime, durationMinutes: 60, rrule: `FREQ=WEEKLY;BYDAY=TU;COUNT=${count}`, capacity: 10 },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    return made.body.sessions;
  }
  const book = (token: string, sessionId: string) => reserve(p, token, sessionId, `book-${sessionId}-${token.slice(-12)}`);
  const mailOf = async (kind: string) => (await p.op('devMailbox', { query: { toUserId: demoIds.users.resident } })).body.items.filter((m: any) => m.kind === kind);

  it('moves the rest of a series to a new start time, telling the people booked on each date', async () => {
    const sessions = await series('15:00', 4);
    for (const s of sessions.slice(1)) expect((await book(resident, s.id)).status).toBe(201);
    const before = (await mailOf('session.moved')).length;
    const moved = await p.op('updateSession', { params: { sessionId: sessions[1].id }, token: coordinator, body: { scope: 'rest', localStartTime: '16:30' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ localStartTime: '16:30', alsoChanged: 2 });
    const listed = await p.op('listSessions', { params: { activityId: steadySteps().id }, query: { from: '2026-03-01', to: '2026-03-31' } });
    const ours = listed.body.items.filter((s: any) => s.seriesId === sessions[0].seriesId);
    expect(ours.map((s: any) => [s.localDate, s.localStartTime])).toEqual([
      ['2026-03-03', '15:00'],
      ['2026-03-10', '16:30'],
      ['2026-03-17', '16:30'],
      ['2026-03-24', '16:30'],
    ]);
    await p.stream.idle();
    await eventually(async () => expect((await mailOf('session.moved')).length - before).toBe(3));
  });

  it('cancels the rest of a series, telling the people booked, and leaves the dates before it', async () => {
    const sessions = await series('17:00', 3);
    expect((await book(resident, sessions[2].id)).status).toBe(201);
    const before = (await mailOf('session.cancelled')).length;
    const cancelled = await p.op('cancelSession', { params: { sessionId: sessions[1].id }, token: coordinator, body: { scope: 'rest', reason: 'The hall is being repaired.' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', alsoChanged: 1 });
    const listed = await p.op('listSessions', { params: { activityId: steadySteps().id }, query: { from: '2026-03-01', to: '2026-03-31', includeCancelled: 'true' } });
    expect(listed.body.items.filter((s: any) => s.seriesId === sessions[0].seriesId).map((s: any) => s.status)).toEqual(['scheduled', 'cancelled', 'cancelled']);
    await p.stream.idle();
    await eventually(async () => {
      const mail = await mailOf('session.cancelled');
      expect(mail.length - before).toBe(1);
      expect(mail.some((m: any) => /hall is being repaired/.test(m.text))).toBe(true);
    });
  });

  it('refuses what cannot apply to a whole series, naming the field, and changes nothing when one date is too full', async () => {
    const sessions = await series('19:00', 3);
    const dated = await p.op('updateSession', { params: { sessionId: sessions[0].id }, token: coordinator, body: { scope: 'rest', localDate: '2026-03-04' } });
    expect(dated.status).toBe(400);
    expect(dated.problem.errors[0]).toMatchObject({ field: 'body.localDate', rule: 'not_for_series' });
    const tooSmall = await p.op('updateSession', { params: { sessionId: sessions[0].id }, token: coordinator, body: { scope: 'rest', capacity: 0 } });
    expect(tooSmall.status).toBe(400);
    const other = await personWith(p, 'second.booker@example.org', ['resident']);
    expect((await book(resident, sessions[2].id)).status).toBe(201);
    expect((await book(other, sessions[2].id)).status).toBe(201);
    const refused = await p.op('updateSession', { params: { sessionId: sessions[0].id }, token: coordinator, body: { scope: 'rest', capacity: 1 } });
    expect(refused.status).toBe(409);
    expect(refused.problem.detail).toMatch(/^2 places are already taken on Tuesday,? 17 March 2026/);
    const after = await p.op('listSessions', { params: { activityId: steadySteps().id }, query: { from: '2026-03-01', to: '2026-03-31' } });
    expect(after.body.items.filter((s: any) => s.seriesId === sessions[0].seriesId).map((s: any) => s.capacity)).toEqual([10, 10, 10]);
    expect((await p.op('cancelSession', { params: { sessionId: sessions[0].id }, token: partner, body: { scope: 'rest' } })).status).toBe(200); // Age Well runs it
    expect((await p.op('cancelSession', { params: { sessionId: sessions[0].id }, token: otherPartner, body: { scope: 'rest' } })).status).toBe(403);
  });
});

describe('room requests', () => {
  const mainHall = demoRoomIds.oakRoadMainHall;
  const sixMondays = { start: '2026-03-02T10:30', end: '2026-03-02T11:30', repeat: { rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=6' } };

  it('name the organisation and the person who asked, never an id', async () => {
    const queue = await p.op('listRoomBookings', { query: { hubId: demoIds.hubs.oakRoadCentre }, token: coordinator });
    expect(queue.status).toBe(200);
    const coffee = queue.body.items.find((b: any) => b.purpose === 'Age Well coffee morning and benefits advice');
    expect(coffee).toMatchObject({ organisationName: 'Age Well Westfield', requesterName: 'Pete Okafor' });
    const mine = await p.op('listRoomBookings', { query: { mine: 'true' }, token: partner });
    expect(mine.body.items.every((b: any) => b.organisationName === 'Age Well Westfield' && b.requesterName === 'Pete Okafor')).toBe(true);
  });

  it('when every date clashes, say with what and offer the nearest free times, which can then be booked', async () => {
    const checked = await p.op('checkRoomBooking', { params: { roomId: mainHall }, token: partner, body: sixMondays });
    expect(checked.status).toBe(200);
    // the sixth Monday, 6 April, is Easter Monday: Oak Road is closed, so the seeded weekly booking left it out
    expect(checked.body.clashes).toHaveLength(5);
    expect(checked.body.clashes[0]!.clashesWith).toMatchObject({ purpose: 'Chair-based exercise', heldBy: 'Carys Hughes', startLocal: '2026-03-02T10:00', endLocal: '2026-03-02T12:00' });
    expect(checked.body.nearestFree.length).toBeGreaterThan(0);
    // the main hall keeps 15 minutes either side, and Oak Road opens at 09:00 on Mondays: 8:30-9:30 would fit the
    // room but not the hub, so the nearest free hours are from 12:30 (Easter Monday, closed all day, holds none back)
    expect(checked.body.nearestFree.slice(0, 2)).toEqual([
      { startLocal: '2026-03-02T12:30', endLocal: '2026-03-02T13:30' },
      { startLocal: '2026-03-02T12:45', endLocal: '2026-03-02T13:45' },
    ]);

    const body = { ...sixMondays, onClash: 'skip' as const, purpose: 'Seated exercise', expectedAttendance: 12, answers: [{ questionId: 'first-aider', answer: 'Pete Okafor' }] };
    const refused = await p.op('requestRoomBooking', { params: { roomId: mainHall }, token: partner, body });
    expect(refused.status).toBe(409);
    expect(refused.problem.detail).toMatch(/^Every date clashes with a confirmed booking: the nearest free times are 12:30 to 13:30/);
    expect(refused.problem.nearestFree).toEqual(checked.body.nearestFree);
    expect(refused.problem.clashes).toHaveLength(5);

    const free = checked.body.nearestFree[1];
    const made = await p.op('requestRoomBooking', { params: { roomId: mainHall }, token: partner, body: { ...body, start: free!.startLocal, end: free!.endLocal, onClash: 'fail' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    // Easter Monday is left out of the request too, and listed
    expect(made.body).toMatchObject({
      status: 'pending',
      occurrenceCount: 5,
      closed: [expect.objectContaining({ startLocal: `2026-04-06T${free!.startLocal.slice(11)}`, reason: 'Oak Road Community Centre is closed on Monday 6 April 2026, a bank holiday.' })],
      organisationName: 'Age Well Westfield',
      requesterName: 'Pete Okafor',
    });
    const again = await p.op('checkRoomBooking', { params: { roomId: mainHall }, token: partner, body: { start: free!.startLocal, end: free!.endLocal, repeat: sixMondays.repeat } });
    expect(again.body).toMatchObject({ clashes: [], nearestFree: [] });
  });

  it('show the organisation by name in the room’s diary', async () => {
    const diary = await p.op('getRoomAvailability', { params: { roomId: mainHall }, query: { from: '2026-03-04', to: '2026-03-04' }, token: coordinator });
    expect(diary.body.requested.map((b: any) => b.booking.heldBy)).toContain('Age Well Westfield');
  });
});

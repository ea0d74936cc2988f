import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { occurrenceStillConfirmed } from '../../functions/rooms/data';
import { changeSession, getSession } from '../../functions/sessions/data';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { booking, createRoom, hubs, personWith, roomBody } from '../helpers/rooms';
import { steadySteps } from '../helpers/sessions';

/** Issue 5 point 3: a session of an activity held in a confirmed room booking shows the room in the directory. */
let p: TestPlatform;
let coordinator: string, partner: string, otherPartner: string, stMarysCoordinator: string;

beforeAll(async () => {
  // Sunday 1 March 2026, London on GMT: local time = UTC
  p = await startPlatform({ seed: true, clock: manualClock('2026-03-01T09:00:00Z') });
  coordinator = await p.tokenFor('coordinator@example.org');
  partner = await p.tokenFor('partner@example.org');
  otherPartner = await personWith(p, 'minds.partner@example.org', ['partner'], { organisationIds: [demoIds.organisations.mindsTogether] });
  stMarysCoordinator = await personWith(p, 'stmarys.coordinator@example.org', ['coordinator'], { hubIds: [hubs.stMarysHall] });
});
afterAll(() => p?.stop());

/** A one-off session of Steady Steps (Age Well, Oak Road Centre), made by the partner. */
async function sessionOn(date: string, time: string): Promise<string> {
  const made = await p.op('scheduleSessions', { params: { activityId: steadySteps().id }, token: partner, body: { startDate: date, startTime: time, durationMinutes: 60 } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  return made.body.sessions[0]!.id;
}

/** A booking of a room requested by `token`, approved by `approver` unless left pending. */
async function roomBooking(token: string, roomId: string, start: string, end: string, approver?: string): Promise<string> {
  const asked = await p.op('requestRoomBooking', { params: { roomId }, token, body: booking(start, end) });
  expect(asked.status, JSON.stringify(asked.body)).toBe(201);
  if (approver) {
    const approved = await p.op('approveRoomBooking', { params: { bookingId: asked.body.bookingId }, token: approver });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  }
  return asked.body.bookingId;
}

const hold = (token: string, sessionId: string, roomBookingId: string | null) => p.op('updateSession', { params: { sessionId }, token, body: { roomBookingId } });

describe('holding a session in a room booking', () => {
  it('a partner holds their session in their confirmed booking; getSession, the activity and the directory show the room', async () => {
    const roomId = await createRoom(p, { name: 'Community room' });
    const sessionId = await sessionOn('2026-03-02', '10:00');
    const bookingId = await roomBooking(partner, roomId, '2026-03-02T09:30', '2026-03-02T11:30', coordinator);

    const held = await hold(partner, sessionId, bookingId);
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body).toMatchObject({ id: sessionId, roomId, room: 'Community room, Oak Road Community Centre' });
    expect((await p.op('getSession', { params: { sessionId } })).body).toMatchObject({ roomId, room: 'Community room, Oak Road Community Centre' });
    const stored = (await getSession(p.deps.db, sessionId, true))!;
    expect(stored).toMatchObject({ roomId, roomName: 'Community room', roomBookingId: bookingId });

    const activity = await p.op('getActivity', { params: { id: steadySteps().id } });
    expect(activity.body.upcoming.find((u: any) => u.sessionId === sessionId)).toMatchObject({ room: 'Community room, Oak Road Community Centre' });

    await p.stream.idle();
    const listed = await p.op('listActivities', { query: { organisation: demoIds.organisations.ageWell, limit: '50' } });
    const card = listed.body.items.find((a: any) => a.id === steadySteps().id);
    expect(card!.upcoming.find((u: any) => u.sessionId === sessionId)).toMatchObject({ room: 'Community room, Oak Road Community Centre' });
  });

  it('refuses a pending booking, another hub’s room, a booking that does not cover the time and another partner’s booking, writing nothing', async () => {
    const roomId = await createRoom(p, { name: 'Small room' });
    const sessionId = await sessionOn('2026-03-03', '10:00');
    const before = (await getSession(p.deps.db, sessionId, true))!;

    const pending = await roomBooking(partner, roomId, '2026-03-03T09:30', '2026-03-03T12:00');
    const stMarysRoom = await p.op('createRoom', { token: stMarysCoordinator, body: roomBody({ hubId: hubs.stMarysHall, name: 'Vestry' }) });
    expect(stMarysRoom.status).toBe(201);
    const otherHub = await roomBooking(partner, stMarysRoom.body.roomId, '2026-03-03T09:30', '2026-03-03T12:00', stMarysCoordinator);
    const tooShort = await roomBooking(partner, roomId, '2026-03-03T10:15', '2026-03-03T12:00', coordinator);
    const elsewhen = await roomBooking(partner, roomId, '2026-03-03T13:00', '2026-03-03T15:00', coordinator);
    const otherRoom = await createRoom(p, { name: 'Other partner’s room' });
    const othersCovering = await roomBooking(otherPartner, otherRoom, '2026-03-03T09:30', '2026-03-03T12:00', coordinator);

    const refusals: [string, number, string?][] = [
      [pending, 422, 'not_confirmed'],
      [otherHub, 422, 'other_hub'],
      [tooShort, 422, 'does_not_cover'],
      [elsewhen, 422, 'does_not_cover'],
      [othersCovering, 404],
      ['01JDEM0R00M0000000000ZZZZZ', 404],
    ];
    for (const [bookingId, status, rule] of refusals) {
      const answer = await hold(partner, sessionId, bookingId);
      expect(answer.status, `${rule}: ${JSON.stringify(answer.body)}`).toBe(status);
      expect(answer.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
      if (rule) expect(answer.problem.errors?.[0] ?? answer.body).toMatchObject({ field: 'body.roomBookingId', rule });
    }
    expect(await getSession(p.deps.db, sessionId, true)).toEqual(before);
    // mass assignment of the room itself is refused
    const sneaky = await p.call('PATCH', `/api/sessions/${sessionId}`, { token: partner, body: { roomId } });
    expect(sneaky.status).toBe(400);
  });

  it('a coordinator of the hub may hold a partner’s session in the hub’s booking; a resident may not hold sessions at all', async () => {
    const roomId = await createRoom(p, { name: 'Main hall' });
    const sessionId = await sessionOn('2026-03-04', '10:00');
    const hubBooking = await roomBooking(coordinator, roomId, '2026-03-04T10:00', '2026-03-04T11:00');
    const resident = await p.tokenFor('resident@example.org');
    expect((await hold(resident, sessionId, hubBooking)).status).toBe(403);
    // the partner may not use the hub's own booking
    expect((await hold(partner, sessionId, hubBooking)).status).toBe(404);
    const held = await hold(coordinator, sessionId, hubBooking);
    expect(held.status, JSON.stringify(held.body)).toBe(200);
    expect(held.body.room).toBe('Main hall, Oak Road Community Centre');
  });

  it('cancelling the booking, clearing it, or moving the session takes the room off; the session carries on', async () => {
    const roomId = await createRoom(p, { name: 'Garden room' });
    const [a, b, c] = [await sessionOn('2026-03-05', '10:00'), await sessionOn('2026-03-05', '14:00'), await sessionOn('2026-03-06', '10:00')];
    const series = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-03-05T09:30', '2026-03-05T11:30') });
    const afternoon = await roomBooking(partner, roomId, '2026-03-05T13:30', '2026-03-05T15:30', coordinator);
    const friday = await roomBooking(partner, roomId, '2026-03-06T09:00', '2026-03-06T12:00', coordinator);
    await p.op('approveRoomBooking', { params: { bookingId: series.body.bookingId }, token: coordinator });
    for (const [s, bk] of [
      [a, series.body.bookingId],
      [b, afternoon],
      [c, friday],
    ] as const)
      expect((await hold(partner, s, bk)).status).toBe(200);

    const cancelled = await p.op('cancelRoomBooking', { params: { bookingId: series.body.bookingId }, token: partner, body: { scope: 'rest' } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await p.stream.idle();
    const afterCancel = await p.op('getSession', { params: { sessionId: a } });
    expect(afterCancel.body).toMatchObject({ status: 'scheduled' });
    expect(afterCancel.body.room).toBeUndefined();
    expect((await getSession(p.deps.db, a, true))!.roomBookingId).toBeUndefined();
    // the other sessions keep their rooms
    expect((await p.op('getSession', { params: { sessionId: b } })).body.room).toBe('Garden room, Oak Road Community Centre');

    const cleared = await hold(partner, b, null);
    expect(cleared.status).toBe(200);
    expect(cleared.body.room).toBeUndefined();

    const moved = await p.op('updateSession', { params: { sessionId: c }, token: partner, body: { localStartTime: '15:00' } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.room).toBeUndefined();
    // moved back into the booking's time and held again in one change
    const again = await p.op('updateSession', { params: { sessionId: c }, token: partner, body: { localStartTime: '10:30', roomBookingId: friday } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ localStartTime: '10:30', room: 'Garden room, Oak Road Community Centre' });
  });

  it('the hold is written only while the booking’s date is still confirmed (a cancel between the check and the write)', async () => {
    const roomId = await createRoom(p, { name: 'Quiet room' });
    const sessionId = await sessionOn('2026-03-09', '14:00');
    const bookingId = await roomBooking(partner, roomId, '2026-03-09T13:00', '2026-03-09T16:00', coordinator);
    expect((await p.op('cancelRoomBooking', { params: { bookingId }, token: partner, body: { scope: 'rest' } })).status).toBe(200);
    // the service's write as it would go out had it read the booking just before the cancel
    const session = (await getSession(p.deps.db, sessionId, true))!;
    const room = { roomId, roomName: 'Quiet room', room: 'Quiet room, Oak Road Community Centre', roomBookingId: bookingId };
    const write = changeSession(p.deps.db, session, { set: {}, room, checks: [occurrenceStillConfirmed(p.deps.db, bookingId, '2026-03-09T13:00:00.000Z')] }, p.deps.clock.now());
    await expect(write).rejects.toMatchObject({ status: 409, extra: { code: 'room_booking_changed' } });
    expect(await getSession(p.deps.db, sessionId, true)).toEqual(session);
  });
});

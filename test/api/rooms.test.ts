import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { listMailbox } from '../../functions/messages/data';
import { eventually, startPlatform, type TestPlatform } from '../helpers/platform';
import { booking, createRoom, hubs, personWith, roomBody, tableItemCount } from '../helpers/rooms';

let p: TestPlatform;
let coordinator: string;
let partner: string;
let otherPartner: string;
let otherCoordinator: string;
let resident: string;

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock: manualClock('2026-03-01T09:00:00Z') });
  coordinator = await p.tokenFor('coordinator@example.org');
  partner = await p.tokenFor('partner@example.org');
  resident = await p.tokenFor('resident@example.org');
  otherPartner = await personWith(p, 'minds.partner@example.org', ['partner'], { organisationIds: [demoIds.organisations.mindsTogether] });
  otherCoordinator = await personWith(p, 'stmarys.coordinator@example.org', ['coordinator'], { hubIds: [hubs.stMarysHall] });
});
afterAll(() => p?.stop());

const expectProblem = (answer: { status: number; body: any }, status: number) => {
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  expect(answer.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
};

describe('rooms', () => {
  it('lets a coordinator of the hub add and change rooms, and anyone list and read them', async () => {
    const created = await p.op('createRoom', { token: coordinator, body: roomBody({ name: 'Garden room', rates: [{ customerType: 'privateHire', pencePerHour: 1800 }], hireTerms: 'No smoking' }) });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Garden room', hubId: hubs.oakRoadCentre, capacity: 40, rates: [{ customerType: 'privateHire', pencePerHour: 1800 }] });
    const roomId = created.body.roomId;

    const listed = await p.op('listRooms', { query: { hubId: hubs.oakRoadCentre } });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((r: any) => r.roomId)).toContain(roomId);
    expect(listed.body.items.every((r: any) => r.hubId === hubs.oakRoadCentre)).toBe(true);

    const updated = await p.op('updateRoom', { params: { roomId }, token: coordinator, body: { capacity: 35, facilities: ['stepFree', 'kitchen'] } });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ capacity: 35, facilities: ['stepFree', 'kitchen'], name: 'Garden room' });
    expect((await p.op('getRoom', { params: { roomId } })).body.capacity).toBe(35);
  });

  it('refuses rooms from people who do not coordinate the hub, and mass assignment', async () => {
    expectProblem(await p.op('createRoom', { token: partner, body: roomBody() }), 403);
    expectProblem(await p.op('createRoom', { token: otherCoordinator, body: roomBody() }), 403);
    expectProblem(await p.op('createRoom', { body: roomBody() }), 401);
    const roomId = await createRoom(p);
    expectProblem(await p.op('updateRoom', { params: { roomId }, token: otherCoordinator, body: { capacity: 1 } }), 403);
    const sneaky = await p.call('PATCH', `/api/rooms/${roomId}`, { token: coordinator, body: { hubId: hubs.stMarysHall } });
    expectProblem(sneaky, 400);
    expect(sneaky.body.errors[0]).toMatchObject({ field: 'body.hubId', rule: 'unknown_field' });
    const badBuffer = await p.op('createRoom', { token: coordinator, body: roomBody({ setupMinutes: 10 }) });
    expectProblem(badBuffer, 400);
    expect(badBuffer.problem.errors[0]!.field).toBe('body.setupMinutes');
    expectProblem(await p.op('getRoom', { params: { roomId: '01JDEM0R00M0000000000ZZZZZ' } }), 404);
  });
});

describe('requests and approvals', () => {
  it('takes a partner request as pending, shows it in the approvals queue, and confirms it on approval with a message', async () => {
    const roomId = await createRoom(p, { bookingQuestions: [{ id: 'first-aider', question: 'Who is your first aider?', required: true }], rates: [{ customerType: 'partner', pencePerHour: 500 }] });
    const missing = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-03-10T10:00', '2026-03-10T12:00') });
    expectProblem(missing, 400);
    expect(missing.problem.errors[0]).toMatchObject({ field: 'body.answers', rule: 'required' });

    const requested = await p.op('requestRoomBooking', {
      params: { roomId },
      token: partner,
      body: booking('2026-03-10T10:00', '2026-03-10T12:00', { answers: [{ questionId: 'first-aider', answer: 'Pete' }] }),
    });
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'pending', organisationId: demoIds.organisations.ageWell, customerType: 'partner', quotedPence: 1000, occurrenceCount: 1 });
    expect(requested.body.occurrences).toEqual([
      { start: '2026-03-10T10:00:00.000Z', end: '2026-03-10T12:00:00.000Z', startLocal: '2026-03-10T10:00', endLocal: '2026-03-10T12:00', status: 'pending' },
    ]);
    const bookingId = requested.body.bookingId;

    const queue = await p.op('listRoomBookings', { query: { hubId: hubs.oakRoadCentre }, token: coordinator });
    expect(queue.body.items.map((b: any) => b.bookingId)).toContain(bookingId);
    expectProblem(await p.op('listRoomBookings', { query: { hubId: hubs.oakRoadCentre }, token: partner }), 403);
    expectProblem(await p.op('approveRoomBooking', { params: { bookingId }, token: partner }), 403);
    expectProblem(await p.op('approveRoomBooking', { params: { bookingId }, token: otherCoordinator }), 404);

    const approved = await p.op('approveRoomBooking', { params: { bookingId }, token: coordinator });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('confirmed');
    expect(approved.body.occurrences[0]!.status).toBe('confirmed');
    expectProblem(await p.op('approveRoomBooking', { params: { bookingId }, token: coordinator }), 409);

    const after = await p.op('listRoomBookings', { query: { hubId: hubs.oakRoadCentre }, token: coordinator });
    expect(after.body.items.map((b: any) => b.bookingId)).not.toContain(bookingId);
    const mine = await p.op('listRoomBookings', { query: { mine: 'true' }, token: partner });
    expect(mine.body.items.find((b: any) => b.bookingId === bookingId)).toMatchObject({ status: 'confirmed' });

    await eventually(async () => {
      const mail = await listMailbox(p.deps.db);
      expect(mail.find((m) => m.subject.includes('approved') && m.text.includes(bookingId))).toMatchObject({ address: 'partner@example.org' });
    });
  });

  it('confirms a coordinator’s own booking at once', async () => {
    const roomId = await createRoom(p);
    const own = await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-03-11T09:00', '2026-03-11T10:30') });
    expect(own.status).toBe(201);
    expect(own.body).toMatchObject({ status: 'confirmed', customerType: 'hub', quotedPence: 0 });
  });

  it('lets pending requests overlap, and answers the approval that now clashes with a 409 naming the clash (buffers and quarter hours included)', async () => {
    const roomId = await createRoom(p);
    const a = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-03-12T09:00', '2026-03-12T10:30', { purpose: 'Walking group' }) });
    const b = await p.op('requestRoomBooking', { params: { roomId }, token: otherPartner, body: booking('2026-03-12T10:15', '2026-03-12T11:00') });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect((await p.op('approveRoomBooking', { params: { bookingId: a.body.bookingId }, token: coordinator })).status).toBe(200);
    const clash = await p.op('approveRoomBooking', { params: { bookingId: b.body.bookingId }, token: coordinator });
    expectProblem(clash, 409);
    expect(clash.problem.code).toBe('clash');
    expect(clash.problem.detail).toContain(a.body.bookingId);
    expect(clash.problem.clashes[0].clashesWith).toMatchObject({ bookingId: a.body.bookingId, purpose: 'Walking group', startLocal: '2026-03-12T09:00' });
    const still = await p.op('getRoomBooking', { params: { bookingId: b.body.bookingId }, token: coordinator });
    expect(still.body.status).toBe('pending');
  });

  it('keeps setup and cleardown time free around a booking', async () => {
    const roomId = await createRoom(p, { setupMinutes: 15, cleardownMinutes: 15 });
    expect((await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-03-13T09:00', '2026-03-13T10:00') })).status).toBe(201);
    const tooSoon = await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-03-13T10:15', '2026-03-13T11:00') });
    expectProblem(tooSoon, 409);
    const check = await p.op('checkRoomBooking', { params: { roomId }, token: partner, body: { start: '2026-03-13T10:15', end: '2026-03-13T11:00' } });
    expect(check.body.clashes).toHaveLength(1);
    const fine = await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-03-13T10:30', '2026-03-13T11:00') });
    expect(fine.status).toBe(201);
    const availability = await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-13', to: '2026-03-13' }, token: coordinator });
    expect(availability.body.busy.map((b: any) => [b.startLocal, b.endLocal])).toEqual([
      ['2026-03-13T08:45', '2026-03-13T10:15'],
      ['2026-03-13T10:15', '2026-03-13T11:15'],
    ]);
    // free while both the room is bookable (08:00 to 22:00) and Oak Road is open (09:00 to 21:00 on Fridays)
    expect(availability.body.free.map((b: any) => [b.startLocal, b.endLocal])).toEqual([['2026-03-13T11:15', '2026-03-13T21:00']]);
    expect(availability.body.busy[0]).toMatchObject({ within: { startLocal: '2026-03-13T09:00', endLocal: '2026-03-13T10:00' } });
  });

  it('declines with a reason and tells the requester', async () => {
    const roomId = await createRoom(p);
    const r = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-03-14T13:00', '2026-03-14T14:00') });
    expectProblem(await p.call('POST', `/api/room-bookings/${r.body.bookingId}/decline`, { token: coordinator, body: {} }), 400);
    const declined = await p.op('declineRoomBooking', { params: { bookingId: r.body.bookingId }, token: coordinator, body: { reason: 'The hall is being painted that week.' } });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', declineReason: 'The hall is being painted that week.' });
    expect(declined.body.occurrences[0]!.status).toBe('declined');
    await eventually(async () => {
      const mail = await listMailbox(p.deps.db);
      expect(mail.find((m) => m.text.includes(r.body.bookingId) && m.subject.includes('declined'))?.text).toContain('being painted');
    });
  });

  it("takes a resident's request for their residents' group, and not for nobody", async () => {
    const roomId = await createRoom(p);
    const noGroup = await p.op('requestRoomBooking', { params: { roomId }, token: resident, body: booking('2026-03-17T18:00', '2026-03-17T19:00') });
    expectProblem(noGroup, 400);
    expect(noGroup.problem.errors[0]!.field).toBe('body.groupName');
    const ok = await p.op('requestRoomBooking', { params: { roomId }, token: resident, body: booking('2026-03-17T18:00', '2026-03-17T19:00', { groupName: 'Elm Street tenants' }) });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ status: 'pending', customerType: 'residentsGroup', groupName: 'Elm Street tenants' });
  });

  it('makes one booking for a retried request with the same Idempotency-Key', async () => {
    const roomId = await createRoom(p);
    const headers = { 'idempotency-key': 'retry-me-please-1' };
    const first = await p.op('requestRoomBooking', { params: { roomId }, token: partner, headers, body: booking('2026-03-16T10:00', '2026-03-16T11:00') });
    const again = await p.op('requestRoomBooking', { params: { roomId }, token: partner, headers, body: booking('2026-03-16T10:00', '2026-03-16T11:00') });
    expect(first.status).toBe(201);
    expect(again.body.bookingId).toBe(first.body.bookingId);
  });
});

describe('recurring hires', () => {
  it('keeps a weekly hire at 10:00 local time across the March clock change (29 March 2026)', async () => {
    const roomId = await createRoom(p, { setupMinutes: 15 });
    const hire = await p.op('requestRoomBooking', {
      params: { roomId },
      token: coordinator,
      body: booking('2026-03-17T10:00', '2026-03-17T12:00', { repeat: { rrule: 'FREQ=WEEKLY;COUNT=4' } }),
    });
    expect(hire.status).toBe(201);
    expect(hire.body.status).toBe('confirmed');
    const occ = hire.body.occurrences;
    expect(occ.map((o: any) => o.startLocal)).toEqual(['2026-03-17T10:00', '2026-03-24T10:00', '2026-03-31T10:00', '2026-04-07T10:00']);
    expect(occ.map((o: any) => o.endLocal.slice(11))).toEqual(['12:00', '12:00', '12:00', '12:00']);
    expect(occ.map((o: any) => o.start)).toEqual(['2026-03-17T10:00:00.000Z', '2026-03-24T10:00:00.000Z', '2026-03-31T09:00:00.000Z', '2026-04-07T09:00:00.000Z']);
    const after = await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-31', to: '2026-03-31' } });
    expect(after.body.busy.map((b: any) => [b.startLocal, b.endLocal])).toEqual([['2026-03-31T09:45', '2026-03-31T12:00']]);
  });

  it('lists the clashing dates of a series, and skips them when asked', async () => {
    const roomId = await createRoom(p);
    await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-04-14T11:00', '2026-04-14T12:00', { purpose: 'Hub open day' }) });
    const body = booking('2026-04-07T10:00', '2026-04-07T11:30', { repeat: { rrule: 'FREQ=WEEKLY;COUNT=4' } });
    const asked = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body });
    expectProblem(asked, 409);
    expect(asked.problem.code).toBe('clashes');
    expect(asked.problem.clashes.map((c: any) => c.startLocal)).toEqual(['2026-04-14T10:00']);
    const skipped = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: { ...body, onClash: 'skip' } });
    expect(skipped.status).toBe(201);
    expect(skipped.body.occurrences.map((o: any) => o.startLocal)).toEqual(['2026-04-07T10:00', '2026-04-21T10:00', '2026-04-28T10:00']);
    expect(skipped.body.skipped.map((s: any) => s.startLocal)).toEqual(['2026-04-14T10:00']);
    expect((await p.op('approveRoomBooking', { params: { bookingId: skipped.body.bookingId }, token: coordinator })).body.status).toBe('confirmed');
  });

  it('cancels one date of a series, then the rest, freeing the room and telling the requester', async () => {
    const roomId = await createRoom(p);
    const series = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-05-05T14:00', '2026-05-05T15:00', { repeat: { rrule: 'FREQ=WEEKLY;COUNT=3' } }) });
    const id = series.body.bookingId;
    await p.op('approveRoomBooking', { params: { bookingId: id }, token: coordinator });
    const one = await p.op('cancelRoomBooking', { params: { bookingId: id }, token: partner, body: { scope: 'occurrence', occurrenceStart: '2026-05-12T13:00:00Z' } });
    expect(one.status).toBe(200);
    expect(one.body.status).toBe('confirmed');
    expect(one.body.occurrences.map((o: any) => o.status)).toEqual(['confirmed', 'cancelled', 'confirmed']);
    // the freed date can be booked by someone else
    expect((await p.op('requestRoomBooking', { params: { roomId }, token: coordinator, body: booking('2026-05-12T14:00', '2026-05-12T15:00') })).body.status).toBe('confirmed');
    expectProblem(await p.op('cancelRoomBooking', { params: { bookingId: id }, token: otherPartner, body: { scope: 'rest' } }), 404);
    const rest = await p.op('cancelRoomBooking', { params: { bookingId: id }, token: coordinator, body: { scope: 'rest', reason: 'Boiler repairs' } });
    expect(rest.body.status).toBe('cancelled');
    expect(rest.body.occurrences.map((o: any) => o.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const availability = await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-05-05', to: '2026-05-19' } });
    expect(availability.body.busy).toHaveLength(1);
    await eventually(async () => {
      const mail = (await listMailbox(p.deps.db)).filter((m) => m.text.includes(id) && m.subject.includes('cancelled'));
      expect(mail).toHaveLength(2);
    });
  });
});

describe('privacy', () => {
  it('never shows a private booking’s purpose or requester to another partner', async () => {
    const roomId = await createRoom(p);
    const secret = 'Domestic abuse survivors support circle';
    const req = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-03-18T13:00', '2026-03-18T15:00', { purpose: secret, private: true }) });
    const id = req.body.bookingId;
    await p.op('approveRoomBooking', { params: { bookingId: id }, token: coordinator });
    const partnerUserId = demoIds.users.partner;
    const leaks = (answer: { body: unknown }) => {
      // `instance` only echoes the URL the caller sent
      const text = JSON.stringify({ ...(answer.body as object), instance: undefined });
      return text.includes(secret) || text.includes(partnerUserId) || text.includes(id) || text.includes(demoIds.organisations.ageWell);
    };

    const theirs = await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-18', to: '2026-03-18' }, token: otherPartner });
    expect(theirs.body.busy).toEqual([{ start: '2026-03-18T13:00:00.000Z', end: '2026-03-18T15:00:00.000Z', startLocal: '2026-03-18T13:00', endLocal: '2026-03-18T15:00' }]);
    const answers = [
      theirs,
      await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-18', to: '2026-03-18' } }),
      await p.op('checkRoomBooking', { params: { roomId }, token: otherPartner, body: { start: '2026-03-18T14:00', end: '2026-03-18T16:00' } }),
      await p.op('requestRoomBooking', { params: { roomId }, token: otherPartner, body: booking('2026-03-18T14:00', '2026-03-18T16:00') }),
      await p.op('listRoomBookings', { query: { roomId, from: '2026-03-18', to: '2026-03-18' }, token: otherPartner }),
      await p.op('getRoomBooking', { params: { bookingId: id }, token: otherPartner }),
      await p.op('getRoomBooking', { params: { bookingId: id }, token: otherCoordinator }),
    ];
    for (const a of answers) expect(leaks(a), JSON.stringify(a.body)).toBe(false);
    expect(answers[2]!.problem.clashes).toHaveLength(1);
    expect(answers[3]!.status).toBe(409);
    expect(answers[5]!.status).toBe(404);

    // the requester and the hub's coordinator do see it
    for (const token of [partner, coordinator]) {
      const seen = await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-18', to: '2026-03-18' }, token });
      expect(seen.body.busy[0]!.booking).toMatchObject({ bookingId: id, purpose: secret });
    }
    const listed = await p.op('listRoomBookings', { query: { roomId, from: '2026-03-18', to: '2026-03-18' }, token: coordinator });
    expect(listed.body.items.map((b: any) => b.bookingId)).toEqual([id]);
  });

  it('shows pending requests only to their requester and the hub’s coordinators', async () => {
    const roomId = await createRoom(p);
    const req = await p.op('requestRoomBooking', { params: { roomId }, token: partner, body: booking('2026-03-19T13:00', '2026-03-19T15:00') });
    const seen = (await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-19', to: '2026-03-19' }, token: partner })).body;
    expect(seen.requested[0]!.booking!.bookingId).toBe(req.body.bookingId);
    const other = (await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-19', to: '2026-03-19' }, token: otherPartner })).body;
    expect(other.requested).toEqual([]);
    expect(other.busy).toEqual([]);
  });
});

describe('bad input', () => {
  it('answers 4xx naming the problem and writes nothing', async () => {
    const roomId = await createRoom(p, { capacity: 20, openingHours: [{ day: 'mon', opens: '09:00', closes: '17:00' }] });
    const before = await tableItemCount(p);
    const cases: [unknown, number, string?][] = [
      [booking('2026-03-23T12:00', '2026-03-23T10:00'), 400, 'body.end'],
      [booking('2026-03-23T10:00', '2026-03-23T10:00'), 400, 'body.end'],
      [booking('2026-03-23T10:00', '2026-03-23T11:00', { repeat: { rrule: 'FREQ=WEEKLY;COUNT=60' } }), 400, 'body.repeat.rrule'],
      [booking('2026-03-23T10:00', '2026-03-23T11:00', { repeat: { rrule: 'FREQ=WEEKLY' } }), 400, 'body.repeat.rrule'],
      [booking('2026-03-23T10:00', '2026-03-23T11:00', { repeat: { rrule: 'FREQ=WEEKLY;BYDAY=XX;COUNT=2' } }), 400, 'body.repeat.rrule'],
      [booking('2026-03-23T10:00', '2026-03-23T11:00', { repeat: { rrule: 'FREQ=SECONDLY;COUNT=2' } }), 400, 'body.repeat.rrule'],
      [booking('2026-03-23T10:05', '2026-03-23T11:00'), 400, 'body.start'],
      [booking('2026-03-23T10:00', '2026-03-23T11:00', { status: 'confirmed' }), 400, 'body.status'],
      [booking('2026-03-23T10:00', '2026-03-23T11:00', { expectedAttendance: 21 }), 422, 'body.expectedAttendance'],
      [booking('2026-03-23T07:00', '2026-03-23T11:00'), 422, 'body.start'],
      [booking('2026-02-23T10:00', '2026-02-23T11:00'), 422, 'body.start'],
      [booking('2026-03-23T10:00', '2026-03-25T11:00'), 422, 'body.end'],
      [{ start: '2026-03-23T10:00' }, 400],
      [booking('2026-02-31T10:00', '2026-02-31T11:00'), 400, 'body.start'],
    ];
    for (const [body, status, field] of cases) {
      const answer = await p.call('POST', `/api/rooms/${roomId}/bookings`, { token: partner, body });
      expectProblem(answer, status);
      if (field)
        expect(
          answer.body.errors.map((e: any) => e.field),
          JSON.stringify(answer.body),
        ).toContain(field);
    }
    expectProblem(await p.op('requestRoomBooking', { params: { roomId: '01JDEM0R00M0000000000ZZZZZ' }, token: partner, body: booking('2026-03-23T10:00', '2026-03-23T11:00') }), 404);
    expectProblem(await p.op('requestRoomBooking', { params: { roomId: 'not-an-id' }, token: partner, body: booking('2026-03-23T10:00', '2026-03-23T11:00') }), 400);
    expectProblem(await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-20', to: '2026-03-10' } }), 400);
    expectProblem(await p.op('getRoomAvailability', { params: { roomId }, query: { from: '2026-03-01', to: '2026-06-10' } }), 400);
    expectProblem(await p.op('listRoomBookings', { token: partner }), 400);
    // the one Idempotency-Key rule (README, The API): 1 to 64 letters, digits, - or _
    expectProblem(await p.op('requestRoomBooking', { params: { roomId }, token: partner, headers: { 'idempotency-key': 'has spaces' }, body: booking('2026-03-23T10:00', '2026-03-23T11:00') }), 400);
    expect(await tableItemCount(p)).toBe(before);
  });

  it('answers generated bodies at every rooms write with a 4xx, never a 5xx, and writes nothing', async () => {
    const roomId = await createRoom(p);
    const before = await tableItemCount(p);
    const anything = fc.oneof(
      fc.jsonValue(),
      fc.record({ start: fc.string(), end: fc.string(), purpose: fc.string(), expectedAttendance: fc.integer(), repeat: fc.record({ rrule: fc.string() }) }, { requiredKeys: [] }),
    );
    const targets = [
      ['POST', '/api/rooms'],
      ['PATCH', `/api/rooms/${roomId}`],
      ['POST', `/api/rooms/${roomId}/bookings`],
      ['POST', `/api/rooms/${roomId}/booking-check`],
      ['POST', `/api/room-bookings/${roomId}/decline`],
      ['POST', `/api/room-bookings/${roomId}/cancel`],
    ] as const;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets), anything, async ([method, path], body) => {
        const answer = await p.call(method, path, { token: coordinator, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        expect(answer.status, JSON.stringify(answer.body)).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
    expect(await tableItemCount(p)).toBe(before);
  });
});

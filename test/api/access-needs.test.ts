import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { attendanceFixtures, lunchClub } from '../helpers/attendance';
import { eventually, startPlatform, type TestPlatform } from '../helpers/platform';

// Tuesday 12 May 2026, 09:00 in London (BST)
const clock = manualClock('2026-05-12T08:00:00Z');
let p: TestPlatform;
let f: ReturnType<typeof attendanceFixtures>;
type Person = Awaited<ReturnType<ReturnType<typeof attendanceFixtures>['person']>>;
let session: { id: string; localDate: string; startsAt: string };
let dee: Person; // records access needs
let eve: Person; // another resident, also booked
let booking: { id: string; checkInCode: string };
let otherHub: Person; // a coordinator of St Mary's Hall

const mailFor = async (userId: string) =>
  (await p.op('devMailbox', { query: { toUserId: userId } })).body.items as { kind: string; text: string; attachments?: { filename: string; contentType: string; content: string }[] }[];
const register = async (token: string) => p.op('getRegister', { params: { sessionId: session.id }, token });
const deeOn = (body: { people: { personId: string; role: string; accessNeeds?: unknown }[] }) => body.people.find((x) => x.personId === dee.userId && x.role === 'resident')!;

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  f = attendanceFixtures(p);
  session = await f.session('2026-05-12');
  dee = await f.person('dee@example.org');
  eve = await f.person('eve@example.org');
  booking = await f.book(dee, session.id);
  await f.book(eve, session.id);
});

afterAll(async () => {
  await p?.stop();
});

describe('the check-in pass in the confirmation', () => {
  it('carries the short code, a link to the pass and the QR code as an image', async () => {
    const mail = await eventually(async () => {
      const m = (await mailFor(dee.userId)).find((x) => x.kind === 'reservation.confirmed');
      expect(m).toBeDefined();
      return m!;
    });
    expect(mail.text).toContain(`Your check-in code is ${booking.checkInCode}`);
    expect(mail.text).toContain(`/bookings/check-in-codes?booking=${encodeURIComponent(booking.id)}`);
    const qr = mail.attachments!.find((a) => a.filename === 'check-in-pass.svg')!;
    expect(qr.contentType).toBe('image/svg+xml');
    expect(qr.content).toMatch(/^<svg [^>]*viewBox="0 0 \d+ \d+"/);
    expect(qr.content).toContain(booking.checkInCode);
  });

  it('a place that comes free from the waiting list sends the pass too', async () => {
    const small = await p.op('scheduleSessions', {
      params: { activityId: lunchClub.id },
      token: await f.coordinator(),
      body: { startDate: '2026-05-14', startTime: '14:00', durationMinutes: 60, capacity: 1 },
    });
    expect(small.status, JSON.stringify(small.body)).toBe(201);
    const smallId = small.body.sessions[0]!.id as string;
    const first = await f.person('fay@example.org');
    const waiting = await f.person('gus@example.org');
    const place = await f.book(first, smallId);
    const joined = await p.op('reserveSeat', { params: { sessionId: smallId }, token: waiting.token, body: {}, headers: { 'idempotency-key': 'gus-waits' } });
    expect(joined.body.status).toBe('waitlisted');
    expect((await p.op('cancelReservation', { params: { id: place.id }, token: first.token })).status).toBeLessThan(300);
    const mail = await eventually(async () => {
      const m = (await mailFor(waiting.userId)).find((x) => x.kind === 'reservation.promoted');
      expect(m).toBeDefined();
      return m!;
    });
    const promoted = (await p.op('listMyReservations', { token: waiting.token })).body.items.find((r: { sessionId: string }) => r.sessionId === smallId);
    expect(promoted!.status).toBe('confirmed');
    expect(mail.text).toContain(`Your check-in code is ${promoted!.checkInCode}`);
    expect(mail.text).toContain(`/bookings/check-in-codes?booking=${encodeURIComponent(promoted!.id)}`);
    expect(mail.attachments!.map((a) => a.filename)).toContain('check-in-pass.svg');
  });

  it('the code in the message checks the person in at the door', async () => {
    const was = clock.now();
    clock.set(session.startsAt); // the door opens 30 minutes before the start
    const answer = await p.op('checkIn', { token: await f.coordinator(), body: { sessionId: session.id, code: booking.checkInCode } }).finally(() => clock.set(was));
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toMatchObject({ personId: dee.userId, alreadyCheckedIn: false });
  });
});

describe('access needs', () => {
  it('refuses bad input with a problem naming the field, and writes nothing', async () => {
    const cases: [unknown, string][] = [
      [{ needs: ['jetpack'], shareWithHub: true }, 'body.needs.0'],
      [{ needs: [], notes: 'x'.repeat(501), shareWithHub: true }, 'body.notes'],
      [{ needs: [] }, 'body.shareWithHub'],
      [{ needs: [], shareWithHub: true, sharedAt: '2020-01-01T00:00:00Z' }, 'body'],
    ];
    for (const [body, field] of cases) {
      const answer = await p.call('PUT', '/api/me/access-needs', { token: dee.token, body });
      expect(answer.status, JSON.stringify(answer.body)).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors.map((e: { field: string }) => e.field).join(' ')).toContain(field);
    }
    expect((await p.op('getMyAccessNeeds', { token: dee.token })).body).toEqual({ needs: [], shareWithHub: false });
  });

  it('kept private, they are on nobody’s register', async () => {
    const put = await p.op('setMyAccessNeeds', { token: dee.token, body: { needs: ['wheelchair-user', 'large-print'], notes: 'A table without a bar underneath', shareWithHub: false } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ needs: ['wheelchair-user', 'large-print'], notes: 'A table without a bar underneath', shareWithHub: false });
    expect(put.body.sharedAt).toBeUndefined();
    const seen = await register(await f.coordinator());
    expect(seen.status).toBe(200);
    expect(deeOn(seen.body).accessNeeds).toBeUndefined();
    expect(JSON.stringify(seen.body)).not.toContain('bar underneath');
  });

  it('shared, the hub’s coordinator sees them on the register, with the time consent was given', async () => {
    clock.advance(60_000);
    const put = await p.op('setMyAccessNeeds', { token: dee.token, body: { needs: ['wheelchair-user', 'bringing-carer'], notes: 'A table without a bar underneath', shareWithHub: true } });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.sharedAt).toBe(clock.now().toISOString());
    const sharedAt = put.body.sharedAt;

    const seen = await register(await f.coordinator());
    expect(deeOn(seen.body).accessNeeds).toEqual({ needs: ['wheelchair-user', 'bringing-carer'], notes: 'A table without a bar underneath', sharedAt });
    // Eve recorded nothing: nothing is shown for her
    expect(seen.body.people.find((x: { personId: string }) => x.personId === eve.userId)!.accessNeeds).toBeUndefined();

    // a change keeps the time consent was first given
    clock.advance(60_000);
    const again = await p.op('setMyAccessNeeds', { token: dee.token, body: { needs: ['wheelchair-user'], shareWithHub: true } });
    expect(again.body).toMatchObject({ needs: ['wheelchair-user'], shareWithHub: true, sharedAt });
    expect(again.body.notes).toBeUndefined();
    expect((await p.op('getMyAccessNeeds', { token: dee.token })).body).toMatchObject({ needs: ['wheelchair-user'], sharedAt });
  });

  it('are never shown to another hub’s coordinator, other residents, the partner or volunteers on shift', async () => {
    otherHub = await f.otherHubCoordinator();
    expect((await register(otherHub.token)).status).toBe(403);
    expect((await register(eve.token)).status).toBe(403);
    expect((await register(await p.tokenFor('resident@example.org'))).status).toBe(403);
    // a resident's own access needs operation answers only their own
    expect((await p.op('getMyAccessNeeds', { token: eve.token })).body).toEqual({ needs: [], shareWithHub: false });

    const partner = await register(await p.tokenFor('partner@example.org'));
    expect(partner.status).toBe(200);
    expect(deeOn(partner.body).accessNeeds).toBeUndefined();
    const vol = await f.volunteerOnShift('helper@example.org', session);
    const onShift = await register(vol.token);
    expect(onShift.status).toBe(200);
    expect(deeOn(onShift.body).accessNeeds).toBeUndefined();
  });

  it('withdrawing consent hides them again and forgets the consent time', async () => {
    const put = await p.op('setMyAccessNeeds', { token: dee.token, body: { needs: ['wheelchair-user'], shareWithHub: false } });
    expect(put.body).toEqual(expect.objectContaining({ shareWithHub: false }));
    expect(put.body.sharedAt).toBeUndefined();
    expect(deeOn((await register(await f.coordinator())).body).accessNeeds).toBeUndefined();
  });
});

describe('today’s sessions (listRegisters)', () => {
  it('lists the sessions of the coordinator’s hubs on the day, each with its register; nobody else’s', async () => {
    const mine = await p.op('listRegisters', { token: await f.coordinator() });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.date).toBe('2026-05-12');
    expect(mine.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ sessionId: session.id, activityTitle: 'Lunch Club', localStartTime: '14:00', booked: 2 })]));
    const register = await p.op('getRegister', { params: { sessionId: mine.body.items[0]!.sessionId }, token: await f.coordinator() });
    expect(register.status).toBe(200);

    const other = await p.op('listRegisters', { token: otherHub.token });
    expect(other.body.items.map((s: { sessionId: string }) => s.sessionId)).not.toContain(session.id);
    expect((await p.op('listRegisters', { token: eve.token })).body.items).toEqual([]);
    expect((await p.op('listRegisters', { query: { date: '2026-05-13' }, token: await f.coordinator() })).body.items.map((s: { sessionId: string }) => s.sessionId)).not.toContain(session.id);
    expect((await p.op('listRegisters', { query: { date: '13-05-2026' }, token: await f.coordinator() })).status).toBe(400);
  });
});

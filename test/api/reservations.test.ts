import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { isBankHoliday } from '../../functions/lib/holidays';
import { isoWeekday } from '../../functions/lib/london';
import { rateLimitKey, rateLimits } from '../../functions/lib/rate-limit';
import { demoIds } from '../../functions/local/seed/ids';
import { expireOffers, fanOutNotice, promoteFromWaitlist } from '../../functions/reservations/service';
import { addDays, londonDate } from '../../functions/sessions/rules';
import { eventually, type TestPlatform } from '../helpers/platform';
import { anxietyCourse, checkInvariants, coffeeAndChat, newSession, people, reserve, sessionState, startSessionsPlatform, steadySteps, talkingSpace } from '../helpers/sessions';

const clock = manualClock(new Date());
let p: TestPlatform;
let coordinator: string, partner: string, linkworker: string, resident: string;
beforeAll(async () => {
  p = await startSessionsPlatform({ clock });
  [coordinator, partner, linkworker, resident] = (await Promise.all(['coordinator', 'partner', 'linkworker', 'resident'].map((r) => p.tokenFor(`${r}@example.org`)))) as [
    string,
    string,
    string,
    string,
  ];
  await p.stream.idle(); // the seed's changes first, so later waits are only for this file's own
});
afterAll(() => p?.stop());

const mailFor = async (userId: string) => (await p.op('devMailbox', { query: { toUserId: userId } })).body.items as any[];

describe('reserveSeat', () => {
  it('confirms while places are free, then waitlists in order; the confirmation email carries an .ics', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 2 });
    const [a, b, c, d] = await people(p, 4);
    expect((await reserve(p, a!.token, sessionId, 'k1')).body).toEqual({ id: `${sessionId}_${a!.userId}`, status: 'confirmed' });
    expect((await reserve(p, b!.token, sessionId, 'k1')).body).toMatchObject({ status: 'confirmed' });
    const third = await reserve(p, c!.token, sessionId, 'k1');
    expect(third.status).toBe(201);
    expect(third.body).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
    expect((await reserve(p, d!.token, sessionId, 'k1')).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    checkInvariants(await sessionState(p, sessionId));

    const session = await p.op('getSession', { params: { sessionId } });
    expect(session.body).toMatchObject({ capacity: 2, confirmed: 2, placesLeft: 0, waitlisted: 2 });

    // the demo resident has a profile, so their message is delivered to the dev mailbox
    const mine = await newSession(p, coordinator, steadySteps().id, { capacity: 5 });
    expect((await reserve(p, resident, mine, 'r1')).status).toBe(201);
    const mail = await eventually(async () => {
      const m = (await mailFor(demoIds.users.resident)).find((x) => x.kind === 'reservation.confirmed' && x.text.includes('Steady Steps'));
      expect(m).toBeDefined();
      return m;
    });
    const ics = mail.attachments[0].content as string;
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toMatch(/DTSTART;TZID=Europe\/London:\d{8}T\d{6}\r\n/);
    expect(ics).toContain('BEGIN:VTIMEZONE');
  });

  it('one reservation per person per session; a companion takes two places', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 3 });
    const [a, b] = await people(p, 2);
    expect((await reserve(p, a!.token, sessionId, 'x', { companion: true })).body.status).toBe('confirmed');
    const again = await reserve(p, a!.token, sessionId, 'y');
    expect(again.status).toBe(409);
    expect(again.problem.code).toBe('already_reserved');
    expect((await reserve(p, b!.token, sessionId, 'x', { companion: true })).body.status).toBe('waitlisted');
    const s = await sessionState(p, sessionId);
    expect(s.session.confirmed).toBe(2);
    checkInvariants(s);
  });

  it('cancelling frees the place and the first waiting person is promoted, exactly once', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 1 });
    const [a, b, c] = await people(p, 3);
    const first = await reserve(p, a!.token, sessionId, 'k');
    await reserve(p, b!.token, sessionId, 'k');
    await reserve(p, c!.token, sessionId, 'k');
    const cancelled = await p.op('cancelReservation', { params: { id: first.body.id }, token: a!.token });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    await p.stream.idle();
    await eventually(async () => {
      const { reservations } = await sessionState(p, sessionId);
      expect(reservations.find((r) => r.personId === b!.userId)!.status).toBe('confirmed');
      expect(reservations.find((r) => r.personId === c!.userId)!.status).toBe('waitlisted');
    });
    checkInvariants(await sessionState(p, sessionId));
    // the stream record that started the promotion, delivered again, promotes nobody (reservations/consumers.ts)
    expect(await promoteFromWaitlist(p.deps, sessionId)).toBe(0);
    // cancelling twice is harmless
    expect((await p.op('cancelReservation', { params: { id: first.body.id }, token: a!.token })).body.status).toBe('cancelled');
    // the person can book again: the queue is there, so they wait behind c
    expect((await reserve(p, a!.token, sessionId, 'again')).body).toMatchObject({ status: 'waitlisted', waitlistPosition: 2 });
    const mine = await p.op('listMyReservations', { token: c!.token });
    expect(mine.body.items[0]).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
  });

  it('raising capacity promotes; lowering it never strands confirmed places', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 1 });
    const ppl = await people(p, 3);
    for (const x of ppl) await reserve(p, x.token, sessionId, 'k');
    const lower = await p.op('updateSession', { params: { sessionId }, token: coordinator, body: { capacity: 1 } });
    expect(lower.status).toBe(200);
    const raise = await p.op('updateSession', { params: { sessionId }, token: coordinator, body: { capacity: 3 } });
    expect(raise.body).toMatchObject({ capacity: 3 });
    await p.stream.idle();
    await eventually(async () => expect((await sessionState(p, sessionId)).session.confirmed).toBe(3));
    const tooLow = await p.op('updateSession', { params: { sessionId }, token: coordinator, body: { capacity: 2 } });
    expect(tooLow.status).toBe(409);
    expect(tooLow.problem.code).toBe('capacity_below_confirmed');
    checkInvariants(await sessionState(p, sessionId));
  });

  it('offer mode: the freed place is held for the first person, then moves on when the hold expires', async () => {
    const sessionId = await newSession(p, coordinator, talkingSpace().id, { capacity: 1 });
    const [a, b, c] = await people(p, 3);
    const first = await reserve(p, a!.token, sessionId, 'k');
    const second = await reserve(p, b!.token, sessionId, 'k');
    await reserve(p, c!.token, sessionId, 'k');
    await p.op('cancelReservation', { params: { id: first.body.id }, token: a!.token });
    await p.stream.idle();
    const offered = await eventually(async () => {
      const mine = await p.op('listMyReservations', { token: b!.token });
      expect(mine.body.items[0]!.status).toBe('offered');
      return mine.body.items[0];
    });
    expect(offered!.offerExpiresAt).toBeDefined();
    clock.advance(13 * 3_600_000);
    expect(await expireOffers(p.deps)).toBe(1);
    expect(await expireOffers(p.deps)).toBe(0);
    await p.stream.idle();
    await eventually(async () => {
      const { reservations } = await sessionState(p, sessionId);
      expect(reservations.find((r) => r.personId === b!.userId)!.status).toBe('cancelled');
      expect(reservations.find((r) => r.personId === c!.userId)!.status).toBe('offered');
    });
    const accept = await p.call('POST', `/api/reservations/${sessionId}_${c!.userId}/accept`, { token: c!.token });
    expect(accept.status, JSON.stringify(accept.body)).toBe(200);
    expect(accept.body.status).toBe('confirmed');
    const late = await p.op('acceptOffer', { params: { id: second.body.id }, token: b!.token });
    expect(late.status).toBe(409);
    checkInvariants(await sessionState(p, sessionId));
    clock.set(new Date());
  });

  it('booking window: not yet open, and closed shortly before the start', async () => {
    const far = await newSession(p, coordinator, steadySteps().id, { inDays: 40 });
    const early = await reserve(p, resident, far, 'w1');
    expect(early.status).toBe(422);
    expect(early.problem.code).toBe('booking_not_open');
    const soon = await newSession(p, coordinator, steadySteps().id, { inDays: 1 });
    const { session } = await sessionState(p, soon);
    clock.set(new Date(Date.parse(session.startsAt) - 60 * 60_000)); // an hour before (closes 2 hours before), whatever the time of day now
    const late = await reserve(p, resident, soon, 'w2');
    clock.set(new Date());
    expect(late.status).toBe(422);
    expect(late.problem.code).toBe('booking_closed');
  });

  it('drop-in and referral-only activities: residents cannot book; a link worker can book a referral-only place', async () => {
    const dropIn = await newSession(p, coordinator, coffeeAndChat().id);
    expect((await reserve(p, resident, dropIn, 'd')).problem.code).toBe('not_bookable');
    const referral = await newSession(p, coordinator, anxietyCourse().id);
    expect((await reserve(p, resident, referral, 'r')).problem.code).toBe('not_bookable');
    const forResident = await reserve(p, linkworker, referral, 'lw', { personId: demoIds.users.resident });
    expect(forResident.status).toBe(201);
    expect(forResident.body.id).toBe(`${referral}_${demoIds.users.resident}`);
    const mine = await p.op('listMyReservations', { token: resident });
    expect(mine.body.items.find((r: any) => r.sessionId === referral)).toMatchObject({ bookedBy: demoIds.users.linkworker, status: 'confirmed' });
  });

  it('per-person limits stop hoarding', async () => {
    const [hoarder] = await people(p, 1);
    const ids: string[] = [];
    for (let i = 0; i < 13; i++) ids.push(await newSession(p, coordinator, steadySteps().id, { inDays: 2 + (i % 20), startTime: `${String(8 + (i % 10)).padStart(2, '0')}:15` }));
    const answers = [];
    for (const [i, id] of ids.entries()) answers.push(await reserve(p, hoarder!.token, id, `h${i}`));
    expect(answers.slice(0, 12).every((a) => a.status === 201)).toBe(true);
    expect(answers[12]!.status).toBe(422);
    expect(answers[12]!.problem.code).toBe('reservation_limit');
    // cancelling one lets them book again
    await p.op('cancelReservation', { params: { id: answers[0]!.body.id }, token: hoarder!.token });
    expect((await reserve(p, hoarder!.token, ids[12]!, 'h12b')).status).toBe(201);
  });
});

describe('authorisation', () => {
  it('a resident books only for themself; link workers and the activity’s coordinator on behalf; others are refused', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id);
    const [a, b] = await people(p, 2, ['resident'], { withProfile: true });
    expect((await reserve(p, a!.token, sessionId, 'k', { personId: b!.userId })).status).toBe(403);
    expect((await reserve(p, linkworker, sessionId, 'k', { personId: a!.userId })).status).toBe(201);
    expect((await reserve(p, coordinator, sessionId, 'k', { personId: b!.userId, companion: true })).status).toBe(201);
    // a partner of another organisation cannot book for others at this activity (Steady Steps is Age Well's: the demo partner's)
    const other = await newSession(p, coordinator, talkingSpace().id);
    expect((await reserve(p, partner, other, 'k', { personId: a!.userId })).status).toBe(403);
    expect((await reserve(p, 'not-a-token', sessionId, 'k')).status).toBe(401);
    expect((await p.op('reserveSeat', { params: { sessionId }, body: {} })).status).toBe(401);
  });

  it('listSessionReservations: only the coordinator or partner of that activity', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 1 });
    const [a, b] = await people(p, 2);
    await reserve(p, a!.token, sessionId, 'k');
    await reserve(p, b!.token, sessionId, 'k');
    const asCoordinator = await p.op('listSessionReservations', { params: { sessionId }, token: coordinator });
    expect(asCoordinator.status).toBe(200);
    expect(asCoordinator.body.items.map((r: any) => [r.personId, r.status, r.waitlistPosition])).toEqual([
      [a!.userId, 'confirmed', undefined],
      [b!.userId, 'waitlisted', 1],
    ]);
    expect((await p.op('listSessionReservations', { params: { sessionId }, token: partner })).status).toBe(200);
    expect((await p.op('listSessionReservations', { params: { sessionId }, token: a!.token })).status).toBe(403);
    expect((await p.op('listSessionReservations', { params: { sessionId }, token: linkworker })).status).toBe(403);
    const talk = await newSession(p, coordinator, talkingSpace().id);
    expect((await p.op('listSessionReservations', { params: { sessionId: talk }, token: partner })).status).toBe(403);
  });

  it('cancelReservation: the person, whoever booked it or the coordinator; nobody else (404, not a hint it exists)', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id);
    const [a, b] = await people(p, 2);
    const booked = await reserve(p, a!.token, sessionId, 'k');
    expect((await p.op('cancelReservation', { params: { id: booked.body.id }, token: b!.token })).status).toBe(404);
    expect((await p.op('cancelReservation', { params: { id: booked.body.id }, token: coordinator })).status).toBe(200);
  });
});

describe('bad input', () => {
  it('is a 400 naming the field and rule, and writes nothing', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id);
    const [a] = await people(p, 1);
    const cases: [string, Record<string, unknown>, Record<string, string>, string][] = [
      [`/api/session-reservations/${sessionId}`, { status: 'confirmed' }, { 'idempotency-key': 'k' }, 'body.status'],
      [`/api/session-reservations/${sessionId}`, { companion: 'yes' }, { 'idempotency-key': 'k' }, 'body.companion'],
      [`/api/session-reservations/${sessionId}`, { personId: 'bob' }, { 'idempotency-key': 'k' }, 'body.personId'],
      [`/api/session-reservations/${sessionId}`, {}, {}, 'header.idempotency-key'],
      [`/api/session-reservations/${sessionId}`, {}, { 'idempotency-key': 'has spaces' }, 'header.idempotency-key'],
      ['/api/session-reservations/nope', {}, { 'idempotency-key': 'k' }, 'params.sessionId'],
    ];
    for (const [path, body, headers, field] of cases) {
      const answer = await p.call('POST', path, { token: a!.token, body, headers });
      expect(answer.status, `${field}: ${JSON.stringify(answer.body)}`).toBe(400);
      expect(answer.body.errors.map((e: any) => e.field)).toContain(field);
    }
    expect((await p.op('cancelReservation', { params: { id: 'whatever' }, token: a!.token })).status).toBe(400);
    expect((await reserve(p, a!.token, '01JDEM0SESS0000000000000000'.slice(0, 26), 'k')).status).toBe(404);
    const { session, reservations } = await sessionState(p, sessionId);
    expect(session.confirmed).toBe(0);
    expect(reservations).toEqual([]);
  });
});

describe('reserveCourse', () => {
  it('all-or-nothing books every session or none; "available" books the ones with places', async () => {
    const activityId = steadySteps().id;
    // a fresh series in the future of this activity: 3 weekly sessions starting 10 days ahead
    const start = new Date(clock.now().getTime() + 10 * 86_400_000).toISOString().slice(0, 10);
    const made = await p.op('scheduleSessions', {
      params: { activityId },
      token: coordinator,
      body: { startDate: start, startTime: '19:45', durationMinutes: 60, rrule: 'FREQ=WEEKLY;COUNT=3', capacity: 1 },
    });
    expect(made.status).toBe(201);
    const seriesId = made.body.seriesId;
    const [a, b] = await people(p, 2);
    const all = await p.op('reserveCourse', { params: { activityId }, token: a!.token, body: { mode: 'all-or-nothing', seriesId }, headers: { 'idempotency-key': 'c1' } });
    expect(all.status, JSON.stringify(all.body)).toBe(201);
    expect(all.body.reserved).toHaveLength(3);
    const repeat = await p.op('reserveCourse', { params: { activityId }, token: a!.token, body: { mode: 'all-or-nothing', seriesId }, headers: { 'idempotency-key': 'c1' } });
    expect(repeat.body).toEqual(all.body);
    const none = await p.op('reserveCourse', { params: { activityId }, token: b!.token, body: { mode: 'all-or-nothing', seriesId } });
    expect(none.status).toBe(409);
    expect(none.problem.code).toBe('course_not_available');
    // a frees the middle session; b takes "the ones with places"
    await p.op('cancelReservation', { params: { id: all.body.reserved[1]!.id }, token: a!.token });
    const some = await p.op('reserveCourse', { params: { activityId }, token: b!.token, body: { mode: 'available', seriesId } });
    expect(some.status).toBe(201);
    expect(some.body.reserved.map((r: any) => r.sessionId)).toEqual([made.body.sessions[1]!.id]);
    expect(some.body.notReserved).toHaveLength(2);
    for (const s of made.body.sessions) checkInvariants(await sessionState(p, s.id));
  });

  it('counts a course booking once against the booking rate limit, however many sessions it books', async () => {
    // what reservations/service.ts's takeSeat comment promises: a 30-session course is not refused by a limit of 30 a minute
    const activityId = steadySteps().id;
    let startDate = addDays(londonDate(clock.now()), 4); // every date inside the 28 days booking is open for
    while (isoWeekday(startDate) === 7 || isBankHoliday(startDate)) startDate = addDays(startDate, 1);
    const made = await p.op('scheduleSessions', {
      params: { activityId },
      token: coordinator,
      body: { startDate, startTime: '18:15', durationMinutes: 60, rrule: 'FREQ=WEEKLY;COUNT=3', capacity: 5 },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const { seriesId, sessions } = made.body;
    expect(sessions.length).toBeGreaterThan(1);
    /** the person's bookings counted in this window of the limit (the counter item limitCaller raises) */
    const counted = async (userId: string) => {
      const seconds = Math.floor(clock.now().getTime() / 1000);
      const key = rateLimitKey('reservation', `user:${userId}`, seconds - (seconds % rateLimits.reservation.windowSeconds));
      const { Item } = await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: key, ConsistentRead: true }));
      return Item?.count;
    };
    const [a, b] = await people(p, 2);
    const some = await p.op('reserveCourse', { params: { activityId }, token: a!.token, body: { mode: 'available', seriesId } });
    expect(some.status, JSON.stringify(some.body)).toBe(201);
    expect(some.body.reserved).toHaveLength(sessions.length);
    expect(await counted(a!.userId)).toBe(1);
    const all = await p.op('reserveCourse', { params: { activityId }, token: b!.token, body: { mode: 'all-or-nothing', seriesId } });
    expect(all.status, JSON.stringify(all.body)).toBe(201);
    expect(all.body.reserved).toHaveLength(sessions.length);
    expect(await counted(b!.userId)).toBe(1);
    // the counter read is the one the limit keeps: one more booking counts one more
    expect((await reserve(p, a!.token, await newSession(p, coordinator, steadySteps().id, { capacity: 5 }), 'once-more')).status).toBe(201);
    expect(await counted(a!.userId)).toBe(2);
  });
});

describe('messages', () => {
  it('cancelling a session tells everyone booked and releases their places', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 1 });
    const [a] = await people(p, 1);
    await reserve(p, resident, sessionId, 'cs');
    await reserve(p, a!.token, sessionId, 'cs');
    const cancelled = await p.op('cancelSession', { params: { sessionId }, token: coordinator, body: { reason: 'The hall is flooded.' } });
    expect(cancelled.status).toBe(200);
    await p.stream.idle();
    await eventually(async () => {
      const { session, reservations } = await sessionState(p, sessionId);
      expect(session.status).toBe('cancelled');
      expect(reservations.every((r) => r.status === 'cancelled')).toBe(true);
      checkInvariants({ session, reservations });
      const mail = (await mailFor(demoIds.users.resident)).filter((m) => m.kind === 'session.cancelled' && m.text.includes('flooded'));
      expect(mail).toHaveLength(1);
    });
    expect((await reserve(p, resident, sessionId, 'cs2')).problem.code).toBe('session_cancelled');
    // the cancellation's notice delivered again by the stream cancels and tells nobody again (reservations/consumers.ts)
    const { Items: notices = [] } = await p.deps.db.doc.send(
      new QueryCommand({ TableName: p.deps.db.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)', ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}`, ':n': 'NOTICE#' } }),
    );
    expect(notices).toHaveLength(1);
    const n = notices[0]!;
    expect(await fanOutNotice(p.deps, { sessionId, sk: n.sk, kind: n.kind, subject: n.subject, text: n.text })).toBe(0);
  });
});

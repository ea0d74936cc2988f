import { DeleteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile } from '../../functions/accounts/data';
import { manualClock } from '../../functions/lib/clock';
import { newId } from '../../functions/lib/ids';
import type { DeliverableMessage } from '../../functions/lib/outbox';
import { demoIds } from '../../functions/local/seed/ids';
import { deliverOutbox } from '../../functions/messages/deliver';
import { readReply } from '../../functions/reminders/rules';
import { actOnDeadlines, askShiftVolunteers, sendReminders } from '../../functions/reminders/service';
import { attendanceFixtures } from '../helpers/attendance';
import { eventually, type TestPlatform } from '../helpers/platform';
import { checkInvariants, newSession, reserve, sessionState, startSessionsPlatform, steadySteps, talkingSpace } from '../helpers/sessions';

const clock = manualClock(new Date());
let p: TestPlatform;
let coordinator: string, resident: string;
beforeAll(async () => {
  p = await startSessionsPlatform({ clock });
  [coordinator, resident] = (await Promise.all(['coordinator', 'resident'].map((r) => p.tokenFor(`${r}@example.org`)))) as [string, string];
});
afterAll(() => p?.stop());

const hour = 3_600_000;
const mailFor = async (userId: string) => (await p.op('devMailbox', { query: { toUserId: userId } })).body.items;
let phoneSeq = 100;

/** A person with a profile: texts to their phone, or email, with communication needs when given. */
async function person(opts: { by?: 'sms' | 'email'; needs?: string[] } = {}) {
  const userId = newId();
  const phone = `+4477009${String(phoneSeq++).padStart(5, '0')}`;
  await createProfile(
    p.deps.db,
    {
      userId,
      name: `Person ${phoneSeq}`,
      email: `${userId.toLowerCase()}@example.org`,
      phone,
      contactPreference: opts.by ?? 'sms',
      roles: ['resident'],
      hubIds: [],
      organisationIds: [],
      ...(opts.needs ? { communicationNeeds: opts.needs } : {}),
    } as never,
    clock.now(),
  );
  return { userId, phone, token: await p.signer.signAccessToken({ userId, roles: ['resident'] }) };
}

/** A text from a phone, in AWS End User Messaging SMS's inbound shape, through the dev mailbox's reply route. */
const text = (from: string, body: string, id = newId()) => p.op('devReplyByText', { body: { originationNumber: from, destinationNumber: '+447700900000', messageBody: body, inboundMessageId: id } });

async function settings(activityId: string, body: { reminders?: { daysBefore: number; hoursBefore: number }[]; confirm: boolean; replyByHoursBefore?: number; noAnswer?: 'flag' | 'free' }) {
  const answer = await p.op('setReminderSettings', {
    token: coordinator,
    params: { activityId },
    body: {
      reminders: body.reminders ?? [
        { daysBefore: 7, hoursBefore: 0 },
        { daysBefore: 1, hoursBefore: 0 },
      ],
      confirm: body.confirm,
      replyByHoursBefore: body.replyByHoursBefore ?? 48,
      noAnswer: body.noAnswer ?? 'flag',
    },
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
}

/** Runs the reminder job at `hoursBefore` the session's start, then lets the stream deliver. */
async function remindAt(sessionId: string, hoursBefore: number): Promise<number> {
  const { session } = await sessionState(p, sessionId);
  clock.set(new Date(Date.parse(session.startsAt) - hoursBefore * hour + 60_000));
  const sent = await sendReminders(p.deps);
  await p.stream.idle();
  return sent;
}

describe('what a text reply means', () => {
  it('reads yes, no, stop, help and natural variants; anything else is for a person', () => {
    for (const yes of ['YES', 'y', 'Yes please', 'yes!', 'ok', 'Yep see you then', 'I’ll be there']) expect(readReply(yes), yes).toBe('yes');
    for (const no of ['NO', 'n', 'No thanks', 'cancel', 'Can’t make it sorry', 'not coming']) expect(readReply(no), no).toBe('no');
    for (const stop of ['STOP', 'stop', 'Unsubscribe', 'opt out']) expect(readReply(stop), stop).toBe('stop');
    expect(readReply('HELP')).toBe('help');
    expect(readReply('START')).toBe('start');
    for (const other of ['What time does it start?', 'My husband is in hospital so I will have to see', '', 'Nothing to stop me, I will be there with my daughter and her two children next week']) {
      expect(readReply(other), other).toBe('other');
    }
  });
});

describe('reminder settings', () => {
  it('defaults to 7 days and 1 day; only the people who run the activity change them; impossible settings say what to do', async () => {
    const activityId = talkingSpace().id;
    const got = await p.op('getReminderSettings', { token: coordinator, params: { activityId } });
    expect(got.body).toMatchObject({
      reminders: [
        { daysBefore: 7, hoursBefore: 0 },
        { daysBefore: 1, hoursBefore: 0 },
      ],
      confirm: false,
      usingDefaults: true,
    });
    expect((await p.op('getReminderSettings', { token: resident, params: { activityId } })).status).toBe(403);
    const bad = await p.op('setReminderSettings', {
      token: coordinator,
      params: { activityId },
      body: { reminders: [{ daysBefore: 1, hoursBefore: 0 }], confirm: true, replyByHoursBefore: 48, noAnswer: 'free' },
    });
    expect(bad.status).toBe(400);
    expect(bad.problem.errors[0]).toMatchObject({ field: 'body.replyByHoursBefore', rule: 'after_reminders' });
    const tooMany = await p.op('setReminderSettings', {
      token: coordinator,
      params: { activityId },
      body: { reminders: [{ daysBefore: 99, hoursBefore: 0 }], confirm: false, replyByHoursBefore: 48, noAnswer: 'free' },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.problem.errors[0]!.field).toBe('body.reminders.0.daysBefore');
  });
});

describe('reminders', () => {
  it('one reminder per booking per reminder time: re-runs and a replayed stream record send nothing more', async () => {
    clock.set(new Date());
    await settings(steadySteps().id, { confirm: false });
    const sessionId = await newSession(p, coordinator, steadySteps().id, { inDays: 9, capacity: 5, startTime: '09:00' });
    const a = await person({ by: 'email' });
    expect((await reserve(p, a.token, sessionId, 'r1')).status).toBe(201);

    expect(await remindAt(sessionId, 7 * 24)).toBe(1);
    expect(await sendReminders(p.deps)).toBe(0);
    // even with the session's "done" mark gone, the reminder's own conditional write refuses a second
    const { session } = await sessionState(p, sessionId);
    await p.deps.db.doc.send(new DeleteCommand({ TableName: p.deps.db.tableName, Key: { pk: `REMINDERS#${sessionId}`, sk: `SENT#${session.startsAt}#168` } }));
    expect(await sendReminders(p.deps)).toBe(0);

    // a replayed stream record of the reminder finds it claimed: the sender is not called again
    const messageId = `reminder-${sessionId}_${a.userId}-${session.startsAt}-168h`;
    const { Item } = await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: { pk: `OUTBOX#${messageId}`, sk: 'MESSAGE' } }));
    const sent: DeliverableMessage[] = [];
    await deliverOutbox({ send: async (m) => void sent.push(m) }).handle({ eventId: 'replay', eventName: 'INSERT', newImage: { ...Item!, state: 'pending' } }, p.deps);
    expect(sent).toHaveLength(0);

    expect(await remindAt(sessionId, 24)).toBe(1);
    expect(await sendReminders(p.deps)).toBe(0);
    const reminders = (await mailFor(a.userId)).filter((m) => m.kind === 'reminder.session');
    expect(reminders).toHaveLength(2);
    expect(reminders[0]!.text).toContain('If you cannot come, please cancel');
    clock.set(new Date());
  });

  it('someone who books after a reminder time gets only the later reminders', async () => {
    clock.set(new Date());
    const sessionId = await newSession(p, coordinator, steadySteps().id, { inDays: 4, capacity: 5, startTime: '12:00' });
    const a = await person({ by: 'email' });
    await reserve(p, a.token, sessionId, 'late');
    expect(await remindAt(sessionId, 7 * 24 - 1)).toBe(0);
    expect(await remindAt(sessionId, 24)).toBe(1);
    clock.set(new Date());
  });
});

describe('confirm or free, by text', () => {
  it('NO frees the place and promotes the first waiting person exactly once, delivered three times and racing a cancellation', async () => {
    clock.set(new Date());
    await settings(talkingSpace().id, { confirm: true, noAnswer: 'flag' });
    const sessionId = await newSession(p, coordinator, talkingSpace().id, { inDays: 9, capacity: 1, startTime: '14:00' });
    const [a, b, c] = [await person(), await person({ by: 'email' }), await person({ by: 'email' })];
    expect((await reserve(p, a.token, sessionId, 'n1')).body.status).toBe('confirmed');
    expect((await reserve(p, b.token, sessionId, 'n1')).body.status).toBe('waitlisted');
    expect((await reserve(p, c.token, sessionId, 'n1')).body.status).toBe('waitlisted');
    expect(await remindAt(sessionId, 7 * 24)).toBe(1);
    const [reminder] = (await mailFor(a.userId)).filter((m) => m.kind === 'reminder.session');
    expect(reminder).toMatchObject({ channel: 'sms', address: a.phone });
    expect(reminder!.text).toContain('Reply YES to keep your place or NO to free it');

    const providerId = newId();
    const answers = await Promise.all([
      text(a.phone, 'No sorry', providerId),
      text(a.phone, 'No sorry', providerId),
      p.op('cancelReservation', { token: a.token, params: { id: `${sessionId}_${a.userId}` } }),
      text(a.phone, 'No sorry', providerId),
    ]);
    const outcomes = [answers[0], answers[1], answers[3]].map((x) => (x!.body as { outcome: string }).outcome).sort();
    expect(outcomes).toEqual(['freed', 'repeat', 'repeat']);
    expect(answers[2]!.status).toBe(200);
    await p.stream.idle();
    const state = await sessionState(p, sessionId);
    checkInvariants(state);
    const status = (id: string) => state.reservations.find((r) => r.personId === id)?.status;
    // Talking Space offers a freed place (with a hold) rather than confirming it
    expect([status(a.userId), status(b.userId), status(c.userId)]).toEqual(['cancelled', 'offered', 'waitlisted']);
    expect((await mailFor(b.userId)).filter((m) => m.kind === 'reservation.offered')).toHaveLength(1);
    expect((await mailFor(a.userId)).filter((m) => m.kind === 'reservation.cancelled')).toHaveLength(1);
    clock.set(new Date());
  });

  it('YES keeps the place and says so; STOP stops every later text; anything else goes to the hub’s inbox', async () => {
    clock.set(new Date());
    const sessionId = await newSession(p, coordinator, talkingSpace().id, { inDays: 9, capacity: 3, startTime: '16:00' });
    const a = await person();
    await reserve(p, a.token, sessionId, 'y1');
    expect(await remindAt(sessionId, 7 * 24)).toBe(1);
    expect((await text(a.phone, 'Yes please')).body).toEqual({ reply: 'yes', outcome: 'kept' });
    await p.stream.idle();
    expect((await mailFor(a.userId)).filter((m) => m.kind === 'reminder.kept')).toMatchObject([{ channel: 'sms' }]);

    expect((await text(a.phone, 'Is there parking nearby?')).body).toEqual({ reply: 'other', outcome: 'to-inbox' });
    const inbox = await p.op('listHubTexts', { token: coordinator, params: { hubId: demoIds.hubs.oakRoadCentre } });
    expect(inbox.body.items.find((i) => i.text === 'Is there parking nearby?')).toMatchObject({ kind: 'text', personName: expect.stringContaining('Person'), activityTitle: talkingSpace().title });
    expect((await p.op('listHubTexts', { token: resident, params: { hubId: demoIds.hubs.oakRoadCentre } })).status).toBe(403);

    // a number no question went to: the partnership's list, which the admins read and a hub's coordinator does not
    expect((await text('+447700988001', 'Do you run anything for carers?')).body).toEqual({ reply: 'other', outcome: 'to-inbox' });
    const admin = await p.tokenFor('admin@example.org');
    const partnership = await p.op('listHubTexts', { token: admin, params: { hubId: 'partnership' } });
    expect(partnership.status).toBe(200);
    expect(partnership.body.items.find((i) => i.text === 'Do you run anything for carers?')).toMatchObject({ kind: 'text', from: '+447700988001' });
    expect((await p.op('listHubTexts', { token: coordinator, params: { hubId: 'partnership' } })).status).toBe(403);

    expect((await text(a.phone, 'STOP')).body).toEqual({ reply: 'stop', outcome: 'opted-out' });
    // the day-before reminder: not a text any more, but email (the person has an address)
    expect(await remindAt(sessionId, 24)).toBe(1);
    const later = (await mailFor(a.userId)).filter((m) => m.kind === 'reminder.session');
    expect(later.map((m) => m.channel)).toEqual(['email', 'sms']); // newest first
    clock.set(new Date());
  });
});

describe('confirm or free, by the link in the email, and the deadline', () => {
  it('the email’s link answers; no answer by the deadline frees the place or only flags it, as the activity chose', async () => {
    clock.set(new Date());
    await settings(steadySteps().id, { confirm: true, noAnswer: 'free', replyByHoursBefore: 48 });
    const sessionId = await newSession(p, coordinator, steadySteps().id, { inDays: 9, capacity: 2, startTime: '11:00' });
    const [a, b, w] = [await person({ by: 'email' }), await person({ by: 'email' }), await person({ by: 'email' })];
    for (const x of [a, b, w]) await reserve(p, x.token, sessionId, 'd1');
    expect(await remindAt(sessionId, 7 * 24)).toBe(2);
    const [mail] = (await mailFor(a.userId)).filter((m) => m.kind === 'reminder.session');
    const link = new URL(/http\S+\/confirm\?key=\S+/.exec(mail!.text)![0]);
    const reservationId = `${sessionId}_${a.userId}`;
    expect(link.pathname).toBe(`/places/${reservationId}/confirm`);
    const key = link.searchParams.get('key')!;
    expect((await p.op('getPlaceCheck', { params: { reservationId }, query: { key: 'x'.repeat(32) } })).status).toBe(404);
    expect((await p.op('getPlaceCheck', { params: { reservationId }, query: { key } })).body).toMatchObject({ state: 'asked', noAnswer: 'free' });
    expect((await p.op('answerPlaceCheck', { params: { reservationId }, body: { key, answer: 'yes' } })).body.state).toBe('yes');

    // b never answers: at the deadline their place goes to w, who is waiting
    const { session } = await sessionState(p, sessionId);
    clock.set(new Date(Date.parse(session.startsAt) - 47 * hour));
    expect(await actOnDeadlines(p.deps)).toBe(1);
    expect(await actOnDeadlines(p.deps)).toBe(0);
    await p.stream.idle();
    const state = await sessionState(p, sessionId);
    checkInvariants(state);
    const status = (id: string) => state.reservations.find((r) => r.personId === id)?.status;
    expect([status(a.userId), status(b.userId), status(w.userId)]).toEqual(['confirmed', 'cancelled', 'confirmed']);
    expect((await mailFor(b.userId)).find((m) => m.kind === 'reservation.cancelled')!.text).toContain('did not hear back');

    // the same with "only flag it": the place is kept and the coordinator is told
    clock.set(new Date());
    await settings(steadySteps().id, { confirm: true, noAnswer: 'flag', replyByHoursBefore: 48 });
    const flagged = await newSession(p, coordinator, steadySteps().id, { inDays: 9, capacity: 2, startTime: '13:00' });
    const c = await person({ by: 'email' });
    await reserve(p, c.token, flagged, 'd2');
    expect(await remindAt(flagged, 7 * 24)).toBe(1);
    clock.set(new Date(Date.parse((await sessionState(p, flagged)).session.startsAt) - 47 * hour));
    expect(await actOnDeadlines(p.deps)).toBe(1);
    expect((await sessionState(p, flagged)).reservations[0]!.status).toBe('confirmed');
    const inbox = await p.op('listHubTexts', { token: coordinator, params: { hubId: demoIds.hubs.oakRoadCentre } });
    const flaggedStart = (await sessionState(p, flagged)).session.startsAt;
    expect(inbox.body.items.filter((i) => i.kind === 'no-answer' && i.startsAt === flaggedStart)).toMatchObject([
      { activityTitle: steadySteps().title, personName: expect.stringContaining('Person') },
    ]);
    clock.set(new Date());
  });
});

describe('communication needs and channel', () => {
  it('an Easy Read reminder where the need is recorded; a letter for post; a call for staff; the flag on the register', async () => {
    clock.set(new Date());
    await settings(steadySteps().id, { confirm: false });
    const sessionId = await newSession(p, coordinator, steadySteps().id, { inDays: 9, capacity: 5, startTime: '15:00' });
    const [reader, poster, caller] = [await person({ by: 'email' }), await person({ by: 'email' }), await person({ by: 'email' })];
    const choose = (x: { token: string }, body: Parameters<typeof p.op<'setMyCommunication'>>[1] extends infer A ? (A extends { body: infer B } ? B : never) : never) =>
      p.op('setMyCommunication', { token: x.token, body });
    expect((await choose(reader, { channel: 'email', needs: ['easy-read', 'large-print'] })).status).toBe(200);
    const noAddress = await choose(poster, { channel: 'letter', needs: [] });
    expect(noAddress.status).toBe(400);
    expect(noAddress.problem.errors[0]).toMatchObject({ field: 'body.postalAddress', rule: 'required' });
    expect((await choose(poster, { channel: 'letter', needs: ['large-print'], postalAddress: '12 Elm Street\nLeeds LS1 4AB' })).status).toBe(200);
    expect((await choose(caller, { channel: 'phone', needs: ['bsl-interpreter'] })).status).toBe(200);
    expect((await p.op('getMyCommunication', { token: reader.token })).body).toMatchObject({ channel: 'email', needs: ['easy-read', 'large-print'], recorded: true });
    for (const x of [reader, poster, caller]) await reserve(p, x.token, sessionId, 'c1');

    expect(await remindAt(sessionId, 7 * 24)).toBe(3);
    const [easy] = (await mailFor(reader.userId)).filter((m) => m.kind === 'reminder.session');
    expect(easy!.subject).toBe(`Your ${steadySteps().title} is coming up`);
    expect(easy!.text).toContain(`You have a place at ${steadySteps().title}.`);
    expect(await mailFor(poster.userId)).toEqual([]); // nothing by email: a letter instead
    const list = (await p.op('listHubTexts', { token: coordinator, params: { hubId: demoIds.hubs.oakRoadCentre } })).body.items;
    const letter = list.find((i) => i.kind === 'letter' && i.text.includes('12 Elm Street'));
    expect(letter!.text).toMatch(/Leeds LS1 4AB[\s\S]*Dear Person[\s\S]*A reminder that you are booked/);
    const call = list.find((i) => i.kind === 'call' && i.text.includes(caller.phone));
    expect(call!.text).toMatch(/^Call Person \d+ on \+44\d+ and tell them: Reminder/);

    // the coordinator's register shows the recorded needs
    const { session } = await sessionState(p, sessionId);
    clock.set(new Date(Date.parse(session.startsAt) - hour));
    const register = await p.op('getRegister', { token: coordinator, params: { sessionId } });
    expect(register.status).toBe(200);
    const row = (id: string) => register.body.people.find((x) => x.personId === id);
    expect(row(reader.userId)!.communicationNeeds).toEqual(['easy-read', 'large-print']);
    expect(row(caller.userId)!.communicationNeeds).toEqual(['bsl-interpreter']);
    clock.set(new Date());
  });
});

describe('volunteers asked before a shift (issue 20, point 2)', () => {
  it('asks each volunteer once, two days before; YES is noted, NO withdraws them and tells the coordinator once, no answer is flagged to the hub', async () => {
    clock.set(new Date());
    const f = attendanceFixtures(p);
    const sessionId = await newSession(p, coordinator, steadySteps().id, { inDays: 6, capacity: 5, startTime: '14:00' });
    const { session } = await sessionState(p, sessionId);
    // two volunteers who hear from us by text, one by email, each on a shift helping run the session (13:30 to 16:00)
    const [yes, no, silent] = [await person(), await person(), await person({ by: 'email' })];
    const emailOf = async (x: { token: string }) => (await p.op('getMe', { token: x.token })).body.email as string;
    const on = await Promise.all([yes, no, silent].map(async (x) => f.volunteerOnShift(await emailOf(x), session)));
    const shiftStart = Date.parse((await p.op('getShift', { params: { shiftId: on[0]!.shiftId }, token: coordinator })).body.startsAt);

    // three days before: too early to ask
    clock.set(new Date(shiftStart - 72 * hour));
    expect(await askShiftVolunteers(p.deps)).toBe(0);
    // two days before: each asked once, however often the job runs
    clock.set(new Date(shiftStart - 47 * hour));
    expect(await askShiftVolunteers(p.deps)).toBe(3);
    expect(await askShiftVolunteers(p.deps)).toBe(0);
    await p.stream.idle();
    const asked = async (x: { userId: string }) => (await mailFor(x.userId)).filter((m) => m.kind === 'reminder.shift');
    expect((await asked(yes))[0]!.text).toContain('Reply YES if you are coming or NO if you can no longer come.');
    expect((await asked(silent))[0]!.text).toMatch(/Can you still come\? Please tell us by .*\/places\//s);

    expect((await text(yes.phone, 'Yes')).status).toBe(200);
    // NO delivered three times (the provider retries), and once more as a new text
    const noId = newId();
    const replies = await Promise.all([0, 1, 2].map(() => text(no.phone, 'no thanks', noId)));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await text(no.phone, 'NO')).status).toBe(200);
    await p.stream.idle();

    const shiftOf = async (shiftId: string) => (await p.op('getShift', { params: { shiftId }, token: coordinator })).body;
    expect((await shiftOf(on[0]!.shiftId)).openPlaces).toBe(1); // 2 places, the YES volunteer still on it
    expect((await shiftOf(on[1]!.shiftId)).openPlaces).toBe(2); // the NO freed its place
    const theirs = await p.op('getMyVolunteering', { token: no.token });
    expect(theirs.body.upcomingShifts.map((x) => x.shiftId)).not.toContain(on[1]!.shiftId);
    await eventually(async () => expect((await mailFor(yes.userId)).filter((m) => m.kind === 'reminder.kept')).toHaveLength(1));
    const told = (await mailFor(demoIds.users.coordinator)).filter((m) => m.kind === 'volunteer-shift.withdrawn' && m.text.includes('answered no'));
    expect(told).toHaveLength(1);

    // no answer by the day before: the hub is told, and the volunteer keeps the place
    clock.set(new Date(shiftStart - 23 * hour));
    expect(await actOnDeadlines(p.deps)).toBe(1);
    const inbox = (await p.op('listHubTexts', { token: coordinator, params: { hubId: demoIds.hubs.oakRoadCentre } })).body.items;
    expect(inbox.filter((i) => i.kind === 'no-answer' && i.activityTitle === 'Lunch Club' && i.startsAt === new Date(shiftStart).toISOString().replace('.000Z', 'Z'))).toHaveLength(1);
    expect((await shiftOf(on[2]!.shiftId)).openPlaces).toBe(1);
    clock.set(new Date());
  });
});

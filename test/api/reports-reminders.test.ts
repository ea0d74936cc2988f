import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile } from '../../functions/accounts/data';
import { manualClock } from '../../functions/lib/clock';
import { newId } from '../../functions/lib/ids';
import { demoIds } from '../../functions/local/seed/ids';
import { getPlaceCheck, type PlaceCheck } from '../../functions/reminders/data';
import { actOnDeadlines, sendReminders } from '../../functions/reminders/service';
import { reportConsumers } from '../../functions/reports/consumers';
import { countedTypes } from '../../functions/reports/rules';
import type { ReportView } from '../../functions/reports/schema';
import { createStreamHandler } from '../../functions/stream/handler';
import { attendanceFixtures } from '../helpers/attendance';
import type { ApiAnswer, TestPlatform } from '../helpers/platform';
import { newSession, reserve, sessionState, startSessionsPlatform, steadySteps, talkingSpace } from '../helpers/sessions';
import { readStream } from '../helpers/stream-records';

/**
 * Issue 20, point 5 ("Measured"): what confirm-or-free does, in the report. One Thursday, 10 September 2026, at
 * Oak Road, read that evening:
 *
 * | session             | activity (confirm?)        | places | booked                                   | answers before the reply-by time                 | register               |
 * |---------------------|----------------------------|--------|------------------------------------------|--------------------------------------------------|------------------------|
 * | A1 10:00            | Steady Steps (asks)        | 3      | t1 (text), e1 (email), ph1 (phone); w1 waits | t1 NO by text (w1 takes the place), e1 YES by link, ph1 NO to the hub on the phone | e1 came, w1 no-show    |
 * | A2 14:00            | Steady Steps (asks)        | 4      | t2 (text), e2, e3 (email)                | e2 and e3 YES by link; t2 silent: the deadline frees it | e2 came, e3 no-show    |
 * | B1 11:00            | Talking Space (does not)   | 4      | b1, b2, b3 (email)                       | (plain reminders, nothing asked)                 | b1 came, b2 b3 no-show |
 *
 * Every figure of the report's reminders and replies is checked against a count of the stored facts (place
 * checks, reservations) and the marks the test made; then a replay of the stream changes nothing.
 */
const clock = manualClock('2026-09-01T08:00:00Z');
const hour = 3_600_000;
let p: TestPlatform;
let coordinator: string;
let admin: string;
const sessions: { id: string; activityId: string; confirm: boolean }[] = [];
const marks: { activityId: string; confirm: boolean; status: 'attended' | 'no-show' }[] = [];

const ok = (a: ApiAnswer, status = 200) => {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
};

let phoneSeq = 500;
async function person(by: 'sms' | 'email') {
  const userId = newId();
  const phone = `+4477009${String(phoneSeq++).padStart(5, '0')}`;
  await createProfile(
    p.deps.db,
    { userId, name: `Person ${phoneSeq}`, email: `${userId.toLowerCase()}@example.org`, phone, contactPreference: by, roles: ['resident'], hubIds: [], organisationIds: [] } as never,
    clock.now(),
  );
  return { userId, phone, token: await p.signer.signAccessToken({ userId, roles: ['resident'] }) };
}
type Person = Awaited<ReturnType<typeof person>>;

const startOf = async (sessionId: string) => Date.parse((await sessionState(p, sessionId)).session.startsAt);
async function remindAt(sessionId: string, hoursBefore: number) {
  clock.set(new Date((await startOf(sessionId)) - hoursBefore * hour + 60_000));
  const sent = await sendReminders(p.deps);
  await p.stream.idle();
  return sent;
}
const linkIn = (text: string) => {
  const url = new URL(/http\S+\/confirm\?key=\S+/.exec(text)![0]);
  return { reservationId: url.pathname.split('/')[2]!, key: url.searchParams.get('key')! };
};
async function answerByEmail(who: Person, answer: 'yes' | 'no') {
  const mail = (await p.op('devMailbox', { query: { toUserId: who.userId } })).body.items.find((m) => m.kind === 'reminder.session')!;
  ok(await p.op('answerPlaceCheck', { params: { reservationId: linkIn(mail.text).reservationId }, body: { key: linkIn(mail.text).key, answer } }));
}
async function register(sessionId: string, activityId: string, confirm: boolean, list: [Person, 'attended' | 'no-show'][]) {
  clock.set(new Date((await startOf(sessionId)) + 30 * 60_000));
  const f = attendanceFixtures(p);
  ok(await p.op('recordAttendance', { params: { sessionId }, token: coordinator, body: { marks: list.map(([x, status]) => f.mark(x.userId, status, clock.now().toISOString())) } }));
  for (const [, status] of list) marks.push({ activityId, confirm, status });
}
const report = async (query: string, token = admin) => ok(await p.call('GET', `/api/reports?${query}`, { token })) as ReportView;

beforeAll(async () => {
  p = await startSessionsPlatform({ clock });
  [coordinator, admin] = (await Promise.all(['coordinator', 'admin'].map((r) => p.tokenFor(`${r}@example.org`)))) as [string, string];
  const settings = async (activityId: string, confirm: boolean) =>
    ok(await p.op('setReminderSettings', { token: coordinator, params: { activityId }, body: { reminders: [{ daysBefore: 7, hoursBefore: 0 }], confirm, replyByHoursBefore: 48, noAnswer: 'free' } }));
  await settings(steadySteps().id, true);
  await settings(talkingSpace().id, false);
  const a1 = await newSession(p, coordinator, steadySteps().id, { inDays: 9, capacity: 3, startTime: '10:00' });
  const b1 = await newSession(p, coordinator, talkingSpace().id, { inDays: 9, capacity: 4, startTime: '11:00' });
  const a2 = await newSession(p, coordinator, steadySteps().id, { inDays: 9, capacity: 4, startTime: '14:00' });
  sessions.push({ id: a1, activityId: steadySteps().id, confirm: true }, { id: b1, activityId: talkingSpace().id, confirm: false }, { id: a2, activityId: steadySteps().id, confirm: true });

  const [t1, e1, ph1, w1, t2, e2, e3, b1p, b2p, b3p] = [
    await person('sms'),
    await person('email'),
    await person('sms'),
    await person('email'),
    await person('sms'),
    ...(await Promise.all(Array.from({ length: 5 }, () => person('email')))),
  ] as Person[];
  // ph1 asks to be phoned: the reminder becomes a call for someone at the hub to make
  ok(await p.op('setMyCommunication', { token: ph1!.token, body: { channel: 'phone', needs: [] } }));
  for (const x of [t1!, e1!, ph1!]) expect(ok(await reserve(p, x.token, a1, newId()), 201).status).toBe('confirmed');
  expect(ok(await reserve(p, w1!.token, a1, newId()), 201).status).toBe('waitlisted');
  for (const x of [t2!, e2!, e3!]) ok(await reserve(p, x.token, a2, newId()), 201);
  for (const x of [b1p!, b2p!, b3p!]) ok(await reserve(p, x.token, b1, newId()), 201);

  expect(await remindAt(a1, 7 * 24)).toBe(3);
  expect(await remindAt(b1, 7 * 24)).toBe(3);
  expect(await remindAt(a2, 7 * 24)).toBe(3);

  // t1 says NO by text: the place goes to w1, the first waiting
  const reply = ok(await p.op('devReplyByText', { body: { originationNumber: t1!.phone, destinationNumber: '+447700900000', messageBody: 'No sorry', inboundMessageId: newId() } }));
  expect(reply).toEqual({ reply: 'no', outcome: 'freed' });
  await p.stream.idle();
  expect((await sessionState(p, a1)).reservations.find((r) => r.personId === w1!.userId)?.status).toBe('confirmed');
  await answerByEmail(e1!, 'yes');
  // ph1 tells the hub on the phone they cannot come: the coordinator answers for them through the call's link
  const calls = ok(await p.op('listHubTexts', { token: coordinator, params: { hubId: demoIds.hubs.oakRoadCentre } })).items;
  const call = calls.find((i: { kind: string; text: string }) => i.kind === 'call' && i.text.includes(ph1!.phone))!;
  ok(await p.op('answerPlaceCheck', { params: { reservationId: linkIn(call.text).reservationId }, body: { key: linkIn(call.text).key, answer: 'no' } }));
  await answerByEmail(e2!, 'yes');
  await answerByEmail(e3!, 'yes');
  // t2 never answers: the deadline frees the place (not a reply)
  clock.set(new Date((await startOf(a2)) - 47 * hour));
  expect(await actOnDeadlines(p.deps)).toBe(1);
  await p.stream.idle();

  await register(a1, steadySteps().id, true, [
    [e1!, 'attended'],
    [w1!, 'no-show'],
  ]);
  await register(b1, talkingSpace().id, false, [
    [b1p!, 'attended'],
    [b2p!, 'no-show'],
    [b3p!, 'no-show'],
  ]);
  await register(a2, steadySteps().id, true, [
    [e2!, 'attended'],
    [e3!, 'no-show'],
  ]);
  clock.set('2026-09-10T20:00:00Z');
  await p.stream.idle();
});
afterAll(() => p?.stop());

const percent = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 10 : null);

/** The figures worked out again from the stored place checks and reservations and the marks the test made. */
async function bruteForce() {
  const byActivity = new Map<string, Record<string, number>>();
  const channels = new Map<string, Record<string, number>>();
  const add = (map: Map<string, Record<string, number>>, key: string, name: string, n = 1) => {
    const row = map.get(key) ?? {};
    row[name] = (row[name] ?? 0) + n;
    map.set(key, row);
  };
  for (const m of marks) {
    add(byActivity, m.activityId, m.confirm ? 'markedOn' : 'markedOff');
    if (m.status === 'no-show') add(byActivity, m.activityId, m.confirm ? 'noShowsOn' : 'noShowsOff');
  }
  for (const s of sessions) {
    const { reservations } = await sessionState(p, s.id);
    let freed = 0;
    let fromWaitingList = 0;
    for (const r of reservations) {
      const check = (await getPlaceCheck(p.deps.db, r.id)) as (PlaceCheck & { channel: string }) | undefined;
      if (r.promotedAt && (r.status === 'confirmed' || r.status === 'offered')) fromWaitingList += r.places;
      if (!check) continue;
      if (check.state === 'no' && r.status === 'cancelled') freed += r.places;
      const inTime = !!check.answeredAt && check.answeredAt <= check.replyBy;
      add(channels, check.channel, 'asked');
      if (inTime && (check.state === 'yes' || check.state === 'no')) add(channels, check.channel, check.state);
      else if (check.state !== 'asked') add(channels, check.channel, 'noAnswer');
    }
    add(byActivity, s.activityId, 'freed', freed);
    add(byActivity, s.activityId, 'refilled', Math.min(freed, fromWaitingList));
  }
  return { byActivity, channels };
}

describe('reminders and replies in the report', () => {
  it('gives the no-show rate with and without confirm-or-free, places freed by replies and refilled, and answers by channel, as the facts are', async () => {
    const { byActivity, channels } = await bruteForce();
    const r = (await report('kind=demand&from=2026-09&to=2026-09')).reminders!;
    expect(r).toBeDefined();
    for (const [activityId, c] of byActivity) {
      const row = r.byActivity.find((x) => x.key === activityId)!;
      expect(row.values, activityId).toEqual({
        markedConfirmOn: c.markedOn ?? 0,
        noShowRateConfirmOn: percent(c.noShowsOn ?? 0, c.markedOn ?? 0),
        markedConfirmOff: c.markedOff ?? 0,
        noShowRateConfirmOff: percent(c.noShowsOff ?? 0, c.markedOff ?? 0),
        placesFreedByReply: c.freed ?? 0,
        placesRefilledAfterReply: c.refilled ?? 0,
      });
    }
    for (const key of ['text', 'email', 'phone']) {
      const c = channels.get(key) ?? {};
      const asked = c.asked ?? 0;
      expect(r.byChannel.find((x) => x.key === key)!.values, key).toEqual({
        checksAsked: asked,
        checksYes: c.yes ?? 0,
        checksNo: c.no ?? 0,
        checksNoAnswer: c.noAnswer ?? 0,
        replyRate: percent((c.yes ?? 0) + (c.no ?? 0), asked),
      });
    }
    // and the story in the table above, so the count is known to be of the right things
    expect(r.byActivity.find((x) => x.key === steadySteps().id)!.values).toMatchObject({
      markedConfirmOn: 4,
      noShowRateConfirmOn: 50,
      markedConfirmOff: 0,
      placesFreedByReply: 2,
      placesRefilledAfterReply: 1,
    });
    expect(r.byActivity.find((x) => x.key === talkingSpace().id)!.values).toMatchObject({ markedConfirmOn: 0, markedConfirmOff: 3, noShowRateConfirmOff: 66.7, placesFreedByReply: 0 });
    expect(r.byChannel.map((x) => [x.key, x.values.checksAsked, x.values.checksYes, x.values.checksNo, x.values.checksNoAnswer])).toEqual([
      ['text', 2, 0, 1, 1],
      ['email', 3, 3, 0, 0],
      ['phone', 1, 0, 1, 0],
    ]);
    expect(r.channelTotal).toMatchObject({ checksAsked: 6, checksYes: 3, checksNo: 2, checksNoAnswer: 1, replyRate: 83.3 });
    expect(r.total).toMatchObject({ markedConfirmOn: 4, markedConfirmOff: 3, placesFreedByReply: 2, placesRefilledAfterReply: 1 });
    // the definition of the rate says what it divides by
    expect(r.columns.find((c) => c.key === 'markedConfirmOn')!.definition).toMatch(/came \(including left early\) or as a no-show/);
    // the attendance report carries the same; the summary does not
    expect((await report('kind=attendance&from=2026-09&to=2026-09')).reminders).toEqual(r);
    expect((await report('kind=summary&from=2026-09&to=2026-09')).reminders).toBeUndefined();
  });

  it('hides small numbers for publication, as the rest of the report does', async () => {
    const r = (await report('kind=demand&from=2026-09&to=2026-09&forPublication=true')).reminders!;
    const small = (v: number | null | undefined) => typeof v === 'number' && v > 0 && v < 5;
    for (const [columns, rows] of [
      [r.columns, [...r.byActivity, { values: r.total }]],
      [r.channelColumns, [...r.byChannel, { values: r.channelTotal }]],
    ] as const) {
      for (const row of rows) for (const c of columns) if (c.unit === 'count') expect(small(row.values[c.key]), c.key).toBe(false);
    }
    expect(r.byChannel.find((x) => x.key === 'text')!.values.checksAsked).toBeNull();
    expect(r.byActivity.find((x) => x.key === talkingSpace().id)!.values.noShowRateConfirmOff).toBeNull();
    // nothing personal: figures and labels only
    expect(JSON.stringify(r)).not.toMatch(/Person \d|\+447700|@example\.org/);
  });

  it('shows a partner their own organisation’s activities only, protected; a resident none', async () => {
    const partner = await report('kind=demand&from=2026-09&to=2026-09', await p.tokenFor('partner@example.org')); // Age Well: Steady Steps, not Talking Space
    expect(partner.suppressed).toBe(true);
    expect(partner.reminders!.byActivity.map((x) => x.key)).toEqual([steadySteps().id]);
    expect(partner.reminders!.byActivity[0]!.values.placesFreedByReply).toBeNull();
    const resident = await p.call('GET', '/api/reports?kind=demand', { token: await p.tokenFor('resident@example.org') });
    expect(resident.status).toBe(403);
  });

  it('changes nothing when the stream is replayed, in order or backwards', async () => {
    const before = await Promise.all(['demand', 'attendance'].map((kind) => report(`kind=${kind}&from=2026-09&to=2026-09`)));
    const records = (await readStream(p)).filter((x) => (countedTypes as readonly string[]).includes((x.dynamodb?.NewImage as { type?: { S?: string } } | undefined)?.type?.S ?? ''));
    expect(records.filter((x) => (x.dynamodb?.NewImage as { type?: { S?: string } } | undefined)?.type?.S === 'PlaceCheck').length).toBeGreaterThan(6);
    const handler = createStreamHandler(p.deps, reportConsumers());
    for (let i = 0; i < records.length; i += 100) expect((await handler({ Records: records.slice(i, i + 100) })).batchItemFailures).toEqual([]);
    expect((await handler({ Records: [...records].reverse() })).batchItemFailures).toEqual([]);
    const after = await Promise.all(['demand', 'attendance'].map((kind) => report(`kind=${kind}&from=2026-09&to=2026-09`)));
    expect(after.map((x) => ({ ...x, asOf: '' }))).toEqual(before.map((x) => ({ ...x, asOf: '' })));
  });
});

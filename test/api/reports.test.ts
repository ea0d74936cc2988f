import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MarkStatus } from '../../functions/attendance/schema';
import { manualClock } from '../../functions/lib/clock';
import { newId } from '../../functions/lib/ids';
import { demoIds } from '../../functions/local/seed/ids';
import { reportConsumers } from '../../functions/reports/consumers';
import { countedTypes } from '../../functions/reports/rules';
import { createStreamHandler } from '../../functions/stream/handler';
import { attendanceFixtures } from '../helpers/attendance';
import type { Body } from '../helpers/bodies';
import { type ApiAnswer, startPlatform, type TestPlatform } from '../helpers/platform';
import { readStream } from '../helpers/stream-records';

/**
 * Reports against a history made through the API (sessions scheduled, places reserved and cancelled,
 * waiting lists promoted, marks corrected, walk-ins, referrals, volunteer hours), with every figure the
 * report gives worked out again here from what the test did. A fresh priority keeps the seeded demo data
 * out of the figures compared.
 */

const clock = manualClock('2026-03-20T10:00:00Z');
const hubs = demoIds.hubs;
const orgs = demoIds.organisations;
const priority = 'reports-test-loneliness';
let p: TestPlatform;
let f: ReturnType<typeof attendanceFixtures>;
let admin: string;
let coordinator: string;
let partner: string;
let linkworker: string;
let activityA: string; // Age Well at Oak Road Centre
let activityB: string; // Minds Together at St Mary's Hall; its title tries a spreadsheet formula

const ok = (a: ApiAnswer, status = 200) => {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
};

/** The figures this test expects, kept as it acts: month -> hub -> activity -> counter -> n. */
const ledger: { month: string; hubId: string; activityId?: string; counter: string; n: number }[] = [];
const count = (month: string, hubId: string, activityId: string | undefined, counter: string, n = 1) => ledger.push({ month, hubId, ...(activityId ? { activityId } : {}), counter, n });
const expected = (month: string, counter: string, where: (e: (typeof ledger)[number]) => boolean = () => true) =>
  ledger.filter((e) => e.month === month && e.counter === counter && where(e)).reduce((s, e) => s + e.n, 0);

const stamp = (minutesAgo: number) => new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString();

async function activity(body: Partial<Body<'createActivity'>> & Pick<Body<'createActivity'>, 'title' | 'organisationId'>) {
  return ok(
    await p.op('createActivity', {
      token: admin,
      body: { description: 'A friendly group.', cost: { kind: 'free' }, priorities: [priority], booking: { mode: 'reserve', defaultCapacity: 10, opensDaysBefore: 120 }, ...body },
    }),
    201,
  ).id as string;
}

interface Scheduled {
  id: string;
  month: string;
  hubId: string;
  activityId: string;
  capacity: number;
  active: string[];
}

async function schedule(activityId: string, hubId: string, date: string, capacity: number): Promise<Scheduled> {
  const body = ok(await p.op('scheduleSessions', { params: { activityId }, token: admin, body: { startDate: date, startTime: '14:00', durationMinutes: 90, capacity } }), 201);
  return { id: body.sessions[0].id, month: date.slice(0, 7), hubId, activityId, capacity, active: [] };
}

type Person = Awaited<ReturnType<ReturnType<typeof attendanceFixtures>['person']>>;
async function reserve(who: Person, s: Scheduled) {
  ok(await p.op('reserveSeat', { params: { sessionId: s.id }, token: who.token, body: {}, headers: { 'idempotency-key': newId() } }), 201);
  s.active.push(who.userId);
}
async function cancel(who: Person, s: Scheduled) {
  ok(await p.call('DELETE', `/api/reservations/${s.id}_${who.userId}`, { token: who.token }));
  s.active = s.active.filter((id) => id !== who.userId);
}
/** What the session holds once the waiting list has moved up: worked out here, not read back. */
function countSession(s: Scheduled) {
  count(s.month, s.hubId, s.activityId, 'sessions');
  count(s.month, s.hubId, s.activityId, 'placesOffered', s.capacity);
  count(s.month, s.hubId, s.activityId, 'reserved', Math.min(s.capacity, s.active.length));
  count(s.month, s.hubId, s.activityId, 'waitlisted', Math.max(0, s.active.length - s.capacity));
}
async function confirmedOn(s: Scheduled): Promise<string[]> {
  const body = ok(await p.op('listSessionReservations', { params: { sessionId: s.id }, token: admin }));
  return body.items.filter((r: { status: string }) => r.status === 'confirmed').map((r: { personId: string }) => r.personId);
}
async function mark(token: string, s: Scheduled, marks: [string, MarkStatus, number][]) {
  // a register takes marks from 30 minutes before the session until 7 days after it: marked on its evening
  const was = clock.now();
  clock.set(new Date(Date.parse(ok(await p.op('getSession', { params: { sessionId: s.id } })).endsAt) + 4 * 3_600_000));
  try {
    const body = { marks: marks.map(([personId, status, minutesAgo]) => f.mark(personId, status, stamp(minutesAgo))) };
    ok(await p.op('recordAttendance', { params: { sessionId: s.id }, token, body }));
  } finally {
    clock.set(was);
  }
}

const consent: Body<'createReferral'>['consent'] = { givenBy: 'person', givenAt: '2026-03-01T10:00:00Z', sharing: ['link-worker-team', 'activity-providers'] };
const contactPreferences: Body<'createReferral'>['contactPreferences'] = { methods: ['phone'] };
async function refer(source: Body<'createReferral'>['source'], extra: Partial<Body<'createReferral'>> = {}) {
  const body = ok(
    await p.op('createReferral', {
      token: linkworker,
      body: {
        newPerson: { name: `Person ${newId().slice(-6)}`, contactPreferences },
        source,
        reasons: [priority],
        whatMattersToMe: 'Company on weekday afternoons',
        contactPreferences,
        consent,
        ...extra,
      },
    }),
    201,
  );
  return body.id as string;
}
async function patchReferral(id: string, body: Record<string, unknown>) {
  const current = ok(await p.op('getReferral', { params: { id }, token: linkworker }));
  return ok(await p.op('updateReferral', { params: { id }, token: linkworker, body: { version: current.version, ...body } }));
}

const reportOf = async (query: string, token = admin) => ok(await p.call('GET', `/api/reports?${query}`, { token }));
const monthRow = (report: { months: { key: string; values: Record<string, number | null> }[] }, month: string) => report.months.find((m) => m.key === month)!.values;

let S1: Scheduled, S2: Scheduled, S3: Scheduled, S4: Scheduled;
let hoursBefore: { key: string; values: Record<string, number | null> }[];
const onsStart = { lifeSatisfaction: 3, worthwhile: 4, happiness: 3, anxiety: 8 };
const onsEnd = { lifeSatisfaction: 6, worthwhile: 6, happiness: 5, anxiety: 5 };

beforeAll(async () => {
  const t0 = Date.now();
  const lap = (what: string) => process.env.TEST_TIMING && console.log(what, Date.now() - t0);
  p = await startPlatform({ seed: true, clock });
  lap('platform');
  f = attendanceFixtures(p);
  [admin, coordinator, partner, linkworker] = (await Promise.all(['admin', 'coordinator', 'partner', 'linkworker'].map((n) => p.tokenFor(`${n}@example.org`)))) as [string, string, string, string];
  ok(await p.op('createPriority', { token: admin, body: { id: priority, label: 'Loneliness (report test)' } }), 201);
  activityA = await activity({ title: 'Afternoon Tea Club', organisationId: orgs.ageWell, hubId: hubs.oakRoadCentre });
  activityB = await activity({ title: '=1+2 Chair Yoga', organisationId: orgs.mindsTogether, hubId: hubs.stMarysHall });

  S1 = await schedule(activityA, hubs.oakRoadCentre, '2026-04-14', 6);
  S2 = await schedule(activityA, hubs.oakRoadCentre, '2026-05-05', 3);
  S3 = await schedule(activityB, hubs.stMarysHall, '2026-04-20', 4);
  S4 = await schedule(activityA, hubs.oakRoadCentre, '2026-05-12', 5);
  ok(await p.op('cancelSession', { params: { sessionId: S4.id }, token: admin, body: { reason: 'Hall flooded' } }));
  count(S4.month, S4.hubId, S4.activityId, 'sessionsCancelled');
  const vol = await f.volunteerOnShift('tea.helper@example.org', { id: S1.id, localDate: '2026-04-14' });
  hoursBefore = (await reportOf(`kind=volunteering&from=2026-04&to=2026-05&hubId=${hubs.oakRoadCentre}&raw=true`)).months;

  lap('activities, sessions, volunteer');
  const people = await Promise.all(Array.from({ length: 8 }, (_, i) => f.person(`tea${i + 1}@example.org`)));
  for (const who of people) await reserve(who, S1); // 6 places, 2 waiting
  await cancel(people[1]!, S1); // the first waiting moves up (through the stream)
  for (const who of people.slice(0, 5)) await reserve(who, S2); // 3 places, 2 waiting
  for (const who of people.slice(0, 2)) await reserve(who, S3);

  lap('bookings');
  // referrals in April and May
  clock.set('2026-04-10T09:00:00Z');
  const r1 = await refer('gp-practice');
  const r2 = await refer('gp-practice');
  const r3 = await refer('hospital-discharge', { ons4Start: onsStart });
  await patchReferral(r1, { status: 'contacted' });
  await patchReferral(r1, { status: 'plan-agreed', plan: [{ activityId: activityB }] });
  // (booking from a referral, bookOnBehalf, waits for the sessions service in this release: R1 stays plan-agreed)
  await patchReferral(r2, { status: 'declined', declinedReason: 'Already goes to a group' });
  await patchReferral(r3, { status: 'contacted' });
  await patchReferral(r3, { ons4End: onsEnd });
  clock.set('2026-05-02T09:00:00Z');
  await refer('gp-practice');
  await refer('self');
  await refer('community-group');
  for (const [month, source, status, bookedN, onsPair] of [
    ['2026-04', 'gp-practice', 'plan-agreed', 0, 0],
    ['2026-04', 'gp-practice', 'declined', 0, 0],
    ['2026-04', 'hospital-discharge', 'contacted', 0, 1],
    ['2026-05', 'gp-practice', 'received', 0, 0],
    ['2026-05', 'self', 'received', 0, 0],
    ['2026-05', 'community-group', 'received', 0, 0],
  ] as const) {
    count(month, '-', undefined, 'referred');
    count(month, '-', undefined, `source:${source}`);
    count(month, '-', undefined, `status:${status}`);
    count(month, '-', undefined, 'referralsBooked', bookedN);
    count(month, '-', undefined, 'referralsUnplaced', ['received', 'contacted', 'plan-agreed'].includes(status) ? 1 : 0);
    count(month, '-', undefined, 'ons4Pairs', onsPair);
  }
  lap('referrals');
  await p.stream.idle();
  lap('idle');
  for (const s of [S1, S2, S3]) countSession(s);

  // after the sessions: registers (one corrected), a walk-in group, hours
  clock.set('2026-05-20T12:00:00Z');
  const c1 = await confirmedOn(S1);
  expect(c1).toHaveLength(6);
  await mark(coordinator, S1, [
    [c1[0]!, 'attended', 60],
    [c1[1]!, 'attended', 60],
    [c1[2]!, 'attended', 60],
    [c1[3]!, 'attended', 60],
    [c1[4]!, 'attended', 60],
    [c1[5]!, 'no-show', 60],
  ]);
  await mark(coordinator, S1, [[c1[4]!, 'no-show', 30]]); // corrected: they had not come
  count(S1.month, S1.hubId, S1.activityId, 'attended', 4);
  count(S1.month, S1.hubId, S1.activityId, 'noShows', 2);
  ok(await p.op('recordWalkIn', { params: { sessionId: S1.id }, token: coordinator, body: { walkInId: 'walkin-group-1', count: 3, markedAt: stamp(50) } }), 201);
  count(S1.month, S1.hubId, S1.activityId, 'walkIns', 3);
  const c2 = await confirmedOn(S2);
  await mark(coordinator, S2, [
    [c2[0]!, 'attended', 40],
    [c2[1]!, 'left-early', 40],
    [c2[2]!, 'cancelled-late', 40],
  ]);
  count(S2.month, S2.hubId, S2.activityId, 'attended', 2);
  count(S2.month, S2.hubId, S2.activityId, 'leftEarly', 1);
  count(S2.month, S2.hubId, S2.activityId, 'cancelledLate', 1);
  await mark(admin, S3, [
    [people[0]!.userId, 'attended', 40],
    [people[1]!.userId, 'no-show', 40],
  ]);
  count(S3.month, S3.hubId, S3.activityId, 'attended', 1);
  count(S3.month, S3.hubId, S3.activityId, 'noShows', 1);

  const logHours = async (date: string, hours: number) => ok(await p.op('logVolunteerHours', { token: vol.token, body: { roleId: vol.roleId, date, hours } }), 201).hoursId as string;
  const decide = async (id: string, body: Body<'approveVolunteerHours'>) => ok(await p.op('approveVolunteerHours', { params: { hoursId: id }, token: coordinator, body }));
  await decide(await logHours('2026-04-14', 2.5), { decision: 'approve' });
  await decide(await logHours('2026-04-15', 1.25), { decision: 'reject', reason: 'Logged twice' });
  await decide(await logHours('2026-05-05', 3), { decision: 'approve' });
  count('2026-04', hubs.oakRoadCentre, undefined, 'volunteerHours', 2.5);
  count('2026-05', hubs.oakRoadCentre, undefined, 'volunteerHours', 3);
  lap('marks, hours');
  await p.stream.idle();
  lap('idle');
}, 900_000);

afterAll(async () => {
  await p?.stop();
});

const period = `from=2026-04&to=2026-05&priority=${priority}`;

describe('getReport', () => {
  it('gives the figures worked out independently from what was done, month by month', async () => {
    const [attendance, capacity, referrals] = await Promise.all(['attendance', 'capacity', 'referrals'].map((kind) => reportOf(`kind=${kind}&${period}&raw=true`)));
    for (const month of ['2026-04', '2026-05']) {
      expect(monthRow(attendance, month)).toMatchObject({
        sessions: expected(month, 'sessions'),
        placesOffered: expected(month, 'placesOffered'),
        reserved: expected(month, 'reserved'),
        attended: expected(month, 'attended'),
        noShows: expected(month, 'noShows'),
        cancelledLate: expected(month, 'cancelledLate'),
        leftEarly: expected(month, 'leftEarly'),
        walkIns: expected(month, 'walkIns'),
      });
      expect(monthRow(capacity, month)).toMatchObject({
        sessionsCancelled: expected(month, 'sessionsCancelled'),
        waitlisted: expected(month, 'waitlisted'),
        referralsUnplaced: expected(month, 'referralsUnplaced'),
        placesFree: expected(month, 'placesOffered') - expected(month, 'reserved'),
      });
      expect(monthRow(referrals, month)).toMatchObject({
        referred: expected(month, 'referred'),
        referralsBooked: expected(month, 'referralsBooked'),
        referralsAttended: 0,
        ons4Pairs: expected(month, 'ons4Pairs'),
      });
    }
    // the history spelled out once, so a wrong model above cannot hide a wrong report
    expect(monthRow(attendance, '2026-04')).toMatchObject({ sessions: 2, placesOffered: 10, reserved: 8, attended: 5, noShows: 3, walkIns: 3 });
    expect(monthRow(capacity, '2026-04')).toMatchObject({ waitlisted: 1 });
    expect(monthRow(capacity, '2026-05')).toMatchObject({ sessions: 1, sessionsCancelled: 1, reserved: 3, waitlisted: 2, referralsUnplaced: 3 });
    expect(attendance.totals).toMatchObject({ attended: 7, noShows: 3, attendanceRate: 70 });
    expect(referrals.totals).toMatchObject({
      referred: 6,
      referralsBooked: 0,
      ons4LifeSatisfactionChange: onsEnd.lifeSatisfaction - onsStart.lifeSatisfaction,
      ons4AnxietyChange: onsEnd.anxiety - onsStart.anxiety,
    });
  });

  it('breaks figures down by hub, activity, priority, referral source and status', async () => {
    const attendance = await reportOf(`kind=attendance&${period}&raw=true`);
    const group = (r: typeof attendance, by: string) => r.groups.find((g: { by: string }) => g.by === by).rows as { key: string; label: string; values: Record<string, number> }[];
    const byHub = group(attendance, 'hub');
    for (const hubId of [hubs.oakRoadCentre, hubs.stMarysHall]) {
      const row = byHub.find((r) => r.key === hubId)!;
      const inHub = (e: (typeof ledger)[number]) => e.hubId === hubId;
      expect(row.values.attended).toBe(expected('2026-04', 'attended', inHub) + expected('2026-05', 'attended', inHub));
      expect(row.values.reserved).toBe(expected('2026-04', 'reserved', inHub) + expected('2026-05', 'reserved', inHub));
    }
    expect(byHub.find((r) => r.key === hubs.oakRoadCentre)!.label).toBe('Oak Road Community Centre');
    expect(
      group(attendance, 'activity')
        .map((r) => r.label)
        .sort(),
    ).toEqual(['=1+2 Chair Yoga', 'Afternoon Tea Club']);
    expect(group(attendance, 'priority')).toEqual([expect.objectContaining({ key: priority, label: 'Loneliness (report test)' })]);

    const referrals = await reportOf(`kind=referrals&${period}&raw=true`);
    const sources = Object.fromEntries(group(referrals, 'source').map((r) => [r.key, r.values.referred]));
    const statuses = Object.fromEntries(group(referrals, 'status').map((r) => [r.key, r.values.referred]));
    for (const e of ledger.filter((x) => x.counter.startsWith('source:'))) expect(sources[e.counter.slice(7)]).toBe(ledger.filter((x) => x.counter === e.counter).length);
    for (const e of ledger.filter((x) => x.counter.startsWith('status:'))) expect(statuses[e.counter.slice(7)]).toBe(ledger.filter((x) => x.counter === e.counter).length);
    expect(group(referrals, 'source').find((r) => r.key === 'gp-practice')!.label).toBe('GP practice');
  });

  it('counts volunteer hours approved (not rejected), and their value at the configured or a given rate', async () => {
    const after = await reportOf(`kind=volunteering&from=2026-04&to=2026-05&hubId=${hubs.oakRoadCentre}&raw=true`);
    const rate = p.deps.config.volunteerHourlyRatePence;
    expect(after.hourlyRatePence).toBe(rate);
    for (const month of ['2026-04', '2026-05']) {
      const before = hoursBefore.find((m) => m.key === month)!.values;
      const now = monthRow(after, month);
      const added = expected(month, 'volunteerHours');
      expect((now.volunteerHours ?? 0) - (before.volunteerHours ?? 0)).toBeCloseTo(added, 6);
      expect(now.volunteerValuePence).toBe(Math.round((now.volunteerHours ?? 0) * rate));
    }
    const atTwenty = await reportOf(`kind=volunteering&from=2026-04&to=2026-05&hubId=${hubs.oakRoadCentre}&raw=true&hourlyRatePence=2000`);
    expect(monthRow(atTwenty, '2026-05').volunteerValuePence).toBe(Math.round(monthRow(atTwenty, '2026-05').volunteerHours! * 2000));
  });

  it('filters by hub and by care community, leaving referrals out (they are not made to a hub)', async () => {
    const oak = await reportOf(`kind=attendance&${period}&hubId=${hubs.oakRoadCentre}&raw=true`);
    const inOak = (e: (typeof ledger)[number]) => e.hubId === hubs.oakRoadCentre;
    expect(monthRow(oak, '2026-04').attended).toBe(expected('2026-04', 'attended', inOak));
    const hubsOfWestfield = ok(await p.op('listHubs', { query: { careCommunity: demoIds.careCommunities.westfield, limit: '50' } })).items.map((h: { id: string }) => h.id);
    const westfield = await reportOf(`kind=capacity&${period}&careCommunityId=${demoIds.careCommunities.westfield}&raw=true`);
    const inWestfield = (e: (typeof ledger)[number]) => hubsOfWestfield.includes(e.hubId);
    expect(monthRow(westfield, '2026-04').reserved).toBe(expected('2026-04', 'reserved', inWestfield));
    expect(monthRow(westfield, '2026-05').referralsUnplaced).toBe(0);
    expect(westfield.notes.join(' ')).toMatch(/Referrals are not made to a hub/);
  });
});

describe('small numbers', () => {
  it('shows admins exact figures, and suppresses figures about 1 to 4 people for publication', async () => {
    const exact = await reportOf(`kind=attendance&${period}`);
    expect(exact.suppressed).toBe(false);
    expect(monthRow(exact, '2026-04').noShows).toBe(3);
    const shown = await reportOf(`kind=attendance&${period}&forPublication=true`);
    expect(shown.suppressed).toBe(true);
    const april = monthRow(shown, '2026-04');
    expect(april.attended).toBeNull(); // five people, hidden too: the total less April's would give May's small number (secondary suppression)
    expect(april.noShows).toBeNull(); // three: suppressed
    expect(april.walkIns).toBeNull();
    expect(april.placesOffered).toBe(10); // places, not people
    expect(monthRow(shown, '2026-05').attended).toBeNull();
    expect(monthRow(shown, '2026-05').cancelledLate).toBeNull();
    expect(monthRow(shown, '2026-05').noShows).toBe(0); // nobody: nothing to hide
    expect(april.attendanceRate).toBeNull(); // rests on a suppressed count
    const referrals = await reportOf(`kind=referrals&${period}&forPublication=true`);
    expect(referrals.totals.referred).toBe(6);
    expect(referrals.totals.ons4LifeSatisfactionChange).toBeNull(); // one person's scores
  });
});

describe('exportReport', () => {
  it('is a CSV with a header row, UTF-8 with a byte-order mark, small numbers hidden for publication, formulas defused', async () => {
    const res = await fetch(`${p.url}/api/reports/export?kind=attendance&by=month&${period}&forPublication=true`, { headers: { authorization: `Bearer ${admin}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="common-ground-attendance-by-month-2026-04-to-2026-05-for-publication\.csv"/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(Buffer.from(bytes), { bom: true });
    expect(rows[0]).toEqual([
      'Month',
      'Sessions run',
      'Places offered',
      'Places reserved',
      'Attended',
      'No-shows',
      'Cancelled late',
      'Left early',
      'Walk-ins',
      'Turned up (%)',
      'Hidden to protect identities',
    ]);
    expect(rows.map((r) => r[0])).toEqual(['Month', 'Apr 2026', 'May 2026', 'Total']);
    // April's places and attendance are hidden beside May's small ones, so the total cannot give May's away
    expect(rows[1]).toEqual(['Apr 2026', '2', '10', '', '', '', '0', '0', '', '', 'Places reserved; Attended; No-shows; Walk-ins; Turned up (%)']);
    expect(rows[3]![4]).toBe(String(expected('2026-04', 'attended') + expected('2026-05', 'attended')));

    const exact: string[][] = parse(
      Buffer.from(await (await fetch(`${p.url}/api/reports/export?kind=attendance&by=month&${period}`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer()),
      { bom: true },
    );
    expect(exact[1]).toEqual(['Apr 2026', '2', '10', '8', '5', '3', '0', '0', '3', '62.5', '']);

    const byActivity = await fetch(`${p.url}/api/reports/export?kind=attendance&by=activity&${period}`, { headers: { authorization: `Bearer ${admin}` } });
    const activityRows: string[][] = parse(Buffer.from(await byActivity.arrayBuffer()), { bom: true });
    expect(activityRows.map((r) => r[0])).toContain("'=1+2 Chair Yoga");
  });
});

describe('getGaps', () => {
  it('ranks priorities and hubs where waiting lists and unplaced referrals outrun the free places', async () => {
    const gaps = ok(await p.call('GET', `/api/gaps?${period}&raw=true`, { token: admin }));
    const sum = (counter: string, where?: (e: (typeof ledger)[number]) => boolean) => expected('2026-04', counter, where) + expected('2026-05', counter, where);
    const free = sum('placesOffered') - sum('reserved');
    const row = gaps.byPriority.find((r: { priority: string }) => r.priority === priority);
    expect(row).toMatchObject({ waitlisted: sum('waitlisted'), unplacedReferrals: sum('referralsUnplaced'), placesFree: free, shortfall: sum('waitlisted') + sum('referralsUnplaced') - free });
    const inOak = (e: (typeof ledger)[number]) => e.hubId === hubs.oakRoadCentre;
    expect(gaps.byArea).toEqual([
      expect.objectContaining({
        hubId: hubs.oakRoadCentre,
        hubName: 'Oak Road Community Centre',
        priority,
        shortfall: sum('waitlisted', inOak) - (sum('placesOffered', inOak) - sum('reserved', inOak)),
      }),
    ]);
    const everywhere = ok(await p.op('getGaps', { query: { from: '2026-04', to: '2026-05', raw: 'true' }, token: admin }));
    const shortfalls = everywhere.byPriority.map((r: { shortfall: number }) => r.shortfall);
    expect([...shortfalls].sort((a, b) => b - a)).toEqual(shortfalls);
  });
});

describe('access', () => {
  it('gives coordinators their hubs only and partners their own activities only', async () => {
    const mine = await reportOf(`kind=attendance&${period}`, coordinator);
    expect(mine.scope).toBe('own');
    expect(mine.groups.find((g: { by: string }) => g.by === 'hub').rows.map((r: { key: string }) => r.key)).toEqual([hubs.oakRoadCentre]);
    const oakAttended = (m: string) => expected(m, 'attended', (e) => e.hubId === hubs.oakRoadCentre);
    expect(mine.suppressed).toBe(false); // exact: their own hub
    expect(monthRow(mine, '2026-04').attended).toBe(oakAttended('2026-04'));
    expect((await reportOf(`kind=attendance&${period}&forPublication=true`, coordinator)).suppressed).toBe(true);
    const partnerView = await reportOf(`kind=attendance&${period}`, partner);
    expect(partnerView.groups.find((g: { by: string }) => g.by === 'activity').rows.map((r: { key: string }) => r.key)).toEqual([activityA]);
    const partnerGaps = ok(await p.call('GET', `/api/gaps?${period}`, { token: partner }));
    expect(partnerGaps.byPriority.every((r: { unplacedReferrals: number | null }) => r.unplacedReferrals === 0)).toBe(true);
  });

  it('refuses another hub, referral reports and raw figures to coordinators, and everyone else altogether', async () => {
    expect((await p.op('getReport', { query: { hubId: hubs.stMarysHall }, token: coordinator })).status).toBe(403);
    expect((await p.op('getReport', { query: { kind: 'referrals' }, token: coordinator })).status).toBe(403);
    expect((await p.op('getReport', { query: { raw: 'true' }, token: coordinator })).status).toBe(403);
    expect((await p.op('getGaps', { query: { raw: 'true' }, token: partner })).status).toBe(403);
    for (const who of ['resident', 'volunteer', 'linkworker']) {
      const token = await p.tokenFor(`${who}@example.org`);
      for (const path of ['/api/reports', '/api/reports/export', '/api/gaps']) expect((await p.call('GET', path, { token })).status, `${who} ${path}`).toBe(403);
    }
    for (const path of ['/api/reports', '/api/reports/export', '/api/gaps']) expect((await p.call('GET', path)).status).toBe(401);
  });

  it('refuses bad input naming the field', async () => {
    const cases: [string, string][] = [
      ['kind=everything', 'query.kind'],
      ['from=2026-13', 'query.from'],
      ['from=2026-05&to=2026-04', 'query.from'],
      ['from=2020-01&to=2026-05', 'query.from'],
      ['hubId=nope', 'query.hubId'],
      ['extra=1', 'query.extra'],
    ];
    for (const [query, field] of cases) {
      const answer = await p.call('GET', `/api/reports?${query}`, { token: admin });
      expect(answer.status, query).toBe(400);
      expect(
        answer.body.errors.map((e: { field: string }) => e.field),
        query,
      ).toContain(field);
    }
  });
});

describe('replaying the stream', () => {
  it('changes nothing: every record handed to the report consumer again is recognised', async () => {
    const before = await Promise.all(['attendance', 'capacity', 'referrals', 'volunteering'].map((kind) => reportOf(`kind=${kind}&from=2026-03&to=2026-06&raw=true`)));
    const records = (await readStream(p)).filter((r) => (countedTypes as readonly string[]).includes((r.dynamodb?.NewImage as { type?: { S?: string } } | undefined)?.type?.S ?? ''));
    expect(records.length).toBeGreaterThan(50);
    const handler = createStreamHandler(p.deps, reportConsumers());
    for (let i = 0; i < records.length; i += 100) expect((await handler({ Records: records.slice(i, i + 100) })).batchItemFailures).toEqual([]);
    // and in reverse: old records arriving after new ones are recognised as stale
    expect((await handler({ Records: [...records].reverse() })).batchItemFailures).toEqual([]);
    const after = await Promise.all(['attendance', 'capacity', 'referrals', 'volunteering'].map((kind) => reportOf(`kind=${kind}&from=2026-03&to=2026-06&raw=true`)));
    expect(after).toEqual(before);
  });

  it('counts once when deliveries of the same new records race each other', async () => {
    const marks = (await readStream(p)).filter((r) => (r.dynamodb?.NewImage as { type?: { S?: string } } | undefined)?.type?.S === 'AttendanceMark');
    // the real mark records as if about new people: sources no delivery has applied yet
    const fresh = marks.map((r, i) => {
      const image: Record<string, { S?: string }> = { ...(r.dynamodb!.NewImage as Record<string, { S?: string }>), sk: { S: `MARK#resident#RACE${i}` } };
      return { ...r, eventID: `race-${i}`, dynamodb: { ...r.dynamodb, Keys: { pk: image.pk!, sk: image.sk! } as never, NewImage: image as never } };
    });
    const attendedBefore = (await reportOf('kind=attendance&from=2026-03&to=2026-06&raw=true')).totals.attended as number;
    const handler = createStreamHandler(p.deps, reportConsumers());
    // three deliveries at once: each reads no ReportSource; one transaction wins, the others are refused and redo their sources one by one
    const answers = await Promise.all([handler({ Records: fresh }), handler({ Records: [...fresh].reverse() }), handler({ Records: fresh })]);
    for (const a of answers) expect(a.batchItemFailures).toEqual([]);
    const attendedMarks = fresh
      .map((r) => r.dynamodb.NewImage as Record<string, { S?: string }>)
      .filter((m) => m.role?.S !== 'volunteer' && ['attended', 'left-early'].includes(m.status?.S ?? '') && (m.localDate?.S ?? '') >= '2026-03' && (m.localDate?.S ?? '') < '2026-07').length;
    expect(attendedMarks).toBeGreaterThan(0);
    expect((await reportOf('kind=attendance&from=2026-03&to=2026-06&raw=true')).totals.attended).toBe(attendedBefore + attendedMarks);
  });
});

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../functions/lib/actor';
import { manualClock } from '../../functions/lib/clock';
import type { Db } from '../../functions/lib/db';
import { demoIds } from '../../functions/local/seed/ids';
import { countReferralQueues } from '../../functions/referrals/service';
import type { GapsView, ReportView } from '../../functions/reports/schema';
import { operationUrl } from '../../web/src/api';
import { attendanceFixtures } from '../helpers/attendance';
import { type ApiAnswer, startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Issue 19: reports that tell the truth. A scripted June at one activity (Oak Road, Age Well), read on
 * 17 June at 13:00 London time: three sessions have run (3, 10 and 17 June in the morning), two are still to
 * come (17 June in the afternoon, 24 June). The figures count what happened only; the rest is booked ahead.
 * Admins and the hub's coordinator see them exactly; the partner, and anything "for publication", see them
 * protected, and a test tries (and fails) to work every hidden figure out again from the others.
 *
 * | session          | starts (London) | places | booked | waiting | register                 |
 * |------------------|-----------------|--------|--------|---------|--------------------------|
 * | S1 Wed 3 June    | 10:00           | 5      | 5      | 2       | 4 came, 1 no-show        |
 * | S2 Wed 10 June   | 10:00           | 6      | 3      | 0       | 2 came, 1 no-show        |
 * | S3 Wed 17 June   | 10:00           | 4      | 2      | 0       | 2 came                   |
 * | S4 Wed 17 June   | 15:00           | 4      | 1      | 0       | (after now)              |
 * | S5 Wed 24 June   | 10:00           | 8      | 3      | 0       | (after now)              |
 * | S6 Sat 20 June   | 10:00           | 2      | 2      | 2       | (after now)              |
 *
 * For the gaps: S6 is full with two waiting; a volunteer shift on 24 June has a place nobody took; two
 * referrals nobody picked up, one (from 1 June) overdue a first contact; a priority with no sessions at all.
 * For the funnel, three more referrals on Monday 1 June, taken by a link worker: one contacted on Wednesday 3rd
 * (2 working days: in time), one declined on the 2nd for "no suitable activity nearby", one contacted on the
 * 15th (10 working days: late), its wellbeing scored at the start and again then.
 *
 * For no-shows and demand, a second activity (Chair Yoga, priority truth-demand, also at Oak Road) on two
 * Mondays, both before now, with places given back:
 *
 * | session     | places | what happened before it started                                             | at start            | register           |
 * |-------------|--------|------------------------------------------------------------------------------|---------------------|--------------------|
 * | D1 8 June   | 3      | 5 book (2 wait); one cancels, the first waiting is promoted                  | 3 booked, 1 waiting | 2 came, 1 no-show  |
 * | D2 15 June  | 3      | 3 book; one cancels; a new booking takes the place; another cancels (twice, at once) | 2 booked, 1 free    | 1 came, 1 no-show  |
 *
 * Places given back: 3; taken again: 2 (D1's by the waiting list, D2's first by a new booking); left empty: 1.
 */
const clock = manualClock('2026-06-01T08:00:00Z');
const now = '2026-06-17T12:00:00Z';
const priority = 'truth-test';
const demandPriority = 'truth-demand';
const june = { from: '2026-06', to: '2026-06', priority };
let p: TestPlatform;
let admin: string;
let coordinator: string;
let partner: string;
let linkworker: string;
let baseline: GapsView;

const ok = (a: ApiAnswer, status = 200) => {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
};

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  const f = attendanceFixtures(p);
  [admin, coordinator, partner, linkworker] = (await Promise.all(['admin', 'coordinator', 'partner', 'linkworker'].map((n) => p.tokenFor(`${n}@example.org`)))) as [string, string, string, string];
  clock.set(now);
  baseline = ok(await p.op('getGaps', { query: { from: '2026-06', to: '2026-06' }, token: admin }));
  clock.set('2026-06-01T08:00:00Z');
  ok(await p.op('createPriority', { token: admin, body: { id: priority, label: 'Truth test' } }), 201);
  ok(await p.op('createPriority', { token: admin, body: { id: 'truth-nothing', label: 'Truth test, nothing on' } }), 201);
  const activity = ok(
    await p.op('createActivity', {
      token: admin,
      body: {
        title: 'Walk and Talk',
        description: 'A friendly walk.',
        organisationId: demoIds.organisations.ageWell,
        hubId: demoIds.hubs.oakRoadCentre,
        priorities: [priority],
        cost: { kind: 'free' },
        booking: { mode: 'reserve', defaultCapacity: 10, opensDaysBefore: 120 },
      },
    }),
    201,
  );
  const schedule = async (date: string, startTime: string, capacity: number) =>
    ok(await p.op('scheduleSessions', { params: { activityId: activity.id }, token: admin, body: { startDate: date, startTime, durationMinutes: 60, capacity } }), 201).sessions[0]!.id as string;
  const people = await Promise.all(Array.from({ length: 7 }, (_, i) => f.person(`walker${i + 1}@example.org`)));
  const plan: [string, string, number, number][] = [
    ['2026-06-03', '10:00', 5, 7],
    ['2026-06-10', '10:00', 6, 3],
    ['2026-06-17', '10:00', 4, 2],
    ['2026-06-17', '15:00', 4, 1],
    ['2026-06-24', '10:00', 8, 3],
    ['2026-06-20', '10:00', 2, 4],
  ];
  const sessions: { id: string; date: string; booked: typeof people }[] = [];
  for (const [date, time, capacity, bookers] of plan) {
    const id = await schedule(date, time, capacity);
    for (const who of people.slice(0, bookers)) await f.book(who, id);
    sessions.push({ id, date, booked: people.slice(0, Math.min(capacity, bookers)) });
  }
  await f.volunteerOnShift('truth.volunteer@example.org', { id: sessions[4]!.id, localDate: '2026-06-24' });
  const demand = await demandScript();
  await refer();
  await p.stream.idle();
  // each register taken an hour after its session began (London summer time: 10:00 is 09:00Z)
  const registers: [number, number, number][] = [
    [0, 4, 1],
    [1, 2, 1],
    [2, 2, 0],
  ];
  for (const [i, came, missed] of registers) {
    const s = sessions[i]!;
    clock.set(`${s.date}T10:00:00Z`);
    const marks = [
      ...s.booked.slice(0, came).map((x) => f.mark(x.userId, 'attended', clock.now().toISOString())),
      ...s.booked.slice(came, came + missed).map((x) => f.mark(x.userId, 'no-show', clock.now().toISOString())),
    ];
    ok(await p.op('recordAttendance', { params: { sessionId: s.id }, token: coordinator, body: { marks } }));
  }
  for (const { id, date, came, missed } of demand) {
    clock.set(`${date}T10:00:00Z`);
    const marks = [...came.map((x) => f.mark(x.userId, 'attended', clock.now().toISOString())), ...missed.map((x) => f.mark(x.userId, 'no-show', clock.now().toISOString()))];
    ok(await p.op('recordAttendance', { params: { sessionId: id }, token: coordinator, body: { marks } }));
  }
  // the funnel's referrals (1 June is a Monday)
  clock.set('2026-06-01T09:00:00Z');
  const [f1, f2, f3] = [await referByLinkWorker(), await referByLinkWorker(), await referByLinkWorker({ ons4Start: { lifeSatisfaction: 3, worthwhile: 4, happiness: 3, anxiety: 8 } })];
  clock.set('2026-06-02T09:00:00Z');
  await patchReferral(f2, { status: 'declined', declinedReason: 'No suitable activity nearby' });
  clock.set('2026-06-03T09:00:00Z');
  await patchReferral(f1, { status: 'contacted' });
  clock.set('2026-06-15T09:00:00Z');
  await patchReferral(f3, { status: 'contacted' });
  await patchReferral(f3, { ons4End: { lifeSatisfaction: 6, worthwhile: 6, happiness: 5, anxiety: 5 } });
  clock.set(now);
  await refer();
  await p.stream.idle();

  /** Chair Yoga's two sessions (see the table above), booked and given back on 1 June; their registers are taken later. */
  async function demandScript() {
    ok(await p.op('createPriority', { token: admin, body: { id: demandPriority, label: 'Truth test, demand' } }), 201);
    const yoga = ok(
      await p.op('createActivity', {
        token: admin,
        body: {
          title: 'Chair Yoga',
          description: 'Gentle yoga sitting down.',
          organisationId: demoIds.organisations.ageWell,
          hubId: demoIds.hubs.oakRoadCentre,
          priorities: [demandPriority],
          cost: { kind: 'free' },
          booking: { mode: 'reserve', defaultCapacity: 10, opensDaysBefore: 120 },
        },
      }),
      201,
    );
    const at = async (date: string) =>
      ok(await p.op('scheduleSessions', { params: { activityId: yoga.id }, token: admin, body: { startDate: date, startTime: '10:00', durationMinutes: 60, capacity: 3 } }), 201).sessions[0]!
        .id as string;
    const y = await Promise.all(Array.from({ length: 5 }, (_, i) => f.person(`yoga${i + 1}@example.org`)));
    const cancel = async (who: (typeof y)[number], booking: { id: string }) => ok(await p.op('cancelReservation', { params: { id: booking.id }, token: who.token }));
    const d1 = await at('2026-06-08');
    const d1Bookings = [];
    for (const who of y) d1Bookings.push(await f.book(who, d1));
    expect(d1Bookings.map((b) => b.status)).toEqual(['confirmed', 'confirmed', 'confirmed', 'waitlisted', 'waitlisted']);
    await cancel(y[0]!, d1Bookings[0]!);
    await p.stream.idle(); // the waiting list's first (yoga4) is promoted
    const d2 = await at('2026-06-15');
    const d2Bookings = [];
    for (const who of y.slice(0, 3)) d2Bookings.push(await f.book(who, d2));
    await cancel(y[0]!, d2Bookings[0]!);
    await f.book(y[3]!, d2);
    await Promise.all([cancel(y[1]!, d2Bookings[1]!), cancel(y[1]!, d2Bookings[1]!)]); // one place given back, however many times asked
    await p.stream.idle();
    return [
      { id: d1, date: '2026-06-08', came: [y[1]!, y[2]!], missed: [y[3]!] },
      { id: d2, date: '2026-06-15', came: [y[2]!], missed: [y[3]!] },
    ];
  }

  async function referByLinkWorker(extra: Record<string, unknown> = {}) {
    const contactPreferences = { methods: ['phone' as const] };
    const consent = { givenBy: 'person' as const, givenAt: clock.now().toISOString(), sharing: ['link-worker-team' as const, 'activity-providers' as const] };
    const body = { newPerson: { name: 'Sam Funnel', contactPreferences }, source: 'self' as const, reasons: [priority], whatMattersToMe: 'Company', contactPreferences, consent, ...extra };
    return ok(await p.op('createReferral', { token: linkworker, body }), 201).id as string;
  }
  async function patchReferral(id: string, body: Record<string, unknown>) {
    const current = ok(await p.op('getReferral', { params: { id }, token: linkworker }));
    ok(await p.op('updateReferral', { params: { id }, token: linkworker, body: { version: current.version, ...body } }));
  }

  /** A referral made by an admin (not a link worker), so nobody has picked it up. */
  async function refer() {
    const contactPreferences = { methods: ['phone' as const] };
    ok(
      await p.op('createReferral', {
        token: admin,
        body: {
          newPerson: { name: 'Pat Walker', contactPreferences },
          source: 'gp-practice',
          reasons: [priority],
          whatMattersToMe: 'Getting out more',
          contactPreferences,
          consent: { givenBy: 'person', givenAt: clock.now().toISOString(), sharing: ['link-worker-team', 'activity-providers'] },
        },
      }),
      201,
    );
  }
}, 600_000);
afterAll(() => p?.stop());

const report = async (token: string, query: Record<string, string>) => ok(await p.op('getReport', { query: { ...june, ...query }, token })) as ReportView;

describe('counts of what happened', () => {
  const happened = { sessions: 3, placesOffered: 15, reserved: 10, attended: 8, noShows: 2, walkIns: 0, attendanceRate: 80 };

  it('counts only sessions that have started, with the rest booked ahead, exactly for admins and the hub coordinator', async () => {
    for (const token of [admin, coordinator]) {
      const attendance = await report(token, { kind: 'attendance' });
      expect(attendance.suppressed).toBe(false);
      expect(attendance.totals).toMatchObject(happened);
      expect(attendance.months).toEqual([expect.objectContaining({ key: '2026-06', values: expect.objectContaining(happened) })]);
      expect(attendance.bookedAhead).toEqual({ sessions: 3, placesOffered: 14, reserved: 6, waitlisted: 2 });
      const capacity = await report(token, { kind: 'capacity' });
      expect(capacity.totals).toMatchObject({ sessions: 3, placesOffered: 15, reserved: 10, placesFree: 5, waitlisted: 2 });
    }
  });

  it('writes a plain definition beside every figure', async () => {
    const attendance = await report(admin, { kind: 'attendance' });
    for (const c of attendance.columns) expect(c.definition.length, c.key).toBeGreaterThan(20);
    expect(attendance.columns.find((c) => c.key === 'sessions')!.definition).toMatch(/started/);
  });

  it('moves a session from booked ahead to what happened the moment it starts, and keeps whole months the same', async () => {
    clock.set('2026-06-17T14:00:00Z'); // S4 starts at 15:00 London
    try {
      const after = await report(admin, { kind: 'attendance' });
      expect(after.totals).toMatchObject({ sessions: 4, placesOffered: 19, reserved: 11, attended: 8, noShows: 2 });
      expect(after.bookedAhead).toEqual({ sessions: 2, placesOffered: 10, reserved: 5, waitlisted: 2 });
      clock.set('2026-05-31T12:00:00Z'); // before any of them: June is all ahead
      const before = await report(admin, { kind: 'attendance' });
      expect(before.totals).toMatchObject({ sessions: 0, placesOffered: 0, reserved: 0 });
      expect(before.bookedAhead).toEqual({ sessions: 6, placesOffered: 29, reserved: 16, waitlisted: 4 });
      clock.set('2026-07-02T09:00:00Z'); // June is a whole past month, read from its month cells
      const later = await report(admin, { kind: 'attendance' });
      expect(later.totals).toMatchObject({ sessions: 6, placesOffered: 29, reserved: 16, attended: 8, noShows: 2 });
      expect(later.bookedAhead).toEqual({ sessions: 0, placesOffered: 0, reserved: 0, waitlisted: 0 });
    } finally {
      clock.set(now);
    }
  });
});

describe('any period', () => {
  const range = async (fromDate: string, toDate: string) => ok(await p.op('getReport', { query: { kind: 'attendance', priority, fromDate, toDate }, token: admin })) as ReportView;

  it('sums whole months and the days at each end, still counting only what has started', async () => {
    expect((await range('2026-06-05', '2026-06-12')).totals).toMatchObject({ sessions: 1, placesOffered: 6, reserved: 3, attended: 2, noShows: 1 });
    const acrossMonths = await range('2026-05-20', '2026-06-05');
    expect(acrossMonths.totals).toMatchObject({ sessions: 1, placesOffered: 5, reserved: 5, attended: 4, noShows: 1 });
    expect(acrossMonths.months.map((m) => m.key)).toEqual(['2026-05', '2026-06']);
    const toCome = await range('2026-06-10', '2026-06-24');
    expect(toCome.totals).toMatchObject({ sessions: 2, placesOffered: 10, reserved: 5, attended: 4, noShows: 1 });
    expect(toCome.bookedAhead).toEqual({ sessions: 3, placesOffered: 14, reserved: 6, waitlisted: 2 });
    expect((await range('2026-06-01', '2026-06-30')).totals).toMatchObject((await report(admin, { kind: 'attendance' })).totals);
  });

  it('is a sum of whole months and days: parts of a range add up to the whole, whether read from month or day cells', async () => {
    clock.set('2026-07-02T09:00:00Z'); // June is over: whole, it is read from its month cells; in part, from its day cells
    try {
      const additive = ['sessions', 'placesOffered', 'reserved', 'attended', 'noShows'];
      const sum = (...views: ReportView[]) => Object.fromEntries(additive.map((k) => [k, views.reduce((n, v) => n + (v.totals[k] ?? 0), 0)]));
      const june = ok(await p.op('getReport', { query: { kind: 'attendance', priority, from: '2026-06', to: '2026-06' }, token: admin })) as ReportView;
      expect(june.totals).toMatchObject({ sessions: 6, placesOffered: 29 });
      expect(sum(await range('2026-06-01', '2026-06-14'), await range('2026-06-15', '2026-06-30'))).toEqual(sum(june));
      expect(sum(await range('2026-05-25', '2026-07-05'))).toEqual(sum(await range('2026-05-25', '2026-05-31'), june, await range('2026-07-01', '2026-07-05')));
    } finally {
      clock.set(now);
    }
  });

  it('refuses half a range or one back to front, naming the field', async () => {
    const half = await p.op('getReport', { query: { fromDate: '2026-06-01' }, token: admin });
    expect(half.status).toBe(400);
    expect(JSON.stringify(half.body)).toContain('query.toDate');
    const backwards = await p.op('getReport', { query: { fromDate: '2026-06-10', toDate: '2026-06-01' }, token: admin });
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('query.fromDate');
  });
});

describe('no-shows and demand', () => {
  const yoga = { from: '2026-06', to: '2026-06', priority: demandPriority, kind: 'demand' as const };
  const happened = { sessions: 2, reserved: 5, attended: 3, noShows: 2, noShowRate: 40, waitlisted: 1, placesReleased: 3, placesRefilled: 2, placesLeftEmpty: 1 };

  it('gives the no-show rate against the free-event baseline, and what became of the places given back, by month, hub and activity', async () => {
    for (const token of [admin, coordinator]) {
      const r = ok(await p.op('getReport', { query: yoga, token })) as ReportView;
      expect(r.suppressed).toBe(false);
      expect(r.noShowBaseline).toEqual({ low: 20, high: 25 });
      expect(r.totals).toEqual(happened);
      expect(r.months).toEqual([{ key: '2026-06', label: 'Jun 2026', values: happened }]);
      const group = (by: string) => r.groups.find((g) => g.by === by)!.rows;
      expect(group('hub')).toEqual([{ key: demoIds.hubs.oakRoadCentre, label: 'Oak Road Community Centre', values: happened }]);
      expect(group('activity')).toEqual([expect.objectContaining({ label: 'Chair Yoga', values: happened })]);
      for (const c of r.columns) expect(c.definition.length, c.key).toBeGreaterThan(20);
      expect(r.columns.find((c) => c.key === 'noShowRate')!.definition).toMatch(/20% to 25%/);
    }
    // the walk's sessions had nothing given back: 2 no-shows in 10 marked
    const walk = await report(admin, { kind: 'demand' });
    expect(walk.totals).toMatchObject({ sessions: 3, attended: 8, noShows: 2, noShowRate: 20, placesReleased: 0, placesRefilled: 0, placesLeftEmpty: 0 });
  });

  it('gives the same figures from whole days, from the month once it is over, and for a range of days', async () => {
    clock.set('2026-07-02T09:00:00Z');
    try {
      expect(ok(await p.op('getReport', { query: yoga, token: admin })).totals).toEqual(happened);
    } finally {
      clock.set(now);
    }
    const range = ok(await p.op('getReport', { query: { kind: 'demand', priority: demandPriority, fromDate: '2026-06-10', toDate: '2026-06-20' }, token: admin })) as ReportView;
    expect(range.totals).toEqual({ sessions: 1, reserved: 2, attended: 1, noShows: 1, noShowRate: 50, waitlisted: 0, placesReleased: 2, placesRefilled: 1, placesLeftEmpty: 1 });
  });

  it('protects the figures for the partner and for publication', async () => {
    for (const [token, query] of [
      [partner, {}],
      [admin, { forPublication: 'true' }],
    ] as const) {
      const r = ok(await p.op('getReport', { query: { ...yoga, ...query }, token })) as ReportView;
      expect(r.totals).toEqual({ sessions: 2, reserved: 5, attended: null, noShows: null, noShowRate: null, waitlisted: null, placesReleased: null, placesRefilled: null, placesLeftEmpty: null });
    }
  });
});

describe('exact inside, suppressed outside', () => {
  it('protects the partner’s view and anything for publication; refuses everyone else', async () => {
    for (const [token, query] of [
      [partner, {}],
      [admin, { forPublication: 'true' }],
      [coordinator, { forPublication: 'true' }],
    ] as const) {
      const shown = await report(token, { kind: 'attendance', ...query });
      expect(shown.suppressed).toBe(true);
      expect(shown.totals).toMatchObject({ sessions: 3, placesOffered: 15, reserved: 10, attended: 8, noShows: null, attendanceRate: null });
      expect(shown.bookedAhead).toEqual({ sessions: 3, placesOffered: 14, reserved: 6, waitlisted: null });
    }
    expect((await p.op('getReport', { query: june, token: linkworker })).status).toBe(403);
    expect((await p.op('exportReport', { query: june, token: linkworker })).status).toBe(403);
  });

  it('gives spreadsheet cells that are numbers or empty, with a column naming the hidden ones', async () => {
    const exact = await csv(admin, { kind: 'attendance', by: 'month', ...june });
    expect(exact[0]!.at(-1)).toBe('Hidden to protect identities');
    expect(exact[1]).toEqual(['Jun 2026', '3', '15', '10', '8', '2', '0', '0', '0', '80', '']);
    const published = await csv(admin, { kind: 'attendance', by: 'month', ...june, forPublication: 'true' });
    expect(published[1]).toEqual(['Jun 2026', '3', '15', '10', '8', '', '0', '0', '0', '', 'No-shows; Turned up (%)']);
    for (const row of published.slice(1)) for (const cell of row.slice(1, -1)) expect(cell === '' || Number.isFinite(Number(cell)), cell).toBe(true);
  });

  it('exports by hub and by priority, exactly, with numbers or empty cells and the column naming the hidden ones', async () => {
    const byHub = await csv(admin, { kind: 'demand', by: 'hub', from: '2026-06', to: '2026-06', priority: demandPriority });
    expect(byHub[0]).toEqual([
      'Hub',
      'Sessions run',
      'Places reserved',
      'Attended',
      'No-shows',
      'No-shows (%)',
      'Waiting list at session time',
      'Places given back',
      'Places given back and taken again',
      'Places given back and left empty',
      'Hidden to protect identities',
    ]);
    expect(byHub.slice(1)).toEqual([
      ['Oak Road Community Centre', '2', '5', '3', '2', '40', '1', '3', '2', '1', ''],
      ['Total', '2', '5', '3', '2', '40', '1', '3', '2', '1', ''],
    ]);
    const byPriority = await csv(admin, { kind: 'attendance', by: 'priority', from: '2026-06', to: '2026-06' });
    expect(byPriority[0]![0]).toBe('Priority');
    expect(byPriority.find((r) => r[0] === 'Truth test')).toEqual(['Truth test', '3', '15', '10', '8', '2', '0', '0', '0', '80', '']);
    expect(byPriority.find((r) => r[0] === 'Truth test, demand')).toEqual(['Truth test, demand', '2', '6', '5', '3', '2', '0', '0', '0', '60', '']);
    const published = await csv(admin, { kind: 'attendance', by: 'priority', from: '2026-06', to: '2026-06', forPublication: 'true' });
    const demandRow = published.find((r) => r[0] === 'Truth test, demand')!;
    expect([demandRow[1], demandRow[4], demandRow[5], demandRow[9]]).toEqual(['2', '', '', '']); // 3 came and 2 did not: hidden, and the rate with them
    expect(demandRow.at(-1)!.split('; ')).toEqual(expect.arrayContaining(['Attended', 'No-shows', 'Turned up (%)']));
    for (const row of [...byHub, ...byPriority, ...published].filter((r) => r[0] !== 'Hub' && r[0] !== 'Priority')) {
      for (const cell of row.slice(1, -1)) expect(cell === '' || Number.isFinite(Number(cell)), cell).toBe(true);
    }
  });

  it('leaves no hidden cell of a publication export that can be worked out from the others', async () => {
    let hiddenSeen = 0;
    const exports: Record<string, string>[] = [];
    for (const kind of ['summary', 'attendance', 'capacity', 'demand']) {
      for (const by of ['month', 'hub', 'activity']) {
        exports.push({ kind, by, from: '2025-07', to: '2026-06' }, { kind, by, ...june });
      }
    }
    exports.push(
      { kind: 'volunteering', by: 'owner', from: '2025-07', to: '2026-06' },
      { kind: 'referrals', by: 'source', from: '2025-07', to: '2026-06' },
      { kind: 'referrals', by: 'status', from: '2025-07', to: '2026-06' },
    );
    for (const q of exports) {
      for (const [who, token] of [
        ['admin', admin],
        ['partner', partner],
      ] as const) {
        if (who === 'partner' && q.kind === 'referrals') continue;
        const rows = await csv(token, { ...q, forPublication: 'true' });
        const found = rederive(rows);
        hiddenSeen += found.hidden;
        expect(found.derived, `${who} ${JSON.stringify(q)}`).toEqual([]);
      }
    }
    expect(hiddenSeen).toBeGreaterThan(0); // the attempt had something to attack
  });
});

describe('gaps that find the gaps', () => {
  const finding = (g: GapsView, key: string) => g.findings.find((f) => f.key === key)!;

  it('counts full sessions with people waiting, short shifts and referrals waiting, each linking to its list', async () => {
    const gaps = ok(await p.op('getGaps', { query: { from: '2026-06', to: '2026-06' }, token: admin })) as GapsView;
    expect(finding(gaps, 'waiting')).toMatchObject({ count: (finding(baseline, 'waiting').count ?? 0) + 2, href: '#full-sessions' });
    expect(finding(gaps, 'shifts')).toMatchObject({ count: finding(baseline, 'shifts').count! + 1, href: '/volunteering/rota?gaps=1' });
    expect(finding(gaps, 'unassigned')).toMatchObject({ count: finding(baseline, 'unassigned').count! + 2, href: '/referrals?scope=unassigned' });
    expect(finding(gaps, 'overdue')).toMatchObject({ count: finding(baseline, 'overdue').count! + 1, href: '/referrals?overdue=1' });
    expect(gaps.fullSessions).toContainEqual(
      expect.objectContaining({ activityTitle: 'Walk and Talk', hubName: 'Oak Road Community Centre', places: 2, waitlisted: 2, startsAt: '2026-06-20T09:00:00.000Z' }),
    );
    expect(gaps.withoutActivity.priorities.map((x) => x.id)).toContain('truth-nothing');
    expect(gaps.withoutActivity.priorities.map((x) => x.id)).not.toContain(priority);
    expect(finding(gaps, 'noActivity').count).toBe(gaps.withoutActivity.priorities.length + gaps.withoutActivity.careCommunities.length);
  });

  it('gives the coordinator exact figures for their hub, the partner protected ones, and neither the referral queues', async () => {
    const mine = ok(await p.op('getGaps', { query: june, token: coordinator })) as GapsView;
    expect(mine.fullSessions).toEqual([expect.objectContaining({ activityTitle: 'Walk and Talk', waitlisted: 2 })]);
    expect(finding(mine, 'waiting').count).toBe(2);
    expect(mine.findings.map((f) => f.key).sort()).toEqual(['shifts', 'waiting']);
    const theirs = ok(await p.op('getGaps', { query: june, token: partner })) as GapsView;
    expect(theirs.fullSessions).toEqual([expect.objectContaining({ activityTitle: 'Walk and Talk', waitlisted: null })]);
    expect(finding(theirs, 'waiting').count).toBeNull();
  });

  it('counts the referral queues without reading a referral: every query asks for a count, and only numbers come back', async () => {
    // what reports/service.ts's gapsAhead and referrals/data.ts's countReferrals promise: counts only, nothing personal read
    const sent: { input: Record<string, unknown>; answer: Record<string, unknown> }[] = [];
    const db: Db = {
      tableName: p.deps.db.tableName,
      doc: {
        send: async (command: { input: Record<string, unknown> }) => {
          const answer = (await p.deps.db.doc.send(command as never)) as Record<string, unknown>;
          sent.push({ input: command instanceof QueryCommand ? command.input : { notAQuery: command.constructor.name }, answer });
          return answer;
        },
      } as unknown as Db['doc'],
    };
    const actor: Actor = { userId: demoIds.users.admin, roles: ['admin'], hubIds: [], organisationIds: [] };
    const queues = await countReferralQueues({ ...p.deps, db }, actor);
    expect(Object.keys(queues).sort()).toEqual(['overdue', 'unassigned']);
    expect(Object.values(queues).every(Number.isInteger)).toBe(true);
    const gaps = ok(await p.op('getGaps', { query: { from: '2026-06', to: '2026-06' }, token: admin })) as GapsView;
    expect(queues).toEqual({ unassigned: finding(gaps, 'unassigned').count, overdue: finding(gaps, 'overdue').count });
    expect(queues.unassigned).toBeGreaterThan(0);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    for (const { input, answer } of sent) {
      expect(input).toMatchObject({ Select: 'COUNT' });
      expect(input.ProjectionExpression).toBeUndefined();
      expect(answer.Items).toBeUndefined();
    }
  });
});

describe('the funder summary', () => {
  it('gives attendance, referrals, volunteer hours and their value, and outcomes on one page', async () => {
    const r = await report(admin, { kind: 'funder' });
    expect(r.totals).toEqual({
      sessions: 3,
      attended: 8,
      walkIns: 0,
      noShowRate: 20,
      referred: 5,
      referralsAttended: 0,
      attendedRate: 0,
      volunteerHours: 0,
      volunteerValuePence: 0,
      ons4Pairs: 1,
      ons4LifeSatisfactionChange: 3,
      ons4WorthwhileChange: 2,
      ons4HappinessChange: 2,
      ons4AnxietyChange: -3,
    });
    expect(r.groups).toEqual([]);
    expect(r.notes).toContain('Volunteer hours are not given to a priority, so they are left out when the report is filtered to one.');
    for (const c of r.columns) expect(c.definition.length, c.key).toBeGreaterThan(20);
  });
});

describe('the closed loop', () => {
  it('gives the funnel for the period and filters, exactly for admins, against the 40% goal', async () => {
    const funnel = await report(admin, { kind: 'funnel' });
    expect(funnel.goalPercent).toBe(40);
    expect(funnel.totals).toEqual({
      referred: 5,
      contactedInTime: 1,
      contactedRate: 20,
      referralsBooked: 0,
      bookedRate: 0,
      referralsAttended: 0,
      attendedRate: 0,
      medianDaysToAttend: null,
      ons4Pairs: 1,
      ons4LifeSatisfactionChange: 3,
      ons4WorthwhileChange: 2,
      ons4HappinessChange: 2,
      ons4AnxietyChange: -3,
      declined: 1,
      declinedNoActivity: 1,
    });
    const bySource = funnel.groups.find((g) => g.by === 'source')!.rows;
    expect(Object.fromEntries(bySource.map((r) => [r.key, r.values.referred]))).toEqual({ self: 3, 'gp-practice': 2 });
    const selfOnly = await report(admin, { kind: 'funnel', source: 'self' });
    expect(selfOnly.totals).toMatchObject({ referred: 3, contactedInTime: 1, declined: 1 });
    const published = await report(admin, { kind: 'funnel', forPublication: 'true' });
    expect(published.totals).toMatchObject({ referred: 5, contactedInTime: null, ons4Pairs: null, declined: null });
    expect((await p.op('getReport', { query: { ...june, kind: 'funnel' }, token: coordinator })).status).toBe(403);
  });
});

async function csv(token: string, query: Record<string, string>): Promise<string[][]> {
  const res = await fetch(p.url + operationUrl('exportReport', { query }), { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return parse(Buffer.from(await res.arrayBuffer()), { bom: true });
}

/**
 * An attacker's attempt on one exported table: every hidden cell (named in the last column) they can pin to
 * one value. Columns that add up to the total: the total less the cells shown is what the hidden ones hold;
 * each hidden one is at least 1, so one hidden alone, or hidden ones adding to their number, are pinned (and
 * a hidden total is pinned when no row is hidden and the rows carry the column). Figures worked out from others: a rate shown beside one of
 * its two counts gives the other; places not taken beside places offered give places reserved.
 */
function rederive(table: string[][]): { derived: string[]; hidden: number } {
  const [header, ...body] = table as [string[], ...string[][]];
  const rows = body.slice(0, -1);
  const total = body.at(-1)!;
  const named = header.length - 1;
  const isHidden = (row: string[], col: number) => row[col] === '' && row[named]!.split('; ').includes(header[col]!);
  const derived: string[] = [];
  let hidden = 0;
  const additive = header.map((_h, i) => i).filter((i) => i > 0 && i < named && !/%|Change in/.test(header[i]!));
  for (const col of additive) {
    const hiddenRows = rows.filter((r) => isHidden(r, col));
    hidden += hiddenRows.length + (isHidden(total, col) ? 1 : 0);
    if (isHidden(total, col)) {
      // (rows all 0: this table does not break the column down, as hubs do not referrals)
      const sum = rows.reduce((n, r) => n + Number(r[col] || 0), 0);
      if (!hiddenRows.length && sum > 0) derived.push(`total of ${header[col]} = the sum of the rows`);
      continue;
    }
    if (!hiddenRows.length || total[col] === '') continue;
    const rest = Number(total[col]) - rows.filter((r) => !isHidden(r, col) && r[col] !== '').reduce((n, r) => n + Number(r[col]), 0);
    if (hiddenRows.length === 1) derived.push(`${hiddenRows[0]![0]} ${header[col]} = ${rest}`);
    else if (rest === hiddenRows.length) derived.push(`${header[col]}: every hidden one is 1`);
  }
  const colOf = (label: string) => header.indexOf(label);
  for (const r of [...rows, total]) {
    const shown = (label: string) => colOf(label) > 0 && r[colOf(label)] !== '';
    const gone = (label: string) => colOf(label) > 0 && isHidden(r, colOf(label));
    if (shown('Turned up (%)') && gone('Attended') !== gone('No-shows')) derived.push(`${r[0]}: attended or no-shows from the rate`);
    if (shown('No-shows (%)') && gone('Attended') !== gone('No-shows')) derived.push(`${r[0]}: attended or no-shows from the no-show rate`);
    const released = ['Places given back', 'Places given back and taken again', 'Places given back and left empty'];
    if (released.filter(shown).length === 2 && released.some(gone)) derived.push(`${r[0]}: a place given back from the other two`);
    if (shown('Places taken (%)') && shown('Places offered') && gone('Places reserved')) derived.push(`${r[0]}: reserved from the fill rate`);
    if (shown('Places not taken') && shown('Places offered') && gone('Places reserved')) derived.push(`${r[0]}: reserved from places not taken`);
    if (shown('Referred to booked (%)') && shown('Referrals') && gone('Referrals booked')) derived.push(`${r[0]}: booked from the rate`);
    if (shown('Referred to attended (%)') && shown('Referrals') && gone('Referrals attended')) derived.push(`${r[0]}: attended from the rate`);
  }
  return { derived, hidden };
}

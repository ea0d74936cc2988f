import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import type { ReportView, Row } from '../../functions/reports/schema';
import { operationUrl } from '../../web/src/api';
import { attendanceFixtures } from '../helpers/attendance';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Issue 17, point 11: small numbers stay hidden. An outsider (a hub coordinator, a partner) tries to work a
 * hidden figure out again from what a report shows: the total less the figures shown, and a rate shown
 * beside a hidden count. Nothing may come out exact. Partnership admins, and coordinators for their own hubs,
 * see the true figures inside (issue 19); anything they ask for "for publication" is protected as above.
 *
 * The history: April, seven people came to an activity; May, two. Before, May's "hidden" 2 was the total
 * (9) less April's 7.
 */
const clock = manualClock('2026-03-20T10:00:00Z');
const priority = 'privacy-reports-test';
let p: TestPlatform;
let admin: string;
let coordinator: string;
let partner: string;
const period = { from: '2026-04', to: '2026-05', priority };

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  const f = attendanceFixtures(p);
  [admin, coordinator, partner] = (await Promise.all(['admin', 'coordinator', 'partner'].map((n) => p.tokenFor(`${n}@example.org`)))) as [string, string, string];
  expect((await p.op('createPriority', { token: admin, body: { id: priority, label: 'Privacy reports test' } })).status).toBe(201);
  const activity = await p.op('createActivity', {
    token: admin,
    body: {
      title: 'Memory Café',
      description: 'A friendly group.',
      organisationId: demoIds.organisations.ageWell,
      hubId: demoIds.hubs.oakRoadCentre,
      priorities: [priority],
      cost: { kind: 'free' },
      booking: { mode: 'reserve', defaultCapacity: 10, opensDaysBefore: 120 },
    },
  });
  expect(activity.status).toBe(201);
  for (const [date, people] of [
    ['2026-04-14', 7],
    ['2026-05-05', 2],
  ] as const) {
    const made = await p.op('scheduleSessions', { params: { activityId: activity.body.id }, token: admin, body: { startDate: date, startTime: '14:00', durationMinutes: 90, capacity: 10 } });
    const sessionId = made.body.sessions[0]!.id;
    const who = await Promise.all(Array.from({ length: people }, (_, i) => f.person(`memory.${date}.${i}@example.org`)));
    for (const person of who) await f.book(person, sessionId);
    // a register takes marks from 30 minutes before the session until 7 days after it
    const was = clock.now();
    clock.set(made.body.sessions[0]!.endsAt);
    const marks = who.map((x) => f.mark(x.userId, 'attended', clock.now().toISOString()));
    expect((await p.op('recordAttendance', { params: { sessionId }, token: coordinator, body: { marks } })).status).toBe(200);
    clock.set(was);
  }
  await p.stream.idle();
  clock.set('2026-06-01T10:00:00Z'); // read once both sessions have run: reports count only sessions that have started
});
afterAll(() => p?.stop());

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Every way the attacker knows to get a hidden figure back from one report, as "what: value". */
function rederive(report: ReportView): string[] {
  const found: string[] = [];
  const additive = report.columns.filter((c) => c.unit === 'count' || c.unit === 'hours' || c.unit === 'pence').map((c) => c.key);
  // tables whose rows add up to the total (an activity counts under each of its priorities, so not that one)
  const tables: { name: string; rows: Row[] }[] = [{ name: 'months', rows: report.months }, ...report.groups.filter((g) => g.by !== 'priority').map((g) => ({ name: g.by, rows: g.rows }))];
  for (const { name, rows } of tables) {
    for (const key of additive) {
      const total = report.totals[key];
      const hidden = rows.filter((r) => r.values[key] === null);
      if (total === null || total === undefined || !hidden.length) continue;
      const rest = total - sum(rows.flatMap((r) => (r.values[key] === null ? [] : [r.values[key]!])));
      if (hidden.length === 1) found.push(`${name}/${hidden[0]!.label}/${key} = ${rest}`);
      else if (rest === hidden.length) found.push(`${name}/${key}: every hidden one is 1`);
      else if (rest === 4 * hidden.length) found.push(`${name}/${key}: every hidden one is 4`);
    }
    for (const r of rows) {
      const v = r.values;
      const lone = (a: string, b: string) => a in v && b in v && (v[a] === null) !== (v[b] === null);
      if (v.attendanceRate != null && lone('attended', 'noShows')) found.push(`${name}/${r.label}: attended or no-shows from the rate`);
      if (v.fillRate != null && v.placesOffered != null && v.reserved === null) found.push(`${name}/${r.label}: reserved from the fill rate`);
      if (v.placesFree != null && v.placesOffered != null && v.reserved === null) found.push(`${name}/${r.label}: reserved from places not taken`);
    }
  }
  return found;
}

describe('a report an outsider reads', () => {
  it('hides enough that no hidden figure can be worked out again, on screen', async () => {
    for (const [who, token, forPublication] of [
      ['coordinator', coordinator, true],
      ['partner', partner, false],
    ] as const) {
      for (const kind of ['summary', 'attendance', 'capacity'] as const) {
        const report = await p.op('getReport', { query: { kind, ...period, ...(forPublication ? { forPublication: true } : {}) }, token });
        expect(report.status, `${who} ${kind}`).toBe(200);
        expect(report.body.months.find((m) => m.key === '2026-05')!.values.attended ?? null, `${who} ${kind}: May is hidden`).toBeNull();
        expect(rederive(report.body), `${who} ${kind}`).toEqual([]);
      }
    }
  });

  it('hides the same in the spreadsheet it downloads', async () => {
    const res = await fetch(p.url + operationUrl('exportReport', { query: { kind: 'attendance', by: 'month', ...period, forPublication: 'true' } }), {
      headers: { authorization: `Bearer ${coordinator}` },
    });
    const [header, ...body]: string[][] = parse(Buffer.from(await res.arrayBuffer()), { bom: true });
    const total = body.at(-1)!;
    const months = body.slice(0, -1);
    const col = header!.indexOf('Attended');
    const named = header!.length - 1;
    const hidden = months.filter((r) => r[col] === '');
    expect(hidden.length === 0 || hidden.length >= 2 || total[col] === '').toBe(true);
    expect(months.find((r) => r[0] === 'May 2026')![col]).toBe('');
    expect(months.find((r) => r[0] === 'May 2026')![named]).toContain('Attended');
  });

  it('shows a partnership admin, and the coordinator of the hub, the true figures inside the platform', async () => {
    for (const token of [admin, coordinator]) {
      const exact = await p.op('getReport', { query: { kind: 'attendance', ...period }, token });
      expect(exact.body.suppressed).toBe(false);
      expect(exact.body.months.map((m) => m.values.attended)).toEqual([7, 2]);
      expect(exact.body.totals.attended).toBe(9);
    }
  });
});

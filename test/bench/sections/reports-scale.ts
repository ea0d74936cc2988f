/**
 * Section: the items getReport reads do not grow with history. The aggregate inputs are made by driving the
 * reports' real stream consumer (countChange, the code the stream handler runs) with synthetic attendance-mark
 * stream records: 100 in one year, 100,000 in another, over the same hubs and activities. Then getReport (the
 * real service) reads each year and a middleware on its document client counts the items DynamoDB returned.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDeps } from '../../../functions/deps';
import type { Actor } from '../../../functions/lib/actor';
import { createDb } from '../../../functions/lib/db';
import { demoActivities } from '../../../functions/local/seed/directory';
import { demoIds } from '../../../functions/local/seed/ids';
import { countChange } from '../../../functions/reports/consumers';
import { monthsBetween } from '../../../functions/reports/rules';
import { getReport } from '../../../functions/reports/service';
import { figure, mapLimit } from '../ops';
import type { Section } from '../types';

/** Items DynamoDB returned to this client (Query Count, GetItem's item, BatchGetItem's responses) and read units. */
function countItems(doc: DynamoDBDocumentClient) {
  const seen = { items: 0, requests: 0 };
  doc.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      const out = result.output as { Count?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
      seen.requests++;
      seen.items += (out.Count ?? 0) + (out.Item ? 1 : 0) + Object.values(out.Responses ?? {}).reduce((n, r) => n + r.length, 0);
      return result;
    },
    { step: 'initialize', name: 'benchItemCounter', override: true },
  );
  return seen;
}

const admin: Actor = { userId: demoIds.users.admin, roles: ['admin'], hubIds: [], organisationIds: [] };
const activities = demoActivities.filter((a) => a.hubId).slice(0, 8);

/** An attendance mark as its stream record's new image carries it (see the contract in attendance/data.ts). */
function markImage(year: number, i: number) {
  const a = activities[i % activities.length]!;
  const month = `${year}-${String((Math.floor(i / activities.length) % 12) + 1).padStart(2, '0')}`;
  const sessionId = `BENCH${year}${a.id.slice(-6)}${month}`;
  const personId = `P${i}`;
  return {
    pk: `REGISTER#${sessionId}`,
    sk: `MARK#resident#${personId}`,
    type: 'AttendanceMark',
    sessionId,
    activityId: a.id,
    activityTitle: a.title,
    hubId: a.hubId,
    organisationId: a.organisationId,
    localDate: `${month}-15`,
    month,
    personId,
    role: 'resident',
    status: i % 7 === 0 ? 'no-show' : 'attended',
    previousStatus: null,
    attendees: 1,
    version: 1,
  };
}

export const reportsScaleSection: Section = {
  id: 'reports',
  title: 'Reports: items read by getReport as history grows',
  async run(ctx) {
    const db = createDb({ tableName: ctx.platform.deps.db.tableName, endpoint: ctx.endpoint });
    const seen = countItems(db.doc);
    const deps = createDeps({ db, verifier: ctx.platform.deps.verifier, log: ctx.platform.deps.log });
    let seq = 0;
    const fill = async (year: number, records: number) => {
      ctx.progress(`counting ${records} attendance marks through the reports consumer (${year})`);
      const started = Date.now();
      await mapLimit(Array.from({ length: records }, (_, i) => i), 48, async (i) => {
        await countChange(deps.db, { eventId: `bench-${year}-${i}`, eventName: 'INSERT', sequenceNumber: String(++seq), newImage: markImage(year, i) });
      });
      return Date.now() - started;
    };
    const read = async (year: number) => {
      const before = { ...seen };
      const report = await getReport(deps, admin, { kind: 'attendance', from: `${year}-01`, to: `${year}-12` } as never);
      return { items: seen.items - before.items, requests: seen.requests - before.requests, attended: report.totals.attended };
    };
    const small = 100;
    const large = ctx.size(Number(process.env.BENCH_REPORT_RECORDS ?? 100_000), 1_000);
    await fill(2031, small);
    const fillMs = await fill(2033, large);
    const [a, b] = [await read(2031), await read(2033)];
    const expectedAttended = (n: number) => Array.from({ length: n }, (_, i) => i).filter((i) => i % 7 !== 0).length;
    if (a.attended !== expectedAttended(small) || b.attended !== expectedAttended(large)) {
      throw new Error(`getReport counted ${a.attended} and ${b.attended} attended, expected ${expectedAttended(small)} and ${expectedAttended(large)}`);
    }
    const cells = monthsBetween('2031-01', '2031-12').length * activities.length;
    return {
      figures: [
        figure('reports.items.small', `getReport items read, ${small} attendance records`, a.items, 'count', undefined, `${a.requests} requests; ${cells} month x activity cells exist`),
        figure('reports.items.large', `getReport items read, ${large.toLocaleString('en-GB')} attendance records`, b.items, 'count', undefined, `${b.requests} requests`),
        figure('reports.items.ratio', 'getReport items read: large history / small history', b.items / a.items, 'ratio', { max: 1.1 }),
        figure('reports.consumer.perRecordMs', 'reports consumer time per stream record (48 at once, DynamoDB Local)', fillMs / large, 'ms', undefined, 'GetItem activity (remembered a minute) + GetItem ReportSource + TransactWriteItems (ReportSource + cell)'),
      ],
      notes: [
        'Inputs written by the reports stream consumer itself (countChange, what the stream handler calls) from synthetic AttendanceMark stream records, not through the API: 100,000 marks through the API would take too long here.',
        'Both years cover the same 12 months x 8 activities, so both read the same cells; the items read depend on months x hubs x activities, not on how many marks are behind them.',
      ],
    };
  },
};

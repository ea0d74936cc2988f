/**
 * Section: the items getReport reads do not grow with history. The aggregate inputs are made by driving the
 * real stream handler (createStreamHandler, what the stream Lambda runs) with the reports' consumer on
 * synthetic attendance-mark stream records, in batches of 100, a few batches at once as several shards would:
 * 100 records in one year, 100,000 in another, over the same hubs and activities. Then getReport (the real
 * service) reads each year and a middleware on its document client counts the items DynamoDB returned.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDeps } from '../../../functions/deps';
import type { Actor } from '../../../functions/lib/actor';
import { manualClock } from '../../../functions/lib/clock';
import { createDb } from '../../../functions/lib/db';
import { demoActivities, seedDirectory } from '../../../functions/local/seed/directory';
import { demoIds } from '../../../functions/local/seed/ids';
import { reportConsumers } from '../../../functions/reports/consumers';
import { monthsBetween } from '../../../functions/reports/rules';
import { getReport } from '../../../functions/reports/service';
import { createStreamHandler } from '../../../functions/stream/handler';
import { figure, mapLimit } from '../ops';
import { createTableWithoutStream, dropTable } from '../tables';
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

/**
 * An attendance mark as its stream record's new image carries it (see the contract in attendance/data.ts).
 * Marks come register by register, `perSession` marks of one session in a row as a coordinator records
 * them; sessions go round the 8 activities and 12 months, so every year covers the same 96 cells.
 */
function markImage(year: number, i: number, perSession: number) {
  const session = Math.floor(i / perSession);
  const a = activities[session % activities.length]!;
  const month = `${year}-${String((Math.floor(session / activities.length) % 12) + 1).padStart(2, '0')}`;
  const sessionId = `BENCH${year}${a.id.slice(-6)}${month}S${session}`;
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
    // A table of its own, without a stream, holding the demo directory (the hubs, organisations, priorities
    // and activities the marks refer to and getReport labels rows with): see createTableWithoutStream.
    const tableName = `bench-reports-${randomUUID()}`;
    await createTableWithoutStream(ctx.endpoint, tableName);
    const db = createDb({ tableName, endpoint: ctx.endpoint });
    // read as of mid-2034, so both years are history (sessions count once they have started)
    const deps = createDeps({ db, verifier: ctx.platform.deps.verifier, log: ctx.platform.deps.log, clock: manualClock('2034-06-15T12:00:00Z') });
    await seedDirectory(deps);
    const seen = countItems(db.doc);
    const handler = createStreamHandler(deps, reportConsumers());
    const batchSize = 100;
    const parallel = 2; // batches at once, as from two shards
    let seq = 0;
    const record = (year: number, i: number, perSession: number): DynamoDBStreamEvent['Records'][number] => {
      const image = markImage(year, i, perSession);
      return {
        eventID: `bench-${year}-${i}`,
        eventName: 'INSERT',
        dynamodb: { Keys: marshall({ pk: image.pk, sk: image.sk }) as never, NewImage: marshall(image) as never, SequenceNumber: String(++seq) },
      };
    };
    const fill = async (year: number, records: number, perSession: number) => {
      ctx.progress(`counting ${records} attendance marks through the stream handler's reports consumer (${year})`);
      const started = Date.now();
      const requests = seen.requests;
      const batches = Array.from({ length: Math.ceil(records / batchSize) }, (_, b) => b * batchSize);
      await mapLimit(batches, parallel, async (from) => {
        const Records = Array.from({ length: Math.min(batchSize, records - from) }, (_, k) => record(year, from + k, perSession));
        const { batchItemFailures } = await handler({ Records });
        if (batchItemFailures.length) throw new Error(`the stream handler reported a failed record in ${year} batch from ${from}`);
      });
      return { ms: Date.now() - started, requests: seen.requests - requests };
    };
    const read = async (year: number) => {
      const before = { ...seen };
      const report = await getReport(deps, admin, { kind: 'attendance', from: `${year}-01`, to: `${year}-12` } as never);
      return { items: seen.items - before.items, requests: seen.requests - before.requests, attended: report.totals.attended };
    };
    const small = 100;
    const large = ctx.size(Number(process.env.BENCH_REPORT_RECORDS ?? 100_000), 1_000);
    await fill(2031, small, 1);
    // registers of up to 20 marks, and at least one session per cell
    const filled = await fill(2033, large, Math.max(1, Math.min(20, Math.floor(large / 96))));
    const [a, b] = [await read(2031), await read(2033)];
    db.doc.destroy();
    await dropTable(ctx.endpoint, tableName);
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
        figure('reports.consumer.perRecordMs', `reports consumer time per stream record (batches of ${batchSize}, ${parallel} at once, DynamoDB Local)`, filled.ms / large, 'ms'),
        figure(
          'reports.consumer.requestsPerRecord',
          'reports consumer DynamoDB requests per stream record',
          filled.requests / large,
          'ratio',
          undefined,
          'per batch: BatchGetItem of the ReportSources + TransactWriteItems of up to 100 items (ReportSources + summed cells); activity priorities remembered a minute',
        ),
      ],
      notes: [
        'Inputs written by the stream handler Lambda runs (createStreamHandler with the reports consumer) from synthetic AttendanceMark stream records in batches of 100, not through the API: 100,000 marks through the API would take too long here. (The deployed event source is configured with batches of 25.)',
        'Both years cover the same 12 months x 8 activities, so both read the same cells; the items read depend on months x hubs x activities, not on how many marks are behind them.',
      ],
    };
  },
};

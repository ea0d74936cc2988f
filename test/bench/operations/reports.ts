import { BatchGetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { hubKey, priorityKey } from '../../../functions/directory/data';
import { dayPartition, reportPartition } from '../../../functions/reports/data';
import { addMonths, monthOfDate, monthsBetween } from '../../../functions/reports/rules';
import { londonDate } from '../../../functions/sessions/rules';
import type { BenchContext, BenchOperation } from '../types';

/** The last 12 months, as getReport reads them by default. */
const lastYear = () => {
  const to = monthOfDate(londonDate(new Date()));
  return monthsBetween(addMonths(to, -11), to);
};

/**
 * The directly-sent equivalent of getReport (summary, whole partnership, last 12 months): one Query per month's
 * aggregate partition, then the names of the hubs and priorities the cells mention, in one BatchGetItem each.
 */
export async function getReportRaw(ctx: BenchContext): Promise<void> {
  const cells = (
    await Promise.all(
      lastYear().map(async (m) => {
        const res = await ctx.raw.doc.send(new QueryCommand({ TableName: ctx.raw.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': reportPartition(m) } }));
        return res.Items ?? [];
      }),
    )
  ).flat();
  // this month's sessions one by one (REPORTDAY#<month>): what has started by now, and what is booked ahead
  await ctx.raw.doc.send(new QueryCommand({ TableName: ctx.raw.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': dayPartition(lastYear().at(-1)!) } }));
  const hubIds = [...new Set(cells.flatMap((c) => (typeof c.hubId === 'string' ? [c.hubId] : [])))];
  const priorities = [...new Set(cells.flatMap((c) => (Array.isArray(c.priorities) ? (c.priorities as string[]) : [])))];
  for (const keys of [hubIds.map(hubKey), priorities.map(priorityKey)]) {
    if (keys.length) await ctx.raw.doc.send(new BatchGetCommand({ RequestItems: { [ctx.raw.tableName]: { Keys: keys } } }));
  }
}

/** The partnership's summary for the last 12 months, read from the aggregates the stream keeps. */
export const getReport: BenchOperation<{ token: string }> = {
  name: 'getReport',
  operationId: 'getReport',
  expected: {
    requests: 14,
    readUnits: 12,
    writeUnits: 0,
    why: "12 Query (one per month: REPORT#<month>, its cells under 4 KB: 0.5 unit each) + 1 Query of this month's sessions (REPORTDAY#<month>: 0.5 unit per 4 KB) + BatchGetItem of the 3 hubs and 8 priorities the demo cells name (0.5 unit per item)",
  },
  setup: async (ctx) => {
    await ctx.platform.stream.idle(); // the seeded history's aggregates are in place
    return { token: await ctx.tokenFor('admin@example.org') };
  },
  request: ({ token }) => ({ method: 'GET', path: '/api/reports?kind=summary', token, expectStatus: 200 }),
  raw: (ctx) => getReportRaw(ctx),
};

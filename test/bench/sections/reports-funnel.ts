/**
 * Section: the referral funnel's reads for a year of referrals. As in reports-scale.ts, the aggregates are
 * made by driving the real stream handler with the reports' consumer, here on synthetic Referral stream
 * records (20,000 over one year, in batches of 100, two at once). Then getReport (the real service) asks for
 * the funnel of that year with no filter and with each filter value (every referral source, every priority),
 * and a middleware on its document client counts the requests, the items returned and any Scan.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDeps } from '../../../functions/deps';
import type { Actor } from '../../../functions/lib/actor';
import { manualClock } from '../../../functions/lib/clock';
import { createDb } from '../../../functions/lib/db';
import { demoPriorities, seedDirectory } from '../../../functions/local/seed/directory';
import { demoIds } from '../../../functions/local/seed/ids';
import { referralSources, referralStatuses } from '../../../functions/referrals/schema';
import { reportConsumers } from '../../../functions/reports/consumers';
import { getReport } from '../../../functions/reports/service';
import { createStreamHandler } from '../../../functions/stream/handler';
import { figure, mapLimit } from '../ops';
import { createTableWithoutStream, dropTable } from '../tables';
import type { Section } from '../types';

/** Requests this client sent (and Scans among them) and the items DynamoDB returned. */
function meter(doc: DynamoDBDocumentClient) {
  const seen = { items: 0, requests: 0, scans: 0, commands: new Map<string, number>() };
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const out = result.output as { Count?: number; Item?: unknown; Responses?: Record<string, unknown[]> };
      seen.requests++;
      const name = String(context.commandName).replace(/Command$/, '');
      seen.commands.set(name, (seen.commands.get(name) ?? 0) + 1);
      if (name === 'Scan') seen.scans++;
      seen.items += (out.Count ?? 0) + (out.Item ? 1 : 0) + Object.values(out.Responses ?? {}).reduce((n, r) => n + r.length, 0);
      return result;
    },
    { step: 'initialize', name: 'benchFunnelMeter', override: true },
  );
  return seen;
}

const admin: Actor = { userId: demoIds.users.admin, roles: ['admin'], hubIds: [], organisationIds: [] };
const year = 2033;
const priorities = demoPriorities.map((p) => p.id);

/**
 * A referral as its stream record's new image carries it (see referrals/data.ts): made in the middle of one
 * of the 12 months, from one of the sources, for one or two priorities, at some status along the way, with
 * the events that got it there (a first contact after 1 to 9 days, a first session 2 to 40 days in) and, for
 * some of those closed, wellbeing scored at the start and the end.
 */
function referralImage(i: number) {
  const month = String((i % 12) + 1).padStart(2, '0');
  const createdAt = `${year}-${month}-10T10:00:00.000Z`;
  const status = referralStatuses[i % referralStatuses.length]!;
  const day = (n: number) => new Date(Date.parse(createdAt) + n * 86_400_000).toISOString();
  const steps = ['contacted', 'plan-agreed', 'connected', 'attended', 'closed'];
  const reached = steps.indexOf(status);
  const events = reached >= 0 ? steps.slice(0, reached + 1).map((s, k) => ({ status: s, at: day(k === 0 ? 1 + (i % 9) : 2 + (i % 39) + k) })) : [];
  const scored = status === 'closed' && i % 3 === 0;
  return {
    pk: `REFERRAL#BENCH${i}`,
    sk: 'REFERRAL',
    type: 'Referral',
    id: `BENCH${i}`,
    createdAt,
    source: referralSources[i % referralSources.length]!,
    status,
    reasons: i % 4 === 0 ? [priorities[i % priorities.length]!, priorities[(i + 1) % priorities.length]!] : [priorities[i % priorities.length]!],
    events,
    bookings: [],
    ...(status === 'declined' ? { declinedReason: i % 2 ? 'No suitable activity nearby' : 'Feeling better' } : {}),
    ...(scored ? { ons4Start: { lifeSatisfaction: 4, worthwhile: 5, happiness: 4, anxiety: 7 }, ons4End: { lifeSatisfaction: 6, worthwhile: 6, happiness: 6, anxiety: 5 } } : {}),
    version: 1,
  };
}

export const reportsFunnelSection: Section = {
  id: 'funnel',
  title: 'Reports: the referral funnel’s reads for a year of referrals',
  async run(ctx) {
    const tableName = `bench-funnel-${randomUUID()}`;
    await createTableWithoutStream(ctx.endpoint, tableName);
    const db = createDb({ tableName, endpoint: ctx.endpoint });
    const deps = createDeps({ db, verifier: ctx.platform.deps.verifier, log: ctx.platform.deps.log, clock: manualClock(`${year + 1}-06-15T12:00:00Z`) });
    await seedDirectory(deps);
    const handler = createStreamHandler(deps, reportConsumers());
    const referrals = ctx.size(Number(process.env.BENCH_FUNNEL_REFERRALS ?? 20_000), 300);
    const batchSize = 100;
    ctx.progress(`counting ${referrals.toLocaleString('en-GB')} referrals through the stream handler's reports consumer`);
    const batches = Array.from({ length: Math.ceil(referrals / batchSize) }, (_, b) => b * batchSize);
    await mapLimit(batches, 2, async (from) => {
      const Records: DynamoDBStreamEvent['Records'] = Array.from({ length: Math.min(batchSize, referrals - from) }, (_, k) => {
        const image = referralImage(from + k);
        return {
          eventID: `bench-funnel-${from + k}`,
          eventName: 'INSERT',
          dynamodb: { Keys: marshall({ pk: image.pk, sk: image.sk }) as never, NewImage: marshall(image, { removeUndefinedValues: true }) as never, SequenceNumber: String(from + k + 1) },
        };
      });
      const { batchItemFailures } = await handler({ Records });
      if (batchItemFailures.length) throw new Error(`the stream handler reported a failed record in the batch from ${from}`);
    });

    const seen = meter(db.doc);
    const months = 12;
    const funnel = async (filter: Record<string, string>) => {
      const before = { ...seen, commands: new Map(seen.commands) };
      const report = await getReport(deps, admin, { kind: 'funnel', from: `${year}-01`, to: `${year}-12`, ...filter } as never);
      const commands = [...seen.commands].map(([name, n]) => `${name} ${n - (before.commands.get(name) ?? 0)}`).filter((c) => !c.endsWith(' 0'));
      return { report, requests: seen.requests - before.requests, items: seen.items - before.items, scans: seen.scans - before.scans, commands: commands.join(', ') };
    };
    const all = await funnel({});
    if (all.report.totals.referred !== referrals) throw new Error(`the funnel counted ${all.report.totals.referred} referrals, expected ${referrals}`);
    const filtered = [...referralSources.map((source) => ({ source })), ...priorities.map((priority) => ({ priority }))];
    const runs = [all];
    let bySource = 0;
    for (const f of filtered) {
      const run = await funnel(f);
      if ('source' in f) bySource += run.report.totals.referred ?? 0;
      runs.push(run);
    }
    db.doc.destroy();
    await dropTable(ctx.endpoint, tableName);
    if (bySource !== referrals) throw new Error(`the funnel by source counted ${bySource} referrals in all, expected ${referrals}`);
    const worst = runs.reduce((a, b) => (b.requests > a.requests ? b : a));
    const scans = runs.reduce((n, r) => n + r.scans, 0);
    return {
      figures: [
        figure(
          'reports.funnel.readsPerMonth',
          `funnel reads per month per filter value, ${referrals.toLocaleString('en-GB')} referrals in a year (worst of ${runs.length} filters)`,
          worst.requests / months,
          'ratio',
          { max: 2 },
          `${worst.requests} requests for ${months} months (${worst.commands}); no filter: ${all.requests}`,
        ),
        figure('reports.funnel.scans', 'funnel Scans', scans, 'count', { equal: 0 }),
        figure('reports.funnel.items', 'funnel items read for the year, no filter', all.items, 'count', undefined, 'the month x source x status cells (and by priority), not the referrals'),
      ],
      notes: [
        `The funnel asked with no filter, then for each of the ${referralSources.length} referral sources and ${priorities.length} priorities: one Query of each month's aggregates (every page of it counted) and one BatchGetItem for the priorities' names.`,
        'Inputs written by the stream handler (createStreamHandler with the reports consumer) from synthetic Referral stream records in batches of 100, not through the API.',
      ],
    };
  },
};

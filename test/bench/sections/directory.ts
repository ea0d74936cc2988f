/**
 * Section: the directory at scale (issue #3's figures). On a fresh table of its own, benchDirectory
 * (test/bench/directory.ts) loads N activities — 10,000 in the full run — by BatchWriteItem of exactly the
 * items the directory writes for an active activity (its Activity item and the index items
 * indexItemsFor() makes, what createActivity and the stream re-indexing write; loadActivities in
 * directory/data.ts), then measures items read per item returned for the main filters, and listActivities
 * over HTTP (the directory's real routes on a local server) against the raw gsi1 Query beneath it.
 */
import { benchDirectory } from '../directory';
import { figure } from '../ops';
import type { Figure, Section } from '../types';

export const directorySection: Section = {
  id: 'directory',
  title: 'Directory at scale: items read per result, listActivities against its Query',
  async run(ctx) {
    const activities = ctx.size(Number(process.env.BENCH_DIRECTORY_ACTIVITIES ?? 10_000), 200);
    const samples = ctx.size(400, 20);
    const d = await benchDirectory({ endpoint: ctx.endpoint, activities, samples, progress: ctx.progress });
    const n = activities.toLocaleString('en-GB');
    const figures: Figure[] = Object.entries(d.itemsReadPerItem).map(([name, v]) =>
      figure(`directory.itemsPerResult.${name.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '')}`, `items read per result, ${name} (${n} activities)`, v, 'ratio', { max: 1.5 }),
    );
    const l = d.latency;
    figures.push(
      figure('directory.listActivities.p50', `listActivities p50 HTTP / raw Query (${n} activities)`, l.ratioP50, 'ratio', { max: 1.5 }, `${l.http.p50} ms vs ${l.rawQuery.p50} ms`),
      figure('directory.listActivities.p99', `listActivities p99 HTTP / raw Query (${n} activities)`, l.ratioP99, 'ratio', { max: 1.5 }, `${l.http.p99} ms vs ${l.rawQuery.p99} ms`),
    );
    return {
      figures,
      notes: [
        `${n} activities (${d.itemsWritten.toLocaleString('en-GB')} items) loaded in ${d.loadSeconds} s by BatchWriteItem of the items createActivity and the stream re-indexing write for an active activity.`,
        `Latency: ${l.query}, ${l.samples} pairs after 20 warm-up pairs, HTTP and raw Query alternating.`,
      ],
    };
  },
};

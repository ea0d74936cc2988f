import { getActivity } from '../directory/data';
import type { Db } from '../lib/db';
import { getSettings } from '../reminders/data';
import type { StreamChange, StreamConsumer } from '../stream/handler';
import { type Applied, applyContributions, type Contribution, getApplied, getAppliedMany, maxTransactItems, sourceId } from './data';
import { type ActivityFacts, contributionOf, countersOf, differenceOf, isCounted, needsActivity, needsConfirm, sequenceOrder } from './rules';

/**
 * Keeps the report aggregates from the changes to sessions, attendance marks, walk-ins, referrals, volunteer
 * hours and place checks ("are you still coming?"). Each change moves the aggregates from what its item contributed before to what it
 * contributes now (see data.ts), so a replayed or out-of-date record changes nothing.
 * Deleted items are not subtracted: a purge of personal data keeps the anonymous counts (history stays).
 */
export async function countChange(db: Db, change: StreamChange): Promise<'applied' | 'unchanged' | 'stale'> {
  const image = change.newImage!;
  const activity = needsActivity(image) && typeof image.activityId === 'string' ? await factsOf(db, image.activityId, needsConfirm(image)) : undefined;
  for (let attempt = 0; attempt < 5; attempt++) {
    const work = contributionFor(change, await getApplied(db, sourceOf(change)), activity);
    if (typeof work === 'string') return work;
    if (await applyContributions(db, [work])) return 'applied';
  }
  throw new Error('report aggregates: the source record kept changing underneath');
}

const sourceOf = (change: StreamChange) => ({ pk: String(change.newImage!.pk), sk: String(change.newImage!.sk) });
const seqOf = (change: StreamChange) => (change.sequenceNumber ? sequenceOrder(change.sequenceNumber) : '');

/**
 * What one change does to the aggregates, given what its source item contributed so far: nothing ('stale':
 * an older record than the one counted; 'unchanged': the same contribution), or the contribution to write.
 */
function contributionFor(change: StreamChange, seen: Applied | undefined, activity: ActivityFacts | undefined): Contribution | 'stale' | 'unchanged' {
  const seq = seqOf(change);
  if (seq && seen?.seq && seen.seq >= seq) return 'stale';
  const next = contributionOf(change.newImage!, activity);
  const changes = differenceOf(seen?.counters ?? {}, next);
  if (!changes.length) return 'unchanged';
  return { source: sourceOf(change), seen, next: { seq: seq || seen?.seq || '', counters: countersOf(next) }, changes };
}

/**
 * A batch of stream changes at once, what the stream handler runs: the same decisions as countChange, in
 * a few requests instead of two per record. Only each source item's latest change in the batch counts (a
 * contribution is recomputed from the image, so it supersedes the earlier ones); their ReportSources are
 * read with one BatchGetItem per 100, and the contributions written in TransactWriteItems of up to 100
 * items (markers + cells, adds to a shared cell summed). A transaction refused because some ReportSource
 * moved since it was read (a parallel delivery) is redone source by source with countChange.
 */
export async function countChanges(db: Db, changes: StreamChange[]): Promise<void> {
  const latest = new Map<string, StreamChange>();
  for (const change of changes) {
    const id = sourceId(sourceOf(change));
    const before = latest.get(id);
    if (!before || seqOf(change) >= seqOf(before)) latest.set(id, change);
  }
  const entries = [...latest.values()];
  const applied = await getAppliedMany(db, entries.map(sourceOf));
  const activityIds = new Set(entries.flatMap(({ newImage: i }) => (needsActivity(i!) && typeof i!.activityId === 'string' ? [i!.activityId] : [])));
  const confirmIds = new Set(entries.flatMap(({ newImage: i }) => (needsConfirm(i!) && typeof i!.activityId === 'string' ? [i!.activityId] : [])));
  const activities = new Map(await Promise.all([...activityIds].map(async (id) => [id, await factsOf(db, id, confirmIds.has(id))] as const)));
  const work: (Contribution & { change: StreamChange })[] = [];
  for (const change of entries) {
    const activityId = change.newImage!.activityId;
    const found = contributionFor(change, applied.get(sourceId(sourceOf(change))), typeof activityId === 'string' ? activities.get(activityId) : undefined);
    if (typeof found !== 'string') work.push({ ...found, change });
  }
  for (const group of inTransactions(work)) {
    if (await applyContributions(db, group)) continue;
    for (const { change } of group) await countChange(db, change);
  }
}

/** Groups contributions so each group's markers plus distinct cells fit one TransactWriteItems. */
function inTransactions<T extends Contribution>(work: T[]): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let cells = new Set<string>();
  for (const c of work) {
    const fresh = c.changes.filter((ch) => !cells.has(ch.id)).length;
    if (group.length && group.length + 1 + cells.size + fresh > maxTransactItems) {
      groups.push(group);
      group = [];
      cells = new Set();
    }
    group.push(c);
    for (const ch of c.changes) cells.add(ch.id);
  }
  if (group.length) groups.push(group);
  return groups;
}

/**
 * What a change's cells need of its activity: its priorities, and for a mark whether the activity asks people
 * to confirm they are coming (its reminder settings as they are when the mark is counted: marks are taken at
 * the session, or within days of it). Not remembered, so a change of settings counts from the next mark.
 */
async function factsOf(db: Db, activityId: string, confirm: boolean): Promise<ActivityFacts | undefined> {
  const activity = await prioritiesOf(db, activityId);
  if (!activity || !confirm) return activity;
  return { priorities: activity.priorities, confirm: (await getSettings(db, activityId))?.confirm === true };
}

/**
 * An activity's priorities, remembered for a minute per process: a register of 30 marks reads the activity
 * once, not 30 times. A change of priorities reaches the cells within the minute (each cell takes the
 * priorities of its latest update).
 */
const remembered = new Map<string, { priorities: string[]; until: number }>();
async function prioritiesOf(db: Db, activityId: string): Promise<{ priorities: string[] } | undefined> {
  const now = Date.now();
  const key = `${db.tableName}\u0000${activityId}`; // one table on AWS; the tests run many in one process
  const hit = remembered.get(key);
  if (hit && hit.until > now) return hit;
  const activity = await getActivity(db, activityId);
  if (!activity) return undefined;
  if (remembered.size >= 1000) remembered.clear();
  const entry = { priorities: activity.priorities, until: now + 60_000 };
  remembered.set(key, entry);
  return entry;
}

const aggregates: StreamConsumer = {
  name: 'reports.aggregates',
  wants: (c) => c.eventName !== 'REMOVE' && isCounted(c.newImage),
  handle: async (c, deps) => {
    await countChange(deps.db, c);
  },
  handleBatch: (changes, deps) => countChanges(deps.db, changes),
};

export const reportConsumers = (): StreamConsumer[] => [aggregates];

import { getActivity } from '../directory/data';
import type { Db } from '../lib/db';
import type { StreamChange, StreamConsumer } from '../stream/handler';
import { applyContribution, getApplied } from './data';
import { contributionOf, countersOf, differenceOf, isCounted, needsActivity, sequenceOrder } from './rules';

/**
 * Keeps the report aggregates from the changes to sessions, attendance marks, walk-ins, referrals and
 * volunteer hours. Each change moves the aggregates from what its item contributed before to what it
 * contributes now (see data.ts), so a replayed or out-of-date record changes nothing.
 * Deleted items are not subtracted: a purge of personal data keeps the anonymous counts (history stays).
 */
export async function countChange(db: Db, change: StreamChange): Promise<'applied' | 'unchanged' | 'stale'> {
  const image = change.newImage!;
  const source = { pk: String(image.pk), sk: String(image.sk) };
  const activity = needsActivity(image) && typeof image.activityId === 'string' ? await prioritiesOf(db, image.activityId) : undefined;
  const next = contributionOf(image, activity);
  const seq = change.sequenceNumber ? sequenceOrder(change.sequenceNumber) : '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const applied = await getApplied(db, source);
    if (seq && applied?.seq && applied.seq >= seq) return 'stale';
    const changes = differenceOf(applied?.counters ?? {}, next);
    if (!changes.length) return 'unchanged';
    if (await applyContribution(db, source, applied, { seq: seq || applied?.seq || '', counters: countersOf(next) }, changes)) return 'applied';
  }
  throw new Error('report aggregates: the source record kept changing underneath');
}

/**
 * An activity's priorities, remembered for a minute per process: a register of 30 marks reads the activity
 * once, not 30 times. A change of priorities reaches the cells within the minute (each cell takes the
 * priorities of its latest update).
 */
const remembered = new Map<string, { priorities: string[]; until: number }>();
async function prioritiesOf(db: Db, activityId: string): Promise<{ priorities: string[] } | undefined> {
  const now = Date.now();
  const hit = remembered.get(activityId);
  if (hit && hit.until > now) return hit;
  const activity = await getActivity(db, activityId);
  if (!activity) return undefined;
  if (remembered.size >= 1000) remembered.clear();
  const entry = { priorities: activity.priorities, until: now + 60_000 };
  remembered.set(activityId, entry);
  return entry;
}

const aggregates: StreamConsumer = {
  name: 'reports.aggregates',
  wants: (c) => c.eventName !== 'REMOVE' && isCounted(c.newImage),
  handle: async (c, deps) => {
    await countChange(deps.db, c);
  },
};

export const reportConsumers = (): StreamConsumer[] => [aggregates];

import type { Activity } from '../directory/schema';
import type { StreamChange, StreamConsumer } from '../stream/handler';
import { listSessionsOf, refreshSessionSnapshot } from './data';
import { activitySnapshot, addDays, bookingWindow, londonDate } from './rules';

/**
 * Sessions copy their activity's title, owners and booking settings (so a booking reads one item).
 * When those change on the activity, its future sessions are brought in line. Idempotent: it writes what
 * the activity says now.
 */
const watched = ['title', 'organisationId', 'hubId', 'hubName', 'venue', 'booking'] as const;
const changed = (c: StreamChange) => watched.some((f) => JSON.stringify(c.oldImage?.[f]) !== JSON.stringify(c.newImage?.[f]));

const snapshotKeeper: StreamConsumer = {
  name: 'sessions.activity-snapshot',
  wants: (c) => c.eventName === 'MODIFY' && c.newImage?.type === 'Activity' && changed(c),
  handle: async (c, deps) => {
    const activity = c.newImage as unknown as Activity;
    const now = deps.clock.now();
    const snapshot = activitySnapshot(activity);
    for (const s of await listSessionsOf(deps.db, activity.id, now.toISOString(), addDays(londonDate(now), 400), 1000)) {
      await refreshSessionSnapshot(deps.db, s.id, { ...snapshot, ...bookingWindow(s.startsAt, activity.booking) });
    }
  },
};

export const sessionConsumers = (): StreamConsumer[] => [snapshotKeeper];

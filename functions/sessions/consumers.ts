import type { Activity } from '../directory/schema';
import type { StreamChange, StreamConsumer } from '../stream/handler';
import { clearSessionRoom, listSessionsOf, putSessionNotice, refreshSessionSnapshot, sessionsHeldIn } from './data';
import { activitySnapshot, addDays, bookingWindow, describeWhen, londonDate } from './rules';
import type { Session } from './schema';

/**
 * Sessions copy their activity's title, owners and booking settings (so a booking reads one item).
 * When those change on the activity, its future sessions are brought in line. Idempotent: it writes what
 * the activity says now.
 */
const watched = ['title', 'organisationId', 'hubId', 'hubName', 'venue', 'booking', 'status'] as const;
const changed = (c: StreamChange) => watched.some((f) => JSON.stringify(c.oldImage?.[f]) !== JSON.stringify(c.newImage?.[f]));

const snapshotKeeper: StreamConsumer = {
  name: 'sessions.activity-snapshot',
  wants: (c) => c.eventName === 'MODIFY' && c.newImage?.type === 'Activity' && changed(c),
  handle: async (c, deps) => {
    const activity = c.newImage as unknown as Activity;
    const now = deps.clock.now();
    const snapshot = activitySnapshot(activity);
    const stopped = c.oldImage?.status === 'active' && activity.status !== 'active';
    for (const s of await listSessionsOf(deps.db, activity.id, now.toISOString(), addDays(londonDate(now), 400), 1000)) {
      await refreshSessionSnapshot(deps.db, s.id, { ...snapshot, ...bookingWindow(s.startsAt, activity.booking) });
      // everyone booked or waiting is told, once per pause (the notice's key names the activity's version)
      if (stopped && s.status === 'scheduled' && s.confirmed + s.waitlisted > 0) {
        await putSessionNotice(deps.db, s.id, `ACTIVITY-${activity.status.toUpperCase()}-${activity.version}`, stoppedNotice(activity, s), now);
      }
    }
  },
};

function stoppedNotice(activity: Activity, s: Session) {
  const when = describeWhen(s);
  return activity.status === 'paused'
    ? {
        kind: 'session.paused',
        subject: `${activity.title} is paused`,
        text: `${activity.title} has been paused by the people who run it, so ${when} may not go ahead. Your place is kept for now: we will tell you if the session is cancelled, and you can cancel your place at any time.`,
      }
    : {
        kind: 'session.paused',
        subject: `${activity.title} has ended`,
        text: `${activity.title} has ended. The people who run it will tell you whether ${when} still goes ahead; you can cancel your place at any time.`,
      };
}

/**
 * A date of a room booking stopped being confirmed (cancelled): the sessions held in it on that date carry
 * on, without the room. Idempotent: the clear is conditioned on the session still naming this booking.
 */
const roomReleaser: StreamConsumer = {
  name: 'sessions.room-released',
  wants: (c) => c.eventName === 'MODIFY' && c.newImage?.type === 'RoomBookingOccurrence' && c.oldImage?.status === 'confirmed' && c.newImage?.status !== 'confirmed',
  handle: async (c, deps) => {
    const o = c.newImage as { bookingId: string; start: string; end: string };
    for (const s of await sessionsHeldIn(deps.db, o.bookingId)) {
      if (s.startsAt >= o.start && s.startsAt < o.end) await clearSessionRoom(deps.db, s.id, o.bookingId, deps.clock.now());
    }
  },
};

export const sessionConsumers = (): StreamConsumer[] => [snapshotKeeper, roomReleaser];

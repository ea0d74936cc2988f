import type { Activity } from '../directory/schema';
import type { Db } from '../lib/db';
import * as data from './data';
import type { Session } from './schema';

/**
 * What the domains below sessions (the directory a session is of, the rooms it is held in, the volunteer
 * shifts that help run it) ask of it: reached as `deps.sessions`, wired in functions/deps.ts, so imports
 * between these domains go one way.
 */
export interface SessionsPort {
  /** An activity's sessions starting from `fromInstant` (up to `toInstant` when given), in time order, at most `max`. */
  ofActivity(activityId: string, fromInstant: string, toInstant: string | undefined, max: number): Promise<Session[]>;
  /** The sessions on a London date. */
  onDate(localDate: string): Promise<Session[]>;
  /** One session as it stands now (a strongly consistent read), or undefined. */
  getSession(id: string): Promise<Session | undefined>;
  /** The sessions with these ids (one batch read; unknown ids are left out). */
  getSessions(ids: string[]): Promise<Session[]>;
  /**
   * A paused, ended or resumed activity's status goes onto each of its sessions still to come (within 400 days),
   * which every booking's write is conditioned on: they stop or start taking bookings at once.
   */
  holdBookings(activity: Pick<Activity, 'id' | 'status'>, now: Date): Promise<void>;
}

export function sessionsPort(db: Db): SessionsPort {
  return {
    ofActivity: (activityId, fromInstant, toInstant, max) => data.listSessionsOf(db, activityId, fromInstant, toInstant, max),
    onDate: (localDate) => data.listSessionsOn(db, localDate),
    getSession: (id) => data.getSession(db, id, true),
    getSessions: (ids) => data.getSessions(db, ids),
    holdBookings: async (activity, now) => {
      const upcoming = await data.listSessionsOf(db, activity.id, now.toISOString(), new Date(now.getTime() + 400 * 86_400_000).toISOString(), 1000);
      for (const s of upcoming) await data.refreshSessionSnapshot(db, s.id, { activityStatus: activity.status });
    },
  };
}

import { getActivity } from '../../directory/data';
import type { AppDeps } from '../../lib/deps';
import { isBankHoliday } from '../../lib/holidays';
import { fingerprint } from '../../lib/idempotency';
import { reserveSeat } from '../../reservations/service';
import { getSession, putSessions } from '../../sessions/data';
import { activitySnapshot, addDays, bookingWindow, idFrom, londonDate } from '../../sessions/rules';
import { expandSchedule } from '../../sessions/schedule';
import type { Session } from '../../sessions/schema';
import { demoActivities } from './directory';
import { demoIds } from './ids';
import { demoUsers } from './users';

/** The id of the n-th seeded session of a demo activity (stable between runs for the same n). */
export const demoSessionId = (activityId: string, n: number) => idFrom(fingerprint(`demo-session#${activityId}#${n}`));

/**
 * Eight weeks of sessions for every demo activity, from its demoSchedule, starting today; then a few
 * bookings for the demo resident (seedBookings).
 */
export async function seedSessions(deps: AppDeps): Promise<void> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const until = addDays(today, 56).replace(/-/g, '');
  for (const demo of demoActivities) {
    const activity = await getActivity(deps.db, demo.id, true);
    if (!activity) continue;
    const { occurrences } = expandSchedule(
      {
        startDate: today,
        startTime: demo.demoSchedule.startTime,
        durationMinutes: demo.demoSchedule.durationMinutes,
        rrule: `${demo.demoSchedule.rrule};UNTIL=${until}`,
        skipBankHolidays: true,
        exceptions: [],
      },
      { isBankHoliday },
    );
    const seriesId = idFrom(fingerprint(`demo-series#${demo.id}`));
    const sessions: Session[] = occurrences
      .filter((o) => o.startsAt > now.toISOString())
      .map((o, i) => ({
        id: demoSessionId(demo.id, i),
        activityId: demo.id,
        ...activitySnapshot(activity),
        startsAt: o.startsAt,
        endsAt: o.endsAt,
        localDate: o.localDate,
        localStartTime: o.localStartTime,
        localEndTime: o.localEndTime,
        dayOfWeek: o.dayOfWeek,
        capacity: activity.booking.defaultCapacity,
        placesFree: activity.booking.defaultCapacity,
        confirmed: 0,
        waitlisted: 0,
        status: 'scheduled',
        seriesId,
        ...bookingWindow(o.startsAt, activity.booking),
        version: 1,
        createdAt: now.toISOString(),
        updatedAt: now.toISOString(),
      }));
    await putSessions(deps.db, sessions);
  }
  await seedBookings(deps);
}

/**
 * The demo resident's bookings: the first date of three activities that can still be booked. The first date
 * itself may already be closed (Lunch Club on a Thursday after 10:00, two hours before it starts), so each
 * takes the earliest of its first dates whose booking window is open now.
 */
async function seedBookings(deps: AppDeps): Promise<void> {
  const resident = demoUsers.find((u) => u.userId === demoIds.users.resident)!;
  const actor = { userId: resident.userId, roles: resident.roles, hubIds: [], organisationIds: [] };
  const now = deps.clock.now().toISOString();
  const bookable = demoActivities.filter((a) => a.booking.mode === 'reserve').slice(0, 3);
  for (const [i, a] of bookable.entries()) {
    for (let n = 0; n < 3; n++) {
      const session = await getSession(deps.db, demoSessionId(a.id, n));
      if (!session || now < session.opensAt || now >= session.closesAt) continue;
      await reserveSeat(deps, actor, { sessionId: session.id, companion: i === 1, idempotencyKey: `seed-${session.id}` });
      break;
    }
  }
}

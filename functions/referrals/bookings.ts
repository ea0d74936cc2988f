import { getMarks } from '../attendance/data';
import type { Actor } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { NotFound } from '../lib/errors';
import { getPersonReservations } from '../reservations/data';
import { reserveSeat } from '../reservations/service';
import { getSession, getSessions } from '../sessions/data';
import type { Booking, BookingView, Referral } from './schema';

/**
 * The one place referrals meet sessions, reservations and attendance, each read from its owner: the sessions
 * a referral booked, the person's reservations of them and the register's marks.
 */

/**
 * Books a place for the referral's person, on their behalf, through the same reserveSeat residents use
 * (capacity, waitlist, limits and messages all apply). The reservation carries the referral's id.
 */
export async function bookOnBehalf(deps: AppDeps, actor: Actor, referral: Referral, input: { sessionId: string; companion?: boolean | undefined }): Promise<Booking> {
  const session = await getSession(deps.db, input.sessionId);
  if (!session) throw new NotFound('That session');
  await reserveSeat(deps, actor, {
    sessionId: input.sessionId,
    personId: referral.personId,
    companion: input.companion,
    referralId: referral.id,
    // a retried booking for the same referral and session finds the first answer
    idempotencyKey: `referral-${referral.id}-${input.sessionId}`,
  });
  return { sessionId: input.sessionId, activityId: session.activityId, bookedAt: deps.clock.now().toISOString(), bookedBy: actor.userId };
}

/** Each booking with its reservation's live status and, once attendance is taken, the mark. */
export async function bookingViews(deps: AppDeps, referral: Referral): Promise<BookingView[]> {
  if (!referral.bookings.length) return [];
  const ids = [...new Set(referral.bookings.map((b) => b.sessionId))];
  const [sessions, reservations, marks] = await Promise.all([
    getSessions(deps.db, ids),
    getPersonReservations(deps.db, referral.personId, ids),
    getMarks(
      deps.db,
      ids.map((sessionId) => ({ sessionId, role: 'resident' as const, personId: referral.personId })),
    ),
  ]);
  const sessionById = new Map(sessions.map((s) => [s.id, s]));
  const reservationBySession = new Map(reservations.map((r) => [r.sessionId, r]));
  const markBySession = new Map(marks.map((m) => [m.sessionId, m]));
  return referral.bookings.map((b) => {
    const session = sessionById.get(b.sessionId);
    const reservation = reservationBySession.get(b.sessionId);
    const mark = markBySession.get(b.sessionId);
    const startsAt = reservation?.startsAt ?? session?.startsAt;
    const title = reservation?.activityTitle ?? session?.activityTitle;
    return {
      sessionId: b.sessionId,
      activityId: b.activityId,
      ...(title ? { activityTitle: title } : {}),
      ...(startsAt ? { startsAt } : {}),
      bookedAt: b.bookedAt,
      reservationStatus: reservation?.status ?? 'unknown',
      ...(mark ? { attendance: mark.status } : {}),
    };
  });
}

export const attendedCount = (views: BookingView[]): number => views.filter((v) => v.attendance === 'attended').length;

/**
 * When each booked person's session started and whether they were marked attended there: a whole caseload's
 * in two BatchGetItems at once (sessions, marks).
 */
export async function attendanceOf(deps: AppDeps, bookings: { sessionId: string; personId: string }[]): Promise<{ sessionId: string; personId: string; startsAt?: string; attended: boolean }[]> {
  if (!bookings.length) return [];
  const [sessions, marks] = await Promise.all([
    getSessions(
      deps.db,
      bookings.map((b) => b.sessionId),
    ),
    getMarks(
      deps.db,
      bookings.map((b) => ({ sessionId: b.sessionId, role: 'resident' as const, personId: b.personId })),
    ),
  ]);
  const startsAt = new Map(sessions.map((s) => [s.id, s.startsAt]));
  const attended = new Set(marks.filter((m) => m.status === 'attended').map((m) => `${m.sessionId}#${m.personId}`));
  return bookings.map((b) => ({ ...b, ...(startsAt.has(b.sessionId) ? { startsAt: startsAt.get(b.sessionId)! } : {}), attended: attended.has(`${b.sessionId}#${b.personId}`) }));
}

import type { Actor } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { NotFound } from '../lib/errors';
import { reserveSeat } from '../reservations/service';
import { getSession } from '../sessions/data';
import { getSessionsAndReservations } from './data';
import type { Booking, BookingView, Referral } from './schema';

/**
 * The one place referrals meet sessions, reservations and attendance: Reservation pk SESSION#<sessionId>
 * sk PERSON#<personId> { status confirmed|waitlisted|offered|cancelled, referralId?, ... }; Session pk
 * SESSION#<id> sk META { activityId, startsAt, ... }.
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
  const { sessions, reservations, marks } = await getSessionsAndReservations(
    deps.db,
    referral.personId,
    referral.bookings.map((b) => b.sessionId),
  );
  const sessionById = new Map(sessions.map((s) => [String(s.pk).slice('SESSION#'.length), s]));
  const reservationBySession = new Map(reservations.map((r) => [String(r.pk).slice('SESSION#'.length), r]));
  const markBySession = new Map(marks.map((m) => [String(m.sessionId), m]));
  return referral.bookings.map((b) => {
    const session = sessionById.get(b.sessionId);
    const reservation = reservationBySession.get(b.sessionId);
    const mark = markBySession.get(b.sessionId);
    const startsAt = reservation?.startsAt ?? session?.startsAt;
    const title = reservation?.activityTitle ?? session?.activityTitle;
    return {
      sessionId: b.sessionId,
      activityId: b.activityId,
      ...(typeof title === 'string' ? { activityTitle: title } : {}),
      ...(typeof startsAt === 'string' ? { startsAt } : {}),
      bookedAt: b.bookedAt,
      reservationStatus: typeof reservation?.status === 'string' ? reservation.status : 'unknown',
      ...(typeof mark?.status === 'string' ? { attendance: mark.status } : {}),
    };
  });
}

export const attendedCount = (views: BookingView[]): number => views.filter((v) => v.attendance === 'attended').length;

import type { Actor } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { RuleViolation } from '../lib/errors';
import { getSessionsAndReservations, reservationsByPerson } from './data';
import type { Booking, BookingView, Referral } from './schema';

/**
 * The one place referrals meet sessions, reservations and attendance (built on other branches).
 * Everything here is written against the reservation contract: Reservation pk SESSION#<sessionId>
 * sk PERSON#<personId> { status confirmed|waitlisted|offered|cancelled, referralId?, ... }; Session pk
 * SESSION#<id> sk META { activityId, startsAt, ... }. When the sessions domain is merged, bookOnBehalf calls
 * its reserveSeat; nothing else in the referrals domain changes.
 */

/** Books a place for the referral's person on a session, on their behalf. */
export async function bookOnBehalf(_deps: AppDeps, _actor: Actor, _referral: Referral, _input: { sessionId: string; companion?: boolean | undefined }): Promise<Booking> {
  throw new RuleViolation('Booking places from a referral is not available yet: the sessions service is not part of this release.', 'booking_unavailable');
}

/** Each booking with its reservation's live status and, once attendance is taken, the mark. */
export async function bookingViews(deps: AppDeps, referral: Referral): Promise<BookingView[]> {
  if (!referral.bookings.length) return [];
  const { sessions, reservations } = await getSessionsAndReservations(deps.db, referral.personId, referral.bookings.map((b) => b.sessionId));
  const sessionById = new Map(sessions.map((s) => [String(s.pk).slice('SESSION#'.length), s]));
  const reservationBySession = new Map(reservations.map((r) => [String(r.pk).slice('SESSION#'.length), r]));
  return referral.bookings.map((b) => {
    const session = sessionById.get(b.sessionId);
    const reservation = reservationBySession.get(b.sessionId);
    const startsAt = reservation?.startsAt ?? session?.startsAt;
    const title = reservation?.activityTitle ?? session?.activityTitle;
    return {
      sessionId: b.sessionId,
      activityId: b.activityId,
      ...(typeof title === 'string' ? { activityTitle: title } : {}),
      ...(typeof startsAt === 'string' ? { startsAt } : {}),
      bookedAt: b.bookedAt,
      reservationStatus: typeof reservation?.status === 'string' ? reservation.status : 'unknown',
      ...(typeof reservation?.attendance === 'string' ? { attendance: reservation.attendance } : {}),
    };
  });
}

export const attendedCount = (views: BookingView[]): number => views.filter((v) => v.attendance === 'attended').length;

/** The reservations held for a person (subject access): by the reservations index, and those booked from referrals. */
export async function reservationsOfPerson(deps: AppDeps, personId: string, sessionIds: string[]): Promise<Record<string, unknown>[]> {
  const [indexed, { reservations }] = await Promise.all([reservationsByPerson(deps.db, personId), getSessionsAndReservations(deps.db, personId, sessionIds)]);
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of [...indexed, ...reservations.map(({ pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, type: _t, ...rest }) => rest)]) {
    byKey.set(String(r.sessionId ?? r.id), r);
  }
  return [...byKey.values()];
}

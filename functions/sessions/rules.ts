import { Temporal } from 'temporal-polyfill';
import type { Activity } from '../directory/schema';
import { addDays, londonDate, londonZone } from '../lib/london';
import type { Session, SessionView } from './schema';

/**
 * Pure decisions about sessions: Europe/London wall-clock slots (a clock change moves the UTC instant, never the
 * local time), booking windows, views. Expanding a recurrence is in schedule.ts, so that the domains that
 * import these (reservations, attendance, reports, referrals, jobs) do not bundle rrule-temporal.
 */
export const zone = londonZone;

export interface LocalSlot {
  localDate: string;
  localStartTime: string;
  localEndTime: string;
  startsAt: string;
  endsAt: string;
  dayOfWeek: number;
}

/** A wall-clock date and time in London, as an instant; a time that does not exist (spring forward) moves later. */
export function slotOf(localDate: string, localStartTime: string, durationMinutes: number): LocalSlot {
  const start = Temporal.PlainDateTime.from(`${localDate}T${localStartTime}`).toZonedDateTime(zone, { disambiguation: 'later' });
  const end = start.add({ minutes: durationMinutes });
  return {
    localDate,
    localStartTime: hhmm(start),
    localEndTime: hhmm(end),
    startsAt: isoZ(start),
    endsAt: isoZ(end),
    dayOfWeek: start.dayOfWeek,
  };
}

const hhmm = (z: Temporal.ZonedDateTime) => `${pad(z.hour)}:${pad(z.minute)}`;
const pad = (n: number) => String(n).padStart(2, '0');
const isoZ = (z: Temporal.ZonedDateTime) => new Date(z.epochMilliseconds).toISOString();

export { addDays, londonDate };

/** When places can be taken: from N days before the start until M hours before it. */
export function bookingWindow(startsAt: string, booking: { opensDaysBefore: number; closesHoursBefore: number }): { opensAt: string; closesAt: string } {
  const start = new Date(startsAt).getTime();
  return {
    opensAt: new Date(start - booking.opensDaysBefore * 86_400_000).toISOString(),
    closesAt: new Date(start - booking.closesHoursBefore * 3_600_000).toISOString(),
  };
}

/** What a session copies from its activity, so a booking needs no read of the activity. */
export function activitySnapshot(
  activity: Activity,
): Pick<Session, 'activityTitle' | 'organisationId' | 'hubId' | 'location' | 'bookingMode' | 'companionPlaces' | 'questions' | 'waitlistMode' | 'offerHoldHours' | 'activityStatus'> {
  const location = activity.venue ? `${activity.venue.name}, ${activity.venue.address.line1}, ${activity.venue.address.town}` : activity.hubName;
  return {
    activityTitle: activity.title,
    organisationId: activity.organisationId,
    hubId: activity.hubId,
    location,
    bookingMode: activity.booking.mode,
    companionPlaces: activity.booking.companionPlaces ?? true,
    questions: activity.booking.questions ?? [],
    waitlistMode: activity.booking.waitlist,
    offerHoldHours: activity.booking.offerHoldHours,
    activityStatus: activity.status,
  };
}

export const placesLeft = (s: Pick<Session, 'capacity' | 'confirmed' | 'status'>): number => (s.status === 'scheduled' ? Math.max(0, s.capacity - s.confirmed) : 0);

export function toView(s: Session): SessionView {
  return {
    id: s.id,
    activityId: s.activityId,
    activityTitle: s.activityTitle,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    localDate: s.localDate,
    localStartTime: s.localStartTime,
    localEndTime: s.localEndTime,
    dayOfWeek: s.dayOfWeek,
    capacity: s.capacity,
    confirmed: s.confirmed,
    placesLeft: placesLeft(s),
    waitlisted: s.waitlisted,
    status: s.status,
    ...(s.seriesId ? { seriesId: s.seriesId } : {}),
    ...((s.elsewhere ?? s.location) ? { location: s.elsewhere ?? s.location } : {}),
    ...(s.roomId && s.room ? { roomId: s.roomId, room: s.room } : {}),
    bookingMode: s.bookingMode,
    opensAt: s.opensAt,
    closesAt: s.closesAt,
    ...(s.hoursOverride ? { outsideHours: { reason: s.hoursOverride.reason, at: s.hoursOverride.at } } : {}),
  };
}

const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * "Wednesday 2 December 2026": the one date style of the web app and the messages, spelt out here because
 * ICU versions differ on a comma after the day's name.
 */
export function describeDay(instant: string): string {
  const day = Temporal.Instant.from(instant).toZonedDateTimeISO(zone);
  return `${weekdayNames[day.dayOfWeek - 1]} ${day.day} ${monthNames[day.month - 1]} ${day.year}`;
}

/** "Wednesday 2 December 2026 at 10:00", London time. */
export const describeMoment = (instant: string): string => `${describeDay(instant)} at ${hhmm(Temporal.Instant.from(instant).toZonedDateTimeISO(zone))}`;

/** "Tuesday 27 October 2026, 10:00 to 11:30" for messages. */
export function describeWhen(s: Pick<Session, 'startsAt' | 'localStartTime' | 'localEndTime'>): string {
  return `${describeDay(s.startsAt)}, ${s.localStartTime} to ${s.localEndTime}`;
}

/** Deterministic ULID-shaped id from text (Crockford base32), so a retried schedule makes the same sessions. */
export function idFrom(hashHex: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '0';
  for (let i = 0; i < 25; i++) out += alphabet[parseInt(hashHex.slice(i * 2, i * 2 + 2), 16) % 32];
  return out;
}

/** What a session needs to know of a room booking to be held in it. */
export interface RoomBookingFacts {
  status: string;
  hubId: string;
  occurrences: { start: string; end: string; status: string }[];
}

/**
 * Why a session cannot be held in a room booking (a rule name and a sentence), or undefined if it can: the
 * booking must be confirmed, for a room of the session's hub, and one of its confirmed dates must cover the
 * session's whole time.
 */
export function roomBookingProblem(booking: RoomBookingFacts, session: Pick<Session, 'hubId' | 'startsAt' | 'endsAt'>): { rule: string; message: string } | undefined {
  if (booking.status !== 'confirmed') return { rule: 'not_confirmed', message: 'That room booking is not confirmed: a session can be held only in a confirmed booking.' };
  if (!session.hubId || booking.hubId !== session.hubId) return { rule: 'other_hub', message: 'That room booking is for a room at another hub.' };
  if (!coveringDate(booking.occurrences, session)) return { rule: 'does_not_cover', message: 'That room booking does not cover the session’s time.' };
  return undefined;
}

/** The confirmed date of a room booking that covers the session's whole time, if any. */
export function coveringDate<O extends RoomBookingFacts['occurrences'][number]>(occurrences: O[], session: Pick<Session, 'startsAt' | 'endsAt'>): O | undefined {
  const at = (iso: string) => Date.parse(iso);
  return occurrences.find((o) => o.status === 'confirmed' && at(o.start) <= at(session.startsAt) && at(o.end) >= at(session.endsAt));
}

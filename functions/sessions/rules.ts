import { Temporal } from 'temporal-polyfill';
import { RRuleTemporal } from 'rrule-temporal';
import { InvalidInput } from '../lib/errors';
import type { Occurrence, ScheduleInput, Session, SessionView } from './schema';

/**
 * Pure decisions about sessions: expanding a recurrence in Europe/London wall-clock time (so a clock change
 * moves the UTC instant, never the local time), exceptions, bank holidays, booking windows.
 */
export const zone = 'Europe/London';
/** Most sessions one request may make (about two years of a weekly activity). */
export const maxOccurrences = 104;
/** A rule with neither COUNT nor UNTIL runs this far ahead. */
export const defaultHorizonDays = 182;

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

/** Today's date in London. */
export const londonDate = (now: Date): string => Temporal.Instant.fromEpochMilliseconds(now.getTime()).toZonedDateTimeISO(zone).toPlainDate().toString();

/** London midnight starting a local date, as an ISO instant (for date-range queries). */
export const startOfLocalDate = (date: string): string => isoZ(Temporal.PlainDate.from(date).toZonedDateTime({ timeZone: zone }));

export const addDays = (date: string, days: number): string => Temporal.PlainDate.from(date).add({ days }).toString();

export interface ExpandOptions {
  isBankHoliday?: (localDate: string) => boolean;
  /** the first date of an open-ended rule's horizon is startDate; this is how far it runs */
  horizonDays?: number;
}

/**
 * Every date a schedule makes, in order, and the dates the rule gave that were left out (bank holidays,
 * skips). Throws InvalidInput when the rule makes nothing or too much.
 */
export function expandSchedule(input: ScheduleInput, opts: ExpandOptions = {}): { occurrences: Occurrence[]; skipped: Occurrence[] } {
  const dates = ruleDates(input, opts.horizonDays ?? defaultHorizonDays);
  const exceptions = new Map(input.exceptions.map((e) => [e.date, e]));
  const occurrences: Occurrence[] = [];
  const skipped: Occurrence[] = [];
  for (const date of dates) {
    const base = slotOf(date, input.startTime, input.durationMinutes);
    const exception = exceptions.get(date);
    if (exception?.action === 'skip') {
      skipped.push({ ...base, status: 'cancelled', note: 'skipped' });
    } else if (input.skipBankHolidays && opts.isBankHoliday?.(date) && exception?.action !== 'move') {
      skipped.push({ ...base, status: 'cancelled', note: 'bank-holiday' });
    } else if (exception?.action === 'move') {
      const moved = slotOf(exception.toDate ?? date, exception.toTime ?? input.startTime, input.durationMinutes);
      occurrences.push({ ...moved, status: 'scheduled', movedFrom: date });
    } else {
      occurrences.push({ ...base, status: exception?.action === 'cancel' ? 'cancelled' : 'scheduled' });
    }
  }
  const unknown = input.exceptions.filter((e) => !dates.includes(e.date));
  if (unknown.length) {
    throw new InvalidInput(unknown.map((e) => ({ field: 'body.exceptions', rule: 'not_in_schedule', message: `${e.date} is not one of the dates this schedule makes` })));
  }
  if (occurrences.length > maxOccurrences) {
    throw new InvalidInput([{ field: 'body.rrule', rule: 'too_many', message: `makes ${occurrences.length} sessions; at most ${maxOccurrences} at a time (add COUNT or UNTIL)` }]);
  }
  occurrences.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { occurrences, skipped };
}

/** The local dates the rule gives (before exceptions), from startDate on. */
function ruleDates(input: ScheduleInput, horizonDays: number): string[] {
  if (!input.rrule) return [input.startDate];
  const dtstart = Temporal.PlainDateTime.from(`${input.startDate}T${input.startTime}`).toZonedDateTime(zone, { disambiguation: 'later' });
  const open = !/COUNT=|UNTIL=/.test(input.rrule);
  let rule: RRuleTemporal;
  try {
    rule = new RRuleTemporal({ rruleString: normaliseUntil(input.rrule), dtstart });
  } catch (err) {
    throw new InvalidInput([{ field: 'body.rrule', rule: 'invalid_rrule', message: `is not a recurrence we can read (${(err as Error).message})` }]);
  }
  const horizon = dtstart.add({ days: horizonDays });
  const dates = rule
    .all((d, i) => i <= maxOccurrences + 100 && (!open || Temporal.ZonedDateTime.compare(d, horizon) <= 0))
    .map((d) => d.toPlainDate().toString());
  if (!dates.length) throw new InvalidInput([{ field: 'body.rrule', rule: 'no_dates', message: 'gives no dates from the start date' }]);
  return [...new Set(dates)];
}

/** UNTIL=YYYYMMDD means "up to and including that London date". */
function normaliseUntil(rrule: string): string {
  return rrule.replace(/UNTIL=(\d{4})(\d{2})(\d{2})(?!T)/, (_m, y: string, mo: string, d: string) => {
    const endOfDay = Temporal.PlainDateTime.from(`${y}-${mo}-${d}T23:59:59`).toZonedDateTime(zone);
    return `UNTIL=${endOfDay.toInstant().toString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
  });
}

/** When places can be taken: from N days before the start until M hours before it. */
export function bookingWindow(startsAt: string, booking: { opensDaysBefore: number; closesHoursBefore: number }): { opensAt: string; closesAt: string } {
  const start = new Date(startsAt).getTime();
  return {
    opensAt: new Date(start - booking.opensDaysBefore * 86_400_000).toISOString(),
    closesAt: new Date(start - booking.closesHoursBefore * 3_600_000).toISOString(),
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
    ...(s.location ? { location: s.location } : {}),
    bookingMode: s.bookingMode,
    opensAt: s.opensAt,
    closesAt: s.closesAt,
  };
}

/** "Tuesday 27 October 2026, 10:00 to 11:30" for messages. */
export function describeWhen(s: Pick<Session, 'startsAt' | 'localStartTime' | 'localEndTime'>): string {
  const day = Temporal.Instant.from(s.startsAt).toZonedDateTimeISO(zone).toPlainDate();
  const date = new Date(Date.UTC(day.year, day.month - 1, day.day)).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  return `${date}, ${s.localStartTime} to ${s.localEndTime}`;
}

/** Deterministic ULID-shaped id from text (Crockford base32), so a retried schedule makes the same sessions. */
export function idFrom(hashHex: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '0';
  for (let i = 0; i < 25; i++) out += alphabet[parseInt(hashHex.slice(i * 2, i * 2 + 2), 16) % 32];
  return out;
}

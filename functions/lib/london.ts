/**
 * London time, for the functions and the web alike: the zone, the local date of an instant ("today"), day
 * arithmetic on local dates and the one style dates and times are written in. Intl only (no Temporal), so the
 * web bundle carries nothing more; slots that need the zone's rules (a wall-clock time to an instant across a
 * clock change) stay with Temporal in sessions/rules.ts and rooms/rules.ts.
 */
export const londonZone = 'Europe/London';

const localDateFormat = new Intl.DateTimeFormat('en-CA', { timeZone: londonZone, year: 'numeric', month: '2-digit', day: '2-digit' });
const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: londonZone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: londonZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The London calendar date (2026-03-29) of an instant, given as a Date or ISO text. */
export const londonDate = (at: Date | string): string => localDateFormat.format(typeof at === 'string' ? new Date(at) : at);

/** Today in London, as 2025-03-14 (`now` from the injected clock in the functions; the device's clock in the web). */
export const londonToday = (now: Date = new Date()): string => londonDate(now);

/** Whole days on a local date: calendar arithmetic at midday UTC, so no zone rule can shift the day. */
export function addDays(localDate: string, days: number): string {
  const d = new Date(`${localDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from one local date to another (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);

/**
 * Midnight starting a London date, as an ISO instant in the form items store (Date's toISOString), for date-range
 * queries. London changes its clocks at 01:00 UTC, never at midnight, so the offset at local midnight is the one in
 * force at 00:00 UTC that day (test/unit/london.test.ts checks every day of two years against Temporal).
 */
export function londonMidnight(localDate: string): string {
  const utcMidnight = Date.parse(`${localDate}T00:00:00Z`);
  const londonHour = Number(timeFormat.format(utcMidnight).slice(0, 2));
  return new Date(utcMidnight - londonHour * 3_600_000).toISOString();
}

/** The weekday codes opening hours and repeats use, Monday first (index = isoWeekday - 1). */
export const weekdayCodes = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/** 1 Monday .. 7 Sunday for a local date. */
export const isoWeekday = (localDate: string): number => ((new Date(`${localDate}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

/**
 * One style everywhere: "Wednesday 2 December 2026" for a date, "10:00" for a time, "10:00 to 11:30" for a
 * span, "Wednesday 2 December 2026, 10:00 to 11:30" for a session. Always the year, always the 24-hour clock
 * (the way the timetables, registers and messages already say it), so a date reads the same on every page.
 */

/** "10:00", "14:30" (24-hour clock, UK time). */
export function formatTime(date: Date): string {
  return timeFormat.format(date);
}

/** "Wednesday 2 December 2026" (built from its parts: some browsers put a comma after the day's name). */
export function formatDate(date: Date): string {
  const part = Object.fromEntries(dateFormat.formatToParts(date).map((p) => [p.type, p.value]));
  return `${part.weekday} ${part.day} ${part.month} ${part.year}`;
}

/** "Friday 14 March 2025" for a local date like 2025-03-14 (shown at midday so no zone shifts it). */
export const formatDay = (localDate: string): string => formatDate(new Date(`${localDate}T12:00:00Z`));

/** "10:00 to 11:30". */
export const formatTimeRange = (startsAt: string, endsAt: string): string => `${formatTime(new Date(startsAt))} to ${formatTime(new Date(endsAt))}`;

/** "Wednesday 2 December 2026, 10:00 to 11:30": when a session is. */
export const formatWhen = (startsAt: string, endsAt: string): string => `${formatDate(new Date(startsAt))}, ${formatTimeRange(startsAt, endsAt)}`;

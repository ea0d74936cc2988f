/** Dates and times as people in England say them, always in UK time whatever the device's time zone. */
const zone = 'Europe/London';

const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

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

/** "Wednesday 2 December 2026 at 10:00", or undefined when the value is not a date. */
export function formatDateTime(iso: unknown): string | undefined {
  const date = asDate(iso);
  return date && `${formatDate(date)} at ${formatTime(date)}`;
}

/** "10:00 to 11:30". */
export const formatTimeRange = (startsAt: string, endsAt: string): string => `${formatTime(new Date(startsAt))} to ${formatTime(new Date(endsAt))}`;

/** "Wednesday 2 December 2026, 10:00 to 11:30": when a session is. */
export const formatWhen = (startsAt: string, endsAt: string): string => `${formatDate(new Date(startsAt))}, ${formatTimeRange(startsAt, endsAt)}`;

/** "Wednesday 2 December 2026" for an instant given as text, or undefined when it is not a date. */
export function formatDateOf(iso: unknown): string | undefined {
  const date = asDate(iso);
  return date && formatDate(date);
}

function asDate(iso: unknown): Date | undefined {
  if (typeof iso !== 'string' || !iso) return undefined;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "Friday 14 March 2025" for a calendar date like 2025-03-14 (London dates, shown at midday so no zone shifts them). */
export const formatDay = (day: string): string => formatDate(new Date(`${day}T12:00:00Z`));

/** Today in London, as 2025-03-14. */
export const londonToday = (): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

export const dayNames: Record<string, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
export const dayOptions = Object.entries(dayNames).map(([value, label]) => ({ value, label }));

export function joinWords(words: string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

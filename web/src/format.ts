/** Dates and times as people in England say them, always in UK time whatever the device's time zone (functions/lib/london.ts). */
import { formatDate, formatTime } from '../../functions/lib/london';

export { addDays, daysBetween, formatDate, formatDay, formatTime, formatTimeRange, formatWhen, isoWeekday, londonDate, londonToday } from '../../functions/lib/london';

/** "Wednesday 2 December 2026 at 10:00", or undefined when the value is not a date. */
export function formatDateTime(iso: unknown): string | undefined {
  const date = asDate(iso);
  return date && `${formatDate(date)} at ${formatTime(date)}`;
}

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

/**
 * How often something happens, chosen from plain words and turned into the recurrence rule (RFC 5545 RRULE)
 * the API stores. Nobody types or sees the rule.
 */
import { isoWeekday, weekdayNames } from '../../components/times';

export type Repeat = 'once' | 'weekly' | 'fortnightly' | 'monthly';

const byDay = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const ordinals = ['first', 'second', 'third', 'fourth'];

/** Which weekday of its month a date is: 1..4, or -1 for the last (a fifth one is the last). */
export function weekOfMonth(date: string): number {
  const day = Number(date.slice(8, 10));
  const nth = Math.ceil(day / 7);
  return nth >= 5 ? -1 : nth;
}

/** "the first Tuesday", "the last Friday" */
export function monthlyWords(date: string): string {
  const nth = weekOfMonth(date);
  return `the ${nth === -1 ? 'last' : ordinals[nth - 1]} ${weekdayNames[isoWeekday(date) - 1]}`;
}

/** The words for each choice, naming the day once the first date is known. */
export function repeatOptions(date: string | undefined): { value: Repeat; label: string }[] {
  const day = date ? weekdayNames[isoWeekday(date) - 1] : undefined;
  return [
    { value: 'once', label: 'Just this date' },
    { value: 'weekly', label: day ? `Every week on ${day}` : 'Every week, on the same day' },
    { value: 'fortnightly', label: day ? `Every two weeks on ${day}` : 'Every two weeks, on the same day' },
    { value: 'monthly', label: date ? `Every month on ${monthlyWords(date)}` : 'Every month, on the same weekday (for example, the first Tuesday)' },
  ];
}

/**
 * The rule for a repeat from `date`: for `count` times, or until a date (yyyy-mm-dd, inclusive).
 * `untilStyle` 'date' gives UNTIL=20270301 (sessions read it as that London date); 'instant' gives the end of
 * that day as UTC (rooms).
 */
export function ruleFor(date: string, repeat: Repeat, end: { count: number } | { until: string }, untilStyle: 'date' | 'instant' = 'date'): string | undefined {
  if (repeat === 'once') return undefined;
  const day = byDay[isoWeekday(date) - 1];
  const base = {
    weekly: `FREQ=WEEKLY;BYDAY=${day}`,
    fortnightly: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`,
    monthly: `FREQ=MONTHLY;BYDAY=${weekOfMonth(date)}${day}`,
  }[repeat];
  if ('count' in end) return `${base};COUNT=${end.count}`;
  const compact = end.until.replace(/-/g, '');
  return `${base};UNTIL=${untilStyle === 'date' ? compact : `${compact}T235959Z`}`;
}

/** Dates and times as people in England say them, always in UK time whatever the device's time zone. */
const zone = 'Europe/London';

const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long' });
const dateWithYear = new Intl.DateTimeFormat('en-GB', { timeZone: zone, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const yearFormat = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: 'numeric', minute: '2-digit', hourCycle: 'h12' });

/** "10am", "2:30pm", "midday", "midnight" (the GOV.UK style for times). */
export function formatTime(date: Date): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(date).map((p) => [p.type, p.value]));
  const hour = Number(parts.hour);
  const minute = parts.minute ?? '00';
  const pm = /p/i.test(parts.dayPeriod ?? '');
  if (minute === '00' && hour === 12) return pm ? 'midday' : 'midnight';
  return `${hour}${minute === '00' ? '' : `:${minute}`}${pm ? 'pm' : 'am'}`;
}

/** "Tuesday 14 January" (with the year when it is not this year). */
export function formatDate(date: Date, now = new Date()): string {
  return (yearFormat.format(date) === yearFormat.format(now) ? dateFormat : dateWithYear).format(date);
}

/** "Tuesday 14 January at 10am", or undefined when the value is not a date. */
export function formatDateTime(iso: unknown, now = new Date()): string | undefined {
  if (typeof iso !== 'string' || !iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${formatDate(date, now)} at ${formatTime(date)}`;
}

/** "Friday 14 March" for a calendar date like 2025-03-14 (London dates, shown at midday so no zone shifts them). */
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

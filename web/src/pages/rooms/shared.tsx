/** Small pieces the rooms pages share: times in UK words and the blocks of a room's day. */
import { formatDate, formatTime } from '../../format';

export const timeRange = (b: { start: string; end: string }) => `${formatTime(new Date(b.start))} to ${formatTime(new Date(b.end))}`;
export const dayOf = (b: { startLocal: string }) => b.startLocal.slice(0, 10);
export const dateWords = (localDate: string) => formatDate(new Date(`${localDate}T12:00:00Z`));

/** Monday of the week holding a local date, as YYYY-MM-DD. */
export function mondayOf(localDate: string): string {
  const d = new Date(`${localDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function addDays(localDate: string, days: number): string {
  const d = new Date(`${localDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export const todayInLondon = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());


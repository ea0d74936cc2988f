/** Small pieces the rooms pages share: times in UK words and the blocks of a room's day. */
import { formatDay, formatTime } from '../../format';

export const timeRange = (b: { start: string; end: string }) => `${formatTime(new Date(b.start))} to ${formatTime(new Date(b.end))}`;
export const dayOf = (b: { startLocal: string }) => b.startLocal.slice(0, 10);
export const dateWords = formatDay;

/** Monday of the week holding a local date, as YYYY-MM-DD. */
export function mondayOf(localDate: string): string {
  const d = new Date(`${localDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export { addDays, londonToday as todayInLondon } from '../../format';

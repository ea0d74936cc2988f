/** Times of day and lengths as choices people pick from, in UK words ("10:15am"), never typed as 24-hour text. */
import { capitalise } from '../format';
import { type DateParts, readDate } from './fields';

/** "10am", "10:15am", "midday" for a 24-hour "HH:MM". */
export function timeWords(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  if (h === 12 && m === 0) return 'midday';
  if (h === 0 && m === 0) return 'midnight';
  const hour = h % 12 === 0 ? 12 : h % 12;
  return `${hour}${m ? `:${String(m).padStart(2, '0')}` : ''}${h < 12 ? 'am' : 'pm'}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Quarter hours from `from` to `to` (inclusive, "HH:MM"), as select options. */
export function quarterHourOptions(from = '07:00', to = '22:00'): { value: string; label: string }[] {
  const out: { value: string; label: string }[] = [];
  const [fh = 0, fm = 0] = from.split(':').map(Number);
  const [th = 0, tm = 0] = to.split(':').map(Number);
  for (let t = fh * 60 + fm; t <= th * 60 + tm; t += 15) {
    const value = `${pad(Math.floor(t / 60))}:${pad(t % 60)}`;
    out.push({ value, label: timeWords(value) });
  }
  return out;
}

/** "1 hour 30 minutes" */
export function durationWords(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return [h ? `${h} ${h === 1 ? 'hour' : 'hours'}` : '', m ? `${m} minutes` : ''].filter(Boolean).join(' ');
}

export const durationOptions = [30, 45, 60, 75, 90, 120, 150, 180, 240, 300, 360, 480].map((m) => ({ value: String(m), label: durationWords(m) }));

/** "HH:MM" plus minutes, on the same day (undefined past midnight). */
export function addMinutes(hhmm: string, minutes: number): string | undefined {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const t = h * 60 + m + minutes;
  return t < 24 * 60 ? `${pad(Math.floor(t / 60))}:${pad(t % 60)}` : undefined;
}

/**
 * A date from day, month and year boxes, with the GOV.UK messages and an example: "Enter the date of the first
 * session, for example 2 12 2026". `notBefore` (yyyy-mm-dd) adds "must be today or in the future" style checks.
 */
export function readDateAnswer(parts: DateParts, question: string, example: string, notBefore?: { date: string; message: string }): { iso?: string; problem?: string } {
  const read = readDate(parts, question);
  if (read.problem) {
    if (read.problem === `Enter ${question}`) return { problem: `Enter ${question}, for example ${example}` };
    if (/must be a real date$/.test(read.problem)) return { problem: `${capitalise(question)} must be a real date, for example ${example}` };
    return read;
  }
  if (notBefore && read.iso! < notBefore.date) return { problem: notBefore.message };
  return read;
}

export { addDays as addDaysTo, isoWeekday } from '../format';

export const weekdayNames = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

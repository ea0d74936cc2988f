/**
 * Dates the browser tests type and look for, in London: today, the Mondays the seed's bookings fall on, and a
 * date as a person types it into the day, month and year boxes.
 */
import { addDays, londonDate } from '../../functions/sessions/rules';

export { addDays };

export const londonToday = (): string => londonDate(new Date());

/** The Monday after today (a week on, if today is a Monday), and `weeks` more weeks after it. */
export function comingMonday(weeks = 0): string {
  const today = londonToday();
  const weekday = ((new Date(`${today}T12:00:00Z`).getUTCDay() + 6) % 7) + 1; // Monday 1 … Sunday 7
  return addDays(today, 8 - weekday + 7 * weeks);
}

/** 2026-03-09 as typed: { day: '9', month: '3', year: '2026' } (and the ISO date). */
export const typedDate = (iso: string) => ({ iso, day: String(Number(iso.slice(8, 10))), month: String(Number(iso.slice(5, 7))), year: iso.slice(0, 4) });

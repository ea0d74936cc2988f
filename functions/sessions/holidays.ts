import Holidays from 'date-holidays';

/** England and Wales bank holidays, offline (date-holidays carries the rules). Cached per year. */
const calendar = new Holidays('GB', 'ENG');
const byYear = new Map<number, Set<string>>();

export function isBankHoliday(localDate: string): boolean {
  const year = Number(localDate.slice(0, 4));
  let dates = byYear.get(year);
  if (!dates) {
    dates = new Set((calendar.getHolidays(year) || []).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    byYear.set(year, dates);
  }
  return dates.has(localDate);
}

/**
 * England and Wales bank holidays, by rule (as gov.uk publishes them), from 1978 (when the early May
 * holiday began). Pure date arithmetic in UTC days: no calendar library, so the Lambda bundle stays small.
 *
 * - New Year's Day, Christmas Day and Boxing Day; one falling on a weekend is substituted by the next weekday
 *   not already a holiday.
 * - Good Friday and Easter Monday, from the Gregorian Easter computus.
 * - Early May (first Monday), spring (last Monday of May) and summer (last Monday of August), except in the
 *   years a royal or national occasion moved them (below).
 * - One-off days (royal weddings, jubilees, funerals, the coronation, the millennium).
 */

type Ymd = [year: number, month: number, day: number];

/** Years whose early May or spring holiday was moved, to the date given. */
const movedEarlyMay: Record<number, Ymd> = { 1995: [1995, 5, 8], 2020: [2020, 5, 8] };
const movedSpring: Record<number, Ymd> = { 2002: [2002, 6, 4], 2012: [2012, 6, 4], 2022: [2022, 6, 2] };

/** One-off bank holidays proclaimed for a single occasion. */
export const oneOffBankHolidays: readonly string[] = [
  '1981-07-29', // wedding of the Prince of Wales
  '1999-12-31', // millennium
  '2002-06-03', // golden jubilee
  '2011-04-29', // wedding of Prince William
  '2012-06-05', // diamond jubilee
  '2022-06-03', // platinum jubilee
  '2022-09-19', // state funeral of Queen Elizabeth II
  '2023-05-08', // coronation of King Charles III
];

const dayMs = 86_400_000;
const utc = ([y, m, d]: Ymd) => Date.UTC(y, m - 1, d);
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** 0 Sunday .. 6 Saturday */
const weekday = (ms: number) => new Date(ms).getUTCDay();

/** Easter Sunday (Gregorian), by the anonymous (Meeus/Jones/Butcher) computus. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return iso(utc([year, month, day]));
}

const firstMonday = (year: number, month: number) => {
  const first = utc([year, month, 1]);
  return first + ((8 - weekday(first)) % 7) * dayMs;
};
const lastMonday = (year: number, month: number) => {
  const last = utc([year, month + 1, 0]);
  return last - ((weekday(last) + 6) % 7) * dayMs;
};

/** Fixed-date holidays in order: each one on a weekend moves to the next weekday not yet taken. */
function withSubstitutes(dates: number[], taken: Set<number>): number[] {
  return dates.map((date) => {
    let day = date;
    while (weekday(day) === 0 || weekday(day) === 6 || taken.has(day)) day += dayMs;
    taken.add(day);
    return day;
  });
}

/** Every England and Wales bank holiday in a year, as local dates (yyyy-mm-dd), in order. */
export function bankHolidays(year: number): string[] {
  const easter = Date.parse(easterSunday(year));
  const days = [
    easter - 2 * dayMs,
    easter + dayMs,
    movedEarlyMay[year] ? utc(movedEarlyMay[year]) : firstMonday(year, 5),
    movedSpring[year] ? utc(movedSpring[year]) : lastMonday(year, 5),
    lastMonday(year, 8),
  ];
  const taken = new Set(days);
  const [newYear] = withSubstitutes([utc([year, 1, 1])], taken);
  const christmas = withSubstitutes([utc([year, 12, 25]), utc([year, 12, 26])], taken);
  const oneOffs = oneOffBankHolidays.filter((d) => d.startsWith(`${year}-`)).map(Date.parse);
  return [newYear!, ...days, ...christmas, ...oneOffs].sort((a, b) => a - b).map(iso);
}

const byYear = new Map<number, Set<string>>();

/**
 * Is a local date a bank holiday? Every day gov.uk lists, and also New Year's Day, Christmas Day and Boxing
 * Day themselves when they fall on a weekend (the holiday is still that day; the substitute is the weekday
 * off in lieu), so a hub's Saturday session on Christmas Day is skipped too.
 */
export function isBankHoliday(localDate: string): boolean {
  const year = Number(localDate.slice(0, 4));
  let dates = byYear.get(year);
  if (!dates) {
    dates = new Set([...bankHolidays(year), `${year}-01-01`, `${year}-12-25`, `${year}-12-26`]);
    byYear.set(year, dates);
  }
  return dates.has(localDate);
}

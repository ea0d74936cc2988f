import { describe, expect, it } from 'vitest';
import { bankHolidays, easterSunday, isBankHoliday } from '../../functions/lib/holidays';

/** England and Wales, as published at https://www.gov.uk/bank-holidays */
const govUk: Record<number, string[]> = {
  2020: ['2020-01-01', '2020-04-10', '2020-04-13', '2020-05-08', '2020-05-25', '2020-08-31', '2020-12-25', '2020-12-28'],
  2022: ['2022-01-03', '2022-04-15', '2022-04-18', '2022-05-02', '2022-06-02', '2022-06-03', '2022-08-29', '2022-09-19', '2022-12-26', '2022-12-27'],
  2023: ['2023-01-02', '2023-04-07', '2023-04-10', '2023-05-01', '2023-05-08', '2023-05-29', '2023-08-28', '2023-12-25', '2023-12-26'],
  2024: ['2024-01-01', '2024-03-29', '2024-04-01', '2024-05-06', '2024-05-27', '2024-08-26', '2024-12-25', '2024-12-26'],
  2025: ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26'],
  2026: ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25', '2026-08-31', '2026-12-25', '2026-12-28'],
  2027: ['2027-01-01', '2027-03-26', '2027-03-29', '2027-05-03', '2027-05-31', '2027-08-30', '2027-12-27', '2027-12-28'],
};

describe('England and Wales bank holidays', () => {
  it.each(Object.keys(govUk).map(Number))('%i matches the gov.uk list exactly', (year) => {
    expect(bankHolidays(year)).toEqual(govUk[year]);
  });

  it('every listed day is a bank holiday, and no other weekday of 2024-2027 is', () => {
    for (let year = 2024; year <= 2027; year++) {
      const listed = new Set(govUk[year]);
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const day = new Date(t);
        const date = day.toISOString().slice(0, 10);
        if (day.getUTCDay() === 0 || day.getUTCDay() === 6) continue;
        expect(isBankHoliday(date), date).toBe(listed.has(date));
      }
    }
  });

  it('substitutes: Christmas on a Saturday moves both days to Monday and Tuesday; on a Sunday, Boxing Day stays and Christmas moves to Tuesday', () => {
    expect(bankHolidays(2021).slice(-2)).toEqual(['2021-12-27', '2021-12-28']); // Sat 25, Sun 26
    expect(bankHolidays(2022).slice(-2)).toEqual(['2022-12-26', '2022-12-27']); // Sun 25, Mon 26
    expect(bankHolidays(2026).slice(-2)).toEqual(['2026-12-25', '2026-12-28']); // Fri 25, Sat 26
    expect(bankHolidays(2028)[0]).toBe('2028-01-03'); // New Year's Day on a Saturday
  });

  it('the named day itself still counts when it falls on a weekend (a Saturday session on Christmas Day is skipped)', () => {
    expect(isBankHoliday('2027-12-25')).toBe(true);
    expect(isBankHoliday('2026-12-26')).toBe(true);
    expect(isBankHoliday('2028-01-01')).toBe(true);
    expect(isBankHoliday('2026-12-27')).toBe(false); // an ordinary Sunday
  });

  it('moved and one-off days: the 2012 diamond jubilee, the 2002 golden jubilee, VE Day 1995, the millennium', () => {
    expect(bankHolidays(2012)).toContain('2012-06-04');
    expect(bankHolidays(2012)).toContain('2012-06-05');
    expect(bankHolidays(2012)).not.toContain('2012-05-28');
    expect(bankHolidays(2002).filter((d) => d.startsWith('2002-06'))).toEqual(['2002-06-03', '2002-06-04']);
    expect(bankHolidays(1995)).toContain('1995-05-08');
    expect(bankHolidays(1995)).not.toContain('1995-05-01');
    expect(isBankHoliday('1999-12-31')).toBe(true);
  });

  it('Easter Sunday by the computus, including its earliest and latest dates', () => {
    expect(['2024', '2025', '2026', '2027', '2285', '2038'].map((y) => easterSunday(Number(y)))).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28', '2285-03-22', '2038-04-25']);
  });
});

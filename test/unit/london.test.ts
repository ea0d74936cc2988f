import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, formatDay, formatTime, isoWeekday, londonDate, londonMidnight, londonToday } from '../../functions/lib/london';

describe('London time (functions/lib/london.ts, used by the functions and the web)', () => {
  it('gives the London date of an instant, across midnight in summer and winter', () => {
    expect(londonDate('2026-06-30T23:30:00Z')).toBe('2026-07-01'); // BST: 00:30 the next day
    expect(londonDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31'); // GMT
    expect(londonToday(new Date('2026-03-29T00:30:00Z'))).toBe('2026-03-29');
  });

  it('moves local dates by whole days, clock changes and month ends included', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-26', '2026-10-24')).toBe(-2);
    expect(isoWeekday('2026-12-06')).toBe(7);
  });

  it('gives the instant a London date starts, in the stored form, on every day of two years (both clock changes)', () => {
    expect(londonMidnight('2026-03-29')).toBe('2026-03-29T00:00:00.000Z'); // the clocks go forward at 01:00 UTC
    expect(londonMidnight('2026-03-30')).toBe('2026-03-29T23:00:00.000Z');
    expect(londonMidnight('2026-10-25')).toBe('2026-10-24T23:00:00.000Z'); // back at 01:00 UTC, after midnight
    expect(londonMidnight('2026-10-26')).toBe('2026-10-26T00:00:00.000Z');
    for (let day = '2026-01-01'; day < '2028-01-01'; day = addDays(day, 1)) {
      const temporal = Temporal.PlainDate.from(day).toZonedDateTime({ timeZone: 'Europe/London' }).epochMilliseconds;
      expect(londonMidnight(day), day).toBe(new Date(temporal).toISOString());
    }
  });

  it('writes dates and times in the one UK style', () => {
    expect(formatDay('2025-03-14')).toBe('Friday 14 March 2025');
    expect(formatTime(new Date('2026-07-01T09:05:00Z'))).toBe('10:05');
  });
});

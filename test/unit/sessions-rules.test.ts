import { describe, expect, it } from 'vitest';
import { isBankHoliday } from '../../functions/lib/holidays';
import { bookingWindow, roomBookingProblem, slotOf } from '../../functions/sessions/rules';
import { expandSchedule } from '../../functions/sessions/schedule';

const base = { startTime: '10:00', durationMinutes: 90, skipBankHolidays: false, exceptions: [] };

describe('expandSchedule', () => {
  it('a weekly session across the late-October clock change keeps its local start time; the UTC instant moves', () => {
    const { occurrences } = expandSchedule({ ...base, startDate: '2026-10-13', rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=4' });
    expect(occurrences.map((o) => [o.localDate, o.localStartTime, o.startsAt])).toEqual([
      ['2026-10-13', '10:00', '2026-10-13T09:00:00.000Z'],
      ['2026-10-20', '10:00', '2026-10-20T09:00:00.000Z'],
      ['2026-10-27', '10:00', '2026-10-27T10:00:00.000Z'],
      ['2026-11-03', '10:00', '2026-11-03T10:00:00.000Z'],
    ]);
    expect(occurrences.every((o) => o.localEndTime === '11:30' && o.dayOfWeek === 2)).toBe(true);
  });

  it('and across the March change the other way', () => {
    const { occurrences } = expandSchedule({ ...base, startDate: '2027-03-21', rrule: 'FREQ=WEEKLY;COUNT=2' });
    expect(occurrences.map((o) => o.startsAt)).toEqual(['2027-03-21T10:00:00.000Z', '2027-03-28T09:00:00.000Z']);
  });

  it('fortnightly, monthly by weekday, until a date', () => {
    const fortnightly = expandSchedule({ ...base, startDate: '2026-11-02', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO;UNTIL=20261214' });
    expect(fortnightly.occurrences.map((o) => o.localDate)).toEqual(['2026-11-02', '2026-11-16', '2026-11-30', '2026-12-14']);
    const monthly = expandSchedule({ ...base, startDate: '2026-11-01', rrule: 'FREQ=MONTHLY;BYDAY=2TH;COUNT=3' });
    expect(monthly.occurrences.map((o) => o.localDate)).toEqual(['2026-11-12', '2026-12-10', '2027-01-14']);
    const last = expandSchedule({ ...base, startDate: '2026-11-01', rrule: 'FREQ=MONTHLY;BYDAY=-1FR;COUNT=2' });
    expect(last.occurrences.map((o) => o.localDate)).toEqual(['2026-11-27', '2026-12-25']);
  });

  it('exceptions: skip, cancel and move one date; bank holidays skipped when asked', () => {
    const { occurrences, skipped } = expandSchedule(
      {
        ...base,
        startDate: '2026-12-14',
        rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=5',
        skipBankHolidays: true,
        exceptions: [
          { action: 'skip', date: '2026-12-14' },
          { action: 'cancel', date: '2026-12-21' },
          { action: 'move', date: '2027-01-04', toDate: '2027-01-05', toTime: '14:00' },
        ],
      },
      { isBankHoliday },
    );
    expect(skipped.map((s) => [s.localDate, s.note])).toEqual([
      ['2026-12-14', 'skipped'],
      ['2026-12-28', 'bank-holiday'],
    ]);
    expect(occurrences.map((o) => [o.localDate, o.localStartTime, o.status])).toEqual([
      ['2026-12-21', '10:00', 'cancelled'],
      ['2027-01-05', '14:00', 'scheduled'],
      ['2027-01-11', '10:00', 'scheduled'],
    ]);
  });

  it('refuses exceptions for dates the rule does not make, and rules that make too many sessions', () => {
    expect(() => expandSchedule({ ...base, startDate: '2026-11-02', rrule: 'FREQ=WEEKLY;COUNT=2', exceptions: [{ action: 'skip', date: '2026-11-03' }] })).toThrow(/not one of the dates/);
    expect(() => expandSchedule({ ...base, startDate: '2026-11-02', rrule: 'FREQ=WEEKLY;COUNT=500' })).toThrow(/at most/);
  });

  it('a time that does not exist in London (clocks go forward) moves later, never earlier', () => {
    expect(slotOf('2027-03-28', '01:30', 60).startsAt).toBe('2027-03-28T01:30:00.000Z');
  });

  it('booking window opens N days and closes M hours before the start', () => {
    expect(bookingWindow('2026-11-30T10:00:00.000Z', { opensDaysBefore: 28, closesHoursBefore: 2 })).toEqual({
      opensAt: '2026-11-02T10:00:00.000Z',
      closesAt: '2026-11-30T08:00:00.000Z',
    });
  });
});

describe('roomBookingProblem', () => {
  const session = { hubId: 'H1', startsAt: '2026-03-03T10:00:00.000Z', endsAt: '2026-03-03T11:00:00.000Z' };
  const occ = (start: string, end: string, status = 'confirmed') => ({ start: `2026-03-03T${start}:00.000Z`, end: `2026-03-03T${end}:00.000Z`, status });
  const booking = (occurrences = [occ('09:00', '12:00')], status = 'confirmed', hubId = 'H1') => ({ status, hubId, occurrences });

  it('a confirmed booking at the session’s hub whose confirmed date covers the whole session is fine, edges included', () => {
    expect(roomBookingProblem(booking(), session)).toBeUndefined();
    expect(roomBookingProblem(booking([occ('10:00', '11:00')]), session)).toBeUndefined();
    expect(roomBookingProblem(booking([occ('08:00', '09:00'), occ('09:45', '11:15')]), session)).toBeUndefined();
  });

  it('names the rule it breaks', () => {
    expect(roomBookingProblem(booking(undefined, 'pending'), session)?.rule).toBe('not_confirmed');
    expect(roomBookingProblem(booking(undefined, 'cancelled'), session)?.rule).toBe('not_confirmed');
    expect(roomBookingProblem(booking(undefined, 'confirmed', 'H2'), session)?.rule).toBe('other_hub');
    expect(roomBookingProblem(booking(), { ...session, hubId: undefined })?.rule).toBe('other_hub');
    expect(roomBookingProblem(booking([occ('10:15', '12:00')]), session)?.rule).toBe('does_not_cover');
    expect(roomBookingProblem(booking([occ('09:00', '10:45')]), session)?.rule).toBe('does_not_cover');
    // the covering date was cancelled (a series still confirmed on other dates)
    expect(roomBookingProblem(booking([occ('09:00', '12:00', 'cancelled'), occ('13:00', '14:00')]), session)?.rule).toBe('does_not_cover');
  });
});

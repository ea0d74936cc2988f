import { describe, expect, it } from 'vitest';
import { dueReminder } from '../../functions/reminders/rules';

const startsAt = '2026-06-10T12:00:00.000Z';
const hoursBefore = (h: number) => new Date(Date.parse(startsAt) - h * 3_600_000);
const weekAndDay = {
  reminders: [
    { daysBefore: 7, hoursBefore: 0 },
    { daysBefore: 1, hoursBefore: 0 },
  ],
};
const bookedLongAgo = '2026-05-01T09:00:00.000Z';

describe('the reminder due for a booking', () => {
  it('is the latest reminder time passed: when the job was down across two, only the later one goes', () => {
    const close = {
      reminders: [
        { daysBefore: 1, hoursBefore: 2 },
        { daysBefore: 1, hoursBefore: 0 },
      ],
    };
    expect(dueReminder(close, startsAt, bookedLongAgo, hoursBefore(25))).toEqual({ hoursBefore: 26, at: hoursBefore(26).toISOString() });
    // both 26 and 24 hours before have passed by 23 hours before: the day-before one alone
    expect(dueReminder(close, startsAt, bookedLongAgo, hoursBefore(23))).toEqual({ hoursBefore: 24, at: hoursBefore(24).toISOString() });
  });

  it('leaves out the reminder times before the booking was made', () => {
    const bookedAt = hoursBefore(4 * 24).toISOString();
    expect(dueReminder(weekAndDay, startsAt, bookedAt, hoursBefore(7 * 24 - 1))).toBeUndefined();
    expect(dueReminder(weekAndDay, startsAt, bookedAt, hoursBefore(23))?.hoursBefore).toBe(24);
  });

  it('sends nothing more than catchUpHours late, nor once the session has started', () => {
    expect(dueReminder(weekAndDay, startsAt, bookedLongAgo, hoursBefore(24 - 6))?.hoursBefore).toBe(24);
    expect(dueReminder(weekAndDay, startsAt, bookedLongAgo, hoursBefore(24 - 7))).toBeUndefined();
    expect(dueReminder({ reminders: [{ daysBefore: 0, hoursBefore: 2 }] }, startsAt, bookedLongAgo, hoursBefore(0))).toBeUndefined();
  });
});

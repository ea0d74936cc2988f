import { describe, expect, it } from 'vitest';
import { checkInRefusal, countRegister, describeDate, markOrder, repeatedNoShows, volunteerHours } from '../../functions/attendance/rules';
import { parseCheckInCode } from '../../functions/reservations/passes';

describe('attendance rules', () => {
  it('orders marks by the device time, then the mark id; the same mark is equal to itself', () => {
    expect(markOrder('2026-05-12T10:00:00Z', 'b') > markOrder('2026-05-12T09:59:59.999Z', 'z')).toBe(true);
    expect(markOrder('2026-05-12T11:00:00+01:00', 'a')).toBe(markOrder('2026-05-12T10:00:00Z', 'a'));
    expect(markOrder('2026-05-12T10:00:00Z', 'b') > markOrder('2026-05-12T10:00:00Z', 'a')).toBe(true);
  });

  it('counts the register', () => {
    const mark = (status: 'attended' | 'no-show' | 'left-early') => ({ mark: { status } as never });
    expect(countRegister([mark('attended'), mark('no-show'), mark('left-early'), {}], [1], [{ count: 3 }, { count: 1 }])).toEqual({
      expected: 4,
      attended: 1,
      noShow: 1,
      cancelledLate: 0,
      leftEarly: 1,
      unmarked: 1,
      walkIns: 4,
      volunteers: 1,
    });
  });

  it('finds people at or over the no-show threshold, most first', () => {
    const e = (personId: string, localDate: string) => ({ personId, localDate, sessionId: localDate, activityId: 'a' });
    const out = repeatedNoShows([e('p1', '2026-05-03'), e('p2', '2026-05-01'), e('p1', '2026-05-01'), e('p2', '2026-05-02'), e('p1', '2026-05-02'), e('p3', '2026-05-01')], 2);
    expect(out.map((r) => [r.personId, r.entries.length])).toEqual([
      ['p1', 3],
      ['p2', 2],
    ]);
    expect(out[0]!.entries.map((x) => x.localDate)).toEqual(['2026-05-01', '2026-05-02', '2026-05-03']);
  });

  it('reads a typed code and a scanned one', () => {
    expect(parseCheckInCode('ACD349')).toEqual({ code: 'ACD349' });
    expect(parseCheckInCode('01JDEM0VSER000000000000001_01JDEM0VSER000000000000002.ACD349')).toEqual({
      code: 'ACD349',
      sessionId: '01JDEM0VSER000000000000001',
      personId: '01JDEM0VSER000000000000002',
    });
  });

  it('opens check-in only on the session’s day, and says why not', () => {
    expect(checkInRefusal({ localDate: '2026-05-12', status: 'scheduled' }, '2026-05-12')).toBeUndefined();
    expect(checkInRefusal({ localDate: '2026-05-13', status: 'scheduled' }, '2026-05-12')?.message).toBe('This booking is for Wednesday 13 May 2026. Check-in opens on the day of the session.');
    expect(checkInRefusal({ localDate: '2026-05-11', status: 'scheduled' }, '2026-05-12')?.code).toBe('wrong_day');
    expect(checkInRefusal({ localDate: '2026-05-12', status: 'cancelled' }, '2026-05-12')?.code).toBe('session_cancelled');
    expect(describeDate('2026-03-29')).toBe('Sunday 29 March 2026');
  });

  it('gives a volunteer the whole shift when present, up to when they left when they left early, in quarter hours', () => {
    const shift = { startsAt: '2026-05-12T12:30:00Z', endsAt: '2026-05-12T15:00:00Z' };
    expect(volunteerHours(shift, { status: 'attended', markedAt: '2026-05-12T13:00:00Z' })).toBe(2.5);
    expect(volunteerHours(shift, { status: 'left-early', markedAt: '2026-05-12T13:40:00Z' })).toBe(1.25);
    expect(volunteerHours(shift, { status: 'left-early', markedAt: '2026-05-13T09:00:00Z' })).toBe(2.5);
    expect(volunteerHours(shift, { status: 'left-early', markedAt: '2026-05-12T12:31:00Z' })).toBe(0.25);
    expect(volunteerHours(shift, { status: 'no-show', markedAt: '2026-05-12T13:00:00Z' })).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { ageOn, ageProblem, type CheckSummary, followSession, needState, needsOf, overlaps, reminderThreshold, shiftBlockers } from '../../functions/volunteers/rules';
import { shiftTimes } from '../../functions/volunteers/shift-times';

const clear = (type: CheckSummary['type'], expiresOn?: string): CheckSummary => ({ type, outcome: 'clear', checkedOn: '2025-01-01', ...(expiresOn ? { expiresOn } : {}) });

describe('volunteer rules', () => {
  it('works out age on a day, birthdays included', () => {
    expect(ageOn('2010-06-15', '2026-06-14')).toBe(15);
    expect(ageOn('2010-06-15', '2026-06-15')).toBe(16);
    expect(ageProblem(15, 16)).toMatch(/16 or over/);
    expect(ageProblem(17, 18)).toMatch(/18 and over/);
    expect(ageProblem(17, 16)).toBeUndefined();
  });

  it('lets a higher DBS level meet a lower requirement, never the reverse', () => {
    const [basic] = needsOf({ dbs: 'basic', training: [], references: false });
    expect(needState(basic!, { 'dbs-enhanced': clear('dbs-enhanced', '2027-01-01') }, '2026-06-01').state).toBe('ok');
    const [enhanced] = needsOf({ dbs: 'enhanced', training: [], references: false });
    expect(needState(enhanced!, { 'dbs-basic': clear('dbs-basic', '2027-01-01') }, '2026-06-01').state).toBe('missing');
  });

  it('explains an expired, missing or unclear check and what to do', () => {
    const req = { dbs: 'basic' as const, training: ['Safeguarding adults'], references: true };
    const problems = shiftBlockers(req, { 'dbs-basic': clear('dbs-basic', '2026-05-31'), references: { ...clear('references'), outcome: 'pending' } }, '2026-06-01', 'Driver');
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/expired on 31 May 2026.*Ask the coordinator for Driver/);
    expect(problems[1]).toMatch(/not come back clear/);
    expect(problems[2]).toMatch(/"Safeguarding adults" training, and we have none recorded/);
    expect(needsOf({ dbs: 'none', training: [], references: false })).toEqual([]);
  });

  it('picks the nearest reminder threshold reached: 60, 30, 7 days', () => {
    expect(reminderThreshold('2026-08-01', '2026-05-01')).toBeUndefined();
    expect(reminderThreshold('2026-07-01', '2026-05-02')).toBe(60);
    expect(reminderThreshold('2026-07-01', '2026-06-01')).toBe(30);
    expect(reminderThreshold('2026-07-01', '2026-06-24')).toBe(7);
    expect(reminderThreshold('2026-07-01', '2026-07-02')).toBeUndefined();
  });

  it('treats touching shifts as not overlapping', () => {
    const a = { startsAt: '2026-06-01T09:00:00Z', endsAt: '2026-06-01T11:00:00Z' };
    expect(overlaps(a, { startsAt: '2026-06-01T11:00:00Z', endsAt: '2026-06-01T12:00:00Z' })).toBe(false);
    expect(overlaps(a, { startsAt: '2026-06-01T10:59:00Z', endsAt: '2026-06-01T12:00:00Z' })).toBe(true);
  });

  it('keeps a weekly shift at the same London time across the October clock change', () => {
    const times = shiftTimes({ date: '2026-10-17', startTime: '10:00', endTime: '12:00', rrule: 'FREQ=WEEKLY;COUNT=3' });
    expect(times.map((t) => t.startsAt)).toEqual(['2026-10-17T09:00:00Z', '2026-10-24T09:00:00Z', '2026-10-31T10:00:00Z']);
    expect(times[2]!.endsAt).toBe('2026-10-31T12:00:00Z');
    expect(() => shiftTimes({ date: '2026-10-17', startTime: '10:00', endTime: '12:00', rrule: 'FREQ=DAILY;COUNT=400' })).toThrow(/more than 60/);
  });

  it('makes a series within a year of its first shift: later dates of the rule are left out', () => {
    const times = shiftTimes({ date: '2026-10-17', startTime: '10:00', endTime: '12:00', rrule: 'FREQ=MONTHLY;COUNT=20' });
    expect(times).toHaveLength(13);
    expect(times.at(-1)!.startsAt).toBe('2027-10-17T09:00:00Z');
  });
});

describe('followSession: where a shift goes when its session moves or changes length', () => {
  // the session was 14:00 to 15:30 (UTC here; the rule works on instants)
  const from = { startsAt: '2026-09-08T14:00:00Z', endsAt: '2026-09-08T15:30:00Z' };
  const shift = (startsAt: string, endsAt: string) => ({ startsAt: `2026-09-08T${startsAt}:00Z`, endsAt: `2026-09-08T${endsAt}:00Z` });

  it('a shift through the session keeps its lead before the start and its stay after the end', () => {
    // an hour later
    expect(followSession(shift('13:30', '16:00'), from, { startsAt: '2026-09-08T15:00:00Z', endsAt: '2026-09-08T16:30:00Z' })).toEqual(shift('14:30', '17:00'));
    // half an hour shorter: the shift ends half an hour sooner
    expect(followSession(shift('13:30', '16:00'), from, { startsAt: '2026-09-08T14:00:00Z', endsAt: '2026-09-08T15:00:00Z' })).toEqual(shift('13:30', '15:30'));
    // an hour longer and starting earlier
    expect(followSession(shift('13:30', '16:00'), from, { startsAt: '2026-09-08T13:00:00Z', endsAt: '2026-09-08T16:00:00Z' })).toEqual(shift('12:30', '16:30'));
  });

  it('a set-up shift moves with the start and a clear-down with the end', () => {
    const shorter = { startsAt: '2026-09-08T14:00:00Z', endsAt: '2026-09-08T15:00:00Z' };
    expect(followSession(shift('13:00', '14:00'), from, shorter)).toEqual(shift('13:00', '14:00'));
    expect(followSession(shift('15:30', '16:30'), from, shorter)).toEqual(shift('15:00', '16:00'));
    // a shift within the session (serving at 14:30 for half an hour) keeps its place after the start
    expect(followSession(shift('14:30', '15:00'), from, { startsAt: '2026-09-09T10:00:00Z', endsAt: '2026-09-09T11:00:00Z' })).toEqual({
      startsAt: '2026-09-09T10:30:00Z',
      endsAt: '2026-09-09T11:00:00Z',
    });
  });

  it('a shift that would end before it starts moves whole with the start', () => {
    // serving 15:00 to 15:30 in a session cut to 30 minutes: its end would come before its start
    expect(followSession(shift('15:00', '15:30'), from, { startsAt: '2026-09-08T14:00:00Z', endsAt: '2026-09-08T14:30:00Z' })).toEqual(shift('15:00', '15:30'));
  });
});

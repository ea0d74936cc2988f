import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandOccurrences } from '../../functions/rooms/repeats';
import {
  blockedRange,
  daysBetween,
  granuleMs,
  granulesOf,
  type Interval,
  localToMs,
  maxGranulesPerOccurrence,
  msToLocal,
  openWindows,
  overlaps,
  quotePence,
  RecurrenceProblem,
  subtract,
  withinOpeningHours,
} from '../../functions/rooms/rules';

const base = Date.parse('2026-03-29T00:00:00Z');
const quarter = 15 * 60_000;

/** A booking on quarter hours within a few days, with the room's buffers (also quarter hours). */
const alignedBooking = fc
  .record({
    startQ: fc.integer({ min: 0, max: 4 * 24 * 3 }),
    lengthQ: fc.integer({ min: 1, max: 16 }),
    setupQ: fc.integer({ min: 0, max: 4 }),
    cleardownQ: fc.integer({ min: 0, max: 4 }),
  })
  .map(({ startQ, lengthQ, setupQ, cleardownQ }) => {
    const occurrence = { start: base + startQ * quarter, end: base + (startQ + lengthQ) * quarter };
    return { occurrence, blocked: blockedRange(occurrence, setupQ * 15, cleardownQ * 15) };
  });

/** What the slot items do: confirm a booking only if none of its granules is held yet, then hold them. */
function confirmBySlots(requests: { blocked: Interval }[]) {
  const held = new Set<number>();
  const confirmed: { blocked: Interval }[] = [];
  const refused: { blocked: Interval }[] = [];
  for (const r of requests) {
    const granules = granulesOf(r.blocked);
    if (granules.some((g) => held.has(g))) {
      refused.push(r);
      continue;
    }
    granules.forEach((g) => held.add(g));
    confirmed.push(r);
  }
  return { confirmed, refused };
}

describe('the slot rule is the overlap rule', () => {
  it('over 10,000 random interval sets, no two confirmed bookings overlap, and nothing is refused that fits', () => {
    fc.assert(
      fc.property(fc.array(alignedBooking, { minLength: 1, maxLength: 30 }), (requests) => {
        const { confirmed, refused } = confirmBySlots(requests);
        for (let i = 0; i < confirmed.length; i++) {
          for (let j = i + 1; j < confirmed.length; j++) expect(overlaps(confirmed[i]!.blocked, confirmed[j]!.blocked)).toBe(false);
        }
        for (const r of refused) expect(confirmed.some((c) => overlaps(c.blocked, r.blocked))).toBe(true);
      }),
      { numRuns: 10_000 },
    );
  });

  it('two quarter-hour ranges share a granule exactly when they overlap, however small the overlap', () => {
    fc.assert(
      fc.property(alignedBooking, alignedBooking, (a, b) => {
        const shared = granulesOf(a.blocked).some((g) => granulesOf(b.blocked).includes(g));
        expect(shared).toBe(overlaps(a.blocked, b.blocked));
      }),
      { numRuns: 10_000 },
    );
  });

  it('09:00-10:30 and 10:15-11:00 clash; 09:00-10:30 and 10:30-11:00 do not', () => {
    const r = (a: string, b: string): Interval => ({ start: localToMs(`2026-03-12T${a}`), end: localToMs(`2026-03-12T${b}`) });
    expect(overlaps(r('09:00', '10:30'), r('10:15', '11:00'))).toBe(true);
    expect(granulesOf(r('09:00', '10:30')).filter((g) => granulesOf(r('10:15', '11:00')).includes(g))).toHaveLength(1);
    expect(overlaps(r('09:00', '10:30'), r('10:30', '11:00'))).toBe(false);
    // with a 15-minute cleardown, back-to-back bookings clash: the first keeps the room until 10:45
    expect(overlaps(blockedRange(r('09:00', '10:30'), 0, 15), blockedRange(r('10:30', '11:00'), 0, 15))).toBe(true);
  });

  it('refuses ranges off the quarter hour and keeps an occurrence within one transaction', () => {
    expect(() => granulesOf({ start: base + 60_000, end: base + quarter })).toThrow(RangeError);
    expect(granulesOf({ start: base, end: base + 24 * 60 * 60_000 })).toHaveLength(maxGranulesPerOccurrence);
    expect(maxGranulesPerOccurrence + 3).toBeLessThanOrEqual(100);
    expect(granuleMs).toBe(quarter);
  });
});

describe('recurrence in Europe/London', () => {
  it.each([
    ['2026-03-17T10:00', '2026-03-29'],
    ['2027-03-16T10:00', '2027-03-28'],
  ])('a weekly hire from %s keeps 10:00 local across the clock change on %s', (start, _change) => {
    const occ = expandOccurrences(start, start.replace('10:00', '12:00'), 'FREQ=WEEKLY;COUNT=4');
    expect(occ.map((o) => msToLocal(o.start).slice(11))).toEqual(['10:00', '10:00', '10:00', '10:00']);
    expect(occ.map((o) => msToLocal(o.end).slice(11))).toEqual(['12:00', '12:00', '12:00', '12:00']);
    expect(occ.map((o) => new Date(o.start).getUTCHours())).toEqual([10, 10, 9, 9]);
  });

  it('keeps local time across the October change too', () => {
    const occ = expandOccurrences('2026-10-20T19:00', '2026-10-20T21:00', 'FREQ=WEEKLY;COUNT=2');
    expect(occ.map((o) => msToLocal(o.start))).toEqual(['2026-10-20T19:00', '2026-10-27T19:00']);
    expect(occ.map((o) => new Date(o.start).getUTCHours())).toEqual([18, 19]);
  });

  it('allows up to 12 months and no further', () => {
    expect(expandOccurrences('2026-03-17T10:00', '2026-03-17T11:00', 'FREQ=WEEKLY;COUNT=52')).toHaveLength(52);
    expect(expandOccurrences('2026-03-17T10:00', '2026-03-17T11:00', 'FREQ=DAILY;UNTIL=20270316T235959Z')).toHaveLength(365);
    for (const rule of ['FREQ=WEEKLY;COUNT=60', 'FREQ=MONTHLY', 'FREQ=DAILY;UNTIL=20270318T000000Z']) {
      expect(() => expandOccurrences('2026-03-17T10:00', '2026-03-17T11:00', rule)).toThrow(/12 months/);
    }
  });

  it('names bad rules and inverted ranges', () => {
    expect(() => expandOccurrences('2026-03-17T10:00', '2026-03-17T11:00', 'FREQ=WEEKLY;BYDAY=XX;COUNT=2')).toThrow(RecurrenceProblem);
    expect(() => expandOccurrences('2026-03-17T10:00', '2026-03-17T09:00')).toThrow(/after the start/);
  });
});

describe('free time', () => {
  it('counts the local dates of a range, both ends included, and an inverted one as none', () => {
    expect(daysBetween('2026-03-12', '2026-03-12')).toBe(1);
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(3); // across the March clock change
    expect(daysBetween('2026-03-13', '2026-03-12')).toBeLessThan(1);
  });

  it('counts the short day of the clock change and takes busy time out', () => {
    const windows = openWindows([{ day: 'sun', opens: '00:00', closes: '23:45' }], '2026-03-29', '2026-03-29');
    expect((windows[0]!.end - windows[0]!.start) / 3_600_000).toBe(22.75);
    const hours = [{ day: 'thu' as const, opens: '09:00', closes: '17:00' }];
    const busy = { start: localToMs('2026-03-12T10:00'), end: localToMs('2026-03-12T11:00') };
    const free = subtract(openWindows(hours, '2026-03-12', '2026-03-12'), [busy]);
    expect(free.map((f) => [msToLocal(f.start), msToLocal(f.end)])).toEqual([
      ['2026-03-12T09:00', '2026-03-12T10:00'],
      ['2026-03-12T11:00', '2026-03-12T17:00'],
    ]);
    expect(withinOpeningHours(hours, busy)).toBe(true);
    expect(withinOpeningHours(hours, { start: localToMs('2026-03-12T16:00'), end: localToMs('2026-03-12T17:15') })).toBe(false);
  });

  it('quotes the hourly rate for the kind of customer, and nothing without one', () => {
    const two = [
      { start: 0, end: 2 * 3_600_000 },
      { start: 0, end: 90 * 60_000 },
    ];
    expect(quotePence([{ customerType: 'partner', pencePerHour: 1000 }], 'partner', two)).toBe(3500);
    expect(quotePence([{ customerType: 'privateHire', pencePerHour: 1000 }], 'partner', two)).toBe(0);
  });
});

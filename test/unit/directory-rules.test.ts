import { describe, expect, it } from 'vitest';
import { inferRecurrence } from '../../functions/directory/calendar';
import { cellsNear, distanceMetres, geohash } from '../../functions/directory/geo';
import { nameUuid, ulidToUuid, uuidToUlid } from '../../functions/directory/openreferral';
import {
  ageBandsFor,
  availabilityOf,
  datesToRefresh,
  isStale,
  maxCatchUpDays,
  orderKey,
  planSearch,
  rangeFromToday,
  type SessionFacts,
  sessionChangeMatters,
  stem,
  wordsOf,
} from '../../functions/directory/rules';
import { fold } from '../../functions/lib/ical';

const session = (localDate: string, status: 'scheduled' | 'cancelled' = 'scheduled', time = '10:00'): SessionFacts => ({
  id: localDate,
  startsAt: `${localDate}T${time}:00.000Z`,
  endsAt: `${localDate}T11:00:00.000Z`,
  localDate,
  localStartTime: time,
  dayOfWeek: ((new Date(`${localDate}T00:00:00Z`).getUTCDay() + 6) % 7) + 1,
  capacity: 10,
  confirmed: 0,
  status,
});

describe('directory rules', () => {
  it('stems words the same way for indexing and searching', () => {
    expect(['walking', 'walks', 'walked'].map(stem)).toEqual(['walk', 'walk', 'walk']);
    expect(wordsOf('The Carers’ Coffee Morning, for carers!')).toEqual(['carer', 'coffee', 'morn']);
  });

  it('orders by folded title then id', () => {
    expect(orderKey('Café Club', '01A') < orderKey('cafe club', '01B')).toBe(true);
  });

  it('drives a search by the most selective filter and keeps the others as conditions', () => {
    expect(planSearch({})).toEqual({ streams: [{ facet: 'ALL', conditions: [] }], conditions: [] });
    const plan = planSearch({ priority: ['carers', 'dementia'], careCommunity: '01JDEM0CC00000000000000001', free: true });
    expect(plan.streams.map((s) => s.facet)).toEqual(['CC#01JDEM0CC00000000000000001']);
    expect(plan.conditions).toEqual([
      { kind: 'anyOf', attribute: 'fPri', values: ['carers', 'dementia'] },
      { kind: 'equals', attribute: 'fFree', value: true },
    ]);
    const atHub = planSearch({ priority: ['carers', 'dementia'], hub: '01JDEM0HVB0000000000000001', free: true });
    expect(atHub.streams.map((s) => s.facet)).toEqual(['PRI#carers#HUB#01JDEM0HVB0000000000000001', 'PRI#dementia#HUB#01JDEM0HVB0000000000000001']);
    expect(atHub.conditions).toEqual([{ kind: 'equals', attribute: 'fFree', value: true }]);
    expect(planSearch({ priority: ['carers', 'dementia'] }).streams.map((s) => s.facet)).toEqual(['PRI#carers', 'PRI#dementia']);
    const free = planSearch({ priority: ['carers', 'dementia'], free: true });
    expect(free.streams.map((s) => s.facet)).toEqual(['PRI#carers#FREE', 'PRI#dementia#FREE']);
    expect(free.conditions).toEqual([]);
    const dates = planSearch({ from: '2026-03-02', to: '2026-03-10' });
    expect(dates.streams.map((s) => s.facet)).toEqual(['DAY#1', 'DAY#2', 'DAY#3', 'DAY#4', 'DAY#5', 'DAY#6', 'DAY#7']);
    expect(dates.streams[0]!.conditions).toEqual([{ kind: 'anyOf', attribute: 'fDates', values: ['2026-03-02', '2026-03-09'] }]);
  });

  it('indexes an age range under each band it touches', () => {
    expect(ageBandsFor(0, 120)).toHaveLength(4);
    expect(ageBandsFor(65, 120)).toEqual(['65-120']);
  });

  it('only rewrites the index when a session changes band, not on every booking', () => {
    const a = session('2026-03-03');
    expect(sessionChangeMatters(a, { ...a, confirmed: 3 })).toBe(false);
    expect(sessionChangeMatters(a, { ...a, confirmed: 10 })).toBe(true);
    expect(sessionChangeMatters(a, { ...a, status: 'cancelled' })).toBe(true);
    // a room taken or given up shows on the cards
    expect(sessionChangeMatters(a, { ...a, room: 'Community room, Oak Road Centre' })).toBe(true);
    expect(availabilityOf('reserve', 10, 8)).toBe('few-places');
  });

  it('flags entries not reviewed for six months', () => {
    expect(isStale('2026-01-01T00:00:00Z', new Date('2026-07-02T00:00:00Z'))).toBe(true);
    expect(isStale('2026-01-05T00:00:00Z', new Date('2026-07-02T00:00:00Z'))).toBe(false);
  });

  it('finds weekly, fortnightly and monthly patterns, with exceptions for missing dates', () => {
    const weekly = inferRecurrence([session('2026-03-03'), session('2026-03-10', 'cancelled'), session('2026-03-17'), session('2026-03-31')]);
    expect(weekly).toMatchObject({ freq: 'WEEKLY', interval: 1, byday: 'TU', exceptions: ['2026-03-10', '2026-03-24'] });
    expect(inferRecurrence([session('2026-03-05'), session('2026-03-19'), session('2026-04-02')])).toMatchObject({ freq: 'WEEKLY', interval: 2, byday: 'TH' });
    expect(inferRecurrence([session('2026-03-04'), session('2026-04-01'), session('2026-05-06')])).toMatchObject({ freq: 'MONTHLY', byday: '1WE', exceptions: [] });
    expect(inferRecurrence([session('2026-03-04'), session('2026-03-06', 'scheduled', '18:00')])).toBeUndefined();
  });

  it('maps ULIDs to UUIDs and back, and folds long iCalendar lines without splitting characters', () => {
    const ulid = '01JDEM0ACT0000000000000001';
    expect(uuidToUlid(ulidToUuid(ulid))).toBe(ulid);
    expect(nameUuid('x')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const folded = fold(`SUMMARY:${'é'.repeat(80)}`);
    expect(folded.split('\r\n ').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`SUMMARY:${'é'.repeat(80)}`);
  });
});

describe('schedule freshness', () => {
  it('refreshes the dates sessions ended on since the last run (and the day before), and the dates that entered the horizon', () => {
    const { ended, entered } = datesToRefresh(new Date('2026-06-02T00:05:00Z'), new Date('2026-06-03T00:05:00Z'));
    expect(ended).toEqual(['2026-06-01', '2026-06-02', '2026-06-03']);
    expect(entered).toEqual(['2026-09-01']); // London dates (BST): 90 days on from 3 June
    expect(datesToRefresh(new Date('2026-06-03T00:05:00Z'), new Date('2026-06-03T00:05:00Z'))).toEqual({ ended: [], entered: [] });
  });

  it('catches up at most maxCatchUpDays after a long gap', () => {
    const { ended } = datesToRefresh(new Date('2020-01-01T00:00:00Z'), new Date('2026-06-03T00:05:00Z'));
    expect(ended.length).toBe(maxCatchUpDays + 2);
    expect(ended.at(-1)).toBe('2026-06-03');
  });

  it('drops the past part of a date range, and all of a wholly past one', () => {
    expect(rangeFromToday('2026-06-01', '2026-06-10', '2026-06-03')).toEqual({ from: '2026-06-03', to: '2026-06-10' });
    expect(rangeFromToday('2026-06-01', '2026-06-02', '2026-06-03')).toBeUndefined();
    expect(rangeFromToday('2026-06-05', undefined, '2026-06-03')).toEqual({ from: '2026-06-05', to: '2026-06-05' });
    expect(rangeFromToday(undefined, undefined, '2026-06-03')).toEqual({});
  });
});

describe('cellsNear: the geohash cells a search near a point reads', () => {
  it('covers every place within the distance, nearest cell first, and no cell wholly outside it', () => {
    let seed = 5;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const centre = { lat: 53.54, lng: -2.11 };
    for (const metres of [500, 1609, 3219, 8047, 16093, 50_000]) {
      const cells = cellsNear(centre, metres);
      const size = cells[0]!.cell.length;
      const held = new Set(cells.map((c) => c.cell));
      expect(cells.length).toBeLessThanOrEqual(320);
      expect(cells.map((c) => c.nearest)).toEqual([...cells.map((c) => c.nearest)].sort((a, b) => a - b));
      for (const c of cells) expect(c.nearest).toBeLessThanOrEqual(metres);
      for (let i = 0; i < 500; i++) {
        const point = { lat: centre.lat + (rand() - 0.5) * 2 * (metres / 111_000), lng: centre.lng + (rand() - 0.5) * 2 * (metres / 66_000) };
        if (distanceMetres(centre, point) <= metres) expect(held.has(geohash(point, size)), `${metres} m`).toBe(true);
      }
    }
  });
});

import { Temporal } from 'temporal-polyfill';
import type { RRuleTemporal } from 'rrule-temporal';
import { boundedRule, expandBounded, RuleTooCostly } from '../lib/recurrence';
import { granuleMinutes, weekdays, type Weekday } from './schema';

/**
 * The rooms domain's decisions, pure: time ranges, slot granules, recurrence, clashes, free time, quotes.
 *
 * No double booking is enforced by slot items, one per room per quarter-hour granule of each confirmed
 * booking's blocked range (its time plus the room's setup and cleardown buffers), written with
 * attribute_not_exists in one transaction per occurrence. Every booking boundary and buffer is a whole
 * number of quarter hours, so two blocked ranges overlap exactly when they share a granule: the slot rule
 * is the interval rule, at any overlap however small (09:00-10:30 and 10:15-11:00 share 10:15).
 */

export const timeZone = 'Europe/London';
const minute = 60_000;
export const granuleMs = granuleMinutes * minute;
/** An occurrence's blocked range may cover at most a day: 96 slot puts + occurrence + booking + outbox = 99 items, under the 100-item transaction limit. */
export const maxGranulesPerOccurrence = (24 * 60) / granuleMinutes;
export const maxOccurrences = 400;
export const horizonMonths = 12;

/** Milliseconds since the epoch, [start, end). */
export interface Interval {
  start: number;
  end: number;
}

export const overlaps = (a: Interval, b: Interval): boolean => a.start < b.end && b.start < a.end;

export const isAligned = (ms: number): boolean => ms % granuleMs === 0;

/** The time a booking keeps the room from others: its own time plus setup before and cleardown after. */
export const blockedRange = (occurrence: Interval, setupMinutes: number, cleardownMinutes: number): Interval => ({
  start: occurrence.start - setupMinutes * minute,
  end: occurrence.end + cleardownMinutes * minute,
});

/** The quarter-hour granules (their start instants, ms) a blocked range covers. */
export function granulesOf(range: Interval): number[] {
  if (!isAligned(range.start) || !isAligned(range.end)) throw new RangeError('range is not on quarter hours');
  const out: number[] = [];
  for (let t = range.start; t < range.end; t += granuleMs) out.push(t);
  return out;
}

/** Local wall-clock (Europe/London) 2026-03-29T10:00 -> instant (ms). A time skipped by the clock change moves forward, as clocks do. */
export function localToMs(local: string): number {
  return Temporal.PlainDateTime.from(local).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
}

/** Instant (ms) -> local wall-clock 2026-03-29T10:00 */
export function msToLocal(ms: number): string {
  return Temporal.Instant.fromEpochMilliseconds(ms).toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

export const msToIso = (ms: number): string => new Date(ms).toISOString();

export class RecurrenceProblem extends Error {
  constructor(readonly field: string, readonly rule: string, message: string) {
    super(message);
  }
}

/**
 * The occurrences of a booking: one range, or a recurrence whose first occurrence is that range.
 * Each occurrence keeps the local wall-clock times (10:00-12:00 stays 10:00-12:00 across a clock change).
 * A recurrence must end within 12 months of its first start.
 */
export function expandOccurrences(startLocal: string, endLocal: string, rrule?: string): Interval[] {
  const start = plainDateTime(startLocal, 'body.start');
  const end = plainDateTime(endLocal, 'body.end');
  if (Temporal.PlainDateTime.compare(end, start) <= 0) throw new RecurrenceProblem('body.end', 'end_before_start', 'must be after the start');
  const length = start.until(end, { largestUnit: 'minutes' });
  const first = start.toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  if (!rrule) return [occurrenceAt(first, length)];

  const limit = first.add({ months: horizonMonths });
  let rule: RRuleTemporal;
  const starts: Temporal.ZonedDateTime[] = [];
  let tooFar = false;
  try {
    // a year of daily dates is the most a request may examine: maxOccurrences periods
    rule = boundedRule(rrule.replace(/^RRULE:/, ''), first, maxOccurrences + 31);
    expandBounded(() => rule.all((z) => {
      const zdt = Temporal.ZonedDateTime.from(z.toString());
      if (Temporal.ZonedDateTime.compare(zdt, limit) >= 0 || starts.length >= maxOccurrences) {
        tooFar = true;
        return false;
      }
      starts.push(zdt);
      return true;
    }));
  } catch (err) {
    if (err instanceof RecurrenceProblem) throw err;
    if (err instanceof RuleTooCostly) throw new RecurrenceProblem('body.repeat.rrule', 'too_costly', err.message);
    throw new RecurrenceProblem('body.repeat.rrule', 'invalid_rrule', `is not a recurrence rule we can follow (${(err as Error).message})`);
  }
  if (tooFar) {
    throw new RecurrenceProblem('body.repeat.rrule', 'too_far', `must end within ${horizonMonths} months of the first date (give COUNT or UNTIL)`);
  }
  if (starts.length === 0) throw new RecurrenceProblem('body.repeat.rrule', 'no_dates', 'gives no dates');
  return starts.map((s) => occurrenceAt(s, length));
}

function plainDateTime(local: string, field: string): Temporal.PlainDateTime {
  try {
    return Temporal.PlainDateTime.from(local, { overflow: 'reject' });
  } catch {
    throw new RecurrenceProblem(field, 'invalid_date', 'is not a real date and time');
  }
}

function occurrenceAt(start: Temporal.ZonedDateTime, length: Temporal.Duration): Interval {
  const end = start.toPlainDateTime().add(length).toZonedDateTime(timeZone, { disambiguation: 'compatible' });
  return { start: start.epochMilliseconds, end: end.epochMilliseconds };
}

/** A confirmed booking's occurrence as the clash rules see it. */
export interface HeldRange<T = unknown> {
  blocked: Interval;
  occurrence: Interval;
  info: T;
}

/** For each wanted occurrence (its blocked range), the first confirmed booking it clashes with. */
export function findClashes<T>(wanted: { occurrence: Interval; blocked: Interval }[], held: HeldRange<T>[]) {
  const clashes: { occurrence: Interval; with: HeldRange<T> }[] = [];
  for (const w of wanted) {
    const hit = held.find((h) => overlaps(w.blocked, h.blocked));
    if (hit) clashes.push({ occurrence: w.occurrence, with: hit });
  }
  return clashes;
}

export type OpeningHours = { day: Weekday; opens: string; closes: string }[];

const weekdayOf = (date: Temporal.PlainDate): Weekday => weekdays[date.dayOfWeek - 1]!;

/** The room's bookable windows on each local date from..to (inclusive), as instants. */
export function openWindows(hours: OpeningHours, fromDate: string, toDate: string): Interval[] {
  const windows: Interval[] = [];
  const last = Temporal.PlainDate.from(toDate);
  for (let d = Temporal.PlainDate.from(fromDate); Temporal.PlainDate.compare(d, last) <= 0; d = d.add({ days: 1 })) {
    for (const h of hours.filter((x) => x.day === weekdayOf(d))) {
      windows.push({ start: localToMs(`${d}T${h.opens}`), end: localToMs(`${d}T${h.closes}`) });
    }
  }
  return windows.sort((a, b) => a.start - b.start);
}

/** Windows minus busy ranges. */
export function subtract(windows: Interval[], busy: Interval[]): Interval[] {
  let free = windows;
  for (const b of busy) {
    free = free.flatMap((w) => {
      if (!overlaps(w, b)) return [w];
      const parts: Interval[] = [];
      if (w.start < b.start) parts.push({ start: w.start, end: b.start });
      if (b.end < w.end) parts.push({ start: b.end, end: w.end });
      return parts;
    });
  }
  return free;
}

/** Is the occurrence inside one of the room's bookable windows on its day? */
export function withinOpeningHours(hours: OpeningHours, occurrence: Interval): boolean {
  const day = msToLocal(occurrence.start).slice(0, 10);
  return openWindows(hours, day, day).some((w) => w.start <= occurrence.start && occurrence.end <= w.end);
}

/** Whole-booking quote in pence: the hourly rate for this kind of customer times the booked hours (no rate: free). */
export function quotePence(rates: { customerType: string; pencePerHour: number }[], customerType: string, occurrences: Interval[]): number {
  const rate = rates.find((r) => r.customerType === customerType)?.pencePerHour ?? 0;
  const minutes = occurrences.reduce((sum, o) => sum + (o.end - o.start) / minute, 0);
  return Math.round((rate * minutes) / 60);
}

/** Local dates from..to inclusive, at most `maxDays` long and not inverted. */
export function daysBetween(fromDate: string, toDate: string): number {
  return Temporal.PlainDate.from(fromDate).until(Temporal.PlainDate.from(toDate), { largestUnit: 'days' }).days + 1;
}

/** Start of a local date and start of the day after another, as instants: the range a date query covers. */
export function localDayRange(fromDate: string, toDate: string): Interval {
  return { start: localToMs(`${fromDate}T00:00`), end: localToMs(`${Temporal.PlainDate.from(toDate).add({ days: 1 })}T00:00`) };
}

/** A start and end in local wall-clock time (2026-03-29T10:00). */
export interface LocalTimes {
  startLocal: string;
  endLocal: string;
}

/**
 * The free times nearest to a wanted one, for when its dates clash: the same length on the same day, moved in
 * quarter hours (the closest first, earlier before later at the same distance), where every date of the
 * repeat is inside the room's bookable hours and clear of the held ranges with setup and cleardown.
 */
export function nearestFreeTimes(
  wanted: { start: string; end: string; rrule?: string | undefined },
  room: { openingHours: OpeningHours; setupMinutes: number; cleardownMinutes: number },
  held: Interval[],
  max = 3,
): LocalTimes[] {
  const start = Temporal.PlainDateTime.from(wanted.start);
  const end = Temporal.PlainDateTime.from(wanted.end);
  // the dates once, as local wall-clock starts; each candidate moves them all by the same minutes
  const starts = expandOccurrences(wanted.start, wanted.end, wanted.rrule).map((o) => Temporal.PlainDateTime.from(msToLocal(o.start)));
  const length = start.until(end, { largestUnit: 'minutes' });
  const found: LocalTimes[] = [];
  for (let step = 1; step < (24 * 60) / granuleMinutes && found.length < max; step++) {
    for (const minutes of [-step * granuleMinutes, step * granuleMinutes]) {
      const candidate = start.add({ minutes });
      if (!candidate.toPlainDate().equals(start.toPlainDate()) || !candidate.add(length).toPlainDate().equals(start.toPlainDate())) continue;
      const fits = starts.every((s) => {
        const from = s.add({ minutes });
        const o = { start: localToMs(from.toString()), end: localToMs(from.add(length).toString()) };
        const blocked = blockedRange(o, room.setupMinutes, room.cleardownMinutes);
        return withinOpeningHours(room.openingHours, o) && !held.some((h) => overlaps(blocked, h));
      });
      if (fits && found.length < max) found.push({ startLocal: candidate.toString({ smallestUnit: 'minute' }), endLocal: candidate.add(length).toString({ smallestUnit: 'minute' }) });
    }
  }
  return found;
}

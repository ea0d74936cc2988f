import { Temporal } from 'temporal-polyfill';
import { granuleMinutes, type Weekday, weekdays } from './schema';

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
  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export function plainDateTime(local: string, field: string): Temporal.PlainDateTime {
  try {
    return Temporal.PlainDateTime.from(local, { overflow: 'reject' });
  } catch {
    throw new RecurrenceProblem(field, 'invalid_date', 'is not a real date and time');
  }
}

export function occurrenceAt(start: Temporal.ZonedDateTime, length: Temporal.Duration): Interval {
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

/** How many local dates from..to covers, both included: 1 for one day, 0 or less when inverted (callers check the length). */
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

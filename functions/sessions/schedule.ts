import type { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { InvalidInput } from '../lib/errors';
import { boundedRule, expandBounded, RuleTooCostly } from '../lib/recurrence';
import { slotOf, zone } from './rules';
import type { Occurrence, ScheduleInput } from './schema';

/**
 * Expanding a session schedule (an RRULE in Europe/London wall-clock time) with its exceptions and bank
 * holidays. Only the sessions domain (and the seed) imports this, being the one place needing rrule-temporal.
 */

/** Most sessions one request may make (about two years of a weekly activity). */
export const maxOccurrences = 104;
/** The most weeks or months one expansion may examine (two years of weekly sessions and the dates left out). */
const examined = 420;
/** A rule with neither COUNT nor UNTIL runs this far ahead. */
export const defaultHorizonDays = 182;

export interface ExpandOptions {
  isBankHoliday?: (localDate: string) => boolean;
  /** the first date of an open-ended rule's horizon is startDate; this is how far it runs */
  horizonDays?: number;
}

/**
 * Every date a schedule makes, in order, and the dates the rule gave that were left out (bank holidays,
 * skips). Throws InvalidInput when the rule makes nothing or too much.
 */
export function expandSchedule(input: ScheduleInput, opts: ExpandOptions = {}): { occurrences: Occurrence[]; skipped: Occurrence[] } {
  const dates = ruleDates(input, opts.horizonDays ?? defaultHorizonDays);
  const exceptions = new Map(input.exceptions.map((e) => [e.date, e]));
  const occurrences: Occurrence[] = [];
  const skipped: Occurrence[] = [];
  for (const date of dates) {
    const base = slotOf(date, input.startTime, input.durationMinutes);
    const exception = exceptions.get(date);
    if (exception?.action === 'skip') {
      skipped.push({ ...base, status: 'cancelled', note: 'skipped' });
    } else if (input.skipBankHolidays && opts.isBankHoliday?.(date) && exception?.action !== 'move') {
      skipped.push({ ...base, status: 'cancelled', note: 'bank-holiday' });
    } else if (exception?.action === 'move') {
      const moved = slotOf(exception.toDate ?? date, exception.toTime ?? input.startTime, input.durationMinutes);
      occurrences.push({ ...moved, status: 'scheduled', movedFrom: date });
    } else {
      occurrences.push({ ...base, status: exception?.action === 'cancel' ? 'cancelled' : 'scheduled' });
    }
  }
  const unknown = input.exceptions.filter((e) => !dates.includes(e.date));
  if (unknown.length) {
    throw new InvalidInput(unknown.map((e) => ({ field: 'body.exceptions', rule: 'not_in_schedule', message: `${e.date} is not one of the dates this schedule makes` })));
  }
  if (occurrences.length > maxOccurrences) {
    throw new InvalidInput([{ field: 'body.rrule', rule: 'too_many', message: `makes more than ${maxOccurrences} sessions; at most ${maxOccurrences} at a time (add COUNT or UNTIL)` }]);
  }
  occurrences.sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  return { occurrences, skipped };
}

/** The local dates the rule gives (before exceptions), from startDate on. */
function ruleDates(input: ScheduleInput, horizonDays: number): string[] {
  if (!input.rrule) return [input.startDate];
  const dtstart = Temporal.PlainDateTime.from(`${input.startDate}T${input.startTime}`).toZonedDateTime(zone, { disambiguation: 'later' });
  const open = !/COUNT=|UNTIL=/.test(input.rrule);
  let rule: RRuleTemporal;
  try {
    rule = boundedRule(normaliseUntil(input.rrule), dtstart, examined);
  } catch (err) {
    throw new InvalidInput([{ field: 'body.rrule', rule: 'invalid_rrule', message: `is not a recurrence we can read (${(err as Error).message})` }]);
  }
  const horizon = dtstart.add({ days: horizonDays });
  let dates: string[];
  try {
    dates = expandBounded(() =>
      // enough dates for the most sessions one request makes, those its exceptions leave out and a few bank holidays: one more says "too many"
      rule.all((d, i) => i <= maxOccurrences + input.exceptions.length + 30 && (!open || Temporal.ZonedDateTime.compare(d, horizon) <= 0)).map((d) => d.toPlainDate().toString()),
    );
  } catch (err) {
    if (err instanceof RuleTooCostly) throw new InvalidInput([{ field: 'body.rrule', rule: 'too_costly', message: err.message }]);
    throw err;
  }
  if (!dates.length) throw new InvalidInput([{ field: 'body.rrule', rule: 'no_dates', message: 'gives no dates from the start date' }]);
  return [...new Set(dates)];
}

/** UNTIL=YYYYMMDD means "up to and including that London date". */
function normaliseUntil(rrule: string): string {
  return rrule.replace(/UNTIL=(\d{4})(\d{2})(\d{2})(?!T)/, (_m, y: string, mo: string, d: string) => {
    const endOfDay = Temporal.PlainDateTime.from(`${y}-${mo}-${d}T23:59:59`).toZonedDateTime(zone);
    return `UNTIL=${endOfDay.toInstant().toString().replace(/[-:]/g, '').replace(/\.\d+/, '')}`;
  });
}

import type { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { boundedRule, expandBounded, RuleTooCostly } from '../lib/recurrence';
import {
  blockedRange,
  horizonMonths,
  type Interval,
  type LocalTimes,
  localToMs,
  maxOccurrences,
  msToLocal,
  type OpeningHours,
  occurrenceAt,
  overlaps,
  plainDateTime,
  RecurrenceProblem,
  timeZone,
  withinOpeningHours,
} from './rules';
import { granuleMinutes } from './schema';

// Apart from rules.ts because the recurrence library is large (about 180 KB): only the code that expands a
// booking's repeats brings it into a bundle, not every reader of the rooms' rules (the privacy function's
// bundle stays under its 400 KB budget this way; test/infra/synth.test.ts).

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
    expandBounded(() =>
      rule.all((z) => {
        const zdt = Temporal.ZonedDateTime.from(z.toString());
        if (Temporal.ZonedDateTime.compare(zdt, limit) >= 0 || starts.length >= maxOccurrences) {
          tooFar = true;
          return false;
        }
        starts.push(zdt);
        return true;
      }),
    );
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

/**
 * The free times nearest to a wanted one, for when its dates clash: the same length on the same day, moved in
 * quarter hours (the closest first, earlier before later at the same distance), where every date of the
 * repeat is inside the room's bookable hours and clear of the held ranges with setup and cleardown.
 */
export function nearestFreeTimes(
  wanted: { start: string; end: string; rrule?: string | undefined },
  room: { openingHours: OpeningHours; setupMinutes: number; cleardownMinutes: number },
  held: Interval[],
  hubOpen: (o: Interval) => boolean = () => true,
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
        return withinOpeningHours(room.openingHours, o) && hubOpen(o) && !held.some((h) => overlaps(blocked, h));
      });
      if (fits && found.length < max) found.push({ startLocal: candidate.toString({ smallestUnit: 'minute' }), endLocal: candidate.add(length).toString({ smallestUnit: 'minute' }) });
    }
  }
  return found;
}

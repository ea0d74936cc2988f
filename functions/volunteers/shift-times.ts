import type { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
import { boundedRule, expandBounded, RuleTooCostly } from '../lib/recurrence';
import { zone } from './rules';

/**
 * A shift's or a shift series' times, pure. Apart from rules.ts so that only createShift's module imports
 * rrule-temporal: the stream and jobs Lambdas use the volunteers service but never make a series.
 */

export interface ShiftTimes {
  startsAt: string;
  endsAt: string;
}

export const maxShiftsInSeries = 60;

/**
 * A shift (or each shift of a series) as UTC instants, from wall-clock times in Europe/London.
 * The series follows the RRULE in local time, so a clock change does not move the shift.
 * Throws RangeError with a plain message when the rule or times make no sense.
 */
export function shiftTimes(input: { date: string; startTime: string; endTime: string; rrule?: string }): ShiftTimes[] {
  const first = Temporal.PlainDate.from(input.date);
  const start = Temporal.PlainTime.from(input.startTime);
  const end = Temporal.PlainTime.from(input.endTime);
  if (Temporal.PlainTime.compare(end, start) <= 0) throw new RangeError('endTime: must be after startTime');
  const dtstart = first.toZonedDateTime({ timeZone: zone, plainTime: start });
  const starts = input.rrule ? expand(input.rrule, dtstart) : [dtstart];
  return starts.map((s) => ({
    startsAt: s.toInstant().toString(),
    endsAt: s.toPlainDate().toZonedDateTime({ timeZone: zone, plainTime: end }).toInstant().toString(),
  }));
}

function expand(rrule: string, dtstart: Temporal.ZonedDateTime): Temporal.ZonedDateTime[] {
  if (!/(COUNT|UNTIL)=/.test(rrule)) throw new RangeError('rrule: must end, with COUNT or UNTIL');
  let rule: RRuleTemporal;
  try {
    rule = boundedRule(rrule, dtstart, 400);
  } catch (err) {
    throw new RangeError(`rrule: ${err instanceof RuleTooCostly ? err.message : 'is not a rule we can read'}`);
  }
  const limit = dtstart.add({ years: 1 });
  // rrule-temporal answers its own Temporal objects: compare through their string form.
  const ours = (d: { toString(): string }) => Temporal.ZonedDateTime.from(d.toString());
  let all: Temporal.ZonedDateTime[];
  try {
    all = expandBounded(() => rule.all((d, i) => i <= maxShiftsInSeries && Temporal.ZonedDateTime.compare(ours(d), limit) <= 0).map(ours));
  } catch (err) {
    throw new RangeError(`rrule: ${err instanceof RuleTooCostly ? err.message : 'is not a rule we can follow'}`);
  }
  if (all.length > maxShiftsInSeries) throw new RangeError(`rrule: makes more than ${maxShiftsInSeries} shifts; make a shorter series`);
  if (all.length === 0) throw new RangeError('rrule: makes no shifts');
  return all;
}

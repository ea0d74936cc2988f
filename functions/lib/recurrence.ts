import { RRuleTemporal } from 'rrule-temporal';

/**
 * Recurrence rules (RFC 5545 RRULE) as people may give them: daily at most often, and expanded with a bound
 * on the work, whatever the rule says. A rule that can never match (the ninth Monday of a month) or that
 * would run for years is refused after examining at most `maxExamined` periods and as many candidate dates,
 * instead of burning seconds of a request (or a Lambda) and answering 500. Only the modules that
 * expand rules import this (it brings rrule-temporal).
 */
export const frequencies = ['DAILY', 'WEEKLY', 'MONTHLY'] as const;

/** Why a rule cannot be expanded: the caller answers it as a 400 on its own field. */
export class RuleTooCostly extends RangeError {}

export function boundedRule(rruleString: string, dtstart: unknown, maxExamined: number): RRuleTemporal {
  const freq = /^(?:RRULE:)?FREQ=([A-Z]+)/.exec(rruleString)?.[1];
  if (!freq || !(frequencies as readonly string[]).includes(freq)) throw new RuleTooCostly('repeats at most daily: give FREQ=DAILY, WEEKLY or MONTHLY');
  return new RRuleTemporal({ rruleString, dtstart: dtstart as never, maxIterations: maxExamined, maxCandidateEvaluations: maxExamined, cache: false });
}

/** Runs an expansion, turning rrule-temporal's safety stops into RuleTooCostly. */
export function expandBounded<T>(run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (err instanceof Error && /^Maximum (iterations|candidate evaluations)/.test(err.message)) {
      throw new RuleTooCostly('gives no date often enough to follow: choose a simpler pattern, or give COUNT or UNTIL');
    }
    throw err;
  }
}

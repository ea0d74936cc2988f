import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
const dtstart = Temporal.PlainDateTime.from('2026-03-02T10:00').toZonedDateTime('Europe/London');
const limit = dtstart.add({ months: 12 });
const rules: [string, object][] = [['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9;COUNT=3', {}], ['FREQ=DAILY;COUNT=400', {}], ['FREQ=WEEKLY;BYDAY=MO;COUNT=52', {}], ['FREQ=DAILY;COUNT=60', {}], ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9;COUNT=3', {maxCandidateEvaluations: 500}], ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9;COUNT=3', {maxIterations: 30}]];
for (let round = 0; round < 3; round++) for (const [rule, opts] of rules) {
  const s = performance.now();
  let out = '';
  try {
    const r = new RRuleTemporal({ rruleString: rule, dtstart: dtstart as never, maxIterations: 800, maxCandidateEvaluations: 3000, ...opts });
    let n = 0;
    r.all((d: any, i: number) => { n++; return i < 400 && Temporal.ZonedDateTime.compare(Temporal.ZonedDateTime.from(d.toString()), limit) < 0; });
    out = `ok ${n}`;
  } catch (e) { out = (e as Error).message.slice(0, 80); }
  console.log(round, rule, JSON.stringify(opts), Math.round(performance.now() - s), 'ms', out);
}

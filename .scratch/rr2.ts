import { RRuleTemporal } from 'rrule-temporal';
import { Temporal } from 'temporal-polyfill';
const dtstart = Temporal.PlainDateTime.from('2026-03-02T10:00').toZonedDateTime('Europe/London');
const limit = dtstart.add({ months: 12 });
for (const [rule, opts] of [['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9;COUNT=3', {}], ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5', {}], ['FREQ=DAILY;BYMONTHDAY=32;COUNT=5', {strict: true}], ['FREQ=DAILY;COUNT=400', {}], ['FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL=21001231T000000Z', {}], ['FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2;COUNT=3', {}]] as const) {
  const s = performance.now();
  let out = '';
  try {
    const r = new RRuleTemporal({ rruleString: rule, dtstart: dtstart as never, maxIterations: 800, maxCandidateEvaluations: 3000, ...opts });
    let n = 0;
    r.all((d: any, i: number) => { n++; return i < 400 && Temporal.ZonedDateTime.compare(Temporal.ZonedDateTime.from(d.toString()), limit) < 0; });
    out = `ok ${n}`;
  } catch (e) { out = (e as Error).message.slice(0, 80); }
  console.log(rule, Math.round(performance.now() - s), 'ms', out);
}

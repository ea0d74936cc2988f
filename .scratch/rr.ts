import { shiftTimes } from '../functions/volunteers/shift-times';
import { expandOccurrences } from '../functions/rooms/rules';
import { expandSchedule } from '../functions/sessions/schedule';
const t = (name: string, f: () => unknown) => { const s = performance.now(); let out: string; try { const r = f() as unknown[]; out = `ok ${Array.isArray(r) ? r.length : JSON.stringify(r).slice(0,60)}`; } catch (e) { out = `${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 100)}`; } console.log(name, Math.round(performance.now() - s), 'ms', out); };
for (const rule of ['FREQ=SECONDLY;COUNT=60', 'FREQ=SECONDLY;UNTIL=20271231T000000Z', 'FREQ=MINUTELY;BYHOUR=3;COUNT=60', 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30;COUNT=5', 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;COUNT=5', 'FREQ=HOURLY;BYMONTHDAY=31;BYMONTH=2;COUNT=3', 'FREQ=WEEKLY;BYDAY=MO;COUNT=60', 'FREQ=SECONDLY;BYSECOND=0;BYMINUTE=0;BYHOUR=25;COUNT=2']) {
  t(`shift ${rule}`, () => shiftTimes({ date: '2026-03-02', startTime: '10:00', endTime: '11:00', rrule: rule }));
}
for (const rule of ['FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO;COUNT=50', 'FREQ=DAILY;BYMONTHDAY=32;COUNT=5', 'FREQ=MONTHLY;BYMONTHDAY=30;BYDAY=MO;BYSETPOS=-1;COUNT=10', 'FREQ=DAILY;INTERVAL=1;COUNT=400', 'FREQ=MONTHLY;BYDAY=MO;BYSETPOS=9;COUNT=3', 'FREQ=DAILY;BYMONTHDAY=-40']) {
  t(`room ${rule}`, () => expandOccurrences('2026-03-02T10:00', '2026-03-02T11:00', rule));
}
for (const rule of ['FREQ=MONTHLY;BYDAY=4MO,4TU,4WE,4TH,4FR,4SA,4SU;COUNT=999', 'FREQ=WEEKLY;INTERVAL=9;UNTIL=21001231', 'FREQ=MONTHLY;BYDAY=-1SU;INTERVAL=9;COUNT=999', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL=21001231']) {
  t(`session ${rule}`, () => expandSchedule({ startDate: '2026-03-02', startTime: '10:00', durationMinutes: 60, rrule: rule, skipBankHolidays: false, exceptions: [] } as never));
}

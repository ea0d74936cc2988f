/**
 * A hub's opening hours and closed days, for its coordinators: the hours each day of the week, whether it
 * opens on bank holidays, and its own closed days with the reason people are told. Sessions, room bookings
 * and shifts keep to them (a coordinator may go ahead outside them with a reason).
 */
import { useState } from 'preact/hooks';
import type { Closure, Hub } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import { ApiError, callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, DateFields, type DateParts, emptyDate, readDate, TextField } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { dayNames, formatDay } from '../../format';
import type { PageProps } from '../../routes';
import type { Day, Hours } from './parts';

const week = Object.keys(dayNames) as Day[];
const time = /^([01]\d|2[0-3]):[0-5]\d$/;

export default function HubHours({ params }: PageProps) {
  const [hub, reload] = useApi('getHub', { params: { id: params.hubId ?? '' } });
  return (
    <Loaded load={hub} label="Loading the hub…" retry={reload}>
      {(h) => <HoursAndClosures hub={h} />}
    </Loaded>
  );
}

type DayTimes = Record<Day, { opens: string; closes: string }>;
const timesOf = (hours: Hours): DayTimes =>
  Object.fromEntries(
    week.map((d) => {
      const h = hours.find((x) => x.day === d);
      return [d, { opens: h?.opens ?? '', closes: h?.closes ?? '' }];
    }),
  ) as DayTimes;

function HoursAndClosures({ hub }: { hub: Hub }) {
  const [times, setTimes] = useState<DayTimes>(timesOf(hub.openingHours));
  const [bankHolidays, setBankHolidays] = useState<string[]>(hub.openOnBankHolidays ? ['open'] : []);
  const [closures, setClosures] = useState<Closure[]>(hub.closures ?? []);
  // each save is made over the hub as this page last saw it: someone else's change since is not overwritten
  const [version, setVersion] = useState(hub.version ?? 0);
  const [date, setDate] = useState<DateParts>(emptyDate);
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState<string>();

  async function save(body: { openingHours?: Hours; openOnBankHolidays?: boolean; closures?: Closure[] }, what: string, saved: string): Promise<boolean> {
    setBusy(what);
    setDone(undefined);
    try {
      const next = await callApi('updateHub', { params: { id: hub.id }, body: { ...body, version } });
      setClosures(next.closures ?? []);
      setVersion(next.version ?? 0);
      setErrors([]);
      setDone(saved);
      return true;
    } catch (err) {
      setErrors(err instanceof ApiError ? summaryFrom(err) : [{ message: 'We could not save that. Try again.' }]);
      return false;
    } finally {
      setBusy(undefined);
    }
  }

  async function saveHours(e: Event) {
    e.preventDefault();
    const problems: SummaryError[] = [];
    const hours: Hours = [];
    for (const d of week) {
      const { opens, closes } = times[d];
      if (!opens.trim() && !closes.trim()) continue;
      if (!time.test(opens.trim())) problems.push({ field: `${d}-opens`, message: `Enter the time the hub opens on ${dayNames[d]}s as hours and minutes, for example 09:00` });
      else if (!time.test(closes.trim())) problems.push({ field: `${d}-closes`, message: `Enter the time the hub closes on ${dayNames[d]}s as hours and minutes, for example 17:00` });
      else if (opens.trim() >= closes.trim()) problems.push({ field: `${d}-closes`, message: `The closing time on ${dayNames[d]}s must be after the opening time` });
      else hours.push({ day: d, opens: opens.trim(), closes: closes.trim() });
    }
    setDone(undefined);
    if (problems.length) return setErrors(problems);
    await save({ openingHours: hours, openOnBankHolidays: bankHolidays.includes('open') }, 'hours', 'You saved the opening hours.');
  }

  async function addClosure(e: Event) {
    e.preventDefault();
    const problems: SummaryError[] = [];
    const read = readDate(date, 'the date the hub is closed');
    if (read.problem) problems.push({ field: 'closed-date', message: read.problem });
    else if (closures.some((c) => c.date === read.iso)) problems.push({ field: 'closed-date', message: `${formatDay(read.iso!)} is already a closed day` });
    if (!reason.trim()) problems.push({ field: 'closed-reason', message: 'Enter the reason people will be told, for example Staff training day' });
    setDone(undefined);
    if (problems.length) return setErrors(problems);
    const next = [...closures, { date: read.iso!, reason: reason.trim() }].sort((a, b) => a.date.localeCompare(b.date));
    if (await save({ closures: next }, 'add', `You added ${formatDay(read.iso!)} as a closed day.`)) {
      setDate(emptyDate);
      setReason('');
    }
  }

  const remove = (c: Closure) => save({ closures: closures.filter((x) => x.date !== c.date) }, c.date, `${formatDay(c.date)} is no longer a closed day.`);

  return (
    <Page title="Opening hours and closed days" caption={hub.name} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      {done && <Notice tone="success">{done}</Notice>}
      <p>Sessions, room bookings and volunteer shifts at the hub are made only when it is open. A coordinator can still go ahead at other times by giving a reason.</p>
      <p>
        <a href={paths.hub({ hubId: hub.id })}>Back to {hub.name}</a>
      </p>

      <h2 class="heading-m">Opening hours</h2>
      <form noValidate onSubmit={saveHours}>
        <p class="hint">Times as hours and minutes, for example 09:00 or 17:30. Leave both times empty on a day the hub is closed.</p>
        {week.map((d) => (
          <fieldset class="fieldset" key={d}>
            <legend class="legend">{dayNames[d]}</legend>
            <TextField
              id={`${d}-opens`}
              label={`Opens at on ${dayNames[d]}s`}
              width={5}
              value={times[d].opens}
              onInput={(opens) => setTimes({ ...times, [d]: { ...times[d], opens } })}
              error={errorFor(errors, `${d}-opens`)}
            />
            <TextField
              id={`${d}-closes`}
              label={`Closes at on ${dayNames[d]}s`}
              width={5}
              value={times[d].closes}
              onInput={(closes) => setTimes({ ...times, [d]: { ...times[d], closes } })}
              error={errorFor(errors, `${d}-closes`)}
            />
          </fieldset>
        ))}
        <Checkboxes id="bank-holidays" label="Bank holidays" options={[{ value: 'open', label: 'The hub opens on bank holidays' }]} values={bankHolidays} onChange={setBankHolidays} />
        <Button type="submit" busy={busy === 'hours'}>
          Save opening hours
        </Button>
      </form>

      <h2 class="heading-m">Closed days</h2>
      {closures.length === 0 ? (
        <p>No closed days besides bank holidays.</p>
      ) : (
        <ul class="list">
          {closures.map((c) => (
            <li key={c.date}>
              <strong>{formatDay(c.date)}</strong>: {c.reason}{' '}
              <Button variant="secondary" busy={busy === c.date} onClick={() => void remove(c)} aria-label={`Remove ${formatDay(c.date)}`}>
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      <form noValidate onSubmit={addClosure}>
        <h3 class="heading-s">Add a closed day</h3>
        <DateFields id="closed-date" label="Date" hint="For example 24 12 2026" value={date} onInput={setDate} error={errorFor(errors, 'closed-date')} />
        <TextField id="closed-reason" label="Reason" hint="People are told this, for example Staff training day" value={reason} onInput={setReason} error={errorFor(errors, 'closed-reason')} />
        <Button type="submit" busy={busy === 'add'}>
          Add closed day
        </Button>
      </form>
    </Page>
  );
}

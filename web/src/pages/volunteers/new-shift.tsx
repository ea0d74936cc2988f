import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../../functions/lib/paths';
import type { CreateShiftInput, Role } from '../../../../functions/volunteers/schema';
import { callApi, newIdempotencyKey } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { DateFields, emptyDate, Radios, readDate, TextArea, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Loaded, useApi } from '../../components/load';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import { londonToday } from '../../format';
import type { PageProps } from '../../routes';
import { ForOwners, type Owner, ownerQuery } from './common';

/** Coordinators: add a one-off or weekly shift with a number of places for each role. */
export default function NewShift({ pageTitle, query }: PageProps) {
  return (
    <ForOwners query={query} title={pageTitle}>
      {(owner) => <ShiftForm pageTitle={pageTitle} owner={owner} />}
    </ForOwners>
  );
}

const timePattern = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const readTime = (v: string) => {
  const m = timePattern.exec(v.trim());
  return m ? `${m[1]!.padStart(2, '0')}:${m[2]}` : undefined;
};

function ShiftForm({ pageTitle, owner }: { pageTitle: string; owner: Owner }) {
  const { route } = useLocation();
  const [roles, retry] = useApi('listRoles', { query: { ...ownerQuery(owner), limit: 100 } });
  const [title, setTitle] = useState('');
  const [location, setLocation] = useState('');
  const [date, setDate] = useState(emptyDate);
  const [startTime, setStartTime] = useState('');
  const [endTime, setEndTime] = useState('');
  const [repeat, setRepeat] = useState('');
  const [weeks, setWeeks] = useState('');
  const [places, setPlaces] = useState<Record<string, string>>({});
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [key] = useState(newIdempotencyKey);

  async function submit(e: Event, list: Role[]) {
    e.preventDefault();
    if (busy) return;
    const problems: SummaryError[] = [];
    if (!title.trim()) problems.push({ field: 'title', message: 'Enter a name for the shift' });
    if (!location.trim()) problems.push({ field: 'location', message: 'Enter where the shift is' });
    const day = readDate(date, 'the date of the shift');
    if (day.problem) problems.push({ field: 'date', message: day.problem });
    else if (day.iso! < londonToday()) problems.push({ field: 'date', message: 'The date of the shift must be in the future' });
    const start = readTime(startTime);
    const end = readTime(endTime);
    if (!start) problems.push({ field: 'startTime', message: 'Enter a start time like 9:30 or 14:00' });
    if (!end) problems.push({ field: 'endTime', message: 'Enter an end time like 12:00 or 16:30' });
    else if (start && end <= start) problems.push({ field: 'endTime', message: 'The end time must be after the start time' });
    if (!repeat) problems.push({ field: 'repeat', message: 'Select whether the shift repeats' });
    const count = Number(weeks);
    if (repeat === 'weekly' && !(Number.isInteger(count) && count >= 2 && count <= 52)) problems.push({ field: 'weeks', message: 'Enter a number of weeks between 2 and 52' });
    const wanted = list.map((r) => ({ roleId: r.roleId, places: Number((places[r.roleId] ?? '').trim() || '0') }));
    wanted.forEach((p, i) => {
      if (!Number.isInteger(p.places) || p.places < 0 || p.places > 200)
        problems.push({ field: `places-${list[i]!.roleId}`, message: `Enter a whole number of places for ${list[i]!.title.toLowerCase()}, 0 or more` });
    });
    if (!problems.some((p) => p.field?.startsWith('places-')) && !wanted.some((p) => p.places > 0)) {
      problems.push({ field: `places-${list[0]!.roleId}`, message: 'Enter how many volunteers you need for at least one role' });
    }
    setErrors(problems);
    if (problems.length) return;
    const body: CreateShiftInput = {
      owner: { kind: owner.kind, id: owner.id },
      title: title.trim(),
      location: location.trim(),
      date: day.iso!,
      startTime: start!,
      endTime: end!,
      ...(repeat === 'weekly' ? { rrule: `FREQ=WEEKLY;COUNT=${count}` } : {}),
      places: wanted.filter((p) => p.places > 0),
      ...(notes.trim() ? { notes: notes.trim() } : {}),
    };
    setBusy(true);
    try {
      const made = await callApi('createShift', { body, idempotencyKey: key });
      flashOn(paths.rota(), made.items.length === 1 ? `You added ${body.title}.` : `You added ${made.items.length} weekly shifts: ${body.title}.`);
      route(paths.rota({}, ownerQuery(owner)));
    } catch (err) {
      setErrors(summaryFrom(err, { date: 'The date of the shift must be in the future' }));
      setBusy(false);
    }
  }

  return (
    <Page title={pageTitle} caption={owner.name} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <Loaded load={roles} label="Loading your roles…" retry={retry}>
        {({ items }) =>
          items.length === 0 ? (
            <p>Shifts have places for volunteer roles, and {owner.name.toLowerCase().startsWith('your') ? 'you have' : `${owner.name} has`} no open roles yet.</p>
          ) : (
            <form noValidate onSubmit={(e) => submit(e, items)}>
              <TextField id="title" label="Name of the shift" hint="For example, Friday community café" value={title} onInput={setTitle} error={errorFor(errors, 'title')} />
              <TextField id="location" label="Where is it?" hint="For example, Oak Road Centre, main hall" value={location} onInput={setLocation} error={errorFor(errors, 'location')} />
              <DateFields id="date" label="Date" hint="For example, 27 3 2025. For a weekly shift, the date of the first one." value={date} onInput={setDate} error={errorFor(errors, 'date')} />
              <TextField id="startTime" label="Start time" hint="For example, 9:30 or 14:00" width={5} value={startTime} onInput={setStartTime} error={errorFor(errors, 'startTime')} />
              <TextField id="endTime" label="End time" width={5} value={endTime} onInput={setEndTime} error={errorFor(errors, 'endTime')} />
              <Radios
                id="repeat"
                label="Does it repeat?"
                options={[
                  { value: 'once', label: 'No, just this once' },
                  { value: 'weekly', label: 'Yes, every week' },
                ]}
                value={repeat}
                onChange={setRepeat}
                error={errorFor(errors, 'repeat')}
              />
              {repeat === 'weekly' && (
                <TextField id="weeks" label="For how many weeks?" hint="Up to 52" inputMode="numeric" width={3} value={weeks} onInput={setWeeks} error={errorFor(errors, 'weeks')} />
              )}
              <fieldset class="fieldset form-group">
                <legend class="legend legend-m">How many volunteers do you need?</legend>
                <p class="hint">Leave a role at 0 if the shift does not need it.</p>
                {items.map((r) => (
                  <TextField
                    key={r.roleId}
                    id={`places-${r.roleId}`}
                    label={r.title}
                    inputMode="numeric"
                    width={3}
                    value={places[r.roleId] ?? ''}
                    onInput={(v) => setPlaces({ ...places, [r.roleId]: v })}
                    error={errorFor(errors, `places-${r.roleId}`)}
                  />
                ))}
              </fieldset>
              <TextArea id="notes" label="Notes for volunteers (optional)" rows={3} value={notes} onInput={setNotes} error={errorFor(errors, 'notes')} />
              <Button type="submit" busy={busy}>
                Add shift
              </Button>
              {busy && <Loading label="Adding the shift…" delayMs={0} />}
            </form>
          )
        }
      </Loaded>
    </Page>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { SessionView } from '../../../../functions/sessions/schema';
import { ApiError, callApi, fieldErrors, type InputOf, newIdempotencyKey } from '../../api';
import { hasRole } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { Checkboxes, DateFields, type DateParts, emptyDate, fromIsoDate, Radios, Select, TextField } from '../../components/fields';
import { Loaded, useApi, useLoad } from '../../components/load';
import { NeedsFlag } from '../../components/NeedsFlag';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { addMinutes, durationOptions, durationWords, quarterHourOptions, readDateAnswer, timeWords } from '../../components/times';
import { formatDay, londonToday } from '../../format';
import type { PageProps } from '../../routes';
import { type Repeat, repeatOptions, ruleFor } from './repeat';

/**
 * Add an activity's dates (one, or a repeat chosen from plain words, previewed as dates before they are made),
 * and change or cancel coming dates: one date or the rest of its series, with everyone booked told.
 * For the coordinators and partners who run the activity.
 */
interface Form {
  start: DateParts;
  startTime: string;
  duration: string;
  repeat: Repeat;
  ends: 'count' | 'until';
  count: string;
  until: DateParts;
  skipBankHolidays: boolean;
  capacity: string;
  /** '' the activity's usual place, a room's id, or 'elsewhere' */
  place: string;
  address: string;
  onClash: '' | 'skip' | 'fail';
  /** a coordinator's reason to go ahead outside the hub's opening hours */
  reason: string;
}

const startTimes = quarterHourOptions('06:00', '22:00');
const examples = { start: '2 12 2026', until: '2 3 2027' };

/** The form's answers as the API's schedule, or the problems with them (keyed by field id). */
function read(f: Form): { body?: InputOf<'scheduleSessions'>['body']; problems: SummaryError[] } {
  const problems: SummaryError[] = [];
  const today = londonToday();
  const start = readDateAnswer(f.start, 'the date of the first session', examples.start, { date: today, message: 'The date of the first session must be today or in the future' });
  if (start.problem) problems.push({ field: 'startDate', message: start.problem });
  let end: { count: number } | { until: string } | undefined;
  if (f.repeat !== 'once') {
    if (f.ends === 'count') {
      const n = f.count.trim();
      if (!n) problems.push({ field: 'count', message: 'Enter how many sessions there will be, for example 10' });
      else if (!/^\d{1,3}$/.test(n) || Number(n) < 1 || Number(n) > 104) problems.push({ field: 'count', message: 'The number of sessions must be a whole number from 1 to 104' });
      else end = { count: Number(n) };
    } else {
      const until = readDateAnswer(f.until, 'the date of the last session', examples.until);
      if (until.problem) problems.push({ field: 'until', message: until.problem });
      else if (start.iso && until.iso! <= start.iso) problems.push({ field: 'until', message: 'The date of the last session must be after the date of the first' });
      else end = { until: until.iso! };
    }
  }
  const capacity = f.capacity.trim();
  if (capacity && (!/^\d{1,4}$/.test(capacity) || Number(capacity) < 1 || Number(capacity) > 1000)) {
    problems.push({ field: 'capacity', message: 'Places per session must be a whole number from 1 to 1000' });
  }
  if (f.place === 'elsewhere' && f.address.trim().length < 3) problems.push({ field: 'address', message: 'Enter the address where the sessions are held' });
  if (!addMinutes(f.startTime, Number(f.duration))) problems.push({ field: 'duration', message: 'The session must end by midnight: choose an earlier start or a shorter length' });
  if (problems.length || !start.iso) return { problems };
  const rrule = end ? ruleFor(start.iso, f.repeat, end) : undefined;
  return {
    problems,
    body: {
      startDate: start.iso,
      startTime: f.startTime,
      durationMinutes: Number(f.duration),
      ...(rrule ? { rrule } : {}),
      ...(capacity ? { capacity: Number(capacity) } : {}),
      skipBankHolidays: f.skipBankHolidays,
      ...(f.place === 'elsewhere' ? { elsewhere: f.address.trim() } : f.place ? { roomId: f.place } : {}),
    },
  };
}

/** The API's field names, as this form's field ids and plain messages. */
function fromApi(err: unknown, ends: Form['ends']): SummaryError[] {
  const byField = fieldErrors(err);
  const lines = Object.entries(byField).map(([field, message]) => {
    if (field === 'startDate') return { field, message: message.startsWith('Every date') ? message : `The date of the first session ${message}` };
    if (field === 'rrule') return { field: ends === 'count' ? 'count' : 'until', message: `These dates ${message}` };
    if (field === 'durationMinutes') return { field: 'duration', message: `The length ${message}` };
    if (field === 'capacity') return { field, message: `Places per session ${message}` };
    if (field === 'roomId') return { field: 'place', message };
    if (field === 'elsewhere') return { field: 'address', message: `The address ${message}` };
    if (field === 'startTime') return { field, message };
    if (field === 'outsideHoursReason') return { field: 'reason', message: `The reason ${message}` };
    return { message };
  });
  if (lines.length) return lines;
  return [{ message: err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.' }];
}

/** Waits, or stops waiting when the load it belongs to is abandoned. */
const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), reject(signal.reason)));
  });

const whenWords = (o: { localDate: string; localStartTime: string; localEndTime: string }) => `${formatDay(o.localDate)}, ${timeWords(o.localStartTime)} to ${timeWords(o.localEndTime)}`;

export default function Scheduler({ params }: PageProps) {
  const activityId = params.id ?? '';
  const [activity] = useApi('getActivity', { params: { id: activityId } });
  const [sessions, reloadSessions] = useApi('listSessions', { params: { activityId }, query: { to: addMonths(londonToday(), 12) } });
  const hubId = activity.state === 'ready' ? activity.data.hubId : undefined;
  // the hub's coordinators hold its rooms for sessions; a partner asks for a room through a room request
  // the hub's coordinators may go ahead outside its opening hours, giving a reason
  const mayOverride = hasRole('coordinator', 'admin');
  const [rooms] = useApi('listRooms', hubId && hasRole('coordinator', 'admin') ? { query: { hubId } } : null);
  const [form, setForm] = useState<Form>({
    start: emptyDate,
    startTime: '10:00',
    duration: '60',
    repeat: 'once',
    ends: 'count',
    count: '',
    until: emptyDate,
    skipBankHolidays: true,
    capacity: '',
    place: '',
    address: '',
    onClash: '',
    reason: '',
  });
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | undefined>();
  const [key, setKey] = useState(newIdempotencyKey);
  const set =
    <K extends keyof Form>(k: K) =>
    (v: Form[K]) => {
      setForm((f) => ({ ...f, [k]: v }));
      setDone(undefined);
    };

  // the dates these answers make, shown as soon as the answers are complete (no button to press)
  const answers = read(form);
  const bodyKey = answers.body ? JSON.stringify(answers.body) : '';
  const [previewLoad] = useLoad(
    async (signal) => {
      if (!answers.body) return undefined;
      await pause(250, signal); // typing on: only the answers it settles on are previewed
      return callApi('previewSessions', { params: { activityId }, body: answers.body, signal });
    },
    [bodyKey, activityId],
  );
  // the last dates worked out stay shown while the next are worked out; none after a failure
  const preview = previewLoad.state === 'ready' ? previewLoad.data : undefined;
  const previewing = !!bodyKey && (previewLoad.state === 'loading' || (previewLoad.state === 'ready' && !!previewLoad.stale));

  async function add(e: Event) {
    e.preventDefault();
    if (busy) return;
    const { body, problems } = read(form);
    setErrors(problems);
    if (!body) return;
    const outside = preview?.outsideHours && mayOverride;
    if (outside && !form.reason.trim()) {
      setErrors([{ field: 'reason', message: 'Give the reason for going ahead outside the hub’s opening hours, or choose another time' }]);
      return;
    }
    const clashing = preview?.clashes?.length ?? 0;
    if (clashing && !form.onClash) {
      setErrors([{ field: 'onClash', message: 'Choose whether to add the dates that do not clash, or none of them' }]);
      return;
    }
    if (clashing && form.onClash === 'fail') {
      setErrors([{ field: 'onClash', message: 'No dates were added. Choose another time or room, or leave out the dates that clash' }]);
      return;
    }
    setBusy(true);
    try {
      const made = await callApi('scheduleSessions', {
        params: { activityId },
        body: { ...body, ...(form.onClash === 'skip' ? { onClash: 'skip' as const } : {}), ...(outside ? { outsideHoursReason: form.reason.trim() } : {}) },
        idempotencyKey: key,
      });
      const first = made.sessions.find((s) => s.status === 'scheduled');
      const left = made.clashes?.length ? ` ${made.clashes.length} ${made.clashes.length === 1 ? 'date was' : 'dates were'} left out because the room was taken.` : '';
      const closed = made.closed?.length ? ` ${made.closed.length} ${made.closed.length === 1 ? 'date was' : 'dates were'} left out because the hub is closed.` : '';
      setDone(`${made.created} ${made.created === 1 ? 'date' : 'dates'} added${first ? `, starting ${formatDay(first.localDate)}` : ''}.${left}${closed}`);
      setKey(newIdempotencyKey());
      setForm((f) => ({ ...f, start: emptyDate, count: '', until: emptyDate, onClash: '', reason: '' }));
      reloadSessions();
    } catch (err) {
      setErrors(fromApi(err, form.ends));
    } finally {
      setBusy(false);
    }
  }

  const title = activity.state === 'ready' ? activity.data.title : undefined;
  const startIso = readDateAnswer(form.start, 'the date of the first session', examples.start).iso;
  const err = (id: string) => errors.find((e) => e.field === id)?.message;
  return (
    <Page title="Add dates" caption={title} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <div aria-live="polite">{done && <Notice tone="success">{done}</Notice>}</div>
      <form noValidate onSubmit={add}>
        <DateFields id="startDate" label="Date of the first session" hint={`For example, ${examples.start}`} value={form.start} onInput={set('start')} error={err('startDate')} />
        <Select id="startTime" label="Start time" options={startTimes} value={form.startTime} onChange={set('startTime')} error={err('startTime')} />
        <Select id="duration" label="How long is each session?" options={durationOptions} value={form.duration} onChange={set('duration')} error={err('duration')} />
        <Radios id="repeat" label="How often?" options={repeatOptions(startIso)} value={form.repeat} onChange={(v) => set('repeat')(v as Repeat)} />
        {form.repeat !== 'once' && (
          <>
            <Radios
              id="ends"
              label="Until when?"
              options={[
                { value: 'count', label: 'For a number of sessions' },
                { value: 'until', label: 'Until a date' },
              ]}
              value={form.ends}
              onChange={(v) => set('ends')(v as Form['ends'])}
            />
            {form.ends === 'count' ? (
              <TextField id="count" label="How many sessions?" hint="Up to 104" inputMode="numeric" width={3} value={form.count} onInput={set('count')} error={err('count')} />
            ) : (
              <DateFields id="until" label="Date of the last session" hint={`For example, ${examples.until}`} value={form.until} onInput={set('until')} error={err('until')} />
            )}
            <Checkboxes
              id="skipBankHolidays"
              label="Bank holidays"
              options={[{ value: 'skip', label: 'Skip bank holidays', hint: 'No session on a bank holiday in England and Wales' }]}
              values={form.skipBankHolidays ? ['skip'] : []}
              onChange={(v) => set('skipBankHolidays')(v.includes('skip'))}
            />
          </>
        )}
        <Radios
          id="place"
          label="Where?"
          hint={rooms.state === 'ready' && rooms.data.items.length ? 'Choosing a room books it for every date, with its setup and cleardown time' : undefined}
          options={[
            { value: '', label: activity.state === 'ready' ? `The usual place (${activity.data.venue?.name ?? activity.data.hubName ?? 'the activity’s venue'})` : 'The usual place' },
            ...(rooms.state === 'ready' ? rooms.data.items.map((r) => ({ value: r.roomId, label: r.name, hint: `Holds ${r.capacity}` })) : []),
            { value: 'elsewhere', label: 'Somewhere else' },
          ]}
          value={form.place}
          onChange={set('place')}
          error={err('place')}
        />
        {form.place === 'elsewhere' && (
          <TextField id="address" label="Address" hint="Where people should go, for example 3 Mill Lane allotments" value={form.address} onInput={set('address')} error={err('address')} />
        )}
        <TextField
          id="capacity"
          label="Places per session (optional)"
          hint={activity.state === 'ready' ? `Leave empty for the usual ${activity.data.booking.defaultCapacity}` : 'Leave empty for the activity’s usual number'}
          inputMode="numeric"
          width={4}
          value={form.capacity}
          onInput={set('capacity')}
          error={err('capacity')}
        />

        <section aria-labelledby="preview-heading" aria-live="polite">
          <h2 class="heading-m" id="preview-heading">
            {preview ? `${preview.occurrences.length} ${preview.occurrences.length === 1 ? 'date' : 'dates'}` : 'The dates'}
          </h2>
          {!preview && <p>{previewing ? 'Working out the dates…' : 'Answer the questions above to see the dates here.'}</p>}
          {preview && (
            <>
              <ol class="list list-number">
                {preview.occurrences.map((o) => (
                  <li key={o.startsAt}>{whenWords(o)}</li>
                ))}
              </ol>
              {(preview.clashes?.length ?? 0) > 0 && (
                <>
                  <Notice tone="warning" title={`The room is taken on ${preview.clashes!.length} ${preview.clashes!.length === 1 ? 'date' : 'dates'}`}>
                    <ul class="list">
                      {preview.clashes!.map((c) => (
                        <li key={c.startsAt}>
                          {whenWords(c)}: clashes with {c.clashesWith.what}, {timeWords(c.clashesWith.startLocal.slice(11))} to {timeWords(c.clashesWith.endLocal.slice(11))}
                        </li>
                      ))}
                    </ul>
                  </Notice>
                  <Radios
                    id="onClash"
                    label="What should happen to the dates that clash?"
                    options={[
                      { value: 'skip', label: 'Add the other dates without them' },
                      { value: 'fail', label: 'Do not add any dates' },
                    ]}
                    value={form.onClash}
                    onChange={(v) => set('onClash')(v as Form['onClash'])}
                    error={err('onClash')}
                  />
                </>
              )}
              {preview.skipped.length > 0 && (
                <p>
                  Left out:{' '}
                  {preview.skipped.map((o) => `${formatDay(o.localDate)} (${o.note === 'bank-holiday' ? 'bank holiday' : o.note === 'hub-closed' ? 'the hub is closed' : 'skipped'})`).join(', ')}
                </p>
              )}
              {(preview.closed?.length ?? 0) > 0 && (
                <ul class="list">
                  {preview.closed!.map((c) => (
                    <li key={c.startsAt}>{c.reason}</li>
                  ))}
                </ul>
              )}
              {preview.outsideHours && (
                <>
                  <Notice tone="warning" title="Outside the hub’s opening hours">
                    <p>{preview.outsideHours}</p>
                    {!mayOverride && <p>Choose a time when the hub is open.</p>}
                  </Notice>
                  {mayOverride && (
                    <TextField
                      id="reason"
                      label="Why go ahead outside the opening hours?"
                      hint="This is recorded with the dates, for example Caretaker booked until 23:00"
                      value={form.reason}
                      onInput={set('reason')}
                      error={err('reason')}
                    />
                  )}
                </>
              )}
            </>
          )}
        </section>
        <Button type="submit" busy={busy}>
          {preview ? `Add ${preview.occurrences.length} ${preview.occurrences.length === 1 ? 'date' : 'dates'}` : 'Add the dates'}
        </Button>
      </form>

      <h2 class="heading-l" id="coming">
        Coming dates
      </h2>
      <Loaded load={sessions} label="Loading the coming dates…" retry={reloadSessions}>
        {({ items }) =>
          items.length === 0 ? (
            <p>No dates yet.</p>
          ) : (
            <ul class="session-list" aria-labelledby="coming">
              {items.map((s) => (
                <ComingDate
                  key={s.id}
                  session={s}
                  onChanged={(message) => {
                    setDone(message);
                    reloadSessions();
                  }}
                />
              ))}
            </ul>
          )
        }
      </Loaded>
      {title && (
        <p>
          <a href={paths.activity({ id: activityId })}>Back to {title}</a>
        </p>
      )}
    </Page>
  );
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

type Action = 'none' | 'change' | 'cancel' | 'booked';

/** One coming date: places taken, and changing or cancelling it (or the rest of its series). */
function ComingDate({ session: s, onChanged }: { session: SessionView; onChanged: (message: string) => void }) {
  const [action, setAction] = useState<Action>('none');
  const when = whenWords(s);
  const people = s.confirmed + s.waitlisted;
  const toggle = (a: Action) => setAction(action === a ? 'none' : a);
  return (
    <li class="session">
      <h3 class="heading-s">{when}</h3>
      <p>
        {s.confirmed} of {s.capacity} places taken{s.waitlisted ? `, ${s.waitlisted} waiting` : ''}
        {s.room ? `. ${s.room}` : ''}
      </p>
      <div class="button-group">
        <Button variant="secondary" aria-expanded={action === 'change' ? 'true' : 'false'} onClick={() => toggle('change')}>
          Change<span class="visually-hidden"> {when}</span>
        </Button>
        <Button variant="secondary" aria-expanded={action === 'cancel' ? 'true' : 'false'} onClick={() => toggle('cancel')}>
          Cancel<span class="visually-hidden"> {when}</span>
        </Button>
        {people > 0 && (
          <Button variant="secondary" aria-expanded={action === 'booked' ? 'true' : 'false'} onClick={() => toggle('booked')}>
            Who is booked<span class="visually-hidden"> on {when}</span>
          </Button>
        )}
      </div>
      {action === 'change' && (
        <ChangeDate
          session={s}
          onDone={(m) => {
            setAction('none');
            onChanged(m);
          }}
        />
      )}
      {action === 'cancel' && (
        <CancelDate
          session={s}
          onDone={(m) => {
            setAction('none');
            onChanged(m);
          }}
        />
      )}
      {action === 'booked' && <BookedList session={s} />}
    </li>
  );
}

const scopeOptions = [
  { value: 'this', label: 'This date only' },
  { value: 'rest', label: 'This date and every later date in the series' },
];

const told = (s: SessionView) => (s.confirmed + s.waitlisted > 0 ? ' We have told the people booked.' : '');

function ChangeDate({ session: s, onDone }: { session: SessionView; onDone: (message: string) => void }) {
  const id = (name: string) => `${name}-${s.id}`;
  const length = (Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000;
  const [date, setDate] = useState<DateParts>(fromIsoDate(s.localDate));
  const [time, setTime] = useState(s.localStartTime);
  const [duration, setDuration] = useState(String(length));
  const [capacity, setCapacity] = useState(String(s.capacity));
  const [scope, setScope] = useState<'this' | 'rest'>('this');
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  // why the change is outside the hub's diary (its hours or closed days, or a shift's), once the API has said so
  const [outside, setOutside] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const mayOverride = hasRole('coordinator', 'admin');
  // a new date or time is asked about afresh
  useEffect(() => setOutside(undefined), [date, time, duration]);
  const lengths = durationOptions.some((o) => o.value === String(length)) ? durationOptions : [{ value: String(length), label: durationWords(length) }, ...durationOptions];

  async function save(e: Event) {
    e.preventDefault();
    if (busy) return;
    const problems: SummaryError[] = [];
    const day = readDateAnswer(date, 'the new date', examples.start, { date: londonToday(), message: 'The new date must be today or in the future' });
    if (scope === 'this' && day.problem) problems.push({ field: id('date'), message: day.problem });
    if (!/^\d{1,4}$/.test(capacity.trim()) || Number(capacity) < 1) problems.push({ field: id('capacity'), message: 'Places must be a whole number from 1 to 1000' });
    if (outside && mayOverride && !reason.trim()) problems.push({ field: id('reason'), message: 'Give the reason for going ahead outside the hub’s opening hours, or choose another time' });
    setErrors(problems);
    if (problems.length) return;
    const body: InputOf<'updateSession'>['body'] = { scope };
    if (scope === 'this' && day.iso !== s.localDate) body.localDate = day.iso;
    if (time !== s.localStartTime) body.localStartTime = time;
    if (Number(duration) !== length) body.durationMinutes = Number(duration);
    if (Number(capacity) !== s.capacity) body.capacity = Number(capacity);
    if (Object.keys(body).length === 1) return setErrors([{ message: 'Nothing has changed: change the date, time, length or places first' }]);
    if (outside && mayOverride) body.outsideHoursReason = reason.trim();
    setBusy(true);
    try {
      const changed = await callApi('updateSession', { params: { sessionId: s.id }, body });
      const n = 1 + (changed.alsoChanged ?? 0);
      onDone(`${n === 1 ? 'The date is' : `${n} dates are`} changed.${scope === 'rest' ? ' We have told the people booked on each.' : told(s)}`);
    } catch (err) {
      if (err instanceof ApiError && (err.code === 'outside_opening_hours' || err.code === 'hub_closed') && !outside) {
        setOutside(err.detail);
        setErrors([{ field: mayOverride ? id('reason') : id('time'), message: mayOverride ? 'Give the reason for going ahead outside the hub’s opening hours, or choose another time' : err.detail }]);
        setBusy(false);
        return;
      }
      const byField = fieldErrors(err);
      const lines = Object.entries(byField).map(([f, m]) => ({
        field: id(f === 'localDate' ? 'date' : f === 'capacity' ? 'capacity' : 'date'),
        message: `${f === 'capacity' ? 'Places' : 'The new date'} ${m}`,
      }));
      setErrors(lines.length ? lines : [{ message: err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.' }]);
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={save} class="inset">
      <ErrorSummary errors={errors} title="This date could not be changed" />
      {s.seriesId && <Radios id={id('scope')} label="Which dates?" options={scopeOptions} value={scope} onChange={(v) => setScope(v as 'this' | 'rest')} />}
      {scope === 'this' && (
        <DateFields id={id('date')} label="Date" hint={`For example, ${examples.start}`} value={date} onInput={setDate} error={errors.find((e) => e.field === id('date'))?.message} />
      )}
      <Select id={id('time')} label="Start time" options={startTimes} value={time} onChange={setTime} />
      <Select id={id('duration')} label="How long?" options={lengths} value={duration} onChange={setDuration} />
      <TextField id={id('capacity')} label="Places" inputMode="numeric" width={4} value={capacity} onInput={setCapacity} error={errors.find((e) => e.field === id('capacity'))?.message} />
      {outside && (
        <Notice tone="warning" title="Outside the hub’s opening hours">
          <p>{outside}</p>
          {mayOverride && (
            <TextField
              id={id('reason')}
              label="Why go ahead outside the opening hours?"
              hint="This is recorded with the date, for example Caretaker opens early for us"
              value={reason}
              onInput={setReason}
              error={errors.find((e) => e.field === id('reason'))?.message}
            />
          )}
        </Notice>
      )}
      <Button type="submit" busy={busy}>
        Save changes
      </Button>
    </form>
  );
}

function CancelDate({ session: s, onDone }: { session: SessionView; onDone: (message: string) => void }) {
  const id = (name: string) => `${name}-${s.id}`;
  const [reason, setReason] = useState('');
  const [scope, setScope] = useState<'this' | 'rest'>('this');
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function cancel(e: Event) {
    e.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const done = await callApi('cancelSession', { params: { sessionId: s.id }, body: { scope, ...(reason.trim() ? { reason: reason.trim() } : {}) } });
      const n = 1 + (done.alsoChanged ?? 0);
      onDone(`${n === 1 ? 'The date is' : `${n} dates are`} cancelled.${scope === 'rest' ? ' We have told the people booked on each.' : told(s)}`);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.');
      setBusy(false);
    }
  }

  return (
    <form noValidate onSubmit={cancel} class="inset">
      {problem && (
        <Notice tone="warning" title="This date could not be cancelled">
          {problem}
        </Notice>
      )}
      {s.seriesId && <Radios id={id('cancel-scope')} label="Which dates?" options={scopeOptions} value={scope} onChange={(v) => setScope(v as 'this' | 'rest')} />}
      <TextField id={id('reason')} label="Reason (optional)" hint="We send it to the people booked, for example “The hall is closed for repairs”" value={reason} onInput={setReason} />
      <Button type="submit" variant="warning" busy={busy}>
        {scope === 'rest' ? 'Cancel these dates' : 'Cancel this date'}
      </Button>
    </form>
  );
}

function BookedList({ session: s }: { session: SessionView }) {
  const [list, reload] = useApi('listSessionReservations', { params: { sessionId: s.id } });
  return (
    <Loaded load={list} label="Loading who is booked…" retry={reload}>
      {({ items }) => (
        <ul class="list">
          {items
            .filter((r) => r.status !== 'cancelled')
            .map((r) => (
              <li key={r.id}>
                {r.personName ?? 'Someone without an account'}: {r.status === 'waitlisted' ? `waiting (number ${r.waitlistPosition})` : r.status}
                {r.companion ? ', with a companion' : ''}
                {r.communicationNeeds && (
                  <>
                    {' '}
                    <NeedsFlag needs={r.communicationNeeds} />
                  </>
                )}
              </li>
            ))}
        </ul>
      )}
    </Loaded>
  );
}

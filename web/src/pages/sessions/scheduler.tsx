import { useState } from 'preact/hooks';
import { api, ApiError, fieldErrors, newIdempotencyKey } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Radios, TextField } from '../../components/fields';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { Occurrence, SessionView } from '../../../../functions/sessions/schema';
import type { ReservationView } from '../../../../functions/reservations/schema';
import { useApi } from './useApi';

const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** Coordinators' scheduler: a first date, a repeat, a preview of the dates, then make them; and who is booked. */
export default function Scheduler({ params, pageTitle }: PageProps) {
  const activityId = params.id!;
  const [form, setForm] = useState({ startDate: '', startTime: '10:00', durationMinutes: '60', repeat: 'none', count: '8', capacity: '', skipBankHolidays: 'yes' });
  const [preview, setPreview] = useState<{ occurrences: Occurrence[]; skipped: Occurrence[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [key, setKey] = useState(newIdempotencyKey);
  const sessions = useApi<{ items: SessionView[] }>(`/activity-sessions/${activityId}`);
  const set = (k: keyof typeof form) => (v: string) => setForm({ ...form, [k]: v });

  const body = () => {
    const day = form.startDate ? days[(new Date(`${form.startDate}T12:00:00Z`).getUTCDay() + 6) % 7] : 'MO';
    const nth = form.startDate ? Math.ceil(Number(form.startDate.slice(8, 10)) / 7) : 1;
    const rrule = { none: undefined, weekly: `FREQ=WEEKLY;BYDAY=${day}`, fortnightly: `FREQ=WEEKLY;INTERVAL=2;BYDAY=${day}`, monthly: `FREQ=MONTHLY;BYDAY=${Math.min(nth, 4)}${day}` }[form.repeat];
    return {
      startDate: form.startDate,
      startTime: form.startTime,
      durationMinutes: Number(form.durationMinutes),
      ...(rrule ? { rrule: `${rrule};COUNT=${Number(form.count) || 1}` } : {}),
      ...(form.capacity ? { capacity: Number(form.capacity) } : {}),
      skipBankHolidays: form.skipBankHolidays === 'yes',
    };
  };
  const run = async (make: boolean) => {
    setBusy(true);
    setError(null);
    try {
      if (make) {
        const made = await api<{ created: number }>(`/activity-sessions/${activityId}`, { body: body(), idempotencyKey: key });
        setDone(`${made.created} ${made.created === 1 ? 'session' : 'sessions'} added.`);
        setPreview(null);
        setKey(newIdempotencyKey());
        sessions.reload();
      } else setPreview(await api(`/activity-sessions/${activityId}/preview`, { body: body() }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const errors = fieldErrors(error);
  const summary = Object.entries(errors).map(([field, message]) => ({ field, message }));
  return (
    <Page title={pageTitle} hasErrors={!!summary.length}>
      {summary.length > 0 && <ErrorSummary errors={summary} />}
      {error instanceof ApiError && !summary.length && <Notice tone="warning">{error.detail}</Notice>}
      <div aria-live="polite">{done && <Notice tone="success">{done}</Notice>}</div>
      <TextField id="startDate" label="First date" hint="For example, 2027-03-02" value={form.startDate} onInput={set('startDate')} width={10} error={errors.startDate} />
      <TextField id="startTime" label="Start time (UK time)" hint="24-hour clock, for example 14:30" value={form.startTime} onInput={set('startTime')} width={5} error={errors.startTime} />
      <TextField id="durationMinutes" label="How long, in minutes" value={form.durationMinutes} onInput={set('durationMinutes')} inputMode="numeric" width={4} error={errors.durationMinutes} />
      <Radios
        id="repeat"
        label="Does it repeat?"
        value={form.repeat}
        onChange={set('repeat')}
        options={[
          { value: 'none', label: 'No, just this date' },
          { value: 'weekly', label: 'Every week on the same day' },
          { value: 'fortnightly', label: 'Every two weeks' },
          { value: 'monthly', label: 'Every month on the same weekday (for example, the second Tuesday)' },
        ]}
      />
      {form.repeat !== 'none' && <TextField id="count" label="How many sessions" value={form.count} onInput={set('count')} inputMode="numeric" width={3} error={errors.rrule} />}
      <TextField id="capacity" label="Places per session (optional)" hint="Leave empty to use the activity's usual number" value={form.capacity} onInput={set('capacity')} inputMode="numeric" width={4} error={errors.capacity} />
      <Radios id="skipBankHolidays" label="Skip bank holidays?" inline value={form.skipBankHolidays} onChange={set('skipBankHolidays')} options={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} />
      <div class="button-group">
        <Button variant="secondary" busy={busy} onClick={() => run(false)}>Preview the dates</Button>
        <Button busy={busy} onClick={() => run(true)}>Add these sessions</Button>
      </div>
      {preview && (
        <section aria-labelledby="preview-heading">
          <h2 class="heading-m" id="preview-heading">{preview.occurrences.length} dates</h2>
          <ul class="list">
            {preview.occurrences.map((o) => (
              <li key={o.startsAt}>{o.localDate}, {o.localStartTime} to {o.localEndTime}{o.status === 'cancelled' ? ' (cancelled)' : ''}</li>
            ))}
          </ul>
          {preview.skipped.length > 0 && <p>Left out: {preview.skipped.map((o) => `${o.localDate} (${o.note === 'bank-holiday' ? 'bank holiday' : 'skipped'})`).join(', ')}</p>}
        </section>
      )}
      <h2 class="heading-l">Coming sessions</h2>
      <ul class="session-list">
        {sessions.data?.items.map((s) => <BookedList key={s.id} session={s} />)}
      </ul>
    </Page>
  );
}

function BookedList({ session: s }: { session: SessionView }) {
  const [open, setOpen] = useState(false);
  const list = useApi<{ items: (ReservationView & { personName?: string })[] }>(open ? `/session-reservations/${s.id}` : null);
  return (
    <li class="session">
      <h3 class="heading-s">{s.localDate}, {s.localStartTime}: {s.confirmed} of {s.capacity} places taken, {s.waitlisted} waiting</h3>
      <Button variant="secondary" aria-expanded={open ? 'true' : 'false'} onClick={() => setOpen(!open)}>{open ? 'Hide who is booked' : 'Who is booked'}</Button>
      {open && list.data && (
        <ul class="list">
          {list.data.items.filter((r) => r.status !== 'cancelled').map((r) => (
            <li key={r.id}>{r.personName ?? 'Someone without an account'}: {r.status === 'waitlisted' ? `waiting (${r.waitlistPosition})` : r.status}{r.companion ? ', with a companion' : ''}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

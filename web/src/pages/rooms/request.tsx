import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, fieldErrors, newIdempotencyKey } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { Checkboxes, Radios, Select, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { Clash, Room, RoomBooking } from '../../../../functions/rooms/schema';
import { dateWords, timeRange, todayInLondon } from './shared';

const quarterHours = Array.from({ length: 24 * 4 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`);
const timeOptions = quarterHours.map((t) => ({ value: t, label: t }));

interface Form {
  date: string;
  startTime: string;
  endTime: string;
  repeat: 'once' | 'weekly';
  weeks: string;
  purpose: string;
  attendance: string;
  isPrivate: boolean;
  groupName: string;
  answers: Record<string, string>;
}

/** Ask for a room: one date or every week, with the clashes shown before anything is sent. */
export default function RequestRoom({ params }: PageProps) {
  const roomId = params.roomId ?? '';
  const [room, setRoom] = useState<Room | undefined>();
  const [loadError, setLoadError] = useState<string | undefined>();
  const [form, setForm] = useState<Form>({ date: todayInLondon(), startTime: '10:00', endTime: '12:00', repeat: 'once', weeks: '4', purpose: '', attendance: '', isPrivate: false, groupName: '', answers: {} });
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [clashes, setClashes] = useState<Clash[] | undefined>();
  const [onClash, setOnClash] = useState<'skip' | 'abandon'>('skip');
  const [busy, setBusy] = useState<'check' | 'send' | undefined>();
  const [done, setDone] = useState<RoomBooking | undefined>();
  const [idempotencyKey] = useState(newIdempotencyKey);

  useEffect(() => {
    api<Room>(`/rooms/${roomId}`).then(setRoom).catch((err) => setLoadError(err instanceof ApiError ? err.detail : 'We could not load the room.'));
  }, [roomId]);

  const set = <K extends keyof Form>(key: K) => (value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (key === 'date' || key === 'startTime' || key === 'endTime' || key === 'repeat' || key === 'weeks') setClashes(undefined);
  };
  const isResident = !!me.value && !me.value.roles.some((r) => r === 'partner' || r === 'coordinator' || r === 'admin');
  const timing = () => ({
    start: `${form.date}T${form.startTime}`,
    end: `${form.date}T${form.endTime}`,
    ...(form.repeat === 'weekly' ? { repeat: { rrule: `FREQ=WEEKLY;COUNT=${Number(form.weeks) || 1}` } } : {}),
  });

  function showProblem(err: unknown) {
    const byField = fieldErrors(err);
    const mapped: SummaryError[] = Object.entries(byField).map(([field, message]) => ({ field: formField(field), message: `${label(field)} ${message}` }));
    setErrors(mapped.length ? mapped : [{ message: err instanceof ApiError ? err.detail : 'Something went wrong. Try again.' }]);
  }

  async function check() {
    setBusy('check');
    setErrors([]);
    try {
      const result = await api<{ clashes: Clash[] }>(`/rooms/${roomId}/booking-check`, { method: 'POST', body: timing() });
      setClashes(result.clashes);
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(undefined);
    }
  }

  async function send() {
    if (clashes === undefined) return check();
    if (clashes.length && onClash === 'abandon') return setErrors([{ message: 'Choose other times, then check the dates again.' }]);
    setBusy('send');
    setErrors([]);
    try {
      const body = {
        ...timing(),
        onClash: 'skip',
        purpose: form.purpose,
        expectedAttendance: Number(form.attendance) || 0,
        private: form.isPrivate,
        ...(isResident ? { groupName: form.groupName } : {}),
        answers: Object.entries(form.answers).filter(([, a]) => a.trim()).map(([questionId, answer]) => ({ questionId, answer })),
      };
      setDone(await api<RoomBooking>(`/rooms/${roomId}/bookings`, { method: 'POST', body, idempotencyKey }));
    } catch (err) {
      showProblem(err);
    } finally {
      setBusy(undefined);
    }
  }

  if (loadError) return <Page title="Book a room"><Notice tone="warning" title="There is a problem">{loadError}</Notice></Page>;
  if (!room) return <Page title="Book a room"><Loading label="Loading the room…" /></Page>;
  if (done) {
    return (
      <Page title={done.status === 'confirmed' ? 'Room booked' : 'Request sent'}>
        <Notice tone="success">
          {done.status === 'confirmed'
            ? `${room.name} is booked for ${done.occurrenceCount} ${done.occurrenceCount === 1 ? 'date' : 'dates'}.`
            : `We have sent your request for ${room.name} to the hub. You will get a message when they decide.`}
        </Notice>
        {done.skipped.length > 0 && <p>{done.skipped.length} clashing {done.skipped.length === 1 ? 'date was' : 'dates were'} left out.</p>}
        <p>Booking reference: {done.bookingId}</p>
      </Page>
    );
  }

  const err = (id: string) => errors.find((e) => e.field === id)?.message;
  return (
    <Page title={`Book ${room.name}`} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <p>
        Up to {room.capacity} people. {room.hireTerms}
      </p>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          send();
        }}
      >
        <TextField id="date" label="Date" hint="For example, 2026-03-17" width={10} value={form.date} onInput={set('date')} error={err('date')} />
        <Select id="startTime" label="Start time" options={timeOptions} value={form.startTime} onChange={set('startTime')} error={err('startTime')} />
        <Select id="endTime" label="End time" options={timeOptions} value={form.endTime} onChange={set('endTime')} error={err('endTime')} />
        <Radios
          id="repeat"
          label="How often?"
          options={[{ value: 'once', label: 'Just this date' }, { value: 'weekly', label: 'Every week' }]}
          value={form.repeat}
          onChange={(v) => set('repeat')(v as Form['repeat'])}
        />
        {form.repeat === 'weekly' && (
          <TextField id="weeks" label="For how many weeks?" hint="Up to 52 weeks" type="number" inputMode="numeric" width={3} value={form.weeks} onInput={set('weeks')} error={err('weeks')} />
        )}

        <Button variant="secondary" busy={busy === 'check'} onClick={check}>
          Check the dates
        </Button>
        {busy === 'check' && <Loading label="Checking the dates…" />}
        {clashes && clashes.length === 0 && <Notice tone="success">The room is free on every date.</Notice>}
        {clashes && clashes.length > 0 && (
          <div role="status">
            <Notice tone="warning" title={`${clashes.length} ${clashes.length === 1 ? 'date clashes' : 'dates clash'} with a confirmed booking`}>
              <ul class="list list-bullet">
                {clashes.map((c) => (
                  <li key={c.start}>
                    {dateWords(c.startLocal.slice(0, 10))}, {timeRange(c)}
                  </li>
                ))}
              </ul>
            </Notice>
            <Radios
              id="onClash"
              label="What would you like to do?"
              options={[{ value: 'skip', label: 'Book the other dates and leave these out' }, { value: 'abandon', label: 'Choose other times' }]}
              value={onClash}
              onChange={(v) => setOnClash(v as 'skip' | 'abandon')}
            />
          </div>
        )}

        <TextField id="purpose" label="What is the booking for?" value={form.purpose} onInput={set('purpose')} error={err('purpose')} />
        <TextField id="attendance" label="How many people do you expect?" type="number" inputMode="numeric" width={4} value={form.attendance} onInput={set('attendance')} error={err('attendance')} />
        {isResident && <TextField id="groupName" label="Name of your residents’ group" value={form.groupName} onInput={set('groupName')} error={err('groupName')} />}
        {room.bookingQuestions.map((q) => (
          <TextField
            key={q.id}
            id={`answer-${q.id}`}
            label={q.required ? q.question : `${q.question} (optional)`}
            value={form.answers[q.id] ?? ''}
            onInput={(v) => setForm((f) => ({ ...f, answers: { ...f.answers, [q.id]: v } }))}
            error={err(`answer-${q.id}`)}
          />
        ))}
        <Checkboxes
          id="private"
          label="Privacy"
          options={[{ value: 'private', label: 'Keep this booking private', hint: 'Others will only see that the room is busy.' }]}
          values={form.isPrivate ? ['private'] : []}
          onChange={(v) => set('isPrivate')(v.includes('private'))}
        />
        <Button type="submit" busy={busy === 'send'}>
          {clashes === undefined ? 'Check dates and continue' : 'Send request'}
        </Button>
        {busy === 'send' && <Loading label="Sending your request…" />}
      </form>
    </Page>
  );
}

/** API field names -> this form's field ids. */
function formField(apiField: string): string | undefined {
  const map: Record<string, string> = { start: 'date', end: 'endTime', 'repeat-rrule': 'weeks', expectedAttendance: 'attendance', purpose: 'purpose', groupName: 'groupName' };
  return map[apiField];
}

function label(apiField: string): string {
  const map: Record<string, string> = { start: 'Date and start time', end: 'End time', 'repeat-rrule': 'Number of weeks', expectedAttendance: 'Number of people', purpose: 'What it is for', groupName: 'Group name', answers: 'Answers' };
  return map[apiField] ?? 'This answer';
}

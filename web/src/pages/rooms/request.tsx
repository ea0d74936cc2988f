import { useEffect, useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { Availability, Clash, LocalTimes, Room, RoomBooking } from '../../../../functions/rooms/schema';
import { ApiError, callApi, fieldErrors, newIdempotencyKey } from '../../api';
import { me } from '../../auth';
import { Button, ButtonLink } from '../../components/Button';
import { ErrorSummary, type SummaryError } from '../../components/ErrorSummary';
import { Checkboxes, DateFields, type DateParts, emptyDate, Radios, Select, TextField } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { type Load, Loaded, useApi, useLoad } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { quarterHourOptions, readDateAnswer, timeWords } from '../../components/times';
import { formatDay, joinWords, londonToday } from '../../format';
import type { PageProps } from '../../routes';
import { repeatOptions, ruleFor } from '../sessions/repeat';

/**
 * Ask for a room: the hub and room (or the room the link came from), the day with the room's free times shown,
 * the times, and how often. The dates are checked as they are chosen; when they clash the page says with what
 * and offers the nearest free times.
 */
interface Form {
  hubId: string;
  roomId: string;
  date: DateParts;
  startTime: string;
  endTime: string;
  repeat: 'once' | 'weekly' | 'fortnightly';
  times: string;
  purpose: string;
  attendance: string;
  isPrivate: boolean;
  groupName: string;
  answers: Record<string, string>;
}

const times = quarterHourOptions('07:00', '23:00');
const example = '2 12 2026';
type Check = { clashes: Clash[]; nearestFree: LocalTimes[]; occurrences: { start: string }[]; closed?: { startLocal: string; endLocal: string; reason: string }[]; outsideHours?: string };

const facilityWords: Record<string, string> = {
  stepFree: 'step-free',
  hearingLoop: 'hearing loop',
  kitchen: 'kitchen',
  projector: 'projector',
  accessibleToilet: 'accessible toilet',
  sportsFloor: 'sports floor',
  babyChange: 'baby change',
  wifi: 'wifi',
  parking: 'parking',
};
const roomHint = (r: Room) => [`Up to ${r.capacity} people`, r.facilities.length ? joinWords(r.facilities.map((f) => facilityWords[f] ?? f)) : ''].filter(Boolean).join('; ');

/** The form's timing as the API's, or the problems with it. */
function timing(f: Form): { body?: { start: string; end: string; repeat?: { rrule: string } }; problems: SummaryError[] } {
  const problems: SummaryError[] = [];
  const date = readDateAnswer(f.date, 'the date', example, { date: londonToday(), message: 'The date must be today or in the future' });
  if (date.problem) problems.push({ field: 'date', message: date.problem });
  if (f.endTime <= f.startTime) problems.push({ field: 'endTime', message: 'The end time must be after the start time' });
  let count = 1;
  if (f.repeat !== 'once') {
    const n = f.times.trim();
    if (!n) problems.push({ field: 'times', message: 'Enter how many times you need the room, for example 6' });
    else if (!/^\d{1,2}$/.test(n) || Number(n) < 1 || Number(n) > 52) problems.push({ field: 'times', message: 'The number of times must be a whole number from 1 to 52' });
    else count = Number(n);
  }
  if (problems.length || !date.iso) return { problems };
  const rrule = ruleFor(date.iso, f.repeat, { count });
  return { problems, body: { start: `${date.iso}T${f.startTime}`, end: `${date.iso}T${f.endTime}`, ...(rrule ? { repeat: { rrule } } : {}) } };
}

export default function RequestRoom({ params, query }: PageProps) {
  const fixedRoom = params.roomId;
  const [room] = useApi('getRoom', fixedRoom ? { params: { roomId: fixedRoom } } : null);
  if (fixedRoom) {
    return (
      <Loaded load={room} label="Loading the room…">
        {(r) => <RequestForm initial={{ hubId: r.hubId, roomId: r.roomId }} fixedRoom={r} />}
      </Loaded>
    );
  }
  return <RequestForm initial={{ hubId: query.hub ?? '', roomId: '' }} />;
}

function RequestForm({ initial, fixedRoom }: { initial: { hubId: string; roomId: string }; fixedRoom?: Room }) {
  const [form, setForm] = useState<Form>({
    ...initial,
    date: emptyDate,
    startTime: '10:00',
    endTime: '12:00',
    repeat: 'once',
    times: '',
    purpose: '',
    attendance: '',
    isPrivate: false,
    groupName: '',
    answers: {},
  });
  const [hubs] = useApi('listHubs', fixedRoom ? null : {});
  const [rooms] = useApi('listRooms', !fixedRoom && form.hubId ? { query: { hubId: form.hubId } } : null);
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [onClash, setOnClash] = useState<'skip' | 'other'>('other');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<RoomBooking | undefined>();
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  // a coordinator's reason to go ahead outside the hub's opening hours
  const [hoursReason, setHoursReason] = useState('');

  const room = fixedRoom ?? (rooms.state === 'ready' ? rooms.data.items.find((r) => r.roomId === form.roomId) : undefined);
  const set =
    <K extends keyof Form>(key: K) =>
    (value: Form[K]) =>
      setForm((f) => ({ ...f, [key]: value, ...(key === 'hubId' ? { roomId: '' } : {}) }));
  const isResident = !!me.value && !me.value.roles.some((r) => r === 'partner' || r === 'coordinator' || r === 'admin');
  const isCoordinator = !!room && !!me.value && (me.value.hubIds.includes(room.hubId) || me.value.roles.includes('admin'));

  const wanted = timing(form);
  const day = readDateAnswer(form.date, 'the date', example).iso;
  // the room's day: its free times, and what is booked (each shown as the viewer may see it)
  const [dayLoad] = useLoad(
    (signal) => (room && day ? callApi('getRoomAvailability', { params: { roomId: room.roomId }, query: { from: day, to: day }, signal }) : Promise.resolve(undefined)),
    [room?.roomId ?? '', day ?? ''],
  );
  // the wanted dates checked against the room's bookings as soon as they are complete
  const wantedKey = room && wanted.body ? JSON.stringify(wanted.body) : '';
  const [check] = useLoad(
    (signal) => (room && wanted.body ? callApi('checkRoomBooking', { params: { roomId: room.roomId }, body: wanted.body, signal }) : Promise.resolve(undefined)),
    [room?.roomId ?? '', wantedKey],
  );
  const checked = check.state === 'ready' ? check.data : undefined;
  const allClash = !!checked && checked.clashes.length > 0 && checked.clashes.length === checked.occurrences.length;

  useEffect(() => setOnClash('other'), [wantedKey]);

  function takeTimes(t: LocalTimes) {
    setForm((f) => ({ ...f, startTime: t.startLocal.slice(11, 16), endTime: t.endLocal.slice(11, 16) }));
  }

  async function send(e: Event) {
    e.preventDefault();
    if (busy) return;
    const problems: SummaryError[] = [];
    if (!fixedRoom && !form.hubId) problems.push({ field: 'hubId', message: 'Choose the hub' });
    else if (!room) problems.push({ field: 'roomId', message: 'Choose the room' });
    problems.push(...wanted.problems);
    if (!form.purpose.trim()) problems.push({ field: 'purpose', message: 'Say what the booking is for, for example “Memory café”' });
    const people = form.attendance.trim();
    if (!/^\d{1,4}$/.test(people) || Number(people) < 1) problems.push({ field: 'attendance', message: 'Enter how many people you expect, as a number, for example 15' });
    else if (room && Number(people) > room.capacity) problems.push({ field: 'attendance', message: `${room.name} holds up to ${room.capacity} people` });
    if (isResident && !form.groupName.trim()) problems.push({ field: 'groupName', message: 'Enter the name of your residents’ group' });
    for (const q of room?.bookingQuestions ?? []) if (q.required && !form.answers[q.id]?.trim()) problems.push({ field: `answer-${q.id}`, message: `Answer “${q.question}”` });
    if (checked?.outsideHours && !isCoordinator) problems.push({ field: 'startTime', message: `Choose a time when the hub is open: ${checked.outsideHours}` });
    if (checked?.outsideHours && isCoordinator && !hoursReason.trim())
      problems.push({ field: 'hoursReason', message: 'Give the reason for going ahead outside the hub’s opening hours, or choose another time' });
    if (checked?.clashes.length && (allClash || onClash === 'other')) {
      problems.push({
        field: allClash ? 'startTime' : 'onClash',
        message: allClash ? 'Every date clashes with a booking: choose one of the free times, or another time' : 'Some dates clash: choose other times, or leave those dates out',
      });
    }
    setErrors(problems);
    if (problems.length || !room || !wanted.body) return;
    setBusy(true);
    try {
      const body = {
        ...wanted.body,
        onClash: checked?.clashes.length ? ('skip' as const) : ('fail' as const),
        ...(checked?.outsideHours && isCoordinator ? { outsideHoursReason: hoursReason.trim() } : {}),
        purpose: form.purpose.trim(),
        expectedAttendance: Number(people),
        private: form.isPrivate,
        ...(isResident ? { groupName: form.groupName.trim() } : {}),
        answers: Object.entries(form.answers)
          .filter(([, a]) => a.trim())
          .map(([questionId, answer]) => ({ questionId, answer: answer.trim() })),
      };
      setDone(await callApi('requestRoomBooking', { params: { roomId: room.roomId }, body, idempotencyKey }));
    } catch (err) {
      setIdempotencyKey(newIdempotencyKey());
      setErrors(fromApi(err));
    } finally {
      setBusy(false);
    }
  }

  if (done) {
    const confirmed = done.status === 'confirmed';
    return (
      <Page title={confirmed ? 'Room booked' : 'Request sent'}>
        <Notice tone="success">
          {confirmed
            ? `${done.roomName} is booked for ${done.occurrenceCount} ${done.occurrenceCount === 1 ? 'date' : 'dates'}.`
            : `We have sent your request for ${done.roomName} (${done.occurrenceCount} ${done.occurrenceCount === 1 ? 'date' : 'dates'}) to the hub. We will send you a message when they decide.`}
        </Notice>
        {done.skipped.length > 0 && (
          <p>
            {done.skipped.length} clashing {done.skipped.length === 1 ? 'date was' : 'dates were'} left out.
          </p>
        )}
        <ul class="list">
          {done.occurrences.map((o) => (
            <li key={o.start}>
              {formatDay(o.startLocal.slice(0, 10))}, {timeWords(o.startLocal.slice(11))} to {timeWords(o.endLocal.slice(11))}
            </li>
          ))}
        </ul>
        <ButtonLink href={paths.roomBookings()}>See your room bookings</ButtonLink>
      </Page>
    );
  }

  const err = (id: string) => errors.find((e) => e.field === id)?.message;
  return (
    <Page title={fixedRoom ? `Book ${fixedRoom.name}` : 'Ask for a room'} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={send}>
        {fixedRoom ? (
          <p>
            {roomHint(fixedRoom)}. {fixedRoom.hireTerms}
          </p>
        ) : (
          <>
            <Loaded load={hubs} label="Loading the hubs…">
              {({ items }) => <Radios id="hubId" label="Which hub?" options={items.map((h) => ({ value: h.id, label: h.name }))} value={form.hubId} onChange={set('hubId')} error={err('hubId')} />}
            </Loaded>
            {form.hubId && (
              <Loaded load={rooms} label="Loading the rooms…">
                {({ items }) =>
                  items.length === 0 ? (
                    <p>This hub has no rooms to book.</p>
                  ) : (
                    <Radios
                      id="roomId"
                      label="Which room?"
                      options={items.map((r) => ({ value: r.roomId, label: r.name, hint: roomHint(r) }))}
                      value={form.roomId}
                      onChange={set('roomId')}
                      error={err('roomId')}
                    />
                  )
                }
              </Loaded>
            )}
            {room?.hireTerms && <p>{room.hireTerms}</p>}
          </>
        )}

        <DateFields id="date" label={form.repeat === 'once' ? 'Date' : 'Date of the first booking'} hint={`For example, ${example}`} value={form.date} onInput={set('date')} error={err('date')} />
        {room && day && <FreeTimes load={dayLoad} day={day} />}
        <Select id="startTime" label="Start time" options={times} value={form.startTime} onChange={set('startTime')} error={err('startTime')} />
        <Select id="endTime" label="End time" options={times} value={form.endTime} onChange={set('endTime')} error={err('endTime')} />
        <Radios id="repeat" label="How often?" options={repeatOptions(day).filter((o) => o.value !== 'monthly')} value={form.repeat} onChange={(v) => set('repeat')(v as Form['repeat'])} />
        {form.repeat !== 'once' && (
          <TextField id="times" label="How many times?" hint="Including the first date, up to 52" inputMode="numeric" width={3} value={form.times} onInput={set('times')} error={err('times')} />
        )}

        <div aria-live="polite">
          {check.state === 'loading' && wantedKey && <Loading label="Checking the dates…" />}
          {checked?.outsideHours && (
            <Notice tone="warning" title="Outside the hub’s opening hours">
              <p>{checked.outsideHours}</p>
              {isCoordinator ? (
                <TextField
                  id="hoursReason"
                  label="Why go ahead outside the opening hours?"
                  hint="This is recorded with the booking, for example Caretaker booked until 23:00"
                  value={hoursReason}
                  onInput={setHoursReason}
                  error={err('hoursReason')}
                />
              ) : (
                <p>Choose a time when the hub is open.</p>
              )}
            </Notice>
          )}
          {checked?.closed && checked.closed.length > 0 && (
            <Notice title={`${checked.closed.length} ${checked.closed.length === 1 ? 'date is' : 'dates are'} left out: the hub is closed`}>
              <ul class="list">
                {checked.closed.map((c) => (
                  <li key={c.startLocal}>{c.reason}</li>
                ))}
              </ul>
            </Notice>
          )}
          {checked && !checked.outsideHours && checked.occurrences.length > 0 && checked.clashes.length === 0 && (
            <Notice tone="success">
              {room?.name} is free on {checked.occurrences.length === 1 ? 'that date' : `all ${checked.occurrences.length} dates`}.
            </Notice>
          )}
          {checked && checked.clashes.length > 0 && <Clashes check={checked} allClash={allClash} onUse={takeTimes} onClash={onClash} setOnClash={setOnClash} error={err('onClash')} />}
        </div>

        <TextField id="purpose" label="What is the booking for?" value={form.purpose} onInput={set('purpose')} error={err('purpose')} />
        <TextField id="attendance" label="How many people do you expect?" inputMode="numeric" width={4} value={form.attendance} onInput={set('attendance')} error={err('attendance')} />
        {isResident && <TextField id="groupName" label="Name of your residents’ group" value={form.groupName} onInput={set('groupName')} error={err('groupName')} />}
        {room?.bookingQuestions.map((q) => (
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
        <Button type="submit" busy={busy}>
          {isCoordinator ? 'Book the room' : 'Send request'}
        </Button>
        {busy && <Loading label="Sending your request…" />}
      </form>
    </Page>
  );
}

/** The room's free times on the chosen day, and what is booked. */
function FreeTimes({ load, day }: { load: Load<Availability | undefined>; day: string }) {
  return (
    <div class="free-times" aria-live="polite">
      <Loaded load={load} label="Loading the room’s free times…">
        {(a) =>
          !a ? null : (
            <>
              <p class="notice-title">Free on {formatDay(day)}</p>
              {a.free.length === 0 ? (
                <p>The room is closed or fully booked that day.</p>
              ) : (
                <ul class="list list-bullet">
                  {a.free.map((b) => (
                    <li key={b.start}>
                      {timeWords(b.startLocal.slice(11))} to {timeWords(b.endLocal.slice(11))}
                    </li>
                  ))}
                </ul>
              )}
              {a.busy.length > 0 && (
                <p>
                  Booked: {a.busy.map((b) => `${timeWords(b.startLocal.slice(11))} to ${timeWords(b.endLocal.slice(11))}${b.booking ? ` (${b.booking.purpose})` : ''}`).join('; ')}. Times include
                  setting up and clearing away.
                </p>
              )}
            </>
          )
        }
      </Loaded>
    </div>
  );
}

const clashWith = (c: Clash) =>
  `${c.clashesWith.purpose ? `“${c.clashesWith.purpose}”${c.clashesWith.heldBy ? ` (${c.clashesWith.heldBy})` : ''}` : 'a private booking'}, ${timeWords(c.clashesWith.startLocal.slice(11))} to ${timeWords(c.clashesWith.endLocal.slice(11))}`;

function Clashes(p: { check: Check; allClash: boolean; onUse: (t: LocalTimes) => void; onClash: 'skip' | 'other'; setOnClash: (v: 'skip' | 'other') => void; error?: string | undefined }) {
  const { clashes, nearestFree } = p.check;
  const n = clashes.length;
  return (
    <>
      <Notice
        tone="warning"
        title={
          p.allClash
            ? n === 1
              ? 'That time clashes with a booking'
              : `All ${n} dates clash with bookings`
            : `${n} of the ${p.check.occurrences.length} dates ${n === 1 ? 'clashes' : 'clash'} with a booking`
        }
      >
        <ul class="list list-bullet">
          {clashes.slice(0, 10).map((c) => (
            <li key={c.start}>
              {formatDay(c.startLocal.slice(0, 10))}: clashes with {clashWith(c)}
            </li>
          ))}
          {n > 10 && <li>and {n - 10} more dates</li>}
        </ul>
      </Notice>
      {nearestFree.length > 0 && (
        <div class="free-times">
          <p class="notice-title" id="nearest-free">
            Nearest free {nearestFree.length === 1 ? 'time' : 'times'}
            {p.check.occurrences.length > 1 ? ' on every date' : ''}
          </p>
          <div class="button-group" role="group" aria-labelledby="nearest-free">
            {nearestFree.map((t) => (
              <Button key={t.startLocal} variant="secondary" onClick={() => p.onUse(t)}>
                Use {timeWords(t.startLocal.slice(11))} to {timeWords(t.endLocal.slice(11))}
              </Button>
            ))}
          </div>
        </div>
      )}
      {!p.allClash && (
        <Radios
          id="onClash"
          label="What would you like to do?"
          options={[
            { value: 'other', label: 'Choose other times' },
            { value: 'skip', label: `Ask for the other ${p.check.occurrences.length - n} dates and leave these out` },
          ]}
          value={p.onClash}
          onChange={(v) => p.setOnClash(v as 'skip' | 'other')}
          error={p.error}
        />
      )}
    </>
  );
}

/** The API's problems as this form's fields and plain words. */
function fromApi(err: unknown): SummaryError[] {
  const fields: Record<string, [string, string]> = {
    start: ['date', 'The date and start time'],
    end: ['endTime', 'The end time'],
    'repeat-rrule': ['times', 'The number of times'],
    expectedAttendance: ['attendance', 'The number of people'],
    purpose: ['purpose', 'What it is for'],
    groupName: ['groupName', 'The group’s name'],
    organisationId: ['purpose', 'The organisation'],
  };
  const lines = Object.entries(fieldErrors(err)).map(([f, message]) => {
    const [field, words] = fields[f] ?? [undefined, 'This answer'];
    return field ? { field, message: `${words} ${message}` } : { message: `${words} ${message}` };
  });
  if (lines.length) return lines;
  return [{ message: err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.' }];
}

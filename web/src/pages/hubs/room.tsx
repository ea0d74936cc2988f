/** Add a room to a hub, or change one: its name, capacity, features, bookable hours and the time kept free around bookings. */
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import { paths } from '../../../../functions/lib/paths';
import { facilities, type Room } from '../../../../functions/rooms/schema';
import { callApi } from '../../api';
import { Button } from '../../components/Button';
import { ErrorSummary, errorFor, type SummaryError, summaryFrom } from '../../components/ErrorSummary';
import { Checkboxes, Select, TextArea, TextField } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { flashOn } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { facilityNames, HoursFields, type HoursForm, hoursForm, readHours } from './parts';

const bufferOptions = [0, 15, 30, 45, 60, 90, 120].map((m) => ({ value: String(m), label: m === 0 ? 'None' : `${m} minutes` }));

export default function RoomPage({ params }: PageProps) {
  const [room, reload] = useApi('getRoom', params.roomId ? { params: { roomId: params.roomId } } : null);
  if (!params.roomId) return <RoomForm hubId={params.hubId ?? ''} />;
  return (
    <Loaded load={room} label="Loading the room…" retry={reload}>
      {(r) => <RoomForm hubId={r.hubId} room={r} />}
    </Loaded>
  );
}

function RoomForm({ hubId, room }: { hubId: string; room?: Room }) {
  const { route } = useLocation();
  const [f, setF] = useState({
    name: room?.name ?? '',
    capacity: room ? String(room.capacity) : '',
    description: room?.description ?? '',
    facilities: room?.facilities ?? [],
    setup: String(room?.setupMinutes ?? 0),
    cleardown: String(room?.cleardownMinutes ?? 0),
  });
  const [hours, setHours] = useState<HoursForm>(hoursForm(room?.openingHours ?? []));
  const [errors, setErrors] = useState<SummaryError[]>([]);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (v: string | string[]) => setF({ ...f, [k]: v });

  async function save(e: Event) {
    e.preventDefault();
    const problems: SummaryError[] = [];
    if (!f.name.trim()) problems.push({ field: 'name', message: 'Enter the room’s name' });
    const capacity = Number(f.capacity);
    if (!/^\d+$/.test(f.capacity.trim()) || capacity < 1 || capacity > 5000) problems.push({ field: 'capacity', message: 'Enter how many people the room holds, as a whole number from 1 to 5000' });
    const read = readHours(hours, 'hours');
    problems.push(...read.problems);
    if (!read.problems.length && !read.hours?.length) problems.push({ field: 'hours-days', message: 'Select the days the room can be booked' });
    if (problems.length) return setErrors(problems);
    const body = {
      name: f.name.trim(),
      capacity,
      ...(f.description.trim() ? { description: f.description.trim() } : {}),
      facilities: f.facilities,
      openingHours: read.hours ?? [], // none is refused above
      setupMinutes: Number(f.setup),
      cleardownMinutes: Number(f.cleardown),
    };
    setBusy(true);
    try {
      const saved = room ? await callApi('updateRoom', { params: { roomId: room.roomId }, body }) : await callApi('createRoom', { body: { hubId, ...body } });
      flashOn(paths.hub({ hubId }), room ? `You changed ${saved.name}.` : `You added ${saved.name}.`);
      route(paths.hub({ hubId }));
    } catch (err) {
      setErrors(summaryFrom(err));
      setBusy(false);
    }
  }

  return (
    <Page title={room ? `Change ${room.name}` : 'Add a room'} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <form noValidate onSubmit={save}>
        <TextField id="name" label="Name of the room" value={f.name} onInput={set('name')} error={errorFor(errors, 'name')} />
        <TextField id="capacity" label="How many people does it hold?" inputMode="numeric" width={5} value={f.capacity} onInput={set('capacity')} error={errorFor(errors, 'capacity')} />
        <TextArea id="description" label="Description (optional)" value={f.description} onInput={set('description')} />
        <Checkboxes id="facilities" label="Features" options={facilities.map((x) => ({ value: x, label: facilityNames[x] }))} values={f.facilities} onChange={set('facilities')} />
        <h2 class="heading-m">When it can be booked</h2>
        <HoursFields prefix="hours" value={hours} onInput={setHours} errors={errors} />
        <h2 class="heading-m">Time kept free around each booking</h2>
        <Select id="setupMinutes" label="Before, to set up" options={bufferOptions} value={f.setup} onChange={set('setup')} />
        <Select id="cleardownMinutes" label="After, to clear away" options={bufferOptions} value={f.cleardown} onChange={set('cleardown')} />
        <Button type="submit" busy={busy}>
          {room ? 'Save changes' : 'Add room'}
        </Button>
      </form>
    </Page>
  );
}

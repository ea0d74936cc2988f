import { useEffect, useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import { api, ApiError } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { Availability, Room } from '../../../../functions/rooms/schema';
import { addDays, dateWords, dayOf, mondayOf, timeRange, todayInLondon } from './shared';

interface RoomWeek {
  room: Room;
  availability: Availability;
}

/** A hub's rooms, one week at a time: what is booked, what is requested and when each room is free. For coordinators at the front desk. */
export default function RoomsWeek({ params, query }: PageProps) {
  const hubId = params.hubId ?? '';
  const [monday, setMonday] = useState(mondayOf(query.week ?? todayInLondon()));
  const [weeks, setWeeks] = useState<RoomWeek[] | undefined>();
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let live = true;
    setWeeks(undefined);
    setError(undefined);
    (async () => {
      const { items } = await api<{ items: Room[] }>('/rooms', { query: { hubId } });
      const loaded = await Promise.all(
        items.map(async (room) => ({ room, availability: await api<Availability>(`/rooms/${room.roomId}/availability`, { query: { from: monday, to: addDays(monday, 6) } }) })),
      );
      if (live) setWeeks(loaded);
    })().catch((err) => live && setError(err instanceof ApiError ? err.detail : 'We could not load the rooms. Try again.'));
    return () => {
      live = false;
    };
  }, [hubId, monday]);

  const days = Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const coordinates = !!me.value && (me.value.hubIds.includes(hubId) || me.value.roles.includes('admin'));

  return (
    <Page title="Rooms this week" caption={`Week starting ${dateWords(monday)}`}>
      <div class="facts">
        <Button variant="secondary" onClick={() => setMonday(addDays(monday, -7))}>
          Previous week
        </Button>{' '}
        <Button variant="secondary" onClick={() => setMonday(addDays(monday, 7))}>
          Next week
        </Button>
        {coordinates && (
          <p>
            <a href={paths.roomRequests({ hubId })}>Room requests waiting for a decision</a>
          </p>
        )}
      </div>
      {error && <Notice tone="warning" title="There is a problem">{error}</Notice>}
      {!weeks && !error && <Loading label="Loading the rooms…" />}
      {weeks?.length === 0 && <p>This hub has no rooms yet.</p>}
      {weeks?.map(({ room, availability }) => (
        <section key={room.roomId} aria-labelledby={`room-${room.roomId}`}>
          <h2 class="heading-l" id={`room-${room.roomId}`}>
            {room.name}
          </h2>
          <p class="hint">
            Up to {room.capacity} people. {room.setupMinutes + room.cleardownMinutes > 0 && `Setup ${room.setupMinutes} minutes, cleardown ${room.cleardownMinutes} minutes are kept free around each booking.`}
          </p>
          <p>
            <a href={paths.requestRoom({ roomId: room.roomId })}>
              Book {room.name}
            </a>
          </p>
          {days.map((day) => {
            const busy = availability.busy.filter((b) => dayOf(b) === day);
            const requested = availability.requested.filter((b) => dayOf(b) === day);
            const free = availability.free.filter((b) => dayOf(b) === day);
            return (
              <div key={day}>
                <h3 class="heading-s">{dateWords(day)}</h3>
                <ul class="list">
                  {busy.map((b) => (
                    <li key={`b${b.start}`}>
                      <strong class="tag">Booked</strong> {timeRange(b)}
                      {b.booking ? `: ${b.booking.purpose}` : ' (private)'}
                    </li>
                  ))}
                  {requested.map((b) => (
                    <li key={`r${b.start}${b.booking?.bookingId}`}>
                      <span class="tag">Requested</span> {timeRange(b)}
                      {b.booking && `: ${b.booking.purpose}`}
                    </li>
                  ))}
                  {free.map((b) => (
                    <li key={`f${b.start}`}>Free {timeRange(b)}</li>
                  ))}
                  {busy.length + requested.length + free.length === 0 && <li>Closed</li>}
                </ul>
              </div>
            );
          })}
        </section>
      ))}
    </Page>
  );
}

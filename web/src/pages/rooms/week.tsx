import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import { callApi } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { Loaded, useLoad } from '../../components/load';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { addDays, dateWords, dayOf, mondayOf, timeRange, todayInLondon } from './shared';

/** A hub's rooms, one week at a time: what is booked, what is requested and when each room is free. For coordinators at the front desk. */
export default function RoomsWeek({ params, query }: PageProps) {
  const hubId = params.hubId ?? '';
  const [monday, setMonday] = useState(mondayOf(query.day ?? query.week ?? todayInLondon()));
  // one day of the week, rooms by hours (the day view), or the whole week
  const [only, setOnly] = useState<string | undefined>(query.day);
  const showDay = (day: string) => {
    setOnly(day);
    setMonday(mondayOf(day));
  };
  const [weeks, reload] = useLoad(
    async (signal) => {
      const { items } = await callApi('listRooms', { query: { hubId }, signal });
      const to = addDays(monday, 6);
      return Promise.all(items.map(async (room) => ({ room, availability: await callApi('getRoomAvailability', { params: { roomId: room.roomId }, query: { from: monday, to }, signal }) })));
    },
    [hubId, monday],
  );

  const days = only ? [only] : Array.from({ length: 7 }, (_, i) => addDays(monday, i));
  const coordinates = !!me.value && (me.value.hubIds.includes(hubId) || me.value.roles.includes('admin'));

  return (
    <Page title={only ? `Rooms on ${dateWords(only)}` : 'Rooms this week'} caption={only ? undefined : `Week starting ${dateWords(monday)}`}>
      <div class="facts">
        {only ? (
          <>
            <Button variant="secondary" onClick={() => showDay(addDays(only, -1))}>
              Previous day
            </Button>{' '}
            <Button variant="secondary" onClick={() => showDay(addDays(only, 1))}>
              Next day
            </Button>{' '}
            <Button variant="secondary" onClick={() => setOnly(undefined)}>
              Show the whole week
            </Button>
          </>
        ) : (
          <>
            <Button variant="secondary" onClick={() => setMonday(addDays(monday, -7))}>
              Previous week
            </Button>{' '}
            <Button variant="secondary" onClick={() => setMonday(addDays(monday, 7))}>
              Next week
            </Button>
            <p>
              One day:{' '}
              {days.map((day, i) => (
                <span key={day}>
                  {i > 0 && ', '}
                  <button type="button" class="link-button" onClick={() => showDay(day)}>
                    {dateWords(day)}
                  </button>
                </span>
              ))}
            </p>
          </>
        )}
        {coordinates && (
          <p>
            <a href={paths.roomRequests({ hubId })}>Room requests waiting for a decision</a>
          </p>
        )}
      </div>
      <Loaded load={weeks} label="Loading the rooms…" retry={reload} current>
        {(rooms) => (
          <>
            {rooms.length === 0 && <p>This hub has no rooms yet.</p>}
            {rooms.map(({ room, availability }) => (
              <section key={room.roomId} aria-labelledby={`room-${room.roomId}`}>
                <h2 class="heading-l" id={`room-${room.roomId}`}>
                  {room.name}
                </h2>
                <p class="hint">
                  Up to {room.capacity} people.{' '}
                  {room.setupMinutes + room.cleardownMinutes > 0 && `Setup ${room.setupMinutes} minutes, cleardown ${room.cleardownMinutes} minutes are kept free around each booking.`}
                </p>
                <p>
                  <a href={paths.requestRoom({ roomId: room.roomId })}>Book {room.name}</a>
                </p>
                {days.map((day) => {
                  const busy = availability.busy.filter((b) => dayOf(b) === day);
                  const requested = availability.requested.filter((b) => dayOf(b) === day);
                  const free = availability.free.filter((b) => dayOf(b) === day);
                  const closed = availability.closed?.find((c) => c.localDate === day);
                  return (
                    <div key={day}>
                      <h3 class="heading-s">{dateWords(day)}</h3>

                      <ul class="list">
                        {closed && (
                          <li>
                            <strong class="tag">Hub closed</strong> {closed.reason}
                          </li>
                        )}
                        {busy.map((b) =>
                          b.session ? (
                            <li key={`s${b.start}`}>
                              <strong class="tag">Session</strong> {timeRange(b.within ?? b)}: {b.session.activityTitle}
                              {b.session.capacity !== undefined && ` (${b.session.placesTaken ?? 0} of ${b.session.capacity} places taken)`}
                              {b.within && `. Room kept free ${timeRange(b)} for setup and cleardown`}
                            </li>
                          ) : (
                            <li key={`b${b.start}`}>
                              <strong class="tag">Booked</strong> {timeRange(b.within ?? b)}
                              {b.booking ? `: ${b.booking.purpose}` : ''}
                              {b.within && `. Room kept free ${timeRange(b)} for setup and cleardown`}
                            </li>
                          ),
                        )}
                        {requested.map((b) => (
                          <li key={`r${b.start}${b.booking?.bookingId}`}>
                            <span class="tag">Requested</span> {timeRange(b)}
                            {b.booking && `: ${b.booking.purpose}`}
                          </li>
                        ))}
                        {free.map((b) => (
                          <li key={`f${b.start}`}>Free {timeRange(b)}</li>
                        ))}
                        {!closed && busy.length + requested.length + free.length === 0 && <li>Closed</li>}
                      </ul>
                    </div>
                  );
                })}
              </section>
            ))}
          </>
        )}
      </Loaded>
    </Page>
  );
}

import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { RoomBookingSummary } from '../../../../functions/rooms/schema';
import { ApiError, callApi } from '../../api';
import { me } from '../../auth';
import { Button, ButtonLink } from '../../components/Button';
import { Loaded, SignInFirst, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { bookingStatus, whenBooked } from '../home/room-requests';

/** Room bookings: a coordinator's hubs (week view and requests), and everyone's own requests with their status. */
export default function RoomsHome({ pageTitle }: PageProps) {
  const person = me.value;
  const [items, reload] = useApi('listRoomBookings', person ? { query: { mine: 'true' } } : null);
  const [hubs] = useApi('listHubs', person?.hubIds.length ? {} : null);
  const [done, setDone] = useState<string | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  async function cancel(b: RoomBookingSummary) {
    setBusy(b.bookingId);
    setProblem(undefined);
    try {
      await callApi('cancelRoomBooking', { params: { bookingId: b.bookingId }, body: { scope: 'rest' } });
      setDone(`You cancelled “${b.purpose}”.`);
      reload();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'We could not cancel that booking.');
    } finally {
      setBusy(undefined);
    }
  }

  if (!person)
    return (
      <Page title={pageTitle}>
        <SignInFirst what="see your room bookings" />
      </Page>
    );
  const hubName = (id: string) => (hubs.state === 'ready' ? hubs.data.items.find((h) => h.id === id)?.name : undefined) ?? 'Your hub';
  return (
    <Page title={pageTitle}>
      <div class="button-group">
        <ButtonLink href={paths.askForRoom()}>Ask for a room</ButtonLink>
      </div>
      {person.hubIds.length > 0 && (
        <>
          <h2 class="heading-m">Your hubs</h2>
          <ul class="list">
            {person.hubIds.map((hubId) => (
              <li key={hubId}>
                {hubName(hubId)}: <a href={paths.hubRoomsWeek({ hubId })}>rooms this week</a> and <a href={paths.roomRequests({ hubId })}>requests waiting for a decision</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 class="heading-m">Your room bookings</h2>
      <div aria-live="polite">{done && <Notice tone="success">{done}</Notice>}</div>
      {problem && (
        <Notice tone="warning" title="There is a problem">
          {problem}
        </Notice>
      )}
      <Loaded load={items} label="Loading your bookings…" retry={reload}>
        {({ items: list }) =>
          list.length === 0 ? (
            <p>You have not asked for any rooms yet.</p>
          ) : (
            <ul class="activity-list">
              {list.map((b) => (
                <li key={b.bookingId} class="activity">
                  <h3 class="heading-s">
                    {b.purpose} {bookingStatus[b.status]}
                  </h3>
                  <p>
                    {b.roomName}: {whenBooked(b)}
                  </p>
                  {(b.organisationName || b.groupName) && <p class="hint">For {b.organisationName ?? b.groupName}</p>}
                  {b.declineReason && <p>Reason: {b.declineReason}</p>}
                  <p>
                    <a href={paths.requestRoom({ roomId: b.roomId })}>
                      Ask for {b.roomName} again<span class="visually-hidden"> (like “{b.purpose}”)</span>
                    </a>
                  </p>
                  {(b.status === 'pending' || b.status === 'confirmed') && (
                    <Button variant="warning" busy={busy === b.bookingId} onClick={() => cancel(b)}>
                      Cancel<span class="visually-hidden"> {b.purpose}</span>
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </Page>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { me } from '../../auth';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { RoomBookingSummary } from '../../../../functions/rooms/schema';
import { formatDateTime } from '../../format';

const statusWords = { pending: 'Waiting for the hub', confirmed: 'Confirmed', declined: 'Declined', cancelled: 'Cancelled' } as const;

/** Room bookings: a coordinator's hubs (week view and requests), and everyone's own requests. */
export default function RoomsHome({ pageTitle }: PageProps) {
  const [items, setItems] = useState<RoomBookingSummary[] | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [done, setDone] = useState<string | undefined>();
  const [busy, setBusy] = useState<string | undefined>();

  const load = () =>
    api<{ items: RoomBookingSummary[] }>('/room-bookings', { query: { mine: 'true' } })
      .then((r) => setItems(r.items))
      .catch((err) => setProblem(err instanceof ApiError ? err.detail : 'We could not load your bookings.'));
  useEffect(() => {
    if (me.value) load();
  }, [me.value?.userId]);

  async function cancel(b: RoomBookingSummary) {
    setBusy(b.bookingId);
    setProblem(undefined);
    try {
      await api(`/room-bookings/${b.bookingId}/cancel`, { method: 'POST', body: { scope: 'rest' } });
      setDone(`You cancelled “${b.purpose}”.`);
      await load();
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'We could not cancel that booking.');
    } finally {
      setBusy(undefined);
    }
  }

  if (!me.value) {
    return (
      <Page title={pageTitle}>
        <p>
          <a href="/sign-in?next=/rooms">Sign in</a> to see your room bookings.
        </p>
      </Page>
    );
  }
  return (
    <Page title={pageTitle}>
      {me.value.hubIds.length > 0 && (
        <>
          <h2 class="heading-m">Your hubs</h2>
          <ul class="list">
            {me.value.hubIds.map((hubId, i) => (
              <li key={hubId}>
                Hub {me.value!.hubIds.length > 1 ? i + 1 : ''}: <a href={`/hubs/${hubId}/rooms`}>rooms this week</a> and{' '}
                <a href={`/hubs/${hubId}/room-requests`}>requests waiting for a decision</a>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 class="heading-m">Your room bookings</h2>
      {done && <Notice tone="success">{done}</Notice>}
      {problem && <Notice tone="warning" title="There is a problem">{problem}</Notice>}
      {!items && !problem && <Loading label="Loading your bookings…" />}
      {items?.length === 0 && <p>You have not asked for any rooms yet.</p>}
      <ul class="activity-list">
        {items?.map((b) => (
          <li key={b.bookingId} class="activity">
            <h3 class="heading-s">{b.purpose}</h3>
            <p>
              {b.roomName}, {formatDateTime(b.firstStart)}
              {b.occurrenceCount > 1 && ` and ${b.occurrenceCount - 1} more dates`}
            </p>
            <p>
              <strong class="tag">{statusWords[b.status]}</strong>
            </p>
            {b.declineReason && <p>Reason: {b.declineReason}</p>}
            {(b.status === 'pending' || b.status === 'confirmed') && (
              <Button variant="warning" busy={busy === b.bookingId} onClick={() => cancel(b)} aria-label={`Cancel ${b.purpose}`}>
                Cancel
              </Button>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}

import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
import type { ReservationView } from '../../../../functions/reservations/schema';
import { CheckInPass } from '../attendance/CheckInPass';
import { useApi } from './useApi';

const statusText: Record<ReservationView['status'], string> = {
  confirmed: 'Booked',
  waitlisted: 'On the waiting list',
  offered: 'A place is offered to you',
  cancelled: 'Cancelled',
};

/** The person's bookings with cancel (and accept for an offered place). */
export default function MyBookings({ pageTitle }: PageProps) {
  const { data, error, loading, reload } = useApi<{ items: ReservationView[] }>('/my-reservations');
  const [message, setMessage] = useState<string | null>(null);
  const act = async (r: ReservationView, what: 'cancel' | 'accept') => {
    try {
      await api(what === 'cancel' ? `/reservations/${r.id}` : `/reservations/${r.id}/accept`, { method: what === 'cancel' ? 'DELETE' : 'POST' });
      setMessage(what === 'cancel' ? `Your booking for ${r.activityTitle} is cancelled.` : `Your place at ${r.activityTitle} is confirmed.`);
      reload();
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.');
    }
  };
  const [passShown, setPassShown] = useState<string | null>(null);
  const active = data?.items.filter((r) => r.status !== 'cancelled') ?? [];
  return (
    <Page title={pageTitle}>
      <div aria-live="polite">{message && <Notice tone="success">{message}</Notice>}</div>
      {loading && !data && <Loading label="Loading your bookings…" />}
      {error && <Notice tone="warning" title="We could not load your bookings">{error.detail}</Notice>}
      {data && !active.length && (
        <p>
          You have no bookings coming up. <a href="/activities">Find an activity</a>.
        </p>
      )}
      <p>
        <a href="/me/access-needs">Tell the hub about any access needs</a>, so they can get things ready for you.
      </p>
      <ul class="booking-list">
        {active.map((r) => (
          <li class="booking" key={r.id}>
            <h2 class="heading-m">{r.activityTitle}</h2>
            <p>{formatDateTime(r.startsAt)}</p>
            <p>
              <strong>{statusText[r.status]}</strong>
              {r.status === 'waitlisted' && r.waitlistPosition ? `: number ${r.waitlistPosition}` : ''}
              {r.companion ? ' (with a companion)' : ''}
            </p>
            {r.status === 'confirmed' && (
              <div class="check-in-pass-toggle">
                <Button
                  variant="secondary"
                  aria-expanded={passShown === r.id ? 'true' : 'false'}
                  aria-controls={`pass-${r.id}`}
                  onClick={() => setPassShown(passShown === r.id ? null : r.id)}
                  aria-label={`${passShown === r.id ? 'Hide' : 'Show'} my check-in pass for ${r.activityTitle}, ${formatDateTime(r.startsAt)}`}
                >
                  {passShown === r.id ? 'Hide my check-in pass' : 'Show my check-in pass'}
                </Button>
                <div id={`pass-${r.id}`}>{passShown === r.id && <CheckInPass reservationId={r.id} checkInCode={r.checkInCode} label={r.activityTitle} />}</div>
              </div>
            )}
            {r.status === 'offered' && r.offerExpiresAt && <p>Accept by {formatDateTime(r.offerExpiresAt)} or it goes to the next person.</p>}
            <div class="button-group">
              {r.status === 'offered' && <Button onClick={() => act(r, 'accept')}>Accept the place</Button>}
              <Button variant="warning" onClick={() => act(r, 'cancel')} aria-label={`Cancel ${r.activityTitle}, ${formatDateTime(r.startsAt)}`}>
                {r.status === 'waitlisted' ? 'Leave the waiting list' : 'Cancel booking'}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </Page>
  );
}

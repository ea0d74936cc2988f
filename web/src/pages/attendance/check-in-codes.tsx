/** "My bookings" check-in codes: each upcoming place with its code and QR code, to show at the door. */
import { useEffect, useState } from 'preact/hooks';
import type { ReservationView } from '../../../../functions/reservations/schema';
import { ApiError, apiAllPages } from '../../api';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
import { CheckInPass } from './CheckInPass';

export default function CheckInCodesPage({ pageTitle, query }: PageProps) {
  const [items, setItems] = useState<ReservationView[] | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    apiAllPages<{ items: ReservationView[] }>('/my-reservations')
      .then((r) => setItems(r.items.filter((i) => i.status === 'confirmed' && (!query.booking || i.id === query.booking))))
      .catch((err) => setProblem(err instanceof ApiError ? err.detail : 'Your bookings could not be loaded.'));
  }, [query.booking]);
  return (
    <Page title={pageTitle}>
      <p class="lead">Show the code or the QR code at the door when you arrive.</p>
      {problem && <Notice tone="warning">{problem}</Notice>}
      {!problem && items === undefined && <Loading label="Loading your bookings…" />}
      {items?.length === 0 && <p>{query.booking ? 'This booking is not confirmed, or has been cancelled.' : 'You have no upcoming places booked.'}</p>}
      {query.booking && (
        <p>
          <a href="/my-bookings">See all your bookings</a>
        </p>
      )}
      <ul class="register-list">
        {items?.map((r) => (
          <li key={r.id} class="register-person">
            <h2 class="heading-s">{r.activityTitle}</h2>
            <p>{formatDateTime(r.startsAt)}</p>
            <CheckInPass reservationId={r.id} checkInCode={r.checkInCode} label={r.activityTitle} />
          </li>
        ))}
      </ul>
    </Page>
  );
}

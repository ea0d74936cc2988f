/** "My bookings" check-in codes: each upcoming place with its code and QR code, to show at the door. */
import { paths } from '../../../../functions/lib/paths';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { formatWhen } from '../../format';
import type { PageProps } from '../../routes';
import { CheckInPass } from './CheckInPass';

export default function CheckInCodesPage({ pageTitle, query }: PageProps) {
  const [load, reload] = useApi('listMyReservations');
  return (
    <Page title={pageTitle}>
      <p class="lead">Show the code or the QR code at the door when you arrive.</p>
      <Loaded load={load} label="Loading your bookings…" retry={reload}>
        {({ items: all }) => {
          const items = all.filter((i) => i.status === 'confirmed' && (!query.booking || i.id === query.booking));
          return (
            <>
              {items.length === 0 && <p>{query.booking ? 'This booking is not confirmed, or has been cancelled.' : 'You have no upcoming places booked.'}</p>}
              <ul class="register-list">
                {items.map((r) => (
                  <li key={r.id} class="register-person">
                    <h2 class="heading-s">{r.activityTitle}</h2>
                    <p>{formatWhen(r.startsAt, r.endsAt)}</p>
                    <CheckInPass reservationId={r.id} checkInCode={r.checkInCode} label={r.activityTitle} />
                  </li>
                ))}
              </ul>
            </>
          );
        }}
      </Loaded>
      <p>
        <a href={paths.myBookings()}>See all your bookings</a>
      </p>
    </Page>
  );
}

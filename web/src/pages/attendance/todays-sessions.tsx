/** The coordinator's (or partner's) sessions on a day, each a link to its register. Today unless ?date= says otherwise. */
import { paths } from '../../../../functions/lib/paths';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { addDays, formatDay } from '../../format';
import type { PageProps } from '../../routes';

const dayOf = formatDay;

export default function TodaysSessions({ pageTitle, query }: PageProps) {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(query.date ?? '') ? query.date : undefined;
  const [load, reload] = useApi('listRegisters', { query: { date } });
  return (
    <Page title={pageTitle}>
      <Loaded load={load} label="Loading the sessions…" retry={reload}>
        {(data) => (
          <>
            <p class="lead">{dayOf(data.date)}</p>
            {!data.items.length && <p>You have no sessions on this day.</p>}
            {data.items.length > 0 && (
              <ul class="booking-list">
                {data.items.map((s) => (
                  <li class="booking" key={s.sessionId}>
                    <h2 class="heading-m">
                      {s.activityTitle}, {s.localStartTime} to {s.localEndTime}
                    </h2>
                    {s.location && <p>{s.location}</p>}
                    <p>{s.status === 'cancelled' ? <strong>Cancelled</strong> : `${s.booked} of ${s.capacity} places booked${s.waiting ? `, ${s.waiting} on the waiting list` : ''}`}</p>
                    <p>
                      <a href={paths.register({ sessionId: s.sessionId })}>
                        Take the register
                        <span class="visually-hidden">
                          {' '}
                          for {s.activityTitle} at {s.localStartTime}
                        </span>
                      </a>
                    </p>
                  </li>
                ))}
              </ul>
            )}
            <nav aria-label="Other days">
              <ul class="button-group">
                <li>
                  <a href={paths.registers({}, { date: addDays(data.date, -1) })}>Previous day</a>
                </li>
                <li>
                  <a href={paths.registers({}, { date: addDays(data.date, 1) })}>Next day</a>
                </li>
              </ul>
            </nav>
          </>
        )}
      </Loaded>
    </Page>
  );
}

import { useEffect, useRef, useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { ReservationView } from '../../../../functions/reservations/schema';
import { ApiError, callApi, operationUrl } from '../../api';
import { Button } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { SummaryList, Tag } from '../../components/SummaryList';
import { formatDateTime, formatWhen } from '../../format';
import type { PageProps } from '../../routes';
import { CheckInPass } from '../attendance/CheckInPass';

/**
 * The person's bookings: upcoming (with the check-in pass, the calendar file, waiting list places and places
 * held for them) and past. Cancelling asks first and says what happens to a companion's place; afterwards
 * the focus goes to the message that says it is done.
 */
export default function MyBookings({ pageTitle }: PageProps) {
  const [load, reload] = useApi('listMyReservations', { query: { includePast: true } });
  const [message, setMessage] = useState<{ text: string; tone: 'success' | 'warning' } | null>(null);
  const notice = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) notice.current?.focus();
  }, [message]);

  const done = (text: string, tone: 'success' | 'warning' = 'success') => {
    setMessage({ text, tone });
    reload();
  };

  return (
    <Page title={pageTitle}>
      <div tabIndex={-1} ref={notice} aria-live="polite">
        {message && <Notice tone={message.tone}>{message.text}</Notice>}
      </div>
      <Loaded load={load} label="Loading your bookings…" retry={reload}>
        {({ items }) => {
          const now = new Date().toISOString();
          const active = items.filter((r) => r.status !== 'cancelled');
          const upcoming = active.filter((r) => r.endsAt > now);
          const past = active.filter((r) => r.endsAt <= now).reverse();
          return (
            <>
              <h2 class="heading-l">Coming up</h2>
              {upcoming.length === 0 ? (
                <p>
                  You have no bookings coming up. <a href={paths.activities()}>Find an activity</a>.
                </p>
              ) : (
                <ul class="card-list">
                  {upcoming.map((r) => (
                    <Booking key={r.id} r={r} onDone={done} />
                  ))}
                </ul>
              )}
              <p>
                <a href={paths.checkInCodes()}>All your check-in codes on one page</a>, to print or show at the door.
              </p>
              <p>
                <a href={paths.accessNeeds()}>Tell the hub about any access needs</a>, so they can get things ready for you.
              </p>
              {past.length > 0 && (
                <>
                  <h2 class="heading-l">Past bookings</h2>
                  <ul class="card-list">
                    {past.map((r) => (
                      <li class="card" key={r.id}>
                        <h3 class="heading-s card-title">
                          <a href={paths.activity({ id: r.activityId })}>{r.activityTitle}</a>
                        </h3>
                        <p class="card-meta">
                          {formatWhen(r.startsAt, r.endsAt)}
                          {r.place ? `, ${r.place.name}` : ''}
                        </p>
                      </li>
                    ))}
                  </ul>
                </>
              )}
            </>
          );
        }}
      </Loaded>
    </Page>
  );
}

const statusTag = (r: ReservationView) => {
  if (r.status === 'confirmed') return <Tag tone="green">Booked</Tag>;
  if (r.status === 'offered') return <Tag tone="yellow">Place held for you</Tag>;
  return <Tag tone="blue">On the waiting list: number {r.waitlistPosition ?? '?'}</Tag>;
};

function Booking({ r, onDone }: { r: ReservationView; onDone: (text: string, tone?: 'success' | 'warning') => void }) {
  const [passShown, setPassShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const when = formatWhen(r.startsAt, r.endsAt);
  const keep = useRef<HTMLButtonElement>(null);
  const actions = useRef<HTMLDivElement>(null);
  const asked = useRef(false);
  // focus follows the question: to "No, keep it" when it is asked, back to "Cancel booking" when kept
  useEffect(() => {
    if (confirming) keep.current?.focus();
    else if (asked.current) actions.current?.querySelector<HTMLButtonElement>('.button-warning')?.focus();
    asked.current = confirming;
  }, [confirming]);

  async function act(what: 'cancel' | 'accept') {
    setBusy(true);
    try {
      await callApi(what === 'cancel' ? 'cancelReservation' : 'acceptOffer', { params: { id: r.id } });
      asked.current = false; // the message at the top takes the focus, not this booking's buttons
      onDone(
        what === 'cancel'
          ? `${r.status === 'waitlisted' ? 'You have left the waiting list for' : 'Your booking is cancelled for'} ${r.activityTitle} on ${when}.${r.companion ? ' Your companion’s place is cancelled too.' : ''}`
          : `Your place at ${r.activityTitle} on ${when} is confirmed.`,
      );
    } catch (err) {
      onDone(err instanceof ApiError ? err.detail : 'Something went wrong. Please try again.', 'warning');
    } finally {
      setBusy(false);
      setConfirming(false);
    }
  }

  const cancelWords = r.status === 'waitlisted' ? 'Leave the waiting list' : 'Cancel booking';
  return (
    <li class="card">
      <h3 class="heading-m card-title">
        <a href={paths.activity({ id: r.activityId })}>{r.activityTitle}</a>
      </h3>
      <SummaryList
        rows={[
          ['When', when],
          ['Where', r.place ? `${r.place.name}, ${r.place.address}` : undefined],
          ['Booking', statusTag(r)],
          ['Places', r.companion ? 'Two: you and a companion or carer' : undefined],
          ...(r.answers ?? []).map((a) => [a.question, a.answer] as [string, string]),
        ]}
      />
      {r.status === 'offered' && r.offerExpiresAt && <p>A place has come free. Accept it by {formatDateTime(r.offerExpiresAt)}, or it goes to the next person waiting.</p>}
      {r.status === 'confirmed' && (
        <div class="check-in-pass-toggle">
          <Button variant="secondary" aria-expanded={passShown ? 'true' : 'false'} aria-controls={`pass-${r.id}`} onClick={() => setPassShown(!passShown)}>
            {passShown ? 'Hide my check-in pass' : 'Show my check-in pass'}
            <span class="visually-hidden">
              {' '}
              for {r.activityTitle}, {when}
            </span>
          </Button>
          <div id={`pass-${r.id}`}>{passShown && <CheckInPass reservationId={r.id} checkInCode={r.checkInCode} label={r.activityTitle} />}</div>
        </div>
      )}
      <p>
        <a href={operationUrl('getSessionCalendar', { params: { sessionId: r.sessionId } })} download={`${r.activityTitle}.ics`}>
          Add to calendar
          <span class="visually-hidden">
            {' '}
            ({r.activityTitle}, {when})
          </span>
        </a>
      </p>
      {confirming ? (
        <div class="section-box" role="group" aria-labelledby={`confirm-${r.id}`}>
          <p id={`confirm-${r.id}`}>
            <strong>
              {r.status === 'waitlisted' ? 'Leave the waiting list' : 'Cancel your place'} for {r.activityTitle} on {when}?
            </strong>
            {r.companion ? ' Your companion’s place will be cancelled too.' : ''}
            {r.status !== 'waitlisted' ? ' The place will go to the next person waiting.' : ''}
          </p>
          <div class="button-group">
            <Button variant="warning" busy={busy} onClick={() => act('cancel')}>
              Yes, {r.status === 'waitlisted' ? 'leave the waiting list' : 'cancel it'}
            </Button>
            <button type="button" class="button button-secondary" ref={keep} onClick={() => setConfirming(false)}>
              No, keep it
            </button>
          </div>
        </div>
      ) : (
        <div class="button-group" ref={actions}>
          {r.status === 'offered' && (
            <Button busy={busy} onClick={() => act('accept')}>
              Accept the place
              <span class="visually-hidden">
                {' '}
                for {r.activityTitle}, {when}
              </span>
            </Button>
          )}
          <Button variant="warning" onClick={() => setConfirming(true)}>
            {cancelWords}
            <span class="visually-hidden">
              {' '}
              for {r.activityTitle}, {when}
            </span>
          </Button>
        </div>
      )}
    </li>
  );
}

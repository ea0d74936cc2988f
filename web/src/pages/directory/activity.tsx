import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActivityView } from '../../../../functions/directory/schema';
import { paths } from '../../../../functions/lib/paths';
import type { ReservationView } from '../../../../functions/reservations/schema';
import type { SessionView } from '../../../../functions/sessions/schema';
import { operationUrl } from '../../api';
import { hasRole, me, signedIn } from '../../auth';
import { Button, ButtonLink } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { dayNames, formatDate, formatWhen } from '../../format';
import type { PageProps } from '../../routes';
import { BookingForm, type DateState, dateState, myBookingsLink, stateWords } from '../sessions/booking';
import { bookingWords, describeAges, describeCost, Fact, usePriorities } from './shared';
import { StaffActions } from './staff-actions';

/**
 * One activity: what it is, who it is for, where (with directions in words), accessibility and cost, and its
 * dates, each with its state and the one thing to do: book, join the waiting list, see your booking.
 */
export default function ActivityPage({ params, query }: PageProps) {
  const [activity, reload] = useApi('getActivity', { params: { id: params.id ?? '' } });
  return (
    <Loaded load={activity} label="Loading the activity…" retry={reload}>
      {(a) => <Activity a={a} focusSession={query.session} />}
    </Loaded>
  );
}

function Activity({ a, focusSession }: { a: ActivityView; focusSession?: string | undefined }) {
  const priorities = usePriorities();
  const [hub] = useApi('getHub', a.hubId ? { params: { id: a.hubId } } : null);
  const place = (hub.state === 'ready' ? hub.data : undefined) ?? a.venue;
  const access = place?.accessibility;
  return (
    <Page title={a.title} caption={a.organisationName ? `Run by ${a.organisationName}` : undefined}>
      {a.needsReview && <p class="notice notice-warning">This activity has not been checked for six months. Please check the details and save it.</p>}
      <p class="lead">{a.description}</p>
      <dl class="facts">
        <Fact term="Who it is for">{[a.audience.whoFor, describeAges(a.audience.ageMin, a.audience.ageMax)].filter(Boolean).join('. ')}</Fact>
        <Fact term="Cost">{describeCost(a.cost)}</Fact>
        <Fact term="How to join">{a.booking.course && a.booking.mode === 'reserve' ? 'Book the whole course' : bookingWords[a.booking.mode]}</Fact>
        <Fact term="Helps with">{a.priorities.map((p) => priorities?.find((x) => x.id === p)?.label ?? p).join(', ')}</Fact>
      </dl>

      <Dates activity={a} focusSession={focusSession} />

      <p>
        <a href={operationUrl('getActivityCalendar', { params: { id: a.id } })} download={`${a.title}.ics`}>
          Add every date to your calendar<span class="visually-hidden"> ({a.title})</span>
        </a>
      </p>

      {place && (
        <>
          <h2 class="heading-m">Where</h2>
          <p>
            {place.name}
            <br />
            {place.address.line1}
            {place.address.line2 && <>, {place.address.line2}</>}, {place.address.town} {place.address.postcode}
          </p>
          {place.directions && (
            <>
              <h3 class="heading-s">Getting there</h3>
              <p>{place.directions}</p>
            </>
          )}
          {hub.state === 'ready' && hub.data.openingHours.length > 0 && (
            <>
              <h3 class="heading-s">Opening hours</h3>
              <ul class="list">
                {hub.data.openingHours.map((o) => (
                  <li key={o.day}>
                    {dayNames[o.day]}: {o.opens} to {o.closes}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}

      <h2 class="heading-m">Accessibility</h2>
      {access ? (
        <ul class="list list-bullet">
          <li>{access.stepFree ? 'Step-free access' : 'Not step-free: there are steps'}</li>
          <li>{access.hearingLoop ? 'Hearing loop' : 'No hearing loop'}</li>
          <li>{access.accessibleToilet ? 'Accessible toilet' : 'No accessible toilet'}</li>
          <li>{access.parking ? 'Parking' : 'No parking on site'}</li>
          <li>{access.publicTransport ? 'Near a bus stop or station' : 'Not near public transport'}</li>
        </ul>
      ) : (
        <p>Ask the organiser about access.</p>
      )}
      {access?.notes && <p>{access.notes}</p>}
      {a.accessibilityNotes && <p>{a.accessibilityNotes}</p>}

      {(a.contact.name || a.contact.phone || a.contact.email) && (
        <>
          <h2 class="heading-m">Contact</h2>
          <p>
            {a.contact.name && (
              <>
                {a.contact.name}
                <br />
              </>
            )}
            {a.contact.phone && (
              <>
                Phone: <a href={`tel:${a.contact.phone.replace(/\s/g, '')}`}>{a.contact.phone}</a>
                <br />
              </>
            )}
            {a.contact.email && (
              <>
                Email: <a href={`mailto:${a.contact.email}`}>{a.contact.email}</a>
              </>
            )}
          </p>
        </>
      )}

      <StaffActions activity={a} />
      {hasRole('partner', 'coordinator', 'admin') && a.needsReview !== undefined && (
        <ButtonLink href={paths.editActivity({ id: a.id })} variant="secondary">
          Edit this activity
        </ButtonLink>
      )}
      <h2 class="heading-m">Is something wrong?</h2>
      <ul class="list">
        <li>
          <a href={paths.reportProblem({ id: a.id })}>Report a problem with this listing</a>
        </li>
        {hasRole('partner') && !me.value?.organisationIds.includes(a.organisationId) && (
          <li>
            <a href={paths.claimActivity({ id: a.id })}>Is this yours? Claim this listing</a>
          </li>
        )}
      </ul>
      <p>
        <a href={paths.activities()}>Back to all activities</a>
      </p>
    </Page>
  );
}

/** The activity's dates in the next eight weeks, each with its state and action; a course is booked whole. */
function Dates({ activity: a, focusSession }: { activity: ActivityView; focusSession?: string | undefined }) {
  const [sessions, reloadSessions] = useApi('listSessions', { params: { activityId: a.id } });
  const [mine, reloadMine] = useApi('listMyReservations', signedIn.value ? {} : null);
  const [open, setOpen] = useState<string | null>(null);
  const [booked, setBooked] = useState<{ at: string; message: string } | null>(null);
  const ready = sessions.state === 'ready' && (!signedIn.value || mine.state !== 'loading');

  // back from "Sign in to book": take the person to the date they chose
  useEffect(() => {
    if (!ready || !focusSession) return;
    const heading = document.getElementById(`date-${focusSession}`);
    heading?.scrollIntoView();
    heading?.focus();
  }, [ready, focusSession]);

  const done = (at: string) => (message: string) => {
    setOpen(null);
    setBooked({ at, message });
    reloadSessions();
    reloadMine();
  };
  const myBooking = (sessionId: string) => (mine.state === 'ready' ? mine.data.items.find((r) => r.sessionId === sessionId && r.status !== 'cancelled') : undefined);
  const bookable = a.status === 'active';
  const course = a.booking.course && a.booking.mode === 'reserve';

  return (
    <section aria-labelledby="dates">
      <h2 class="heading-m" id="dates">
        Dates
      </h2>
      {!bookable && <Notice tone="warning">This activity is not running at the moment, so no places can be booked.</Notice>}
      {bookable && a.booking.mode === 'referral-only' && (me.value === null || hasRole('resident')) && (
        <p>
          Places are booked by a link worker or your GP practice. <a href={paths.askForSupport()}>Ask for support from a link worker</a>
        </p>
      )}
      <Loaded load={sessions} label="Loading dates…" retry={reloadSessions}>
        {({ items }) => {
          if (!items.length) return <p>No dates are planned in the next eight weeks. {a.contact.phone ? `Call ${a.contact.phone} to ask.` : ''}</p>;
          return (
            <>
              {course && bookable && (
                <Course
                  activity={a}
                  sessions={items}
                  mine={myBooking}
                  open={open === 'course'}
                  setOpen={(o) => setOpen(o ? 'course' : null)}
                  booked={booked?.at === 'course' ? booked.message : undefined}
                  onBooked={done('course')}
                />
              )}
              <ul class="card-list">
                {items.map((s) => {
                  const state = dateState(s, a.booking.mode, myBooking(s.id));
                  return (
                    <li class="card" key={s.id}>
                      <h3 class="heading-s card-title" id={`date-${s.id}`} tabIndex={-1}>
                        {formatWhen(s.startsAt, s.endsAt)}
                      </h3>
                      {s.room && <p class="card-meta">{s.room}</p>}
                      {booked?.at === s.id && <BookedNotice message={booked.message} />}
                      <p>{stateWords(state)}</p>
                      {bookable && !course && open !== s.id && <DateAction activity={a} session={s} state={state} onOpen={() => setOpen(s.id)} />}
                      {bookable && !course && state.kind === 'mine' && (
                        <p>
                          <a href={myBookingsLink}>
                            See your booking<span class="visually-hidden"> for {formatWhen(s.startsAt, s.endsAt)}</span>
                          </a>
                        </p>
                      )}
                      {open === s.id && (state.kind === 'book' || state.kind === 'waitlist') && (
                        <BookingForm activity={a} target={{ kind: 'date', session: s, waitlist: state.kind === 'waitlist' }} onBooked={done(s.id)} onClose={() => setOpen(null)} />
                      )}
                    </li>
                  );
                })}
              </ul>
            </>
          );
        }}
      </Loaded>
    </section>
  );
}

/** The answer to a booking. It takes the focus the form had, so keyboard and screen reader users land on it. */
function BookedNotice({ message }: { message: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => box.current?.focus(), [message]);
  return (
    <div tabIndex={-1} ref={box}>
      <Notice tone="success" title="Done">
        <p>{message}</p>
        <p>
          <a href={myBookingsLink}>See your bookings</a>
        </p>
      </Notice>
    </div>
  );
}

/** The one thing to do about a date: book, join the waiting list, sign in first, or ask for a referral. */
function DateAction({ activity: a, session: s, state, onOpen }: { activity: ActivityView; session: SessionView; state: DateState; onOpen: () => void }) {
  const when = <span class="visually-hidden"> on {formatWhen(s.startsAt, s.endsAt)}</span>;
  if (state.kind !== 'book' && state.kind !== 'waitlist') return null;
  if (!signedIn.value) {
    return (
      <p>
        <a href={paths.signIn({}, { next: paths.activity({ id: a.id }, { session: s.id }) })}>Sign in to book{when}</a>
      </p>
    );
  }
  return (
    <Button onClick={onOpen} variant={state.kind === 'book' ? 'primary' : 'secondary'}>
      {state.kind === 'book' ? 'Book a place' : 'Join the waiting list'}
      {when}
    </Button>
  );
}

/** A course: one booking for every date. */
function Course(p: {
  activity: ActivityView;
  sessions: SessionView[];
  mine: (sessionId: string) => ReservationView | undefined;
  open: boolean;
  setOpen: (open: boolean) => void;
  booked?: string | undefined;
  onBooked: (message: string) => void;
}) {
  const now = new Date().toISOString();
  const upcoming = p.sessions.filter((s) => s.status === 'scheduled' && s.closesAt > now);
  const onCourse = upcoming.some((s) => p.mine(s.id));
  const notOpen = upcoming.find((s) => s.opensAt > now);
  const full = upcoming.some((s) => dateState(s, p.activity.booking.mode, undefined).kind === 'waitlist');
  return (
    <div class="section-box">
      <h3 class="heading-s">The whole course</h3>
      {p.booked && <BookedNotice message={p.booked} />}
      {onCourse ? (
        <p>
          You’re booked on this course. <a href={myBookingsLink}>See your bookings</a>
        </p>
      ) : notOpen ? (
        <p>Booking for every date opens on {formatDate(new Date(notOpen.opensAt))}.</p>
      ) : full ? (
        <p>Some dates are full, so the whole course cannot be booked. Call the organiser to ask about the next course.</p>
      ) : !signedIn.value ? (
        <p>
          <a href={paths.signIn({}, { next: paths.activity({ id: p.activity.id }) })}>Sign in to book the whole course</a>
        </p>
      ) : p.open ? (
        <BookingForm activity={p.activity} target={{ kind: 'course', sessions: upcoming }} onBooked={p.onBooked} onClose={() => p.setOpen(false)} />
      ) : (
        <>
          <p>People on this course come to every date: {upcoming.length} sessions.</p>
          <Button onClick={() => p.setOpen(true)}>Book the whole course</Button>
        </>
      )}
    </div>
  );
}

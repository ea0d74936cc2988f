import { useEffect, useState } from 'preact/hooks';
import type { ActivityView, Hub } from '../../../../functions/directory/schema';
import { api, ApiError } from '../../api';
import { hasRole } from '../../auth';
import { ButtonLink } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { formatDateTime } from '../../format';
import { StaffActions } from './staff-actions';
import { bookingWords, describeAges, describeCost, describePlaces, Fact, usePriorities } from './shared';

/** One activity: what it is, who it is for, where (with directions in words), accessibility, cost and the next sessions. */
type State = { state: 'loading' } | { state: 'ready'; activity: ActivityView; hub?: Hub | undefined } | { state: 'failed'; message: string };

const dayNames: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };

export default function ActivityPage({ params }: PageProps) {
  const [view, setView] = useState<State>({ state: 'loading' });
  const priorities = usePriorities();

  useEffect(() => {
    const abort = new AbortController();
    setView({ state: 'loading' });
    (async () => {
      const activity = await api<ActivityView>(`/activities/${encodeURIComponent(params.id ?? '')}`, { signal: abort.signal });
      const hub = activity.hubId ? await api<Hub>(`/hubs/${activity.hubId}`, { signal: abort.signal }) : undefined;
      setView({ state: 'ready', activity, hub });
    })().catch((err: unknown) => {
      if (abort.signal.aborted) return;
      setView({ state: 'failed', message: err instanceof ApiError && err.status === 404 ? 'We could not find that activity. It may have ended.' : 'We could not load this activity just now.' });
    });
    return () => abort.abort();
  }, [params.id]);

  if (view.state === 'loading') return <Page title="Activity"><Loading label="Loading the activity…" /></Page>;
  if (view.state === 'failed') return <Page title="Activity"><p>{view.message}</p><p><a href="/activities">Find other activities</a></p></Page>;

  const { activity: a, hub } = view;
  const place = hub ?? a.venue;
  const access = place?.accessibility;
  return (
    <Page title={a.title} caption={a.organisationName ? `Run by ${a.organisationName}` : undefined}>
      {a.needsReview && <p class="notice notice-warning">This activity has not been checked for six months. Please check the details and save it.</p>}
      <p class="lead">{a.description}</p>
      <dl class="facts">
        <Fact term="Who it is for">{[a.audience.whoFor, describeAges(a.audience.ageMin, a.audience.ageMax)].filter(Boolean).join('. ')}</Fact>
        <Fact term="Cost">{describeCost(a.cost)}</Fact>
        <Fact term="How to join">{bookingWords[a.booking.mode]}</Fact>
        <Fact term="Helps with">{a.priorities.map((p) => priorities?.find((x) => x.id === p)?.label ?? p).join(', ')}</Fact>
      </dl>

      <h2 class="heading-m">Next sessions</h2>
      {a.upcoming.length === 0 ? (
        <p>No dates are listed yet. {a.contact.phone ? `Call ${a.contact.phone} to ask.` : ''}</p>
      ) : (
        <ul class="list">
          {a.upcoming.map((s) => (
            <li key={s.sessionId}>
              <time dateTime={s.startsAt}>{formatDateTime(s.startsAt)}</time>: {describePlaces(s)}
              {s.room ? `, in ${s.room}` : ''}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={`/api/ical/activities/${a.id}`} download={`${a.title}.ics`}>
          Add to calendar<span class="visually-hidden"> ({a.title})</span>
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
          {hub && hub.openingHours.length > 0 && (
            <>
              <h3 class="heading-s">Opening hours</h3>
              <ul class="list">
                {hub.openingHours.map((o) => (
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
            {a.contact.name && <>{a.contact.name}<br /></>}
            {a.contact.phone && <>Phone: <a href={`tel:${a.contact.phone.replace(/\s/g, '')}`}>{a.contact.phone}</a><br /></>}
            {a.contact.email && <>Email: <a href={`mailto:${a.contact.email}`}>{a.contact.email}</a></>}
          </p>
        </>
      )}

      <StaffActions activity={a} />
      {hasRole('partner', 'coordinator', 'admin') && a.needsReview !== undefined && (
        <ButtonLink href={`/activities/${a.id}/edit`} variant="secondary">
          Edit this activity
        </ButtonLink>
      )}
      <p>
        <a href="/activities">Back to all activities</a>
      </p>
    </Page>
  );
}

/**
 * A hub coordinator's home page: a Monday morning's work in one place. Today's and tomorrow's sessions at
 * their hubs (places, waiting lists, each register), then, for each hub, what is waiting for them, each count
 * a link to its list.
 */
import { paths } from '../../../../functions/lib/paths';
import type { Me } from '../../auth';
import { ButtonLink } from '../../components/Button';
import { useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { londonToday } from '../../format';
import { addDays, CountLink, countOf, DaySessions } from './parts';

export default function CoordinatorHome({ person }: { person: Me }) {
  const today = londonToday();
  return (
    <Page title="Your hub’s work" caption={person.name}>
      <ul class="button-group">
        <li>
          <ButtonLink href={paths.newActivity()}>Add an activity</ButtonLink>
        </li>
        <li>
          <ButtonLink href={paths.hubs()} variant="secondary">
            Your hubs
          </ButtonLink>
        </li>
      </ul>
      <DaySessions date={today} heading="Today" />
      <DaySessions date={addDays(today, 1)} heading="Tomorrow" />
      {person.hubIds.map((hubId) => (
        <HubWork key={hubId} hubId={hubId} />
      ))}
    </Page>
  );
}

/** Everything waiting at one hub. */
function HubWork({ hubId }: { hubId: string }) {
  const [hub] = useApi('getHub', { params: { id: hubId } });
  const from = new Date();
  const fortnight = new Date(from.getTime() + 14 * 86_400_000);
  const [rooms] = useApi('listRoomBookings', { query: { hubId } });
  const [applications] = useApi('listApplications', { query: { hubId, status: 'submitted', limit: 100 } });
  const [checks] = useApi('listChecksDue', { query: { hubId } });
  const [hours] = useApi('listHoursToApprove', { query: { hubId } });
  // from the start of the hour, so the query (and what the browser keeps of it) does not change every millisecond
  const [shifts] = useApi('listShifts', { query: { hubId, gapsOnly: true, from: hourOf(from), to: hourOf(fortnight), limit: 100 } });
  const name = hub.state === 'ready' ? hub.data.name : 'your hub';
  const id = `hub-work-${hubId}`;
  return (
    <section aria-labelledby={id}>
      <h2 class="heading-m" id={id}>
        Waiting for you at {name}
      </h2>
      <ul class="count-links">
        <CountLink load={countOf(rooms)} href={paths.roomRequests({ hubId })} one="room request to approve" many="room requests to approve" />
        <CountLink load={countOf(applications)} href={paths.volunteerApplications({}, { hubId })} one="volunteer application" many="volunteer applications" />
        <CountLink load={countOf(checks)} href={paths.checksDue({}, { hubId })} one="volunteer check due" many="volunteer checks due" />
        <CountLink load={countOf(hours)} href={paths.hoursToApprove({}, { hubId })} one="volunteer’s hours to approve" many="volunteers’ hours to approve" />
        <CountLink load={countOf(shifts)} href={paths.rota({}, { hubId, gaps: 1 })} one="shift short of volunteers in the next two weeks" many="shifts short of volunteers in the next two weeks" />
      </ul>
      <p>
        <a href={paths.hub({ hubId })}>{name === 'your hub' ? 'Your hub' : name}: details, rooms and activities</a>
      </p>
    </section>
  );
}

const hourOf = (d: Date) => `${d.toISOString().slice(0, 13)}:00:00.000Z`;

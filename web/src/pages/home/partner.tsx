import { paths } from '../../../../functions/lib/paths';
import { me } from '../../auth';
import { ButtonLink } from '../../components/Button';
import { useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { YourRoomRequests } from './room-requests';
import { YourActivities } from './your-activities';

/**
 * A partner organisation's home: its activities with their next dates ("Add an activity", "Add dates"),
 * "Ask for a room", and the partner's room requests with their status.
 */
export default function PartnerHome() {
  const person = me.value;
  const orgIds = person?.organisationIds ?? [];
  return (
    <Page title={`Hello, ${person?.name ?? 'partner'}`} caption="Your organisation’s work">
      {orgIds.length === 0 && <p>You are not linked to an organisation yet. Ask your partnership’s admin to add you to one; until then you can find activities like everyone else.</p>}
      {orgIds.map((id) => (
        <OrganisationActivities key={id} organisationId={id} several={orgIds.length > 1} />
      ))}

      <h2 class="heading-l">Your room requests</h2>
      <div class="button-group">
        <ButtonLink href={paths.askForRoom()}>Ask for a room</ButtonLink>
      </div>
      <YourRoomRequests />

      <h2 class="heading-l">More</h2>
      <ul class="list">
        <li>
          <a href={paths.organisation()}>Your organisation</a>: its details, activities and people
        </li>
        <li>
          <a href={paths.volunteerApplications()}>Volunteers</a>: applications, the rota, checks and hours
        </li>
        <li>
          <a href={paths.registers()}>Registers</a> for today’s sessions
        </li>
        <li>
          <a href={paths.activities()}>Find activities</a> across the partnership
        </li>
      </ul>
    </Page>
  );
}

function OrganisationActivities({ organisationId, several }: { organisationId: string; several: boolean }) {
  const [org] = useApi('getOrganisation', { params: { id: organisationId } });
  const name = org.state === 'ready' ? org.data.name : undefined;
  return (
    <section aria-labelledby={`activities-${organisationId}`}>
      <h2 class="heading-l" id={`activities-${organisationId}`}>
        {several && name ? `${name}: activities` : 'Your activities'}
      </h2>
      {!several && name && <p class="hint">Run by {name}</p>}
      <YourActivities organisationId={organisationId} />
    </section>
  );
}

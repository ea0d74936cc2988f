import { me } from '../auth';
import { Loaded, useApi } from '../components/load';
import { Page } from '../components/Page';
import { SummaryList } from '../components/SummaryList';
import type { PageProps } from '../routes';
import { YourActivities } from './home/your-activities';

/** "Your organisation": its details, its activities (with their dates), and its people, read only. */
export default function OrganisationPage({ pageTitle }: PageProps) {
  const ids = me.value?.organisationIds ?? [];
  if (ids.length === 0) {
    return (
      <Page title={pageTitle}>
        <p>You are not linked to an organisation yet. Ask your partnership’s admin to add you to one.</p>
      </Page>
    );
  }
  if (ids.length === 1) return <OrganisationDetails id={ids[0]!} pageTitle={pageTitle} />;
  return (
    <Page title="Your organisations">
      {ids.map((id) => (
        <OrganisationDetails key={id} id={id} nested />
      ))}
    </Page>
  );
}

function OrganisationDetails({ id, pageTitle, nested }: { id: string; pageTitle?: string; nested?: boolean }) {
  const [org, reload] = useApi('getOrganisation', { params: { id } });
  const [people, reloadPeople] = useApi('listOrganisationPeople', { params: { id } });
  const body = (
    <Loaded load={org} label="Loading your organisation…" retry={reload}>
      {(o) => (
        <>
          {nested && <h2 class="heading-l">{o.name}</h2>}
          <SummaryList
            rows={[
              ['Name', o.name],
              ['About', o.description],
              ['Contact', o.contact.name],
              ['Phone', o.contact.phone],
              ['Email', o.contact.email],
              ['Website', o.contact.website],
              ['Charity number', o.charityNumber],
            ]}
          />
          <p class="hint">To change these details, ask your partnership’s admin.</p>

          <h2 class="heading-l" id={`activities-${id}`}>
            Activities
          </h2>
          <YourActivities organisationId={id} />

          <h2 class="heading-l" id={`people-${id}`}>
            People
          </h2>
          <p class="hint">Everyone who signs in for {o.name}. Your partnership’s admin adds and removes people.</p>
          <Loaded load={people} label="Loading the people…" retry={reloadPeople}>
            {({ items }) =>
              items.length === 0 ? (
                <p>No one yet.</p>
              ) : (
                <ul class="list list-bullet" aria-labelledby={`people-${id}`}>
                  {items.map((p) => (
                    <li key={`${p.name}${p.email ?? ''}`}>
                      {p.name}
                      {p.email && (
                        <>
                          , <a href={`mailto:${p.email}`}>{p.email}</a>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )
            }
          </Loaded>
        </>
      )}
    </Loaded>
  );
  if (nested) return <section>{body}</section>;
  return (
    <Page title={pageTitle ?? 'Your organisation'} caption={org.state === 'ready' ? org.data.name : undefined}>
      {body}
    </Page>
  );
}

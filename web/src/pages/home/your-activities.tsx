import { paths } from '../../../../functions/lib/paths';
import { ButtonLink } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Tag } from '../../components/SummaryList';
import { formatDateTime } from '../../format';

/** An activity as its managers list it (GET /organisations/:id/activities, /hubs/:id/activities). */
export interface ManagedActivity {
  id: string;
  title: string;
  status: string;
  needsReview: boolean;
  placeName?: string;
  nextStarts: string[];
}

const statusTag = (a: ManagedActivity) =>
  a.status === 'paused' ? <Tag tone="yellow">Paused</Tag> : a.status === 'ended' ? <Tag tone="grey">Ended</Tag> : a.needsReview ? <Tag tone="red">Check the details</Tag> : null;

/**
 * The activities an organisation runs (`organisationId`) or a hub hosts (`hubId`), each with its next dates and
 * a way to add or manage them; "Add an activity" above. For the home pages of partners and coordinators.
 */
export function YourActivities({ organisationId, hubId }: { organisationId?: string; hubId?: string }) {
  const query = { limit: 100 };
  const byOrganisation = useApi('listOrganisationActivities', organisationId ? { params: { id: organisationId }, query } : null);
  const byHub = useApi('listHubActivities', !organisationId && hubId ? { params: { id: hubId }, query } : null);
  const [list, reload] = organisationId ? byOrganisation : byHub;
  return (
    <>
      <div class="button-group">
        <ButtonLink href={paths.newActivity()}>Add an activity</ButtonLink>
      </div>
      <Loaded load={list} label="Loading your activities…" retry={reload}>
        {({ items }) =>
          items.length === 0 ? (
            <p>No activities yet. Add one and it will show here.</p>
          ) : (
            <ul class="activity-list">
              {items.map((a) => (
                <li class="activity" key={a.id}>
                  <h3 class="heading-s activity-title">
                    <a href={paths.activity({ id: a.id })}>{a.title}</a> {statusTag(a)}
                  </h3>
                  {a.placeName && <p class="hint">{a.placeName}</p>}
                  {a.nextStarts.length ? (
                    <p>
                      Next:{' '}
                      {a.nextStarts
                        .slice(0, 2)
                        .map((s) => formatDateTime(s))
                        .join('; ')}
                    </p>
                  ) : (
                    <p>No dates coming up.</p>
                  )}
                  <p>
                    <a href={paths.scheduleSessions({ id: a.id })}>
                      Add dates
                      <span class="visually-hidden"> for {a.title}</span>
                    </a>
                  </p>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

/** "Your hubs": a coordinator's hubs, or every hub for an admin (who can add one and see archived ones). */
import { paths } from '../../../../functions/lib/paths';
import { hasRole, me } from '../../auth';
import { ButtonLink } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { Tag } from '../../components/SummaryList';
import type { PageProps } from '../../routes';

export default function Hubs({ pageTitle }: PageProps) {
  const admin = hasRole('admin');
  const [load, reload] = useApi('listHubs', me.value ? { query: { limit: 100, includeArchived: admin || undefined } } : null);
  return (
    <Page title={admin ? 'Hubs' : pageTitle}>
      {admin && <ButtonLink href={paths.newHub()}>Add a hub</ButtonLink>}
      <Loaded load={load} label="Loading the hubs…" retry={reload}>
        {(data) => {
          const hubs = admin ? data.items : data.items.filter((h) => me.value?.hubIds.includes(h.id));
          if (!hubs.length) return <p>You do not coordinate a hub yet. Ask your partnership admin to add you.</p>;
          return (
            <ul class="activity-list">
              {hubs.map((h) => (
                <li class="activity" key={h.id}>
                  <h2 class="heading-s">
                    <a href={paths.hub({ hubId: h.id })}>{h.name}</a> {h.archived && <Tag tone="grey">Archived</Tag>}
                  </h2>
                  <p>
                    {h.address.line1}, {h.address.town} {h.address.postcode}
                  </p>
                </li>
              ))}
            </ul>
          );
        }}
      </Loaded>
    </Page>
  );
}

import { paths } from '../../../../functions/lib/paths';
import type { DueItem } from '../../../../functions/volunteers/schema';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { Tag } from '../../components/SummaryList';
import { formatDay } from '../../format';
import type { PageProps } from '../../routes';
import { ForOwners, ManageNav, type Owner, OwnerPicker, ownerQuery } from './common';

const stateTag: Record<DueItem['state'], [tone: 'red' | 'yellow' | 'grey', words: string]> = {
  expired: ['red', 'Expired'],
  missing: ['red', 'Missing'],
  'not-clear': ['grey', 'Not clear'],
  expiring: ['yellow', 'Expiring soon'],
};
/** `"Food hygiene" training` reads better as "Training: Food hygiene"; `enhanced DBS check` as "Enhanced DBS check". */
const requirementName = (r: string) => {
  const training = /^"(.+)" training$/.exec(r);
  return training ? `Training: ${training[1]}` : r.charAt(0).toUpperCase() + r.slice(1);
};
const order: DueItem['state'][] = ['expired', 'missing', 'not-clear', 'expiring'];

/** Coordinators: approved volunteers whose checks are missing, expired or expire in the next 60 days. */
export default function ChecksDue({ pageTitle, query }: PageProps) {
  return (
    <Page title={pageTitle}>
      <ForOwners query={query}>{(owner, owners) => <Due owners={owners} owner={owner} />}</ForOwners>
    </Page>
  );
}

function Due({ owners, owner }: { owners: Owner[]; owner: Owner }) {
  const [due, retry] = useApi('listChecksDue', { query: { ...ownerQuery(owner), withinDays: 60 } });
  return (
    <>
      <ManageNav current={paths.checksDue} owner={owner} />
      <OwnerPicker owners={owners} current={owner} page={paths.checksDue} />
      <p>Volunteers cannot sign up for shifts when a check their role needs is missing or has expired. We remind volunteers 60, 30 and 7 days before a check expires.</p>
      <Loaded load={due} label="Loading checks…" retry={retry}>
        {({ items }) =>
          items.length === 0 ? (
            <p>Every approved volunteer's checks are in date for the next 60 days.</p>
          ) : (
            <table class="table table-stack">
              <caption class="table-caption">
                {items.length} {items.length === 1 ? 'check' : 'checks'} due in the next 60 days
              </caption>
              <thead>
                <tr>
                  <th scope="col">Volunteer</th>
                  <th scope="col">Role</th>
                  <th scope="col">Check</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span class="visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...items]
                  .sort((a, b) => order.indexOf(a.state) - order.indexOf(b.state) || (a.expiresOn ?? '').localeCompare(b.expiresOn ?? ''))
                  .map((d) => {
                    const [tone, words] = stateTag[d.state];
                    return (
                      <tr key={`${d.volunteerId}-${d.roleId}-${d.requirement}`}>
                        <td data-label="Volunteer">{d.volunteerName}</td>
                        <td data-label="Role">{d.roleTitle}</td>
                        <td data-label="Check">
                          {requirementName(d.requirement)}
                          {d.expiresOn && (
                            <span class="table-hint">
                              {d.state === 'expired' ? 'Expired' : 'Expires'} {formatDay(d.expiresOn)}
                            </span>
                          )}
                        </td>
                        <td data-label="Status">
                          <Tag tone={tone}>{words}</Tag>
                        </td>
                        <td data-label="Action">
                          <a href={paths.recordCheck({}, { volunteerId: d.volunteerId, name: d.volunteerName, requirement: d.requirement })}>
                            Record a check
                            <span class="visually-hidden">
                              {' '}
                              for {d.volunteerName}: {d.requirement}
                            </span>
                          </a>
                        </td>
                      </tr>
                    );
                  })}
              </tbody>
            </table>
          )
        }
      </Loaded>
    </>
  );
}

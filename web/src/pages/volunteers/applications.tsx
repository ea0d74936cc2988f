import { paths } from '../../../../functions/lib/paths';
import type { Application } from '../../../../functions/volunteers/schema';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { ForOwners, ManageNav, type Owner, OwnerPicker, ownerQuery } from './common';
import { StatusTag } from './status';

/** Coordinators: applications waiting for a decision, oldest first. */
export default function ApplicationsQueue({ pageTitle, query }: PageProps) {
  return (
    <Page title={pageTitle}>
      <ForOwners query={query}>{(owner, owners) => <Queue owners={owners} owner={owner} />}</ForOwners>
    </Page>
  );
}

const dateOf = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

function Queue({ owners, owner }: { owners: Owner[]; owner: Owner }) {
  const [apps, retry] = useApi('listApplications', { query: { ...ownerQuery(owner), limit: 100 } });
  return (
    <>
      <ManageNav current={paths.volunteerApplications} owner={owner} />
      <OwnerPicker owners={owners} current={owner} page={paths.volunteerApplications} />
      <Loaded load={apps} label="Loading applications…" retry={retry}>
        {({ items }) => {
          const waiting = items.filter((a) => a.status === 'submitted' || a.status === 'more-info-requested').sort((a, b) => (a.appliedAt < b.appliedAt ? -1 : 1));
          const decided = items.filter((a) => !waiting.includes(a));
          return (
            <>
              <h2 class="heading-l">Waiting for a decision</h2>
              {waiting.length === 0 ? (
                <p>There are no applications waiting. New ones appear here and we email you about each one.</p>
              ) : (
                <AppTable items={waiting} caption={`${waiting.length} ${waiting.length === 1 ? 'application' : 'applications'} waiting, oldest first`} />
              )}
              {decided.length > 0 && (
                <details class="details">
                  <summary class="details-summary">
                    <span class="details-text">Decided applications ({decided.length})</span>
                  </summary>
                  <div class="details-body">
                    <AppTable items={decided} caption="Decided applications" />
                  </div>
                </details>
              )}
            </>
          );
        }}
      </Loaded>
    </>
  );
}

function AppTable({ items, caption }: { items: Application[]; caption: string }) {
  return (
    <table class="table table-stack">
      <caption class="table-caption">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Applicant</th>
          <th scope="col">Role</th>
          <th scope="col">Applied</th>
          <th scope="col">Status</th>
        </tr>
      </thead>
      <tbody>
        {items.map((a) => (
          <tr key={`${a.roleId}-${a.volunteerId}`}>
            <td data-label="Applicant">
              <a href={paths.volunteerApplication({ roleId: a.roleId, volunteerId: a.volunteerId })}>
                {a.volunteerName}
                <span class="visually-hidden">, {a.roleTitle}</span>
              </a>
              {a.under18 && <span class="hint table-hint">Under 18{a.guardianConsent ? ': consent recorded' : ': needs consent'}</span>}
            </td>
            <td data-label="Role">{a.roleTitle}</td>
            <td data-label="Applied">{dateOf(a.appliedAt)}</td>
            <td data-label="Status">
              <StatusTag status={a.status} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

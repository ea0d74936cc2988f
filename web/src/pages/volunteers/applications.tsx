import { api } from '../../api';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { Application } from '../../../../functions/volunteers/schema';
import { chosenOwner, ManageNav, NotACoordinator, type Owner, OwnerPicker, ownerQuery, useOwners } from './common';
import { Loaded, SignInFirst, useLoad } from '../../components/load';
import { StatusTag } from './status';

/** Coordinators: applications waiting for a decision, oldest first. */
export default function ApplicationsQueue({ pageTitle, query }: PageProps) {
  const owners = useOwners();
  return (
    <Page title={pageTitle}>
      {owners.state === 'loading' ? (
        <Loading />
      ) : owners.state === 'failed' ? (
        <SignInFirst />
      ) : owners.data.length === 0 ? (
        <NotACoordinator />
      ) : (
        <Queue owners={owners.data} owner={chosenOwner(owners.data, query)!} />
      )}
    </Page>
  );
}

const dateOf = (iso: string) => new Date(iso).toLocaleDateString('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

function Queue({ owners, owner }: { owners: Owner[]; owner: Owner }) {
  const [apps, retry] = useLoad((signal) => api<{ items: Application[] }>('/volunteer-applications', { query: { ...ownerQuery(owner), limit: 100 }, signal }), [owner.id]);
  return (
    <>
      <ManageNav current="/volunteering/applications" owner={owner} />
      <OwnerPicker owners={owners} current={owner} path="/volunteering/applications" />
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
              <a href={`/volunteering/applications/${a.roleId}/${a.volunteerId}`}>
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

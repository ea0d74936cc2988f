/**
 * Pieces the volunteering pages share: shift times in plain words, what a role's requirements mean, and
 * which hubs or organisations the signed-in person runs. Only types come from the API's schema, so these
 * chunks stay small.
 */
import type { ComponentChildren } from 'preact';
import { paths } from '../../../../functions/lib/paths';
import type { Requirements, Role } from '../../../../functions/volunteers/schema';
import { ApiError, callApi } from '../../api';
import { me } from '../../auth';
import { Loading } from '../../components/Loading';
import { type Load, NotAllowed, SignInFirst, useLoad } from '../../components/load';
import { Page } from '../../components/Page';
import { dayNames, formatDate, formatTime, joinWords } from '../../format';

// Dates and times

/** "Friday 14 March, 9:30am to midday" */
export function formatShiftTime(startsAt: string, endsAt: string): string {
  const start = new Date(startsAt);
  return `${formatDate(start)}, ${formatTime(start)} to ${formatTime(new Date(endsAt))}`;
}

export const hoursText = (n: number): string => `${Number.isInteger(n) ? n : n.toFixed(2).replace(/0$/, '')} ${n === 1 ? 'hour' : 'hours'}`;

export const listDays = (days: string[]): string => joinWords(days.map((d) => dayNames[d] ?? d));

// What a role asks for

const dbsWords: Record<Requirements['dbs'], string> = {
  none: 'You do not need a DBS check for this role.',
  basic: 'You need a basic DBS check. It shows any unspent criminal convictions.',
  standard: 'You need a standard DBS check. It shows spent and unspent convictions, cautions, reprimands and warnings.',
  enhanced:
    'You need an enhanced DBS check. As well as what a standard check shows, it includes any information the police think is relevant to working with children or adults who may be vulnerable.',
};

/** The requirements of a role in plain English, with what a DBS check is and who arranges it. */
export function RequirementsText({ role }: { role: Pick<Role, 'requirements' | 'minimumAge'> }) {
  const r = role.requirements;
  return (
    <>
      <ul class="list list-bullet">
        <li>{role.minimumAge === 16 ? 'You need to be 16 or over. If you are under 18, a parent or guardian will need to give their consent before you start.' : 'You need to be 18 or over.'}</li>
        <li>{dbsWords[r.dbs]}</li>
        {r.references && <li>You need to give the names of 2 people who can give you a reference, such as an employer, teacher or someone who has known you for at least 2 years (not a relative).</li>}
        {r.training.length > 0 && (
          <li>
            You need to complete {r.training.length === 1 ? 'this training' : 'this training'}: {joinWords(r.training)}. The coordinator will tell you how; it is free.
          </li>
        )}
      </ul>
      {r.dbs !== 'none' && (
        <details class="details">
          <summary class="details-summary">
            <span class="details-text">What is a DBS check?</span>
          </summary>
          <div class="details-body">
            <p>
              A DBS check is a record of someone's criminal convictions and cautions, from the Disclosure and Barring Service. Organisations ask for one to help keep the people they work with safe.
            </p>
            <p>
              You do not need to arrange it yourself and it is free for volunteers. If your application is approved, the coordinator will send you what you need to apply, and ask to see some ID.
              Having a conviction does not always stop you volunteering: talk to the coordinator.
            </p>
            <p>We only keep the type of check, the date and whether it came back clear, never what the certificate says.</p>
          </div>
        </details>
      )}
    </>
  );
}

// Which hubs and organisations the signed-in person runs

export interface Owner {
  kind: 'hub' | 'organisation';
  id: string;
  name: string;
}

/**
 * The hubs a coordinator coordinates and the organisations a partner acts for, named from the directory
 * (`/api/hubs`, `/api/organisations`) when it answers, otherwise "your hub".
 */
export function useOwners(): Load<Owner[]> {
  const person = me.value;
  const [load] = useLoad<Owner[]>(
    async (signal) => {
      if (!person) return [];
      const names = new Map<string, string>();
      const [hubs, orgs] = await Promise.all([
        callApi('listHubs', { query: { limit: 100 }, signal }).catch(() => ({ items: [] })),
        person.organisationIds.length ? callApi('listOrganisations', { query: { limit: 100 }, signal }).catch(() => ({ items: [] })) : { items: [] },
      ]);
      for (const h of [...hubs.items, ...orgs.items]) names.set(h.id, h.name);
      const many = person.hubIds.length + person.organisationIds.length > 1;
      return [
        ...person.hubIds.map((id, i) => ({ kind: 'hub' as const, id, name: names.get(id) ?? (many ? `Your hub ${i + 1}` : 'Your hub') })),
        ...person.organisationIds.map((id, i) => ({ kind: 'organisation' as const, id, name: names.get(id) ?? (many ? `Your organisation ${i + 1}` : 'Your organisation') })),
      ];
    },
    [person?.userId],
  );
  if (person === null) return { state: 'failed', error: new ApiError(401, 'Not signed in', 'Sign in to see this page.') };
  return person === undefined ? { state: 'loading' } : load;
}

/** The owner a coordinator's page is about: `?hubId=` / `?organisationId=` or their first. */
export function chosenOwner(owners: Owner[], query: Record<string, string>): Owner | undefined {
  const wanted = query.hubId ?? query.organisationId;
  return owners.find((o) => o.id === wanted) ?? owners[0];
}

export const ownerQuery = (o: Owner): { hubId: string } | { organisationId: string } => (o.kind === 'hub' ? { hubId: o.id } : { organisationId: o.id });

/** A coordinator's volunteering page, for one hub or organisation. */
type OwnerPage = (params?: Record<string, never>, query?: Record<string, string>) => string;

/** For people who run more than one hub or organisation: links to show another one. */
export function OwnerPicker({ owners, current, page }: { owners: Owner[]; current: Owner; page: OwnerPage }) {
  const others = owners.filter((o) => o.id !== current.id);
  if (!others.length) return null;
  return (
    <p>
      Showing {current.name}. Show instead:{' '}
      {others.map((o, i) => (
        <span key={o.id}>
          {i > 0 && ', '}
          <a href={page({}, ownerQuery(o))}>{o.name}</a>
        </span>
      ))}
    </p>
  );
}

/**
 * A page for the people who run hubs and organisations: it waits for theirs, asks anyone signed out to sign
 * in, tells anyone else it is not for them, and otherwise shows the page for the one chosen in the address.
 * With `title`, the page's heading is the gate's own (for pages whose content brings its own).
 */
export function ForOwners({ query, title, children }: { query: Record<string, string>; title?: string; children: (owner: Owner, owners: Owner[]) => ComponentChildren }) {
  const owners = useOwners();
  const gate = (body: ComponentChildren) => (title ? <Page title={title}>{body}</Page> : body);
  if (owners.state === 'loading') return gate(<Loading />);
  if (owners.state === 'failed') return gate(<SignInFirst />);
  if (owners.data.length === 0) {
    return gate(
      <NotAllowed who="hub coordinators and partner organisations">
        To volunteer yourself, <a href={paths.volunteerRoles()}>find a volunteer role</a>.
      </NotAllowed>,
    );
  }
  return <>{children(chosenOwner(owners.data, query)!, owners.data)}</>;
}

/** Links between the coordinator's volunteer pages. */
export function ManageNav({ current, owner }: { current: OwnerPage; owner?: Owner }) {
  const links: [OwnerPage, string][] = [
    [paths.volunteerApplications, 'Applications'],
    [paths.rota, 'Shift rota'],
    [paths.checksDue, 'Checks due'],
    [paths.hoursToApprove, 'Hours to approve'],
  ];
  return (
    <nav class="sub-nav" aria-label="Managing volunteers">
      <ul class="sub-nav-list">
        {links.map(([page, label]) => (
          <li key={label} class="sub-nav-item">
            <a href={page({}, owner ? ownerQuery(owner) : {})} aria-current={page === current ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

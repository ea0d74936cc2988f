/**
 * A partnership admin's home page: what needs them (directory entries due for review or waiting for approval,
 * referrals nobody has picked up or overdue a first contact), the reports, and the pages where they manage
 * the partnership's hubs, areas, organisations, priorities and settings.
 */
import { paths } from '../../../../functions/lib/paths';
import type { Me } from '../../auth';
import { ButtonLink } from '../../components/Button';
import { type Load, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { CountLink, countOf } from './parts';

export default function AdminHome({ person }: { person: Me }) {
  const [review] = useApi('listActivitiesDueReview', { query: { limit: 100 } });
  const [approval] = useApi('listActivitiesAwaitingApproval', { query: { limit: 100 } });
  const [referrals] = useApi('countReferralQueues');
  const pick = (key: 'unassigned' | 'overdue'): Load<number> => (referrals.state === 'ready' ? { state: 'ready', data: referrals.data[key] } : referrals);
  return (
    <Page title="Running the partnership" caption={person.name}>
      <section aria-labelledby="needs-you">
        <h2 class="heading-m" id="needs-you">
          Waiting for you
        </h2>
        <ul class="count-links">
          <CountLink load={countOf(review)} href={paths.reviewDue()} one="directory entry due for review" many="directory entries due for review" />
          <CountLink load={countOf(approval)} href={paths.approvals()} one="new activity waiting for approval" many="new activities waiting for approval" />
          <CountLink load={pick('unassigned')} href={paths.referrals({}, { scope: 'unassigned' })} one="referral nobody has picked up" many="referrals nobody has picked up" />
          <CountLink load={pick('overdue')} href={paths.referrals({}, { overdue: 1 })} one="referral overdue a first contact" many="referrals overdue a first contact" />
        </ul>
      </section>
      <section aria-labelledby="reports">
        <h2 class="heading-m" id="reports">
          Reports
        </h2>
        <ul class="list">
          <li>
            <a href={paths.reports()}>Attendance, referrals, volunteer hours and capacity</a>
          </li>
          <li>
            <a href={paths.gaps()}>Gaps in provision</a>
          </li>
        </ul>
      </section>
      <section aria-labelledby="manage">
        <h2 class="heading-m" id="manage">
          Manage the partnership
        </h2>
        <ul class="list">
          <li>
            <a href={paths.hubs()}>Hubs and their rooms</a>
          </li>
          <li>
            {/* 'partnership': the reminders' inbox for what is about no hub (functions/reminders/schema.ts partnershipInbox; not imported, to keep zod out of this page) */}
            <a href={paths.hubTexts({ hubId: 'partnership' })}>Texts and letters not about any one hub</a>
          </li>
          <li>
            <a href={paths.careCommunities()}>Care communities</a>
          </li>
          <li>
            <a href={paths.manageOrganisations()}>Partner organisations</a>
          </li>
          <li>
            <a href={paths.priorities()}>Priorities</a>
          </li>
          <li>
            <a href={paths.postcodes()}>Postcodes, for searches near a postcode</a>
          </li>
          <li>
            <a href={paths.directoryImport()}>Import activities and organisations</a>
          </li>
          <li>
            <a href={paths.settings()}>Settings: approving new activities</a>
          </li>
        </ul>
        <ButtonLink href={paths.newActivity()} variant="secondary">
          Add an activity
        </ButtonLink>
      </section>
    </Page>
  );
}

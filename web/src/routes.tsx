/**
 * Every page of the web app, in one list. To add a page, add its path to `functions/lib/paths.ts` and one
 * line here:
 *
 *   page(paths.myBookings.pattern, 'My bookings', () => import('./pages/sessions/my-bookings'), { who: ['resident'], nav: { for: ['resident'] } }),
 *
 * - path: a preact-iso pattern from `paths`; the page gets `params`, `query` and `pageTitle` as props
 * - title: the page's name, used for the browser tab and, with `nav`, the header link
 * - load: a dynamic import, so each page is its own chunk and only loads when visited
 * - who: the people the page is for. Each of them must reach it by clicking links from the home page (the
 *   reachability test crawls it for every role); 'nobody' with `arrives` for a page that only opens from an
 *   email or a code
 * - nav (optional): show a header link to everyone, to signed-out people, or to people with one of these
 *   roles; `label` overrides the title in the header. Order in this list is the order in the header.
 */
import type { ComponentType } from 'preact';
import lazy from 'preact-iso/lazy';
import { paths } from '../../functions/lib/paths';
import type { Role } from './auth';
import { PageLoadFailed } from './components/PageLoadFailed';
import ActivityPage from './pages/directory/activity';
import FindActivities from './pages/directory/find';
import SignOut from './pages/sign-out';

export interface NavRule {
  /** a list may name 'signed-out' beside roles: "Ask for support" is for people not signed in and residents */
  for: 'everyone' | 'signed-out' | 'signed-in' | (Role | 'signed-out')[];
  label?: string;
}

/** who a page is for: 'signed-out' stands for people not signed in */
export type PageFor = { who: 'everyone' | (Role | 'signed-out')[]; arrives?: never } | { who: 'nobody'; arrives: string };

export interface PageProps {
  pageTitle: string;
  params: Record<string, string>;
  query: Record<string, string>;
}

export interface PageEntry {
  path: string;
  title: string;
  component: ComponentType<PageProps>;
  who: PageFor['who'];
  /** for pages no one reaches by clicking: the email or code that opens them */
  arrives?: string;
  nav?: NavRule;
}

type Loader = () => Promise<{ default: ComponentType<PageProps> }>;

/** people who run activities: hub coordinators and partner organisations */
const runners: Role[] = ['coordinator', 'partner'];
/** everyone signed in */
const signedIn: Role[] = ['resident', 'volunteer', 'coordinator', 'partner', 'linkworker', 'admin'];
/** people who keep directory entries */
const staff: Role[] = ['coordinator', 'partner', 'admin'];

function page(path: string, title: string, load: Loader, meta: PageFor & { nav?: NavRule }): PageEntry {
  // if a page's chunk cannot be fetched (offline, or a new release replaced it), say so instead of a blank page
  const safeLoad = () => load().catch(() => ({ default: PageLoadFailed as ComponentType<PageProps> }));
  return { path, title, component: lazy(safeLoad) as unknown as ComponentType<PageProps>, ...meta };
}

export const pages: PageEntry[] = [
  page(paths.home.pattern, 'Home', () => import('./pages/home'), { who: 'everyone' }),
  // in the main bundle, not chunks: the pages most people open first (the search, and an activity someone was
  // sent a link to), often on a phone, where a chunk and the chunks it imports cost a round trip each
  { path: paths.activities.pattern, title: 'Find activities', component: FindActivities, who: 'everyone', nav: { for: 'everyone' } },
  page(paths.newActivity.pattern, 'Add an activity', () => import('./pages/directory/edit'), { who: staff }),
  { path: paths.activity.pattern, title: 'Activity', component: ActivityPage, who: 'everyone' },
  page(paths.editActivity.pattern, 'Change an activity', () => import('./pages/directory/edit'), { who: staff }),
  page(paths.volunteering.pattern, 'Your volunteering', () => import('./pages/volunteers/mine'), { who: ['volunteer'], nav: { for: ['volunteer'], label: 'Volunteering' } }),
  page(paths.volunteeringMe.pattern, 'Your volunteering', () => import('./pages/volunteers/mine'), {
    who: 'nobody',
    arrives: 'email: the volunteering emails link here; the menu links to /volunteering',
  }),
  page(paths.volunteerRoles.pattern, 'Volunteer roles', () => import('./pages/volunteers/roles'), { who: 'everyone', nav: { for: 'everyone' } }),
  page(paths.volunteerRole.pattern, 'Volunteer role', () => import('./pages/volunteers/role'), { who: 'everyone' }),
  page(paths.applyForRole.pattern, 'Apply for a volunteer role', () => import('./pages/volunteers/apply'), { who: ['resident', 'volunteer'] }),
  page(paths.logHours.pattern, 'Log your hours', () => import('./pages/volunteers/log-hours'), { who: ['volunteer'] }),
  page(paths.volunteerApplications.pattern, 'Volunteer applications', () => import('./pages/volunteers/applications'), { who: runners, nav: { for: ['coordinator', 'partner'], label: 'Volunteers' } }),
  page(paths.volunteerApplication.pattern, 'Application', () => import('./pages/volunteers/application'), { who: runners }),
  page(paths.rota.pattern, 'Shift rota', () => import('./pages/volunteers/rota'), { who: runners }),
  page(paths.newShift.pattern, 'Add a shift', () => import('./pages/volunteers/new-shift'), { who: runners }),
  page(paths.checksDue.pattern, 'Checks due', () => import('./pages/volunteers/checks'), { who: runners }),
  page(paths.recordCheck.pattern, 'Record a check', () => import('./pages/volunteers/record-check'), { who: runners }),
  page(paths.hoursToApprove.pattern, 'Hours to approve', () => import('./pages/volunteers/hours'), { who: runners }),
  page(paths.myBookings.pattern, 'My bookings', () => import('./pages/sessions/my-bookings'), { who: ['resident'], nav: { for: ['resident'] } }),
  page(paths.scheduleSessions.pattern, 'Add dates', () => import('./pages/sessions/scheduler'), { who: staff }),
  page(paths.devMailbox.pattern, 'Dev mailbox', () => import('./pages/dev/mailbox'), { who: 'nobody', arrives: 'the local copy only: a developer tool, not part of the service' }),
  page(paths.hubs.pattern, 'Your hubs', () => import('./pages/hubs'), { who: ['coordinator', 'admin'], nav: { for: ['coordinator', 'admin'], label: 'Hubs' } }),
  page(paths.newHub.pattern, 'Add a hub', () => import('./pages/hubs/edit'), { who: ['admin'] }),
  page(paths.hub.pattern, 'Hub', () => import('./pages/hubs/hub'), { who: ['coordinator', 'admin'] }),
  page(paths.editHub.pattern, 'Change a hub', () => import('./pages/hubs/edit'), { who: ['coordinator', 'admin'] }),
  page(paths.hubHours.pattern, 'Opening hours and closed days', () => import('./pages/hubs/hours'), { who: ['coordinator', 'admin'] }),
  page(paths.newRoom.pattern, 'Add a room', () => import('./pages/hubs/room'), { who: ['coordinator', 'admin'] }),
  page(paths.editRoom.pattern, 'Change a room', () => import('./pages/hubs/room'), { who: ['coordinator', 'admin'] }),
  page(paths.reviewDue.pattern, 'Directory entries due for review', () => import('./pages/directory/review-due'), { who: ['admin'] }),
  page(paths.approvals.pattern, 'New activities waiting for approval', () => import('./pages/directory/approvals'), { who: ['admin'] }),
  page(paths.careCommunities.pattern, 'Care communities', () => import('./pages/manage/list'), { who: ['admin'] }),
  page(paths.manageOrganisations.pattern, 'Partner organisations', () => import('./pages/manage/list'), { who: ['admin'] }),
  page(paths.priorities.pattern, 'Priorities', () => import('./pages/manage/list'), { who: ['admin'] }),
  page(paths.postcodes.pattern, 'Postcodes', () => import('./pages/manage/postcodes'), { who: ['admin'] }),
  page(paths.directoryImport.pattern, 'Import activities and organisations', () => import('./pages/manage/directory-import'), { who: ['admin'] }),
  page(paths.settings.pattern, 'Settings', () => import('./pages/manage/settings'), { who: ['admin'] }),
  page(paths.organisation.pattern, 'Your organisation', () => import('./pages/organisation'), { who: ['partner'], nav: { for: ['partner'] } }),
  page(paths.referrals.pattern, 'Referrals', () => import('./pages/referrals/caseload'), { who: ['linkworker', 'admin'], nav: { for: ['linkworker'] } }),
  page(paths.newReferral.pattern, 'New referral', () => import('./pages/referrals/new-referral'), { who: ['linkworker'] }),
  page(paths.referral.pattern, 'Referral', () => import('./pages/referrals/referral'), { who: ['linkworker'] }),
  page(paths.askForSupport.pattern, 'Ask for support', () => import('./pages/referrals/self-refer'), { who: ['signed-out', 'resident'], nav: { for: ['signed-out', 'resident'] } }),
  page(paths.reports.pattern, 'Reports', () => import('./pages/reports'), { who: ['admin', 'coordinator'], nav: { for: ['admin', 'coordinator'] } }),
  page(paths.gaps.pattern, 'Gaps in provision', () => import('./pages/reports/gaps'), { who: ['admin', 'coordinator'] }),
  page(paths.funderSummary.pattern, 'Funder summary', () => import('./pages/reports/funder'), { who: ['admin', 'coordinator'] }),
  page(paths.roomBookings.pattern, 'Room bookings', () => import('./pages/rooms'), { who: runners, nav: { for: ['coordinator', 'partner'] } }),
  page(paths.hubRoomsWeek.pattern, 'Rooms this week', () => import('./pages/rooms/week'), { who: ['coordinator'] }),
  page(paths.roomRequests.pattern, 'Room requests', () => import('./pages/rooms/queue'), { who: ['coordinator'] }),
  page(paths.askForRoom.pattern, 'Ask for a room', () => import('./pages/rooms/request'), { who: runners }),
  page(paths.requestRoom.pattern, 'Book a room', () => import('./pages/rooms/request'), { who: runners }),
  page(paths.signIn.pattern, 'Sign in', () => import('./pages/sign-in'), { who: ['signed-out'] }),
  page(paths.authCallback.pattern, 'Signing you in', () => import('./pages/auth-callback'), { who: 'nobody', arrives: "from Cognito's hosted sign-in page, with the code of a sign-in (AWS only)" }),
  page(paths.registers.pattern, 'Today’s sessions', () => import('./pages/attendance/todays-sessions'), { who: runners, nav: { for: ['coordinator', 'partner'], label: 'Registers' } }),
  page(paths.register.pattern, 'Register', () => import('./pages/attendance/register'), { who: runners }),
  page(paths.registerCheckIn.pattern, 'Check in at the door', () => import('./pages/attendance/check-in'), { who: runners }),
  page(paths.checkIn.pattern, 'Check in at the door', () => import('./pages/attendance/check-in'), { who: 'nobody', arrives: 'code: the QR code on a check-in pass opens it' }),
  page(paths.accessNeeds.pattern, 'Your access needs', () => import('./pages/access-needs'), { who: ['resident'] }),
  page(paths.account.pattern, 'Your account', () => import('./pages/privacy/account'), { who: signedIn, nav: { for: 'signed-in' } }),
  page(paths.people.pattern, 'People and their data', () => import('./pages/privacy/people'), { who: ['admin'], nav: { for: ['admin'], label: 'People' } }),
  // in the main bundle, not a chunk: signing out must work with no connection (it warns about marks not sent)
  { path: paths.signOut.pattern, title: 'Signing out', component: SignOut, who: 'nobody', arrives: 'the Sign out button in the header' },
  page(paths.reportProblem.pattern, 'Report a problem with a listing', () => import('./pages/directory/report-problem'), { who: 'everyone' }),
  page(paths.claimActivity.pattern, 'Is this yours?', () => import('./pages/directory/claim'), { who: ['partner'] }),
  page(paths.problemReports.pattern, 'Problem reports', () => import('./pages/directory/problem-reports'), {
    who: ['admin', 'partner', 'coordinator'],
    nav: { for: ['admin', 'partner', 'coordinator'], label: 'Problem reports' },
  }),
  page(paths.claims.pattern, 'Claims on listings', () => import('./pages/directory/claims'), { who: ['admin'], nav: { for: ['admin'], label: 'Claims' } }),
  page(paths.checkInCodes.pattern, 'Your check-in codes', () => import('./pages/attendance/check-in-codes'), { who: ['resident'] }),
  page(paths.reminderSettings.pattern, 'Reminders', () => import('./pages/reminders/settings'), { who: runners }),
  page(paths.confirmPlace.pattern, 'Are you still coming?', () => import('./pages/reminders/confirm'), { who: 'nobody', arrives: 'the link in a reminder email' }),
  page(paths.hubTexts.pattern, 'Texts to the hub', () => import('./pages/reminders/hub-texts'), { who: ['coordinator'] }),
  page(paths.contactChoices.pattern, 'How we contact you', () => import('./pages/reminders/contact'), { who: ['resident'] }),
];

export const notFound: PageEntry = page(paths.notFound.pattern, 'Page not found', () => import('./pages/not-found'), { who: 'nobody', arrives: 'any unknown address' });

/** The header links this person should see. */
export function navFor(roles: Role[] | null): { path: string; label: string }[] {
  return pages
    .filter(({ nav }) => {
      if (!nav) return false;
      if (nav.for === 'everyone') return true;
      if (nav.for === 'signed-out') return roles === null;
      if (nav.for === 'signed-in') return roles !== null;
      if (roles === null) return nav.for.includes('signed-out');
      return nav.for.some((r) => r !== 'signed-out' && roles.includes(r));
    })
    .map((p) => ({ path: p.path, label: p.nav?.label ?? p.title }));
}

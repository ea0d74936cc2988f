/**
 * Every page of the web app, in one list. To add a page, add one line:
 *
 *   page('/bookings', 'Your bookings', () => import('./pages/bookings'), { for: ['resident'] }),
 *
 * - path: a preact-iso pattern (`/activities/:id`); the page gets `params`, `query` and `pageTitle` as props
 * - title: the page's name, used for the browser tab and, with `nav`, the header link
 * - load: a dynamic import, so each page is its own chunk and only loads when visited
 * - nav (optional): show a header link to everyone, to signed-out people, or to people with one of these
 *   roles; `label` overrides the title in the header. Order in this list is the order in the header.
 *
 * Pages marked "coming soon" hold the place of journeys other parts of the platform are building.
 */
import type { ComponentType } from 'preact';
import lazy from 'preact-iso/lazy';
import type { Role } from './auth';
import { PageLoadFailed } from './components/PageLoadFailed';

export interface NavRule {
  for: 'everyone' | 'signed-out' | 'signed-in' | Role[];
  label?: string;
}

export interface PageProps {
  pageTitle: string;
  params: Record<string, string>;
  query: Record<string, string>;
}

export interface PageEntry {
  path: string;
  title: string;
  component: ComponentType<PageProps>;
  nav?: NavRule;
}

type Loader = () => Promise<{ default: ComponentType<PageProps> }>;

function page(path: string, title: string, load: Loader, nav?: NavRule): PageEntry {
  // if a page's chunk cannot be fetched (offline, or a new release replaced it), say so instead of a blank page
  const safeLoad = () => load().catch(() => ({ default: PageLoadFailed as ComponentType<PageProps> }));
  return { path, title, component: lazy(safeLoad) as unknown as ComponentType<PageProps>, nav };
}

export const pages: PageEntry[] = [
  page('/', 'Home', () => import('./pages/home')),
  page('/activities', 'Find activities', () => import('./pages/directory/find'), { for: 'everyone' }),
  page('/activities/new', 'Add an activity', () => import('./pages/directory/edit')),
  page('/activities/:id', 'Activity', () => import('./pages/directory/activity')),
  page('/activities/:id/edit', 'Change an activity', () => import('./pages/directory/edit')),
  page('/volunteering', 'Your volunteering', () => import('./pages/volunteers/mine'), { for: ['volunteer'], label: 'Volunteering' }),
  page('/volunteering/me', 'Your volunteering', () => import('./pages/volunteers/mine')),
  page('/volunteering/roles', 'Volunteer roles', () => import('./pages/volunteers/roles'), { for: 'everyone' }),
  page('/volunteering/roles/:roleId', 'Volunteer role', () => import('./pages/volunteers/role')),
  page('/volunteering/roles/:roleId/apply', 'Apply for a volunteer role', () => import('./pages/volunteers/apply')),
  page('/volunteering/hours/new', 'Log your hours', () => import('./pages/volunteers/log-hours')),
  page('/volunteering/applications', 'Volunteer applications', () => import('./pages/volunteers/applications'), { for: ['coordinator', 'partner'], label: 'Volunteers' }),
  page('/volunteering/applications/:roleId/:volunteerId', 'Application', () => import('./pages/volunteers/application')),
  page('/volunteering/rota', 'Shift rota', () => import('./pages/volunteers/rota')),
  page('/volunteering/rota/new', 'Add a shift', () => import('./pages/volunteers/new-shift')),
  page('/volunteering/checks', 'Checks due', () => import('./pages/volunteers/checks')),
  page('/volunteering/checks/record', 'Record a check', () => import('./pages/volunteers/record-check')),
  page('/volunteering/hours', 'Hours to approve', () => import('./pages/volunteers/hours')),
  page('/my-bookings', 'My bookings', () => import('./pages/sessions/my-bookings'), { for: ['resident'] }),
  page('/activities/:id/sessions', 'Dates and places', () => import('./pages/sessions/activity-sessions')),
  page('/activities/:id/schedule', 'Schedule sessions', () => import('./pages/sessions/scheduler')),
  page('/dev/mailbox', 'Dev mailbox', () => import('./pages/dev/mailbox')),
  page('/hubs', 'Your hubs', () => import('./pages/coming-soon'), { for: ['coordinator', 'admin'] }),
  page('/organisation', 'Your organisation', () => import('./pages/coming-soon'), { for: ['partner'] }),
  page('/referrals', 'Referrals', () => import('./pages/referrals/caseload'), { for: ['linkworker'] }),
  page('/referrals/:id', 'Referral', () => import('./pages/referrals/referral')),
  page('/ask-for-support', 'Ask for support', () => import('./pages/referrals/self-refer'), { for: 'signed-out' }),
  page('/reports', 'Reports', () => import('./pages/reports'), { for: ['admin', 'coordinator'] }),
  page('/reports/gaps', 'Gaps in provision', () => import('./pages/reports/gaps')),
  page('/rooms', 'Room bookings', () => import('./pages/rooms'), { for: ['coordinator', 'partner'] }),
  page('/hubs/:hubId/rooms', 'Rooms this week', () => import('./pages/rooms/week')),
  page('/hubs/:hubId/room-requests', 'Room requests', () => import('./pages/rooms/queue')),
  page('/rooms/:roomId/request', 'Book a room', () => import('./pages/rooms/request')),
  page('/sign-in', 'Sign in', () => import('./pages/sign-in')),
  page('/registers', 'Today’s sessions', () => import('./pages/attendance/todays-sessions'), { for: ['coordinator', 'partner'], label: 'Registers' }),
  page('/registers/:sessionId', 'Register', () => import('./pages/attendance/register')),
  page('/registers/:sessionId/check-in', 'Check in at the door', () => import('./pages/attendance/check-in')),
  page('/check-in', 'Check in at the door', () => import('./pages/attendance/check-in')),
  page('/me/access-needs', 'Your access needs', () => import('./pages/access-needs')),
  page('/bookings/check-in-codes', 'Your check-in codes', () => import('./pages/attendance/check-in-codes')),
];

export const notFound: PageEntry = page('/404', 'Page not found', () => import('./pages/not-found'));

/** The header links this person should see. */
export function navFor(roles: Role[] | null): { path: string; label: string }[] {
  return pages
    .filter(({ nav }) => {
      if (!nav) return false;
      if (nav.for === 'everyone') return true;
      if (nav.for === 'signed-out') return roles === null;
      if (nav.for === 'signed-in') return roles !== null;
      return !!roles && nav.for.some((r) => roles.includes(r));
    })
    .map((p) => ({ path: p.path, label: p.nav?.label ?? p.title }));
}

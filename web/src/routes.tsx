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
  page('/activities', 'Find activities', () => import('./pages/coming-soon'), { for: 'everyone' }),
  page('/activities/:id', 'Activity', () => import('./pages/coming-soon')),
  page('/bookings', 'Your bookings', () => import('./pages/coming-soon'), { for: ['resident'] }),
  page('/volunteering', 'Volunteering', () => import('./pages/coming-soon'), { for: ['volunteer'] }),
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

import { accountRoutes } from './accounts/routes';
import { attendanceRoutes } from './attendance/routes';
import { directoryRoutes } from './directory/routes';
import type { AnyRoute } from './lib/route';
import { privacyRoutes } from './privacy/routes';
import { referralRoutes } from './referrals/routes';
import { reportRoutes } from './reports/routes';
import { reservationRoutes } from './reservations/routes';
import { roomRoutes } from './rooms/routes';
import { sessionRoutes } from './sessions/routes';
import { volunteerRoutes } from './volunteers/routes';

/** Every domain's routes by domain name (see domains.ts). The local server mounts them all; each Lambda one. */
export const routesByDomain: Record<string, AnyRoute[]> = {
  accounts: accountRoutes,
  directory: directoryRoutes,
  sessions: sessionRoutes,
  reservations: reservationRoutes,
  attendance: attendanceRoutes,
  rooms: roomRoutes,
  volunteers: volunteerRoutes,
  referrals: referralRoutes,
  reports: reportRoutes,
  privacy: privacyRoutes,
};

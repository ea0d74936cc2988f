import { accountRoutes } from './accounts/routes';
import { directoryRoutes } from './directory/routes';
import type { AnyRoute } from './lib/route';
import { volunteerRoutes } from './volunteers/routes';
import { roomRoutes } from './rooms/routes';
import { referralRoutes } from './referrals/routes';

/** Every domain's routes by domain name (see domains.ts). The local server mounts them all; each Lambda one. */
export const routesByDomain: Record<string, AnyRoute[]> = {
  accounts: accountRoutes,
  volunteers: volunteerRoutes,
  rooms: roomRoutes,
  directory: directoryRoutes,
  referrals: referralRoutes,
};

import { accountRoutes } from './accounts/routes';
import { attendanceRoutes } from './attendance/routes';
import { directoryRoutes } from './directory/routes';
import type { AnyRoute, OperationsOf, Sensitive } from './lib/route';
import type { devRoutes } from './local/dev-routes';
import type { metaRoutes } from './meta/routes';
import { privacyRoutes } from './privacy/routes';
import { referralRoutes } from './referrals/routes';
import { reminderRoutes } from './reminders/routes';
import { reportRoutes } from './reports/routes';
import { reservationRoutes } from './reservations/routes';
import { roomRoutes } from './rooms/routes';
import { sessionRoutes } from './sessions/routes';
import { volunteerRoutes } from './volunteers/routes';

const byDomain = {
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
  reminders: reminderRoutes,
};

/** Every domain's routes by domain name (see domains.ts). The local server mounts them all; each Lambda one. */
export const routesByDomain: Record<string, AnyRoute[]> = byDomain;

/** An operation marked sensitive on its route, for the deployed API's tighter throttle (infra/api-stack.ts). */
export interface SensitiveOperation {
  operationId: string;
  method: AnyRoute['method'];
  /** Hono syntax: /api/session-reservations/:sessionId */
  path: string;
  sensitive: Sensitive;
}

export const sensitiveOperations = (): SensitiveOperation[] =>
  Object.values(routesByDomain)
    .flat()
    .flatMap(({ operationId, method, path, sensitive }) => (sensitive ? [{ operationId, method, path, sensitive }] : []));

/** Every route a client can call: the domains', the API's own (health, document) and the local-only dev routes. */
export type ApiRoute = (typeof byDomain)[keyof typeof byDomain][number] | ReturnType<typeof metaRoutes>[number] | ReturnType<typeof devRoutes>[number];

/**
 * Each operation's input (params, query, body) and answer, by operationId: the types behind the web's
 * `callApi` and the tests' `platform.op`. Type-only: importing it pulls no server code into the web bundle.
 */
export type Operations = OperationsOf<ApiRoute>;
export type OperationId = keyof Operations;

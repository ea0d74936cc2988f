import type { Policy } from '../policy';
import { accessNeedsPolicies } from './access-needs';
import { accountPolicies } from './accounts';
import { directoryPolicies } from './directory';
import { metaPolicies } from './meta';
import { referralPolicies } from './referrals';
import { roomPolicies } from './rooms';
import { volunteerPolicies } from './volunteers';

/** Every domain's policies. A new domain adds its file here (see ../README.md). */
export const policies: Policy[] = [...metaPolicies, ...accountPolicies, ...accessNeedsPolicies, ...directoryPolicies, ...roomPolicies, ...volunteerPolicies, ...referralPolicies];

/** URL prefixes of the sessions, reservations, attendance and reports domains and the dev mailbox: policies pending. */
export const policiesPendingFor = [
  '/api/sessions', '/api/activity-sessions',
  '/api/reservations', '/api/my-reservations', '/api/session-reservations', '/api/courses',
  '/api/registers', '/api/attendance', '/api/check-ins',
  '/api/reports', '/api/gaps',
  '/api/dev/mailbox',
];

/** Is this an operation of a domain whose policies are still to be declared? */
export const policyPending = (path: string) => policiesPendingFor.some((prefix) => path.startsWith(prefix));

import type { Policy } from '../policy';
import { accessNeedsPolicies } from './access-needs';
import { accountPolicies } from './accounts';
import { attendancePolicies } from './attendance';
import { devPolicies } from './dev';
import { directoryPolicies } from './directory';
import { metaPolicies } from './meta';
import { privacyPolicies } from './privacy';
import { referralPolicies } from './referrals';
import { reminderPolicies } from './reminders';
import { reportPolicies } from './reports';
import { reservationPolicies } from './reservations';
import { roomPolicies } from './rooms';
import { sessionPolicies } from './sessions';
import { volunteerPolicies } from './volunteers';

/** Every domain's policies. A new domain adds its file here (see ../README.md); an operation without one fails the matrix. */
export const policies: Policy[] = [
  ...metaPolicies,
  ...devPolicies,
  ...accountPolicies,
  ...accessNeedsPolicies,
  ...directoryPolicies,
  ...sessionPolicies,
  ...reservationPolicies,
  ...attendancePolicies,
  ...reportPolicies,
  ...roomPolicies,
  ...volunteerPolicies,
  ...referralPolicies,
  ...privacyPolicies,
  ...reminderPolicies,
];

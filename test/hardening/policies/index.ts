import type { Policy } from '../policy';
import { accountPolicies } from './accounts';
import { directoryPolicies } from './directory';
import { metaPolicies } from './meta';
import { referralPolicies } from './referrals';
import { roomPolicies } from './rooms';
import { volunteerPolicies } from './volunteers';

/** Every domain's policies. A new domain adds its file here (see ../README.md). */
export const policies: Policy[] = [...metaPolicies, ...accountPolicies, ...directoryPolicies, ...roomPolicies, ...volunteerPolicies, ...referralPolicies];

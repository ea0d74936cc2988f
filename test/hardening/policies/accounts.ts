import type { Policy } from '../policy';

export const accountPolicies: Policy[] = [{ operationId: 'getMe', allowed: ['signedIn'], request: async () => ({}) }];

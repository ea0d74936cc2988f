import type { Policy } from '../policy';

/** The dev mailbox: local runtime only (never mounted in a Lambda nor in the synthesised API; a test proves it). */
export const devPolicies: Policy[] = [{ operationId: 'devMailbox', allowed: ['everyone'], note: 'local only, by design open', request: async () => ({}) }];

import type { Policy } from '../policy';

/**
 * Also here (added on the same branch): listRegisters, the "today's sessions" list behind each register.
 * A person's own access needs: only ever their own (the path has no person in it), so every signed-in role may. */
export const accessNeedsPolicies: Policy[] = [
  { operationId: 'getMyAccessNeeds', allowed: ['signedIn'], ok: [200], request: async () => ({}) },
  {
    operationId: 'setMyAccessNeeds',
    allowed: ['signedIn'],
    ok: [200],
    request: async () => ({ body: { needs: ['large-print'], notes: 'Please seat me near the front.', shareWithHub: false } }),
    note: 'Writes only the caller’s own profile; consent to share is theirs to give.',
  },
  {
    operationId: 'listRegisters',
    allowed: ['signedIn'],
    ok: [200],
    request: async () => ({ query: {} }),
    note: 'A list filtered to the sessions the caller runs: anyone else gets an empty list, never another hub’s sessions.',
  },
];

import type { Policy } from '../policy';

/** A person's own access needs: only ever their own (the path has no person in it), so every signed-in role may. */
export const accessNeedsPolicies: Policy[] = [
  { operationId: 'getMyAccessNeeds', allowed: ['signedIn'], ok: [200], request: async () => ({}) },
  {
    operationId: 'setMyAccessNeeds',
    allowed: ['signedIn'],
    ok: [200],
    request: async () => ({ body: { needs: ['large-print'], notes: 'Please seat me near the front.', shareWithHub: false } }),
    note: 'Writes only the caller’s own profile; consent to share is theirs to give.',
  },
];

import type { Policy } from '../policy';

/**
 * Subject access and erasure: a person exports their own data; an admin exports, finds and erases anyone's
 * (giving a reason), never their own erasure; anyone signed in may ask for their own data to be erased.
 */
const reason = { reason: 'Hardening check' };

export const privacyPolicies: Policy[] = [
  {
    operationId: 'exportPersonData',
    allowed: ['signedIn'],
    othersAllowed: ['admin'],
    note: "subject access: 'own' is the person themself; admins export anyone's, giving a reason",
    request: async ({ w, who, whose }) => ({ params: { id: whose === 'own' && who !== 'anonymous' ? w.as[who].userId : await w.factories.person(w.others.linkworker2) }, query: reason }),
  },
  { operationId: 'erasePersonData', allowed: ['admin'], request: async ({ w }) => ({ params: { id: await w.factories.person(w.others.linkworker2) }, query: reason }) },
  { operationId: 'findPerson', allowed: ['admin'], request: async () => ({ query: { q: 'resident@example.org', ...reason } }) },
  { operationId: 'listErasureRequests', allowed: ['admin'], request: async () => ({}) },
  { operationId: 'getMyErasureRequest', allowed: ['signedIn'], request: async () => ({}) },
  {
    operationId: 'requestErasure',
    allowed: ['signedIn'],
    note: 'only ever the caller’s own request (the path names nobody); asking again while it waits is the same request',
    request: async () => ({ body: { note: 'Please erase my account.' } }),
  },
];

import type { Policy } from '../policy';

/** Health, the API description and the local-only dev sign-in: open to everyone by design. */
export const metaPolicies: Policy[] = [
  { operationId: 'getHealth', allowed: ['everyone'], request: async () => ({}) },
  { operationId: 'getOpenApiDocument', allowed: ['everyone'], request: async () => ({}) },
  { operationId: 'getApiDocs', allowed: ['everyone'], request: async () => ({}) },
  {
    operationId: 'devSignIn',
    allowed: ['everyone'],
    note: 'local runtime only (never mounted on AWS); signs in an existing demo user',
    request: async () => ({ body: { email: 'resident@example.org' } }),
  },
];

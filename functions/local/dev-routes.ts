import { devSignInBody, devSignInResult } from '../accounts/schema';
import { limitCaller, rateLimits } from '../lib/rate-limit';
import { defineRoute } from '../lib/route';
import { signInLocally } from './dev-sign-in';
import type { LocalSigner } from './keys';

/**
 * Local-only routes. Never mounted in a Lambda, never in the synthesised API (a test proves it).
 */
export function devRoutes(signer: LocalSigner) {
  return [
    defineRoute({
      method: 'post',
      path: '/api/dev/sign-in',
      operationId: 'devSignIn',
      summary: 'Local runtime only: sign in as a demo user by email (an unknown @example.org email makes a new resident)',
      tags: ['dev'],
      auth: 'public',
      body: devSignInBody,
      response: { status: 200, description: 'An access token', schema: devSignInResult },
      errors: [403, 429],
      handler: async ({ deps, body }) => {
        await limitCaller(deps, 'signIn', { email: body.email }, rateLimits.signIn);
        return { token: await signInLocally(deps, signer, body.email) };
      },
    }),
  ];
}

import * as z from 'zod/mini';
import { devSignInBody, devSignInResult } from '../accounts/schema';
import { limitCaller, rateLimits } from '../lib/rate-limit';
import { defineRoute } from '../lib/route';
import { listMailbox } from '../messages/data';
import { inboundResult, inboundTextBody } from '../reminders/schema';
import { handleInboundText } from '../reminders/service';
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
      sensitive: 'sign-in',
      body: devSignInBody,
      response: { status: 200, description: 'An access token', schema: devSignInResult },
      errors: [403, 429],
      handler: async ({ deps, body }) => {
        await limitCaller(deps, 'signIn', { email: body.email }, rateLimits.signIn);
        return { token: await signInLocally(deps, signer, body.email) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/dev/mailbox',
      operationId: 'devMailbox',
      summary: 'Local runtime only: the latest messages the platform "sent" (email and SMS), newest first',
      tags: ['dev'],
      auth: 'public',
      query: z.strictObject({ toUserId: z.optional(z.string().check(z.maxLength(40))) }),
      response: {
        status: 200,
        description: 'Messages',
        schema: z.object({
          items: z.array(
            z.object({
              id: z.string(),
              toUserId: z.string(),
              kind: z.string(),
              channel: z.string(),
              address: z.string(),
              subject: z.string(),
              text: z.string(),
              sentAt: z.string(),
              attachments: z.optional(z.array(z.object({ filename: z.string(), contentType: z.string(), content: z.string() }))),
            }),
          ),
        }),
      },
      handler: async ({ deps, query }) => {
        const items = await listMailbox(deps.db, 200);
        return { items: query.toUserId ? items.filter((m) => m.toUserId === query.toUserId) : items };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/dev/texts',
      operationId: 'devReplyByText',
      summary: 'Local runtime only: a text from a person’s phone, in the shape AWS End User Messaging SMS publishes it, to the same handler replies reach on AWS',
      tags: ['dev'],
      auth: 'public',
      body: inboundTextBody,
      response: { status: 200, description: 'What the reply was read as and what was done', schema: inboundResult },
      handler: ({ deps, body }) => handleInboundText(deps, body),
    }),
  ];
}

import * as z from 'zod/mini';
import { pageParams, text } from '../lib/fields';

/**
 * Subject access and erasure: what a person (or an admin for them) asks, and what they get back. Imported by
 * the web app too (pure zod/mini).
 */

/** A person's id: an account's (a ULID locally, a Cognito sub on AWS) or a referred person's record. */
export const personId = () => z.string().check(z.regex(/^([0-9A-HJKMNP-TV-Z]{26}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/, 'must be a person’s id'));

export const personParams = z.strictObject({ id: personId() });

/** An admin's reason for reading or erasing someone's data: recorded in the audit trail. */
export const reasonQuery = z.strictObject({ reason: z.optional(text(300, 5)) });

export const findPersonQuery = z.strictObject({
  /** an account's email address, or a person's id (a referral shows it) */
  q: text(254, 3),
  reason: text(300, 5),
  ...pageParams(10),
});

/** Erasure requests: a small list (the ones waiting), read whole and paged in memory. */
export const requestsQuery = z.strictObject(pageParams(200));

/** One item type's share of what is held on a person. */
export const heldSchema = z.object({ type: z.string(), label: z.string(), count: z.number() });
export type Held = z.infer<typeof heldSchema>;

export const personFoundSchema = z.object({
  personId: z.string(),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  hasAccount: z.boolean(),
  erased: z.boolean(),
  /** what is held on them, by item type (only the types they have) */
  held: z.array(heldSchema),
  erasureRequested: z.optional(z.string()),
});
export type PersonFound = z.infer<typeof personFoundSchema>;
export const personFoundList = z.object({ items: z.array(personFoundSchema), nextCursor: z.optional(z.string()) });

export const exportSchema = z.object({
  personId: z.string(),
  exportedAt: z.string(),
  about: z.string(),
  summary: z.array(heldSchema),
  /** every item held on the person, by item type (the registry's names) */
  items: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))),
});
export type PersonDataExport = z.infer<typeof exportSchema>;

export const erasureResultSchema = z.object({
  personId: z.string(),
  erasedAt: z.string(),
  /** referrals kept, anonymous, for the counts */
  referralsKept: z.number(),
  /** items removed or anonymised, by item type */
  erased: z.record(z.string(), z.number()),
});
export type ErasureResult = z.infer<typeof erasureResultSchema>;

export const erasureRequestBody = z.strictObject({
  /** anything the person wants the admin to know, in their words */
  note: z.optional(text(500)),
});

export const erasureRequestSchema = z.object({
  personId: z.string(),
  status: z.enum(['requested', 'done']),
  requestedAt: z.string(),
  note: z.optional(z.string()),
  doneAt: z.optional(z.string()),
  /** filled in for admins: who asked */
  name: z.optional(z.string()),
  email: z.optional(z.string()),
});
export type ErasureRequest = z.infer<typeof erasureRequestSchema>;
export const erasureRequestList = z.object({ items: z.array(erasureRequestSchema), nextCursor: z.optional(z.string()) });

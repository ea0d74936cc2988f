import * as z from 'zod/mini';
import { roles } from '../lib/actor';

export const roleSchema = z.enum(roles);

export const contactPreference = z.enum(['email', 'sms', 'none']);

/** A person's profile: who they are and how to reach them. */
export const profileSchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.optional(z.string()),
  contactPreference,
  roles: z.array(roleSchema),
  hubIds: z.array(z.string()),
  organisationIds: z.array(z.string()),
});
export type Profile = z.infer<typeof profileSchema>;

export const devSignInBody = z.strictObject({
  email: z.email().check(z.maxLength(254)),
});
export const devSignInResult = z.object({ token: z.string() });

/** Access needs a resident may record, and choose to share with the hub of the sessions they book. */
export const accessNeedKinds = ['wheelchair-user', 'hearing-loop', 'large-print', 'quiet-space', 'bringing-carer'] as const;
export const accessNeedKind = z.enum(accessNeedKinds);
export type AccessNeedKind = z.infer<typeof accessNeedKind>;

export const accessNeedsBody = z.strictObject({
  needs: z._default(z.array(accessNeedKind).check(z.maxLength(accessNeedKinds.length)), []),
  /** anything else, in their own words */
  notes: z.optional(z.string().check(z.trim(), z.maxLength(500))),
  /** consent to show these to the coordinators of the hubs whose sessions they book */
  shareWithHub: z.boolean(),
});
export type AccessNeedsInput = z.infer<typeof accessNeedsBody>;

export const accessNeedsView = z.object({
  needs: z.array(accessNeedKind),
  notes: z.optional(z.string()),
  shareWithHub: z.boolean(),
  /** when they agreed to share (absent while not shared) */
  sharedAt: z.optional(z.string()),
  updatedAt: z.optional(z.string()),
});
export type AccessNeedsView = z.infer<typeof accessNeedsView>;

/** What a hub's coordinator sees on a register, only when the person agreed to share. */
export const sharedAccessNeeds = z.object({ needs: z.array(accessNeedKind), notes: z.optional(z.string()), sharedAt: z.optional(z.string()) });
export type SharedAccessNeeds = z.infer<typeof sharedAccessNeeds>;

/** The words for each tick, for pages and registers. */
export const accessNeedLabels: Record<AccessNeedKind, string> = {
  'wheelchair-user': 'Wheelchair user',
  'hearing-loop': 'Hearing loop',
  'large-print': 'Large print',
  'quiet-space': 'A quiet space',
  'bringing-carer': 'Bringing a carer',
};

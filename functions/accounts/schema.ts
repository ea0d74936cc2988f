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

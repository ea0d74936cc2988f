import type { Role } from '../lib/actor';
import { withoutDisguise } from '../lib/text';
import type { Profile } from './schema';

/** "jo.bloggs@example.org" -> "Jo Bloggs": a name to show until the person gives one. */
export const nameFromEmail = (email: string): string =>
  email
    .split('@')[0]!
    .split(/[._-]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(' ') || 'New member';

/** The attributes Cognito passes a trigger (all strings); only these become part of the profile. */
export interface SignUpAttributes {
  sub?: string;
  email?: string;
  name?: string;
  given_name?: string;
  family_name?: string;
  phone_number?: string;
}

/**
 * A new person's profile from what they gave Cognito at sign-up: their name if they gave one, otherwise one
 * made from their email; their phone only if it is there. Someone who signed themselves up is in no group,
 * so a resident (as lib/auth.ts reads their token); a later token with other groups updates them (getMe).
 */
export function profileFromSignUp(userId: string, attributes: SignUpAttributes, roles: Role[] = ['resident']): Profile {
  const email = (attributes.email ?? '').trim().toLowerCase();
  // a name from sign-up is shown to others (registers, rotas): nothing in it may disguise what it says
  const clean = (s: string | undefined) => (s === undefined ? undefined : withoutDisguise(s).trim());
  const given = [attributes.given_name, attributes.family_name].map(clean).filter(Boolean).join(' ');
  const name = clean(attributes.name) || given || (email ? nameFromEmail(email) : '');
  const phone = attributes.phone_number?.trim();
  return { userId, name, email, ...(phone ? { phone } : {}), contactPreference: 'email', roles, hubIds: [], organisationIds: [] };
}

/** True when two role lists hold the same roles, in any order. */
export const sameRoles = (a: readonly Role[], b: readonly Role[]): boolean => a.length === b.length && a.every((r) => b.includes(r)) && b.every((r) => a.includes(r));

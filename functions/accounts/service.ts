import type { Actor } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { NotFound } from '../lib/errors';
import { createProfile, getAccessNeeds, getProfile, putAccessNeeds, setRolesFromToken } from './data';
import { profileFromSignUp, sameRoles } from './rules';
import type { AccessNeedsInput, AccessNeedsView, Profile } from './schema';

/**
 * The signed-in person's own profile, with the roles their token carries. Roles are managed as Cognito groups,
 * outside this code: when the token's differ from the profile's, the profile (and the ADMINS list) follows the
 * token. Someone confirmed before the sign-up trigger existed gets a profile from their token here (an access
 * token carries no email: the trigger adds it later). One read when nothing changed.
 */
export async function getMe(deps: AppDeps, actor: Actor): Promise<Profile> {
  const profile = (await getProfile(deps.db, actor.userId)) ?? (await createMeFromToken(deps, actor));
  if (!sameRoles(profile.roles, actor.roles) && actor.tokenIssuedAt !== undefined) {
    await setRolesFromToken(deps.db, actor.userId, actor.roles, actor.tokenIssuedAt);
  }
  return { ...profile, roles: actor.roles };
}

async function createMeFromToken(deps: AppDeps, actor: Actor): Promise<Profile> {
  const profile = profileFromSignUp(actor.userId, {}, actor.roles);
  if (await createProfile(deps.db, profile, deps.clock.now(), actor.tokenIssuedAt)) return profile;
  const made = await getProfile(deps.db, actor.userId); // made meanwhile (the trigger, or another tab)
  if (!made) throw new NotFound('Your profile');
  return made;
}

/** The signed-in person's own access needs (nobody else reads them here: the register shows shared ones). */
export async function getMyAccessNeeds(deps: AppDeps, actor: Actor): Promise<AccessNeedsView> {
  const needs = await getAccessNeeds(deps.db, actor.userId);
  if (!needs) throw new NotFound('Your profile');
  return needs;
}

/** Records the signed-in person's access needs and whether the hubs of their sessions may see them. */
export async function setMyAccessNeeds(deps: AppDeps, actor: Actor, input: AccessNeedsInput): Promise<AccessNeedsView> {
  const needs = await putAccessNeeds(deps.db, actor.userId, input, deps.clock.now());
  if (!needs) throw new NotFound('Your profile');
  return needs;
}

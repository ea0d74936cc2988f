import type { Actor } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { NotFound } from '../lib/errors';
import { getAccessNeeds, getProfile, putAccessNeeds } from './data';
import type { AccessNeedsInput, AccessNeedsView, Profile } from './schema';

/** The signed-in person's own profile, with the roles their token carries. */
export async function getMe(deps: AppDeps, actor: Actor): Promise<Profile> {
  const profile = await getProfile(deps.db, actor.userId);
  if (!profile) throw new NotFound('Your profile');
  return { ...profile, roles: actor.roles };
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

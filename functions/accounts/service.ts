import type { Actor } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { NotFound } from '../lib/errors';
import { getProfile } from './data';
import type { Profile } from './schema';

/** The signed-in person's own profile, with the roles their token carries. */
export async function getMe(deps: AppDeps, actor: Actor): Promise<Profile> {
  const profile = await getProfile(deps.db, actor.userId);
  if (!profile) throw new NotFound('Your profile');
  return { ...profile, roles: actor.roles };
}

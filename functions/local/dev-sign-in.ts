import { createProfile, findProfileByEmail } from '../accounts/data';
import { nameFromEmail } from '../accounts/rules';
import type { Profile } from '../accounts/schema';
import type { AppDeps } from '../lib/deps';
import { Forbidden } from '../lib/errors';
import { newId } from '../lib/ids';
import type { LocalSigner } from './keys';

/**
 * Signs in a seeded user by email. An unknown @example.org address becomes a new resident,
 * as self sign-up does on AWS; other domains are refused so nobody mistakes this for real sign-in.
 */
export async function signInLocally(deps: AppDeps, signer: LocalSigner, email: string): Promise<string> {
  const profile = (await findProfileByEmail(deps.db, email)) ?? (await createResident(deps, email));
  return signer.signAccessToken({ userId: profile.userId, roles: profile.roles });
}

async function createResident(deps: AppDeps, email: string): Promise<Profile> {
  if (!email.toLowerCase().endsWith('@example.org')) {
    throw new Forbidden('Local sign-in only creates new accounts for @example.org addresses.');
  }
  const profile: Profile = {
    userId: newId(deps.clock.now()),
    name: nameFromEmail(email),
    email: email.toLowerCase(),
    contactPreference: 'email',
    roles: ['resident'],
    hubIds: [],
    organisationIds: [],
  };
  await createProfile(deps.db, profile, deps.clock.now());
  return (await findProfileByEmail(deps.db, email)) ?? profile;
}

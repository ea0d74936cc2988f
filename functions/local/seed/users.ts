import { createProfile } from '../../accounts/data';
import type { Profile } from '../../accounts/schema';
import type { AppDeps } from '../../lib/deps';
import { demoIds } from './ids';

/** The six demo sign-ins, one per role; fictional people. */
export const demoUsers: Profile[] = [
  { userId: demoIds.users.resident, name: 'Rosa Bennett', email: 'resident@example.org', contactPreference: 'email', roles: ['resident'], hubIds: [], organisationIds: [] },
  { userId: demoIds.users.volunteer, name: 'Vikram Shah', email: 'volunteer@example.org', contactPreference: 'email', roles: ['volunteer', 'resident'], hubIds: [], organisationIds: [] },
  {
    userId: demoIds.users.coordinator,
    name: 'Carys Hughes',
    email: 'coordinator@example.org',
    contactPreference: 'email',
    roles: ['coordinator'],
    hubIds: [demoIds.hubs.oakRoadCentre],
    organisationIds: [],
  },
  { userId: demoIds.users.partner, name: 'Pete Okafor', email: 'partner@example.org', contactPreference: 'email', roles: ['partner'], hubIds: [], organisationIds: [demoIds.organisations.ageWell] },
  { userId: demoIds.users.linkworker, name: 'Lena Kowalski', email: 'linkworker@example.org', contactPreference: 'email', roles: ['linkworker'], hubIds: [], organisationIds: [] },
  { userId: demoIds.users.admin, name: 'Amir Haddad', email: 'admin@example.org', contactPreference: 'email', roles: ['admin'], hubIds: [], organisationIds: [] },
];

export async function seedUsers(deps: AppDeps): Promise<void> {
  for (const user of demoUsers) await createProfile(deps.db, user, deps.clock.now());
}

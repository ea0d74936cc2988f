import { type ItemType, withoutKeys } from '../lib/personal-data';
import { deleteCommunication, deleteProfile, deleteStaffEntries, getCommunication, getProfileItem, listStaffEntriesOf } from './data';

/** The accounts domain's items in the personal-data registry (see functions/lib/personal-data.ts). */
export const accountItemTypes: ItemType[] = [
  {
    name: 'communication',
    label: 'How the person wants to be contacted, and their communication needs',
    owner: 'accounts',
    key: /^COMMS#[^ ]+ NEEDS$/,
    personal: true,
    holds: 'the channel they chose, their communication needs (Accessible Information Standard), a spoken language and a postal address',
    erasure: 'removed',
    retention: 'while they use the service; removed with their data',
    collect: async (deps, personId) => {
      const c = await getCommunication(deps.db, personId);
      return c ? [withoutKeys(c as unknown as Record<string, unknown>)] : [];
    },
    erase: async ({ deps, personId }) => ((await deleteCommunication(deps.db, personId)) ? 1 : 0),
  },
  {
    name: 'profile',
    label: 'Profile',
    owner: 'accounts',
    key: /^USER#[^ ]+ PROFILE$/,
    personal: true,
    holds: 'name, email, phone, how to contact them, roles, the hubs and organisations they act for, access needs and the consent to share them',
    erasure: 'removed (the sign-in on AWS is closed in Cognito by the admin)',
    retention: 'while the account is open',
    collect: async (deps, personId) => {
      const item = await getProfileItem(deps.db, personId);
      return item ? [withoutKeys(item)] : [];
    },
    erase: async ({ deps, personId }) => ((await deleteProfile(deps.db, personId)) ? 1 : 0),
  },
  {
    name: 'staffEntry',
    label: 'Staff list entry',
    owner: 'accounts',
    key: /^USER#[^ ]+ STAFF#(HUB|ORG)#[^ ]+$/,
    personal: true,
    holds: 'name and email, on the list of a hub’s coordinators or an organisation’s people',
    erasure: 'removed',
    retention: 'while the account is open',
    collect: async (deps, personId) => (await listStaffEntriesOf(deps.db, personId)).map(withoutKeys),
    erase: async ({ deps, personId }) => deleteStaffEntries(deps.db, personId),
  },
];

import { type ItemType, withoutKeys } from '../lib/personal-data';
import { getErasureRequest } from './data';

/** The privacy domain's own item in the personal-data registry. */
export const privacyItemTypes: ItemType[] = [
  {
    name: 'erasureRequest',
    label: 'Request to erase the person’s data',
    owner: 'privacy',
    key: /^ERASURE#[^ ]+ REQUEST$/,
    personal: true,
    holds: 'that the person asked for their data to be erased, when, their note, and when it was done',
    erasure: 'kept as the record that erasure was done (when, by whom); the person’s note goes',
    retention: 'kept as the partnership’s record of the request',
    collect: async (deps, personId) => {
      const request = await getErasureRequest(deps.db, personId);
      return request ? [withoutKeys(request as unknown as Record<string, unknown>)] : [];
    },
    // the erasure service closes the request itself, last of all (see service.ts)
    erase: async () => 0,
  },
];

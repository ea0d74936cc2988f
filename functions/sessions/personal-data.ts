import type { ItemType } from '../lib/personal-data';

/** The sessions domain's items in the personal-data registry: none holds personal data (see functions/lib/personal-data.ts). */
export const sessionItemTypes: ItemType[] = [
  { name: 'session', label: 'Session', owner: 'sessions', key: /^SESSION#[^ ]+ META$/, personal: false, why: 'a date of an activity and how many places are taken (counts, not people)' },
  {
    name: 'sessionNotice',
    label: 'Notice of a session change',
    owner: 'sessions',
    key: /^SESSION#[^ ]+ NOTICE#/,
    personal: false,
    why: 'what changed about a session, told to everyone booked (no names)',
  },
];

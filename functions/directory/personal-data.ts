import type { ItemType } from '../lib/personal-data';

/** The directory's items in the personal-data registry: none holds personal data (see functions/lib/personal-data.ts). */
export const directoryItemTypes: ItemType[] = [
  {
    name: 'activity',
    label: 'Activity',
    owner: 'directory',
    key: /^ACTIVITY#[^ ]+ ACTIVITY$/,
    personal: false,
    why: 'an activity as its organisers publish it (with the ids of the staff who last changed it)',
  },
  { name: 'directoryIndex', label: 'Directory index entry', owner: 'directory', key: /^ACTIVITY#[^ ]+ INDEX#/, personal: false, why: 'a search facet of a published activity' },
  { name: 'reviewFlag', label: 'Activity due for review', owner: 'directory', key: /^ACTIVITY#[^ ]+ REVIEWFLAG#/, personal: false, why: 'that a published activity needs checking' },
  { name: 'hub', label: 'Hub', owner: 'directory', key: /^HUB#[^ ]+ HUB$/, personal: false, why: 'a community hub’s published details' },
  { name: 'organisation', label: 'Organisation', owner: 'directory', key: /^ORG#[^ ]+ ORGANISATION$/, personal: false, why: 'a partner organisation’s published details' },
  { name: 'priority', label: 'Priority', owner: 'directory', key: /^PRIORITY#[^ ]+ PRIORITY$/, personal: false, why: 'a term of the partnership’s taxonomy' },
  { name: 'careCommunity', label: 'Care community', owner: 'directory', key: /^CARECOMMUNITY#[^ ]+ CARECOMMUNITY$/, personal: false, why: 'an area of the partnership' },
  {
    name: 'postcode',
    label: 'Postcode centre',
    owner: 'directory',
    key: /^POSTCODE#[A-Z0-9 ]+ POSTCODE$/,
    personal: false,
    why: 'where a postcode’s area is centred, from the ONS Postcode Directory (open data), for distances',
  },
  { name: 'scheduleRefresh', label: 'Directory refresh mark', owner: 'directory', key: /^JOB#directory\.schedule-refresh STATE$/, personal: false, why: 'when the daily refresh last ran' },
  {
    name: 'directoryIdempotency',
    label: 'Retry record of a new activity',
    owner: 'directory',
    key: /^IDEM#(directory|createActivity)#[^ ]+ IDEM$/,
    personal: false,
    why: 'the id of the activity a request made; removed by TTL within a day',
  },
];

import type { ItemType } from '../lib/personal-data';

/** The reports' items in the personal-data registry: aggregates, not people (see functions/lib/personal-data.ts). */
export const reportItemTypes: ItemType[] = [
  { name: 'reportCell', label: 'Report figures', owner: 'reports', key: /^REPORT#[^ ]+ /, personal: false, why: 'counts for a month, hub and activity (or referral source and status): never who' },
  { name: 'reportDay', label: 'Report figures for one session', owner: 'reports', key: /^REPORTDAY#/, personal: false, why: 'counts for one session (places, bookings, marks): never who' },
  {
    name: 'reportSource',
    label: 'What a counted item added to the reports',
    owner: 'reports',
    key: /^REPORTSRC#/,
    personal: false,
    why: 'the counts one item added, under that item’s key (a mark’s or a place check’s key holds a person’s id, which leads to no one once they are erased)',
  },
];

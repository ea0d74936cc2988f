import { accountItemTypes } from '../accounts/personal-data';
import { attendanceItemTypes } from '../attendance/personal-data';
import { directoryItemTypes } from '../directory/personal-data';
import type { ItemType, PersonalItemType } from '../lib/personal-data';
import { messageItemTypes } from '../messages/personal-data';
import { referralItemTypes } from '../referrals/personal-data';
import { reminderItemTypes } from '../reminders/personal-data';
import { reportItemTypes } from '../reports/personal-data';
import { reservationItemTypes } from '../reservations/personal-data';
import { roomItemTypes } from '../rooms/personal-data';
import { sessionItemTypes } from '../sessions/personal-data';
import { volunteerItemTypes } from '../volunteers/personal-data';
import { privacyItemTypes } from './personal-data';

/**
 * The personal-data registry: every item type in the table, each declared by the domain that owns it.
 * Export, erasure and the README's privacy section (readme.ts) read this list; test/api/privacy-registry.test.ts
 * scans a table a person has used every part of and fails on an item no entry matches.
 */
const shared: ItemType[] = [
  {
    name: 'rateLimit',
    label: 'Rate-limit counter',
    owner: 'lib',
    key: /^RATE#[^ ]+ \d+$/,
    personal: false,
    why: 'a count of requests in a window under a one-way hash of the sender; removed by TTL after the window',
  },
  { name: 'seedMarker', label: 'Demo data marker', owner: 'local', key: /^SEED VERSION#\d+$/, personal: false, why: 'local runtime only: that the demo data was loaded' },
  { name: 'streamFence', label: 'Stream fence', owner: 'local', key: /^STREAM#FENCE FENCE$/, personal: false, why: 'local runtime only: how tests know the stream has caught up' },
];

export const itemTypes: ItemType[] = [
  ...accountItemTypes,
  ...attendanceItemTypes,
  ...reservationItemTypes,
  ...roomItemTypes,
  ...volunteerItemTypes,
  ...referralItemTypes,
  ...privacyItemTypes,
  ...messageItemTypes,
  ...directoryItemTypes,
  ...sessionItemTypes,
  ...reportItemTypes,
  ...reminderItemTypes,
  ...shared,
];

const personal = itemTypes.filter((t): t is PersonalItemType => t.personal);

/**
 * The order erasure goes in: the profile first, so messages that erasure itself causes find nobody to send
 * to; marks before the bookings and sign-ups they are found through; dates of a room booking before the
 * booking loses its requester index; the volunteer's record after the sign-ups that free places on it; the
 * messages last, to catch those sent meanwhile.
 */
const erasureOrder = [
  'textOptOut', // found through the profile's phone number, so before the profile goes
  'profile',
  'staffEntry',
  'attendanceMark',
  'walkIn',
  'reservation',
  'reservationHoldings',
  'roomBookingDate',
  'roomBooking',
  'shiftSignUp',
  'calendarLink',
  'volunteerCheck',
  'volunteerApplication',
  'volunteerHours',
  'volunteerHoursDay',
  'volunteerRecord',
  'referralDetails',
  'referral',
  'person',
  'referralAudit',
  'erasureRequest',
  'placeCheck',
  'communication',
  'hubInboxItem',
  'message',
  'devMailbox',
];

export const personalItemTypes: PersonalItemType[] = [...personal].sort((a, b) => rank(a.name) - rank(b.name));

function rank(name: string): number {
  const i = erasureOrder.indexOf(name);
  if (i < 0) throw new Error(`personal item type ${name} has no place in the erasure order (functions/privacy/registry.ts)`);
  return i;
}

/** The registry entry an item belongs to, by its key; undefined when none declares it. */
export function itemTypeOf(item: { pk: unknown; sk: unknown }): ItemType | undefined {
  const key = `${String(item.pk)} ${String(item.sk)}`;
  return itemTypes.find((t) => t.key.test(key));
}

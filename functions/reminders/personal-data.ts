import { getProfile } from '../accounts/data';
import { type ItemType, withoutKeys } from '../lib/personal-data';
import { deleteInboxItem, deletePlaceCheck, getOptOut, listInboxAbout, listPersonChecks, optIn } from './data';
import { normalisePhone } from './rules';

/** Reminders' items in the personal-data registry (see functions/lib/personal-data.ts). */
export const reminderItemTypes: ItemType[] = [
  {
    name: 'reminderSettings',
    label: 'An activity’s reminder settings',
    owner: 'reminders',
    key: /^REMINDERS#[^ ]+ SETTINGS$/,
    personal: false,
    why: 'when an activity’s reminders go and what they ask: about the activity, not a person',
  },
  {
    name: 'remindersSent',
    label: 'Reminders sent for a session',
    owner: 'reminders',
    key: /^REMINDERS#[^ ]+ SENT#[^ ]+$/,
    personal: false,
    why: 'that a session’s reminders have gone, for its start time; removed by TTL a week after',
  },
  {
    name: 'inboundText',
    label: 'A text reply, handled',
    owner: 'reminders',
    key: /^INBOUND#[^ ]+ TEXT$/,
    personal: false,
    why: 'the provider’s message id and what the reply was read as, so a repeated delivery is not handled twice; no number or words; removed by TTL after 30 days',
  },
  {
    name: 'placeCheck',
    label: 'A question “are you still coming?” about a booking',
    owner: 'reminders',
    key: /^PLACECHECK#[^ ]+ CHECK$/,
    personal: true,
    holds: 'which booking was asked about, how it was asked (text, email, a call or a letter), the phone number asked by text, the answer and when',
    erasure: 'removed',
    retention: 'a month after the session (DynamoDB TTL)',
    collect: async (deps, personId) => (await listPersonChecks(deps.db, personId)).map(withoutKeys),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const c of await listPersonChecks(deps.db, personId)) if (await deletePlaceCheck(deps.db, String(c.reservationId))) n++;
      return n;
    },
  },
  {
    name: 'hubInboxItem',
    label: 'A text to the hub, or a place nobody confirmed',
    owner: 'reminders',
    key: /^INBOX#[^ ]+ [^ ]+$/,
    personal: true,
    holds: 'the words of a text the person sent and the number it came from, or that they had not confirmed a place',
    erasure: 'removed',
    retention: '180 days after it arrived (DynamoDB TTL)',
    collect: async (deps, personId) => (await listInboxAbout(deps.db, personId)).map(withoutKeys),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const i of await listInboxAbout(deps.db, personId)) if (await deleteInboxItem(deps.db, String(i.pk), String(i.sk))) n++;
      return n;
    },
  },
  {
    name: 'textOptOut',
    label: 'A phone number that asked for no more texts',
    owner: 'reminders',
    key: /^OPTOUT#[^ ]+ TEXTS$/,
    personal: true,
    holds: 'the phone number and when it replied STOP',
    erasure: 'removed with the profile it is found through (the provider keeps its own opt-out list for the number)',
    retention: 'until the person texts START',
    collect: async (deps, personId) => {
      const profile = await getProfile(deps.db, personId);
      const phone = profile?.phone ? normalisePhone(profile.phone) : undefined;
      const item = phone ? await getOptOut(deps.db, phone) : undefined;
      return item ? [withoutKeys(item)] : [];
    },
    erase: async ({ deps, personId }) => {
      const profile = await getProfile(deps.db, personId);
      const phone = profile?.phone ? normalisePhone(profile.phone) : undefined;
      if (!phone || !(await getOptOut(deps.db, phone))) return 0;
      await optIn(deps.db, phone);
      return 1;
    },
  },
];

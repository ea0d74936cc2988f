import { type ItemType, withoutKeys } from '../lib/personal-data';
import { deleteMailboxItem, deleteMessage, listMailboxItemsTo, listMessagesTo } from './data';

/** Messages in the personal-data registry (see functions/lib/personal-data.ts). */
export const messageItemTypes: ItemType[] = [
  {
    name: 'message',
    label: 'Message to or about the person',
    owner: 'messages',
    key: /^OUTBOX#[^ ]+ MESSAGE$/,
    personal: true,
    holds: 'messages to the person (bookings, shifts, decisions, reminders) and to staff about them (an application, a withdrawal, a referral letter): what they said and how sending went',
    erasure: 'removed',
    retention: 'a year after it is sent (DynamoDB TTL); a message nobody could receive, a day',
    collect: async (deps, personId) => (await listMessagesTo(deps.db, personId)).map(withoutKeys),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const m of await listMessagesTo(deps.db, personId)) if (await deleteMessage(deps.db, String(m.id))) n++;
      return n;
    },
  },
  {
    name: 'devMailbox',
    label: 'Copy of a message in the local dev mailbox',
    owner: 'messages',
    key: /^MAILBOX [^ ]+$/,
    personal: true,
    holds: 'the local runtime’s copy of a message “sent”: the address and the text (never on AWS)',
    erasure: 'removed',
    retention: 'kept by the local runtime until its data folder is deleted',
    collect: async (deps, personId) => (await listMailboxItemsTo(deps.db, personId)).map(withoutKeys),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const m of await listMailboxItemsTo(deps.db, personId)) if (await deleteMailboxItem(deps.db, String(m.sk))) n++;
      return n;
    },
  },
];

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { conditionHeld, withRetry } from './dynamo-errors';
import { newId } from './ids';

/**
 * The outbox: a message is an item written in the same transaction as the change it tells about,
 * so a booking is never confirmed without its message (nor the other way round). The stream handler
 * (functions/messages/deliver.ts) claims it first, so a repeated stream record sends nothing, then sends it
 * and marks it sent (or failed, to be tried again by a later delivery, or skipped when nobody can receive it).
 */
export interface OutboxMessage {
  /** who it is for: a user id with a profile holding contact details and preferences */
  toUserId: string;
  /**
   * an address outside the platform (an organisation's contact email): the message goes there, and
   * toUserId names the organisation (`organisation:<id>`)
   */
  toEmail?: string;
  /** the person a message to someone else is about (an applicant, a volunteer, a patient): their subject access and erasure cover it */
  about?: string;
  /** what happened, for templates and reports: 'reservation.confirmed', 'room-booking.approved' ... */
  kind: string;
  subject: string;
  text: string;
  attachments?: (Attachment | QrAttachment)[];
  /**
   * Other wordings of the same message; delivery picks one by the person's channel and communication needs:
   * `sms` is short and says how to reply, `easyRead` short sentences in plain words (the Accessible
   * Information Standard's Easy Read), `easyReadSms` both.
   */
  variants?: { sms?: Wording; easyRead?: Wording; easyReadSms?: Wording };
  /** the hub the message is about: a letter to post or a call to make for it lands in that hub's list */
  hubId?: string;
}

export interface Wording {
  subject: string;
  text: string;
}

export interface Attachment {
  filename: string;
  contentType: string;
  content: string;
}

/**
 * A QR code image, drawn when the message is sent. Stored as its text (a link), not as the ~14 KB image:
 * the outbox item is written in the booking's transaction, where every kilobyte is paid for twice.
 */
export interface QrAttachment {
  filename: string;
  qr: { text: string; title: string };
}

export const outboxKey = (id: string) => ({ pk: `OUTBOX#${id}`, sk: 'MESSAGE' });

/** A Put for TransactWriteItems. Pass a stable id (e.g. derived from the change) to make a retried write idempotent. */
export function outboxPut(tableName: string, message: OutboxMessage, now: Date, id = newId(now)) {
  return {
    Put: {
      TableName: tableName,
      Item: { ...outboxKey(id), type: 'OutboxMessage', id, ...message, state: 'pending', createdAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/**
 * Writes one message on its own, not as part of a change (reminders, notices, summaries), unless a message
 * with this id exists: a repeated run sends nothing twice. False when it existed.
 */
export async function putMessageOnce(db: Db, message: OutboxMessage, now: Date, id: string): Promise<boolean> {
  return conditionHeld(withRetry(() => db.doc.send(new PutCommand(outboxPut(db.tableName, message, now, id).Put))));
}

/** A message with its recipient's contact details resolved; what a sender gets. */
export interface DeliverableMessage extends Omit<OutboxMessage, 'attachments'> {
  attachments?: Attachment[];
  id: string;
  channel: 'email' | 'sms';
  address: string;
}

export interface MessageSender {
  send(message: DeliverableMessage): Promise<void>;
}

import { newId } from './ids';

/**
 * The outbox: a message is an item written in the same transaction as the change it tells about,
 * so a booking is never confirmed without its message (nor the other way round). The stream handler
 * (functions/messages/deliver.ts) sends it once and marks it sent.
 */
export interface OutboxMessage {
  /** who it is for: a user id with a profile holding contact details and preferences */
  toUserId: string;
  /** what happened, for templates and reports: 'reservation.confirmed', 'room-booking.approved' ... */
  kind: string;
  subject: string;
  text: string;
  attachments?: (Attachment | QrAttachment)[];
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

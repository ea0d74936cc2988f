import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/db';
import { conditionHeld } from '../lib/dynamo-errors';
import { type DeliverableMessage, outboxKey } from '../lib/outbox';
import { queryAll } from '../lib/query';

/**
 * Outbox items: pk OUTBOX#<id> sk MESSAGE, state pending -> sending -> sent | failed | skipped; once tried,
 * gsi1 MESSAGES#<toUserId> / <createdAt>#<id> (a person's messages), for a message about someone else
 * gsi2 MESSAGES_ABOUT#<personId> / the same, and expiresAt (TTL).
 * Dev mailbox (local runtime only): pk MAILBOX sk <sentAt>#<id>.
 */

/** Claims a message for sending; false when another delivery already has it (a repeated stream record). */
export async function claimMessage(db: Db, id: string, now: Date): Promise<boolean> {
  return conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: outboxKey(id),
        UpdateExpression: 'SET #state = :sending, claimedAt = :now',
        ConditionExpression: '#state IN (:pending, :failed)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sending': 'sending', ':pending': 'pending', ':failed': 'failed', ':now': now.toISOString() },
      }),
    ),
  );
}

/** How long a message is kept after it is sent (or skipped): then DynamoDB TTL removes it. */
export const messageRetentionDays = 365;
const day = 86_400;

/**
 * Records how sending went. The message joins its recipient's index (gsi1 MESSAGES#<userId>) here, off the
 * request path, so subject access and erasure find it, and gets its expiry: a year, or a day for a message
 * nobody could receive (its recipient has no profile, e.g. erased).
 */
export async function markMessage(
  db: Db,
  message: { id: string; toUserId: string; about?: string | undefined; createdAt?: string },
  state: 'sent' | 'failed' | 'skipped',
  now: Date,
  detail?: string,
  keepDays = messageRetentionDays,
): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: outboxKey(message.id),
      UpdateExpression: `SET #state = :state, updatedAt = :now, detail = :detail, gsi1pk = :to, gsi1sk = :order, expiresAt = :expires${message.about ? ', gsi2pk = :about, gsi2sk = :order' : ''}`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':state': state,
        ':now': now.toISOString(),
        ':detail': detail ?? null,
        ':to': recipientIndex(message.toUserId),
        ':order': `${message.createdAt ?? now.toISOString()}#${message.id}`,
        ':expires': Math.floor(now.getTime() / 1000) + keepDays * day,
        ...(message.about ? { ':about': aboutIndex(message.about) } : {}),
      },
    }),
  );
}

const recipientIndex = (userId: string) => `MESSAGES#${userId}`;
const aboutIndex = (personId: string) => `MESSAGES_ABOUT#${personId}`;

/** The messages sent (or tried) to a person, and those to others about them, oldest first (subject access, erasure). */
export async function listMessagesTo(db: Db, userId: string): Promise<Record<string, unknown>[]> {
  const [to, about] = await Promise.all([
    queryAll(db, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': recipientIndex(userId) } }),
    queryAll(db, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': aboutIndex(userId) } }),
  ]);
  return [...to, ...about];
}

export async function deleteMessage(db: Db, id: string): Promise<boolean> {
  return conditionHeld(db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: outboxKey(id), ConditionExpression: 'attribute_exists(pk)' })));
}

/** Local only: the dev mailbox's copies of messages to or about a person (a small partition, read whole). */
export async function listMailboxItemsTo(db: Db, userId: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: 'toUserId = :to OR about = :to',
    ExpressionAttributeValues: { ':pk': 'MAILBOX', ':to': userId },
  });
}

export async function deleteMailboxItem(db: Db, sk: string): Promise<boolean> {
  return conditionHeld(db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: 'MAILBOX', sk }, ConditionExpression: 'attribute_exists(pk)' })));
}

export async function putMailboxItem(db: Db, message: DeliverableMessage, now: Date): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { pk: 'MAILBOX', sk: `${now.toISOString()}#${message.id}`, type: 'MailboxItem', ...message, sentAt: now.toISOString() },
    }),
  );
}

export async function listMailbox(db: Db, limit = 50): Promise<(DeliverableMessage & { sentAt: string })[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': 'MAILBOX' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items as (DeliverableMessage & { sentAt: string })[];
}

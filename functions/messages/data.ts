import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/db';
import { conditionHeld } from '../lib/dynamo-errors';
import { outboxKey, type DeliverableMessage } from '../lib/outbox';

/**
 * Outbox items: pk OUTBOX#<id> sk MESSAGE, state pending -> sending -> sent | failed.
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

export async function markMessage(db: Db, id: string, state: 'sent' | 'failed' | 'skipped', now: Date, detail?: string): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: outboxKey(id),
      UpdateExpression: 'SET #state = :state, updatedAt = :now, detail = :detail',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': state, ':now': now.toISOString(), ':detail': detail ?? null },
    }),
  );
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

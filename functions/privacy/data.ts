import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/db';
import { conditionHeld, withRetry } from '../lib/dynamo-errors';
import { queryAll } from '../lib/query';
import type { ErasureRequest } from './schema';

/**
 * Erasure requests: one per person, pk ERASURE#<personId> sk REQUEST { status requested|done, requestedAt,
 * note, doneAt, doneBy }. While it waits it is in the admins' queue: gsi1 ERASURE_REQUESTS / <requestedAt>#<personId>.
 */
const requestKey = (personId: string) => ({ pk: `ERASURE#${personId}`, sk: 'REQUEST' });
const queuePartition = 'ERASURE_REQUESTS';

const strip = ({ pk: _pk, sk: _sk, gsi1pk: _g, gsi1sk: _s, type: _t, doneBy: _d, ...rest }: Record<string, unknown>) => rest as unknown as ErasureRequest;

export async function getErasureRequest(db: Db, personId: string): Promise<ErasureRequest | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: requestKey(personId), ConsistentRead: true }));
  return Item ? strip(Item) : undefined;
}

/** Records a request unless one is already waiting (asking twice is one request). True when it is new. */
export async function putErasureRequest(db: Db, personId: string, note: string | undefined, now: Date): Promise<boolean> {
  const at = now.toISOString();
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: { ...requestKey(personId), type: 'ErasureRequest', personId, status: 'requested', requestedAt: at, ...(note ? { note } : {}), gsi1pk: queuePartition, gsi1sk: `${at}#${personId}` },
          ConditionExpression: 'attribute_not_exists(pk) OR #status <> :requested',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':requested': 'requested' },
        }),
      ),
    ),
  );
}

export async function listWaitingRequests(db: Db): Promise<ErasureRequest[]> {
  const items = await queryAll(db, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': queuePartition } });
  return items.map(strip);
}

/**
 * Erasure is done: the request (made now if the person never asked) leaves the queue and keeps only that
 * it was done, when and by whom; its note (the person's words) goes with the rest of their data.
 */
export async function recordErasure(db: Db, personId: string, by: string, now: Date): Promise<void> {
  const at = now.toISOString();
  await withRetry(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: requestKey(personId),
        UpdateExpression: 'SET #type = :type, personId = :id, #status = :done, requestedAt = if_not_exists(requestedAt, :now), doneAt = :now, doneBy = :by REMOVE note, gsi1pk, gsi1sk',
        ExpressionAttributeNames: { '#status': 'status', '#type': 'type' },
        ExpressionAttributeValues: { ':type': 'ErasureRequest', ':id': personId, ':done': 'done', ':now': at, ':by': by },
      }),
    ),
  );
}

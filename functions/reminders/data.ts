import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/db';
import { conditionHeld, withRetry } from '../lib/dynamo-errors';
import { type OutboxMessage, outboxPut } from '../lib/outbox';
import { type Page, queryAll, queryPage } from '../lib/query';
import { Refused, roled, type TransactItem, transactWrite } from '../lib/transact';
import type { AskedBy, PlaceCheckState, ReminderSettingsInput } from './schema';

/**
 * Reminders' items and access patterns (one table; see functions/lib/table.ts).
 *
 * | item             | pk                          | sk                 | indexes                                                                      |
 * |------------------|-----------------------------|--------------------|------------------------------------------------------------------------------|
 * | ReminderSettings | REMINDERS#<activityId>      | SETTINGS           |                                                                              |
 * | PlaceCheck       | PLACECHECK#<reservationId>  | CHECK              | gsi1 TEXTS#<phone> / <askedAt>#<rid> (asked by text: replies find it)        |
 * |                  |                             |                    | gsi2 PLACECHECKS_DUE / <replyBy>#<rid> (while unanswered: the deadline job)  |
 * |                  |                             |                    | gsi3 PLACECHECKS#<personId> / <startsAt> (subject access, erasure)           |
 * | InboundText      | INBOUND#<providerMessageId> | TEXT               | what a reply was read as and what was done; expires after 30 days (TTL)      |
 * | TextOptOut       | OPTOUT#<phone>              | TEXTS              | the number said STOP: no texts to it, from anything                          |
 * | InboxItem        | INBOX#<hubId or partnership>| <receivedAt>#<id>  | gsi3 INBOX_ABOUT#<personId> / <receivedAt> when the person is known          |
 */
export const settingsKey = (activityId: string) => ({ pk: `REMINDERS#${activityId}`, sk: 'SETTINGS' });
export const placeCheckKey = (reservationId: string) => ({ pk: `PLACECHECK#${reservationId}`, sk: 'CHECK' });
export const inboundKey = (providerMessageId: string) => ({ pk: `INBOUND#${providerMessageId}`, sk: 'TEXT' });
export const optOutKey = (phone: string) => ({ pk: `OPTOUT#${phone}`, sk: 'TEXTS' });
const inboxPartition = (hubId: string) => `INBOX#${hubId}`;
const textsOf = (phone: string) => `TEXTS#${phone}`;
const duePartition = 'PLACECHECKS_DUE';
const checksOf = (personId: string) => `PLACECHECKS#${personId}`;
const inboxAbout = (personId: string) => `INBOX_ABOUT#${personId}`;

export { partnershipInbox } from './schema';

const without = (item: Record<string, unknown>) => {
  const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, type: _t, ...rest } = item;
  return rest;
};

// ---------- settings ----------

export interface StoredSettings extends ReminderSettingsInput {
  activityId: string;
  updatedAt: string;
  updatedBy: string;
}

export async function getSettings(db: Db, activityId: string): Promise<StoredSettings | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: settingsKey(activityId) }));
  return Item ? (without(Item) as unknown as StoredSettings) : undefined;
}

export async function putSettings(db: Db, s: StoredSettings): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...settingsKey(s.activityId), type: 'ReminderSettings', ...s } }));
}

// ---------- place checks ----------

export interface PlaceCheck {
  /** the booking's id; for a volunteer's shift, `<shiftId>_<volunteerId>` (its sign-up) */
  reservationId: string;
  sessionId: string;
  /** set when the place is a volunteer's on a shift: NO withdraws them (the coordinator is told), no answer only flags */
  shiftId?: string | undefined;
  /** the shift's end, for its wording */
  endsAt?: string | undefined;
  personId: string;
  activityId: string;
  activityTitle: string;
  hubId?: string | undefined;
  startsAt: string;
  replyBy: string;
  noAnswer: 'flag' | 'free';
  /** a secret for the link in the email */
  key: string;
  /** the number the question went to, when it went by text */
  phone?: string | undefined;
  /** how the question went: by text, email, a phone call from the hub, or a letter (checks made before it was kept: text when `phone`, else email) */
  channel?: AskedBy;
  /** the activity's organisation, so the reports count the check where its activity's other figures are */
  organisationId?: string;
  state: PlaceCheckState;
  askedAt: string;
  answeredAt?: string;
  answeredBy?: string;
}

export async function getPlaceCheck(db: Db, reservationId: string, consistent = true): Promise<PlaceCheck | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: placeCheckKey(reservationId), ConsistentRead: consistent }));
  return Item ? (without(Item) as unknown as PlaceCheck) : undefined;
}

const checkItem = (c: PlaceCheck) => ({
  ...placeCheckKey(c.reservationId),
  type: c.shiftId ? 'ShiftCheck' : 'PlaceCheck',
  ...c,
  ...(c.phone ? { gsi1pk: textsOf(c.phone), gsi1sk: `${c.askedAt}#${c.reservationId}` } : {}),
  ...(c.state === 'asked' ? { gsi2pk: duePartition, gsi2sk: `${c.replyBy}#${c.reservationId}` } : {}),
  gsi3pk: checksOf(c.personId),
  gsi3sk: c.startsAt,
  // kept a month after the session for the figures, then DynamoDB TTL removes it
  expiresAt: Math.floor(Date.parse(c.startsAt) / 1000) + 30 * 86_400,
});

/**
 * A reminder, once: its outbox message under a stable id (a repeated run or stream replay finds it and sends
 * nothing), with the place check it asks, when it is the first to ask. False when it was sent before.
 */
export async function putReminder(db: Db, message: OutboxMessage, messageId: string, now: Date, check?: PlaceCheck): Promise<boolean> {
  const items: TransactItem[] = [outboxPut(db.tableName, message, now, messageId) as TransactItem];
  if (check) items.push({ Put: { TableName: db.tableName, Item: checkItem(check), ConditionExpression: 'attribute_not_exists(pk)' } });
  const outcome = await transactWrite(db, roled(items, ['message', 'check']), { attempts: 8, baseMs: 20, capMs: 500 });
  if (outcome.ok) return true;
  if (outcome.refusedBy.includes('message')) return false;
  // the check was made meanwhile by another run: the reminder still goes, once
  if (outcome.refusedBy.includes('check')) return putReminder(db, message, messageId, now);
  throw new Refused(outcome.refusedBy);
}

/**
 * Records an answer, only from a state it may follow: the first NO, or a YES to a question still open. False
 * when the check had moved on (answered already, or the deadline acted first).
 */
export async function answerPlaceCheck(db: Db, reservationId: string, from: PlaceCheckState[], to: PlaceCheckState, now: Date, by: string): Promise<boolean> {
  const names = from.map((_, i) => `:from${i}`);
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: placeCheckKey(reservationId),
          UpdateExpression: `SET #state = :to, answeredAt = :now, answeredBy = :by${to === 'lapsing' ? '' : ' REMOVE gsi2pk, gsi2sk'}`,
          ConditionExpression: `#state IN (${names.join(', ')})`,
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':to': to, ':now': now.toISOString(), ':by': by, ...Object.fromEntries(from.map((f, i) => [`:from${i}`, f])) },
        }),
      ),
    ),
  );
}

/** Checks whose reply-by time has passed without an answer (and any the deadline job began but did not finish). */
export async function dueChecks(db: Db, now: Date, limit = 100): Promise<PlaceCheck[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :now',
      ExpressionAttributeValues: { ':pk': duePartition, ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return Items.map((i) => without(i) as unknown as PlaceCheck);
}

/** The questions asked by text to a number, newest first: a reply answers the newest still open. */
export async function checksByPhone(db: Db, phone: string, limit = 10): Promise<PlaceCheck[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': textsOf(phone) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((i) => without(i) as unknown as PlaceCheck);
}

export async function listPersonChecks(db: Db, personId: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': checksOf(personId) } });
}

export async function deletePlaceCheck(db: Db, reservationId: string): Promise<boolean> {
  return conditionHeld(db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: placeCheckKey(reservationId), ConditionExpression: 'attribute_exists(pk)' })));
}

// ---------- inbound texts: each handled once ----------

/**
 * Claims a provider's message for handling: true for the first delivery, and for a later one when the first
 * stopped part-way (its claim is older than `leaseMs`); false for a repeat while it is handled or once done.
 */
export async function claimInbound(db: Db, providerMessageId: string, now: Date, leaseMs = 60_000): Promise<boolean> {
  return conditionHeld(
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...inboundKey(providerMessageId), type: 'InboundText', state: 'handling', claimedAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + 30 * 86_400 },
        ConditionExpression: 'attribute_not_exists(pk) OR (#state = :handling AND claimedAt < :stale)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':handling': 'handling', ':stale': new Date(now.getTime() - leaseMs).toISOString() },
      }),
    ),
  );
}

export async function finishInbound(db: Db, providerMessageId: string, reply: string, outcome: string, now: Date): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: inboundKey(providerMessageId),
      UpdateExpression: 'SET #state = :done, reply = :reply, outcome = :outcome, doneAt = :now',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':done': 'done', ':reply': reply, ':outcome': outcome, ':now': now.toISOString() },
    }),
  );
}

export async function getInbound(db: Db, providerMessageId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: inboundKey(providerMessageId), ConsistentRead: true }));
  return Item;
}

// ---------- opt-outs ----------

export async function optOut(db: Db, phone: string, now: Date): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...optOutKey(phone), type: 'TextOptOut', phone, optedOutAt: now.toISOString() } }));
}

export async function optIn(db: Db, phone: string): Promise<void> {
  await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: optOutKey(phone) }));
}

export async function isOptedOut(db: Db, phone: string): Promise<boolean> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: optOutKey(phone), ProjectionExpression: 'pk' }));
  return !!Item;
}

export async function getOptOut(db: Db, phone: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: optOutKey(phone) }));
  return Item;
}

// ---------- the hub's inbox ----------

export interface InboxItem {
  id: string;
  hubId: string;
  receivedAt: string;
  kind: 'text' | 'no-answer' | 'call' | 'letter';
  personId?: string | undefined;
  from?: string | undefined;
  text: string;
  activityTitle?: string | undefined;
  startsAt?: string | undefined;
  reservationId?: string | undefined;
}

/**
 * Puts an item in a hub's inbox unless one with the same receivedAt and id is there. The key holds the time it
 * was put, so a repeat at a later time would add another: its callers make it once by claiming first (an
 * inbound text by its provider id, though one retaken after a crash part-way may add a second; an outbox
 * message handed to the hub by its state). A place check's no-answer item is written by flagNoAnswer
 * instead, in the check's own transaction.
 */
export async function putInboxItem(db: Db, item: InboxItem): Promise<boolean> {
  return conditionHeld(
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          pk: inboxPartition(item.hubId),
          sk: `${item.receivedAt}#${item.id}`,
          type: 'InboxItem',
          ...item,
          ...(item.personId ? { gsi3pk: inboxAbout(item.personId), gsi3sk: item.receivedAt } : {}),
          expiresAt: Math.floor(Date.parse(item.receivedAt) / 1000) + 180 * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
}

/** A no-answer flag in the inbox, with the check moved to flagged, together. */
export async function flagNoAnswer(db: Db, check: PlaceCheck, item: InboxItem, now: Date): Promise<boolean> {
  // false when the check was answered (or flagged) meanwhile
  const outcome = await transactWrite(
    db,
    roled(
      [
        {
          Update: {
            TableName: db.tableName,
            Key: placeCheckKey(check.reservationId),
            UpdateExpression: 'SET #state = :flagged, answeredAt = :now, answeredBy = :by REMOVE gsi2pk, gsi2sk',
            ConditionExpression: '#state = :asked',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':flagged': 'flagged', ':asked': 'asked', ':now': now.toISOString(), ':by': 'deadline' },
          },
        },
        {
          Put: {
            TableName: db.tableName,
            Item: {
              pk: inboxPartition(item.hubId),
              sk: `${item.receivedAt}#${item.id}`,
              type: 'InboxItem',
              ...item,
              ...(item.personId ? { gsi3pk: inboxAbout(item.personId), gsi3sk: item.receivedAt } : {}),
              expiresAt: Math.floor(now.getTime() / 1000) + 180 * 86_400,
            },
          },
        },
      ],
      ['check', 'inbox'],
    ),
  );
  return outcome.ok;
}

/** One page of a hub's inbox, newest first. */
export async function listInbox(db: Db, hubId: string, limit: number, cursor?: string): Promise<Page<InboxItem>> {
  return queryPage(
    db,
    { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': inboxPartition(hubId) }, ScanIndexForward: false, Limit: limit },
    cursor,
    (i) => without(i) as unknown as InboxItem,
  );
}

export async function listInboxAbout(db: Db, personId: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': inboxAbout(personId) } });
}

export async function deleteInboxItem(db: Db, pk: string, sk: string): Promise<boolean> {
  return conditionHeld(db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: { pk, sk }, ConditionExpression: 'attribute_exists(pk)' })));
}

// ---------- which sessions' reminders have gone ----------

/** pk REMINDERS#<sessionId> sk SENT#<startsAt>#<hours>: every booking of the session had this reminder (later runs skip it). */
const sentKey = (sessionId: string, startsAt: string, hoursBefore: number) => ({ pk: `REMINDERS#${sessionId}`, sk: `SENT#${startsAt}#${hoursBefore}` });

export async function remindersDone(db: Db, sessionId: string, startsAt: string, hoursBefore: number): Promise<boolean> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: sentKey(sessionId, startsAt, hoursBefore), ProjectionExpression: 'pk' }));
  return !!Item;
}

export async function markRemindersDone(db: Db, sessionId: string, startsAt: string, hoursBefore: number, now: Date): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...sentKey(sessionId, startsAt, hoursBefore), type: 'RemindersSent', doneAt: now.toISOString(), expiresAt: Math.floor(Date.parse(startsAt) / 1000) + 7 * 86_400 },
    }),
  );
}

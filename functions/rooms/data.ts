import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/db';
import { conditionHeld, isConditionFailure, withRetry } from '../lib/dynamo-errors';
import { NotFound } from '../lib/errors';
import { firstAnswer, type Idempotency, idempotencyPut, idempotencyRecordKey, olderAnswer } from '../lib/idempotency';
import { strip } from '../lib/items';
import { queryAll } from '../lib/query';
import { Refused, type RoledItem, type TransactItem, transactWrite } from '../lib/transact';
import { granulesOf, type Interval, msToIso } from './rules';
import type { BookingStatus, Room } from './schema';

/**
 * Rooms items and access patterns (one table; see functions/lib/table.ts)
 *
 * | item           | pk                                | sk                  | gsi                                                                  |
 * | room           | ROOM#<roomId>                     | META                | gsi1 HUB#<hubId> / ROOM#<roomId>            (a hub's rooms; the directory lists them this way) |
 * | booking        | ROOMBOOKING#<bookingId>           | META                | gsi2 REQUESTER#<userId> / ROOMBOOKING#<createdAt>#<id>  (my requests)  |
 * |                |                                   |                     | gsi3 HUB#<hubId>#PENDINGROOMBOOKINGS / <firstStart>#<id> (approvals queue; only while pending) |
 * | occurrence     | ROOMBOOKING#<bookingId>           | OCC#<startIso>      | gsi1 ROOM#<roomId>#OCCURRENCES / <startIso>#<bookingId>  (a room's diary by time) |
 * | slot           | ROOMSLOT#<roomId>#<granuleIso>    | SLOT                | none: exists only while a confirmed occurrence holds that quarter hour |
 * | idempotency    | IDEM#requestRoomBooking#<userId>#<key> (lib/idempotency.ts; IDEM#<userId>#requestRoomBooking#<key> before) | IDEM | none; expiresAt (TTL) a day later |
 * | session hold   | ROOMHOLD#<sessionId>              | HOLD                | gsi1 ROOM#<roomId>#OCCURRENCES / <startIso>#S<sessionId>  (in the room's diary beside the bookings) |
 *
 * A booking and its occurrences share a partition, so one Query reads a whole booking. The slot items are
 * the no-double-booking invariant: confirming an occurrence puts one slot per granule of its blocked range
 * with attribute_not_exists(pk), in the same transaction as the occurrence's status change.
 *
 * A session scheduled in a room (sessions domain) holds the room the same way: the session's own write carries
 * the slot puts and a session hold (sessionHoldItems), so a session and a hire can never overlap. A slot then
 * names the sessionId instead of a bookingId. The hold stands in the room's diary like a confirmed occurrence
 * (status confirmed until the session is cancelled or moved elsewhere).
 */

export const roomKey = (roomId: string) => ({ pk: `ROOM#${roomId}`, sk: 'META' });
const hubRoomsIndexKey = (hubId: string, roomId: string) => ({ gsi1pk: `HUB#${hubId}`, gsi1sk: `ROOM#${roomId}` });
export const bookingKey = (bookingId: string) => ({ pk: `ROOMBOOKING#${bookingId}`, sk: 'META' });
export const occurrenceKey = (bookingId: string, startIso: string) => ({ pk: `ROOMBOOKING#${bookingId}`, sk: `OCC#${startIso}` });
const roomDiaryPk = (roomId: string) => `ROOM#${roomId}#OCCURRENCES`;
const requesterPk = (userId: string) => `REQUESTER#${userId}`;
const pendingQueuePk = (hubId: string) => `HUB#${hubId}#PENDINGROOMBOOKINGS`;
export const slotKey = (roomId: string, granuleMs: number) => ({ pk: `ROOMSLOT#${roomId}#${msToIso(granuleMs)}`, sk: 'SLOT' });
const holdKey = (sessionId: string) => ({ pk: `ROOMHOLD#${sessionId}`, sk: 'HOLD' });
/** The record format before the one in lib/idempotency.ts: still read until its records expire. */
const idempotencyKey = (userId: string, key: string) => ({ pk: `IDEM#${userId}#requestRoomBooking#${key}`, sk: 'IDEM' });
const idempotencyKeys = (userId: string, key: string) => [idempotencyRecordKey({ operation: 'requestRoomBooking', actorId: userId, key }), idempotencyKey(userId, key)];

/**
 * What an item of a rooms transaction stands for. A slot's role names its quarter hour (`slot@<ISO instant>`),
 * so a refusal by it says which quarter hour was taken.
 */
export type RoomRole = 'booking' | 'occurrence' | 'idempotency' | 'outbox' | 'hold' | 'release' | SlotRole;
type SlotRole = `slot@${string}`;
const slotRole = (granuleMs: number): SlotRole => `slot@${msToIso(granuleMs)}`;
/** The quarter hour (ms) of the first slot among a refused transaction's roles: the one found taken. */
export function takenSlot(refusedBy: readonly string[]): number | undefined {
  const slot = refusedBy.find((r): r is SlotRole => r.startsWith('slot@'));
  return slot ? Date.parse(slot.slice('slot@'.length)) : undefined;
}

/* ---------------- rooms ---------------- */

export async function putRoom(db: Db, room: Room): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.tableName,
      Item: { ...roomKey(room.roomId), ...hubRoomsIndexKey(room.hubId, room.roomId), type: 'Room', ...room },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

export async function getRoom(db: Db, roomId: string): Promise<Room | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: roomKey(roomId) }));
  return Item ? toRoom(Item) : undefined;
}

export async function listRoomsOfHub(db: Db, hubId: string): Promise<Room[]> {
  const items = await queryAll(db, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :room)',
    ExpressionAttributeValues: { ':pk': `HUB#${hubId}`, ':room': 'ROOM#' },
  });
  return items.map(toRoom).sort((a, b) => a.name.localeCompare(b.name));
}

/** Replaces the given fields of a room that exists; returns the room as it now is. */
export async function updateRoom(db: Db, roomId: string, changes: Partial<Room>): Promise<Room> {
  const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
  const names = Object.fromEntries(entries.map(([k], i) => [`#f${i}`, k]));
  const values = Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v]));
  try {
    const { Attributes } = await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: roomKey(roomId),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toRoom(Attributes!);
  } catch (err) {
    if (isConditionFailure(err)) throw new NotFound('The room');
    throw err;
  }
}

function toRoom(item: Record<string, unknown>): Room {
  const { pk, sk, gsi1pk, gsi1sk, type, ...room } = item;
  void pk, sk, gsi1pk, gsi1sk, type;
  return { rates: [], bookingQuestions: [], ...room } as unknown as Room;
}

/* ---------------- bookings ---------------- */

/** What the booking's META item holds. */
export interface BookingRecord {
  bookingId: string;
  roomId: string;
  roomName: string;
  hubId: string;
  status: BookingStatus;
  purpose: string;
  expectedAttendance: number;
  private: boolean;
  requesterId: string;
  requesterName?: string;
  organisationId?: string;
  organisationName?: string;
  groupName?: string;
  customerType: 'hub' | 'partner' | 'residentsGroup' | 'privateHire';
  quotedPence: number;
  answers: { questionId: string; answer: string }[];
  repeat?: { rrule: string };
  skipped: { start: string; end: string }[];
  /** dates left out because the hub is closed on them */
  closed?: { start: string; end: string; reason: string }[];
  hoursOverride?: { reason: string; by: string; at: string };
  firstStart: string;
  lastEnd: string;
  occurrenceCount: number;
  declineReason?: string;
  createdAt: string;
  updatedAt: string;
}

/** One date of a booking, carrying what the room's diary shows without reading the booking. */
export interface OccurrenceRecord {
  bookingId: string;
  roomId: string;
  hubId: string;
  start: string;
  end: string;
  blockedStart: string;
  blockedEnd: string;
  status: BookingStatus;
  private: boolean;
  purpose: string;
  heldBy?: string;
  requesterId: string;
  /** set instead of a real booking's id on a session's hold (the room's diary reads both together) */
  sessionId?: string;
  activityId?: string;
}

const metaItem = (b: BookingRecord) => ({
  ...bookingKey(b.bookingId),
  type: 'RoomBooking',
  gsi2pk: requesterPk(b.requesterId),
  gsi2sk: `ROOMBOOKING#${b.createdAt}#${b.bookingId}`,
  ...(b.status === 'pending' ? { gsi3pk: pendingQueuePk(b.hubId), gsi3sk: `${b.firstStart}#${b.bookingId}` } : {}),
  ...b,
});

const occurrenceItem = (o: OccurrenceRecord) => ({
  ...occurrenceKey(o.bookingId, o.start),
  type: 'RoomBookingOccurrence',
  gsi1pk: roomDiaryPk(o.roomId),
  gsi1sk: `${o.start}#${o.bookingId}`,
  ...o,
});

export type CreateResult = { created: true } | { created: false; existingBookingId: string };

/**
 * Writes a new booking request: META, the idempotency record and its occurrences. Up to 98 occurrences (99
 * without an idempotency record) go in the same transaction (a weekly hire for a year is 52); longer series
 * write the rest in further transactions of 100, each item conditioned on not existing.
 */
export async function createBooking(db: Db, b: BookingRecord, occurrences: OccurrenceRecord[], idempotency?: Idempotency): Promise<CreateResult> {
  const put = (Item: Record<string, unknown>): TransactItem => ({ Put: { TableName: db.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
  const head: RoledItem<RoomRole>[] = [{ role: 'booking', item: put(metaItem(b)) }];
  if (idempotency) head.push({ role: 'idempotency', item: idempotencyPut(db, idempotency, { bookingId: b.bookingId }) });
  // records written before the one format are honoured until they expire
  const older = idempotency && (await olderAnswer(db, idempotency, { key: idempotencyKey(b.requesterId, idempotency.key), answerOf: (item) => ({ bookingId: item.bookingId as string }) }));
  if (older?.bookingId) return { created: false, existingBookingId: older.bookingId };
  const occ = occurrences.map((o): RoledItem<RoomRole> => ({ role: 'occurrence', item: put(occurrenceItem(o)) }));
  const firstChunk = 100 - head.length;
  const outcome = await transactWrite(db, [...head, ...occ.slice(0, firstChunk)]);
  if (!outcome.ok) {
    if (outcome.refusedBy.includes('idempotency')) {
      const first = idempotency && (await firstAnswer<{ bookingId: string }>(db, idempotency));
      if (first?.bookingId) return { created: false, existingBookingId: first.bookingId };
    }
    throw new Refused(outcome.refusedBy);
  }
  // a refused date was already written by an earlier attempt
  for (let i = firstChunk; i < occ.length; i += 100) await transactWrite(db, occ.slice(i, i + 100));
  return { created: true };
}

/** The booking an earlier request with this Idempotency-Key made, if any. */
export async function bookingOfIdempotencyKey(db: Db, userId: string, key: string): Promise<string | undefined> {
  for (const Key of idempotencyKeys(userId, key)) {
    const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key, ConsistentRead: true }));
    const bookingId = (Item?.answer as { bookingId?: string } | undefined)?.bookingId ?? (Item?.bookingId as string | undefined);
    if (bookingId) return bookingId;
  }
  return undefined;
}

/** Forgets an Idempotency-Key whose request did not succeed after all, so a retry tries afresh. */
export async function releaseIdempotencyKey(db: Db, userId: string, key: string): Promise<void> {
  for (const Key of idempotencyKeys(userId, key)) await withRetry(() => db.doc.send(new DeleteCommand({ TableName: db.tableName, Key })));
}

/** A booking and all its occurrences (one partition), read strongly so decisions see the latest state. */
export async function getBooking(db: Db, bookingId: string): Promise<{ booking: BookingRecord; occurrences: OccurrenceRecord[] } | undefined> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': bookingKey(bookingId).pk },
    ConsistentRead: true,
  });
  const meta = items.find((i) => i.sk === 'META');
  if (!meta) return undefined;
  return { booking: strip<BookingRecord>(meta), occurrences: items.filter((i) => i.sk !== 'META').map((i) => strip<OccurrenceRecord>(i)) };
}

/** A room's occurrences that start in [fromMs, toMs), in time order: its diary. */
export async function listRoomOccurrences(db: Db, roomId: string, fromMs: number, toMs: number, statuses?: BookingStatus[]): Promise<OccurrenceRecord[]> {
  const filter = statuses ? { FilterExpression: `#status IN (${statuses.map((_, i) => `:s${i}`).join(', ')})`, ExpressionAttributeNames: { '#status': 'status' } } : {};
  const items = await queryAll(db, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': roomDiaryPk(roomId),
      ':from': msToIso(fromMs),
      ':to': msToIso(toMs),
      ...Object.fromEntries((statuses ?? []).map((s, i) => [`:s${i}`, s])),
    },
    ...filter,
  });
  return items.map((i) => strip<OccurrenceRecord>(i));
}

export async function listBookingsOfRequester(db: Db, userId: string, limit = 50): Promise<BookingRecord[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :b)',
      ExpressionAttributeValues: { ':pk': requesterPk(userId), ':b': 'ROOMBOOKING#' },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map((i) => strip<BookingRecord>(i));
}

export async function listPendingOfHub(db: Db, hubId: string): Promise<BookingRecord[]> {
  const items = await queryAll(db, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': pendingQueuePk(hubId) } });
  return items.map((i) => strip<BookingRecord>(i));
}

export async function getBookings(db: Db, bookingIds: string[]): Promise<BookingRecord[]> {
  const out: BookingRecord[] = [];
  for (let i = 0; i < bookingIds.length; i += 100) {
    let keys: Record<string, unknown>[] | undefined = bookingIds.slice(i, i + 100).map(bookingKey);
    while (keys?.length) {
      const res = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: keys } } }));
      out.push(...(res.Responses?.[db.tableName] ?? []).map((it) => strip<BookingRecord>(it)));
      keys = res.UnprocessedKeys?.[db.tableName]?.Keys as Record<string, unknown>[] | undefined;
    }
  }
  return out;
}

/** Who holds a slot now (to name a clash after a write failed): a booking's date, or a session. */
export async function slotHolder(db: Db, roomId: string, granuleMs: number): Promise<{ bookingId?: string; sessionId?: string; occurrenceStart: string } | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: slotKey(roomId, granuleMs), ConsistentRead: true }));
  if (!Item) return undefined;
  return Item.sessionId
    ? { sessionId: Item.sessionId as string, occurrenceStart: Item.occurrenceStart as string }
    : { bookingId: Item.bookingId as string, occurrenceStart: Item.occurrenceStart as string };
}

/* ---------------- sessions held in rooms ---------------- */

/** A session's hold on a room: what the room's diary shows, and the range its slots cover. */
export interface SessionHold {
  sessionId: string;
  activityId: string;
  roomId: string;
  hubId: string;
  start: string;
  end: string;
  blockedStart: string;
  blockedEnd: string;
  status: 'confirmed' | 'cancelled';
  /** the activity's title: sessions are public, so the diary names them to anyone */
  purpose: string;
  heldBy?: string;
  requesterId: string;
  private: false;
  updatedAt: string;
}

const holdItem = (h: SessionHold) => ({ ...holdKey(h.sessionId), type: 'RoomSessionHold', gsi1pk: roomDiaryPk(h.roomId), gsi1sk: `${h.start}#S${h.sessionId}`, ...h });
const granulesOfHold = (h: Pick<SessionHold, 'blockedStart' | 'blockedEnd'>) => granulesOf({ start: Date.parse(h.blockedStart), end: Date.parse(h.blockedEnd) });
const sessionSlotPut = (db: Db, h: SessionHold, g: number): TransactItem => ({
  Put: { TableName: db.tableName, Item: { ...slotKey(h.roomId, g), type: 'RoomSlot', sessionId: h.sessionId, occurrenceStart: h.start }, ConditionExpression: 'attribute_not_exists(pk)' },
});
const sessionSlotDelete = (db: Db, roomId: string, sessionId: string, g: number): TransactItem => ({
  Delete: { TableName: db.tableName, Key: slotKey(roomId, g), ConditionExpression: 'attribute_not_exists(pk) OR sessionId = :s', ExpressionAttributeValues: { ':s': sessionId } },
});

/**
 * Hold a room for a session: one slot per granule of its blocked range (each must be free, as for a
 * booking's confirmation; a refusal by one names its quarter hour: takenSlot) and the hold in the room's
 * diary. The caller adds its own session write.
 */
export function sessionHoldItems(db: Db, h: SessionHold): RoledItem<RoomRole>[] {
  return [...granulesOfHold(h).map((g) => ({ role: slotRole(g), item: sessionSlotPut(db, h, g) })), { role: 'hold', item: { Put: { TableName: db.tableName, Item: holdItem(h) } } }];
}

/**
 * Move a session's hold (a new time, or another room): the slots it no longer needs are freed, the new ones
 * must be free, the ones it keeps stay. Without `next`, the hold is released (the session is cancelled or
 * leaves the room) and kept in the diary's history as cancelled.
 */
export function moveSessionHoldItems(db: Db, held: SessionHold, next: SessionHold | undefined, now: Date): RoledItem<RoomRole>[] {
  const before = new Set(granulesOfHold(held));
  const after = next ? granulesOfHold(next) : [];
  const sameRoom = !!next && next.roomId === held.roomId;
  const adding = after.filter((g) => !sameRoom || !before.has(g));
  const freeing = [...before].filter((g) => !sameRoom || !after.includes(g));
  return [
    ...adding.map((g) => ({ role: slotRole(g), item: sessionSlotPut(db, next!, g) })),
    ...freeing.map((g) => ({ role: 'release' as const, item: sessionSlotDelete(db, held.roomId, held.sessionId, g) })),
    { role: 'hold', item: { Put: { TableName: db.tableName, Item: holdItem(next ?? { ...held, status: 'cancelled', updatedAt: now.toISOString() }) } } },
  ];
}

/** A session's hold on a room, if it has one. */
export async function getSessionHold(db: Db, sessionId: string): Promise<SessionHold | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: holdKey(sessionId), ConsistentRead: true }));
  return Item ? strip<SessionHold>(Item) : undefined;
}

/* ---------------- transaction items ---------------- */

const blockedOf = (o: OccurrenceRecord): Interval => ({ start: Date.parse(o.blockedStart), end: Date.parse(o.blockedEnd) });

/**
 * Confirm one occurrence: a slot per granule (each must be free, its role naming the granule: a refusal by it
 * is a clash there) and the occurrence pending -> confirmed.
 */
export function confirmOccurrenceItems(db: Db, o: OccurrenceRecord, now: Date): RoledItem<RoomRole>[] {
  const items: RoledItem<RoomRole>[] = granulesOf(blockedOf(o)).map((g) => ({
    role: slotRole(g),
    item: {
      Put: {
        TableName: db.tableName,
        Item: { ...slotKey(o.roomId, g), type: 'RoomSlot', bookingId: o.bookingId, occurrenceStart: o.start },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  }));
  items.push(setOccurrenceStatus(db, o, ['pending'], 'confirmed', now));
  return items;
}

/** Free one confirmed occurrence's slots (only those this booking holds) and set its new status. */
export function releaseOccurrenceItems(db: Db, o: OccurrenceRecord, to: BookingStatus, now: Date): RoledItem<RoomRole>[] {
  const items: RoledItem<RoomRole>[] = granulesOf(blockedOf(o)).map((g) => ({
    role: slotRole(g),
    item: {
      Delete: {
        TableName: db.tableName,
        Key: slotKey(o.roomId, g),
        ConditionExpression: 'attribute_not_exists(pk) OR bookingId = :b',
        ExpressionAttributeValues: { ':b': o.bookingId },
      },
    },
  }));
  items.push(setOccurrenceStatus(db, o, ['confirmed'], to, now));
  return items;
}

export function setOccurrenceStatus(db: Db, o: OccurrenceRecord, from: BookingStatus[], to: BookingStatus, now: Date): RoledItem<RoomRole> {
  return {
    role: 'occurrence',
    item: {
      Update: {
        TableName: db.tableName,
        Key: occurrenceKey(o.bookingId, o.start),
        UpdateExpression: 'SET #status = :to, updatedAt = :now',
        ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':to': to, ':now': now.toISOString(), ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])) },
      },
    },
  };
}

/** The booking's own status change; leaving `pending` takes it off the hub's approvals queue. */
export function setBookingStatus(
  db: Db,
  b: BookingRecord,
  from: BookingStatus[],
  to: BookingStatus,
  now: Date,
  extra: { declineReason?: string; closed?: BookingRecord['closed'] } = {},
): RoledItem<RoomRole> {
  const sets = [
    '#status = :to',
    'updatedAt = :now',
    ...(extra.declineReason ? ['declineReason = :reason'] : []),
    ...(extra.closed?.length ? ['closed = list_append(if_not_exists(closed, :none), :closed)'] : []),
  ];
  return {
    role: 'booking',
    item: {
      Update: {
        TableName: db.tableName,
        Key: bookingKey(b.bookingId),
        UpdateExpression: `SET ${sets.join(', ')}${to !== 'pending' ? ' REMOVE gsi3pk, gsi3sk' : ''}`,
        ConditionExpression: `#status IN (${from.map((_, i) => `:from${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': to,
          ':now': now.toISOString(),
          ...(extra.declineReason ? { ':reason': extra.declineReason } : {}),
          ...(extra.closed?.length ? { ':closed': extra.closed, ':none': [] } : {}),
          ...Object.fromEntries(from.map((s, i) => [`:from${i}`, s])),
        },
      },
    },
  };
}

/** For another domain's write that relies on a booking's date staying confirmed (a session held in it). */
export function occurrenceStillConfirmed(db: Db, bookingId: string, startIso: string): TransactItem {
  return {
    ConditionCheck: {
      TableName: db.tableName,
      Key: occurrenceKey(bookingId, startIso),
      ConditionExpression: '#status = :confirmed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':confirmed': 'confirmed' },
    },
  };
}

/** A rooms transaction's outcome: written, or refused, with the first granule whose slot was taken (a clash), if one was. */
export type RoomsOutcome = { ok: true } | { ok: false; refusedBy: RoomRole[]; taken?: number };

/** Runs one of rooms' transactions (lib/transact's transactWrite): a refusal is read by role, a taken slot named by its granule. */
export async function write(db: Db, items: RoledItem<RoomRole>[]): Promise<RoomsOutcome> {
  const outcome = await transactWrite(db, items);
  if (outcome.ok) return outcome;
  const taken = takenSlot(outcome.refusedBy);
  return { ok: false, refusedBy: outcome.refusedBy, ...(taken !== undefined ? { taken } : {}) };
}

/* ---------------- subject access and erasure ---------------- */

/** Every booking a person requested (subject access, erasure). */
export async function listAllBookingsOfRequester(db: Db, userId: string): Promise<BookingRecord[]> {
  const items = await queryAll(db, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :b)',
    ExpressionAttributeValues: { ':pk': requesterPk(userId), ':b': 'ROOMBOOKING#' },
  });
  return items.map((i) => strip<BookingRecord>(i));
}

/**
 * Erasure: the booking stays in the room's history under a stand-in requester; its answers (which may name
 * people) go, and for a residents' group (the person's own group) the group's name too.
 */
export async function anonymiseBooking(db: Db, b: BookingRecord, standIn: string, now: Date): Promise<boolean> {
  const ownGroup = b.customerType === 'residentsGroup';
  return conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: bookingKey(b.bookingId),
        UpdateExpression: `SET requesterId = :standIn, answers = :none, erasedAt = :now REMOVE gsi2pk, gsi2sk, requesterName${ownGroup ? ', groupName' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
        ExpressionAttributeValues: { ':standIn': standIn, ':none': [], ':now': now.toISOString() },
      }),
    ),
  );
}

/** forgetHolder: the date shows who holds the room by the person's or their group's name (not an organisation's) */
export async function anonymiseOccurrence(db: Db, o: OccurrenceRecord, standIn: string, forgetHolder: boolean): Promise<boolean> {
  return conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: occurrenceKey(o.bookingId, o.start),
        UpdateExpression: `SET requesterId = :standIn${forgetHolder ? ' REMOVE heldBy' : ''}`,
        ConditionExpression: 'attribute_exists(pk) AND requesterId <> :standIn',
        ExpressionAttributeValues: { ':standIn': standIn },
      }),
    ),
  );
}

import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../lib/batch-get';
import type { Db } from '../lib/db';
import { conditionHeld, withRetry } from '../lib/dynamo-errors';
import { type Idempotency, idempotencyPut, idempotencyRecordKey } from '../lib/idempotency';
import { strip } from '../lib/items';
import { type OutboxMessage, outboxPut } from '../lib/outbox';
import { queryAllOf, queryCount } from '../lib/query';
import { Refused, roled, type TransactItem, transactWrite } from '../lib/transact';
import * as sessions from '../sessions/data';
import type { Session } from '../sessions/schema';
import { holdingOf, seqKey } from './rules';
import type { Reservation } from './schema';

/**
 * Reservations' items and access patterns (one table; see functions/lib/table.ts).
 *
 * | item        | pk                 | sk                   | gsi1pk / gsi1sk                                      | gsi2pk / gsi2sk (offers)        | gsi3pk / gsi3sk (waitlist)         |
 * |-------------|--------------------|----------------------|------------------------------------------------------|---------------------------------|------------------------------------|
 * | Reservation | SESSION#<sid>      | PERSON#<personId>    | PERSON#<personId>#RESERVATIONS / <startsAt>#<sid>     | OFFERS / <expiresAt>#<id> (*)   | SESSION#<sid>#WAITING / <seq> (**) |
 * | Holdings    | PERSON#<personId>  | RESERVATIONS#HELD    | string sets `held` and `waiting` of "<endsAt>|<sid>" (per-person limits)                                        |
 * | Idempotency | IDEM#reservations#<actor>#<key> | IDEM    | the first answer and a hash of the request; expires by TTL                                                      |
 * (*) only while offered: expireOffers reads the due ones.  (**) only while waiting: promotion reads the first.
 *
 * Session counters (pk SESSION#<sid> sk META): capacity, confirmed (places held by confirmed and offered
 * reservations), free (= capacity - confirmed: DynamoDB conditions cannot add), waitlisted, waitingSeq
 * (waitlist tickets issued), waitGone (tickets that left the waitlist or were never used), placesReleased
 * (places of confirmed reservations given back by a cancellation, ever), placesFreedByReply (those given back by
 * a NO to a reminder's "are you still coming?") and placesFromWaitlist (places now held by people who came off
 * the waiting list). Every change to
 * a reservation's status is one TransactWriteItems with whatever counts it (the sessions domain's place-counter
 * items, the holdings; an accepted offer changes neither) and its outbox message. The reservation's item is
 * conditioned on the status it expects, and the items that take a place on the places being free: no
 * read-then-write decides a place. (The waiting list's ticket number is taken by its own write just before;
 * a ticket not used is counted as gone.)
 */
export const reservationKey = (sessionId: string, personId: string) => ({ pk: sessions.sessionKey(sessionId).pk, sk: `PERSON#${personId}` });
export const holdingsKey = (personId: string) => ({ pk: `PERSON#${personId}`, sk: 'RESERVATIONS#HELD' });
/** The record format before the one in lib/idempotency.ts: still read until its records expire. */
export const idempotencyKey = (actorId: string, key: string) => ({ pk: `IDEM#reservations#${actorId}#${key}`, sk: 'IDEM' });
export const personReservations = (personId: string) => `PERSON#${personId}#RESERVATIONS`;
export const waitingPartition = (sessionId: string) => `SESSION#${sessionId}#WAITING`;
export const offersPartition = 'OFFERS';

/** The first answer to a request with an Idempotency-Key, kept a day. */
export interface IdempotencyRecord {
  hash: string;
  answer: Record<string, unknown>;
}

function reservationItem(r: Reservation) {
  return {
    ...reservationKey(r.sessionId, r.personId),
    gsi1pk: personReservations(r.personId),
    gsi1sk: `${r.startsAt}#${r.sessionId}`,
    ...(r.status === 'waitlisted' ? { gsi3pk: waitingPartition(r.sessionId), gsi3sk: seqKey(r.joinedSeq) } : {}),
    ...(r.status === 'offered' && r.offerExpiresAt ? { gsi2pk: offersPartition, gsi2sk: `${r.offerExpiresAt}#${r.id}` } : {}),
    type: 'Reservation',
    ...r,
  };
}

export async function getReservation(db: Db, sessionId: string, personId: string): Promise<Reservation | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: reservationKey(sessionId, personId), ConsistentRead: true }));
  return Item ? strip<Reservation>(Item) : undefined;
}

/** The first answer to this key for this operation (lib/idempotency.ts's record, or the older IDEM#reservations# one). */
export async function getIdempotency(db: Db, actorId: string, key: string, operation = 'reserveSeat'): Promise<IdempotencyRecord | undefined> {
  for (const Key of [idempotencyRecordKey({ operation, actorId, key }), idempotencyKey(actorId, key)]) {
    const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key, ConsistentRead: true }));
    if (Item) return Item as IdempotencyRecord;
  }
  return undefined;
}

/** A record in the format before lib/idempotency.ts (IDEM#reservations#…), read until it expires. */
export async function getOlderIdempotency(db: Db, actorId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: idempotencyKey(actorId, key), ConsistentRead: true }));
  return Item as IdempotencyRecord | undefined;
}

export type { Idempotency };

/** Keeps a request's answer on its own (a course booked place by place); false when the key already has one. */
export async function putIdempotency(db: Db, idem: Idempotency, answer: Record<string, unknown>): Promise<boolean> {
  const put = idempotencyPut(db, idem, answer).Put!;
  return conditionHeld(withRetry(() => db.doc.send(new PutCommand(put as never))));
}

/** Why a reservation write did not happen, read from the transaction's cancellation reasons. */
export type WriteRefusal = { kind: 'repeat' } | { kind: 'already'; status: string } | { kind: 'session'; session: Session | undefined } | { kind: 'limit' };

export type WriteOutcome = { ok: true } | { ok: false; refusal: WriteRefusal };

type Role = 'session' | 'reservation' | 'holdings' | 'idempotency' | 'other';

/** A booking's transaction, its refusal read from whose condition failed (the first of these that did). */
async function transact(db: Db, items: TransactItem[], roles: Role[], t: { idempotency?: Idempotency | undefined; answer: Record<string, unknown> }): Promise<WriteOutcome> {
  // the first answer is kept with the booking, so a repeated request is refused by it and answered the same
  const idempotency = t.idempotency ? [idempotencyPut(db, t.idempotency, t.answer)] : [];
  const outcome = await transactWrite(db, roled([...items, ...idempotency], [...roles, ...(idempotency.length ? ['idempotency' as const] : [])]), bookingRetry);
  if (outcome.ok) return outcome;
  const { refusedBy, found } = outcome;
  if (refusedBy.includes('idempotency')) return { ok: false, refusal: { kind: 'repeat' } };
  if (refusedBy.includes('reservation')) return { ok: false, refusal: { kind: 'already', status: String(found.reservation?.status ?? 'unknown') } };
  if (refusedBy.includes('session')) return { ok: false, refusal: { kind: 'session', session: found.session ? strip<Session>(found.session) : undefined } };
  if (refusedBy.includes('holdings')) return { ok: false, refusal: { kind: 'limit' } };
  throw new Refused(refusedBy);
}

/** A burst of bookings for one session conflicts a lot: more, longer-spaced tries than the default. */
const bookingRetry = { attempts: 8, baseMs: 20, capMs: 500 };

export interface TakePlace {
  reservation: Reservation;
  now: Date;
  modes: string[];
  maxHeld: number;
  idempotency?: Idempotency | undefined;
  answer: Record<string, unknown>;
  message: OutboxMessage;
}

/**
 * A confirmed place, in one transaction: the session's free places go down (only if enough are free, nobody
 * is waiting, the session is on and booking is open), the reservation is written (only if the person has
 * none, or a cancelled one), the person's holdings grow (only under the limit), the idempotency record
 * and the confirmation message are written.
 */
export function takePlace(db: Db, t: TakePlace): Promise<WriteOutcome> {
  const r = t.reservation;
  const items: TransactItem[] = [
    sessions.takePlacesItem(db, { sessionId: r.sessionId, places: r.places, modes: t.modes, now: t.now.toISOString(), returnSession: true }),
    putReservation(db, r),
    addHoldings(db, r.personId, 'held', [holdingOf(r)], t.maxHeld),
    outboxPut(db.tableName, t.message, t.now),
  ];
  return transact(db, items, ['session', 'reservation', 'holdings', 'other'], t);
}

/** The person's places held (or waiting places) grow by these entries, only if they stay within the limit. */
function addHoldings(db: Db, personId: string, set: 'held' | 'waiting', entries: string[], limit: number): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: holdingsKey(personId),
      UpdateExpression: `ADD ${set} :e`,
      ConditionExpression: `attribute_not_exists(${set}) OR size(${set}) <= :max`,
      ExpressionAttributeValues: { ':e': new Set(entries), ':max': limit - entries.length },
    },
  };
}

function putReservation(db: Db, r: Reservation): TransactItem {
  return {
    Put: {
      TableName: db.tableName,
      Item: reservationItem(r),
      ConditionExpression: 'attribute_not_exists(pk) OR #status = :cancelled',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':cancelled': 'cancelled' },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    },
  };
}

export interface JoinWaitlist extends Omit<TakePlace, 'modes' | 'maxHeld'> {
  maxWaiting: number;
}

/** A waiting place with its ticket, in one transaction (only while the session is still full and on). */
export function joinWaitlist(db: Db, t: JoinWaitlist): Promise<WriteOutcome> {
  const r = t.reservation;
  const items: TransactItem[] = [
    sessions.joinWaitlistItem(db, r.sessionId, r.places),
    putReservation(db, r),
    addHoldings(db, r.personId, 'waiting', [holdingOf(r)], t.maxWaiting),
    outboxPut(db.tableName, t.message, t.now),
  ];
  return transact(db, items, ['session', 'reservation', 'holdings', 'other'], t);
}

/** Drops holdings of sessions that have ended, so they stop counting toward the limits. */
export async function pruneHoldings(db: Db, personId: string, isPast: (entry: string) => boolean): Promise<number> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: holdingsKey(personId), ConsistentRead: true }));
  const held = [...((Item?.held as Set<string> | undefined) ?? [])].filter(isPast);
  const waiting = [...((Item?.waiting as Set<string> | undefined) ?? [])].filter(isPast);
  if (!held.length && !waiting.length) return 0;
  const parts = [held.length ? 'held :h' : '', waiting.length ? 'waiting :w' : ''].filter(Boolean).join(', ');
  await withRetry(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: holdingsKey(personId),
        UpdateExpression: `DELETE ${parts}`,
        ExpressionAttributeValues: { ...(held.length ? { ':h': new Set(held) } : {}), ...(waiting.length ? { ':w': new Set(waiting) } : {}) },
      }),
    ),
  );
  return held.length + waiting.length;
}

export interface Transition {
  reservation: Reservation;
  /** the status it must still have */
  from: Reservation['status'];
  to: Reservation['status'];
  now: Date;
  message?: OutboxMessage | undefined;
  /** a stable id for the message, so a repeated stream delivery cannot send it twice */
  messageId?: string;
  offerExpiresAt?: string;
  cancelReason?: string;
  cancelledBy?: string;
}

/**
 * Moves a reservation from one status to another with everything that counts it, in one transaction:
 * - confirmed|offered -> cancelled frees its places; waitlisted -> cancelled leaves the queue;
 * - waitlisted -> confirmed|offered takes free places (only if enough are free and the session is on);
 * - offered -> confirmed changes nothing else.
 * False when the reservation no longer has `from` (someone else moved it first) or no place is free.
 */
export async function moveReservation(db: Db, t: Transition): Promise<boolean> {
  const r = t.reservation;
  const now = t.now.toISOString();
  const holding = new Set([holdingOf(r)]);
  const items: TransactItem[] = [reservationUpdate(db, t, now)];
  const holds = (s: string) => s === 'confirmed' || s === 'offered';
  if (t.to === 'cancelled' && holds(t.from)) {
    items.push(
      sessions.givePlacesBackItem(db, r.sessionId, r.places, {
        // a confirmed place given back is counted as released (for the reports' waiting-list demand); an offer
        // that lapses or is turned down gives back a place that was already counted when it was first released
        released: t.from === 'confirmed',
        byReply: t.from === 'confirmed' && t.cancelReason === 'replied-no',
        // a place someone from the waiting list held goes back: the waiting list holds one place fewer
        fromWaitlist: t.from === 'offered' || !!r.promotedAt,
      }),
    );
    items.push(holdingsUpdate(db, r.personId, 'DELETE held :e', holding));
  } else if (t.to === 'cancelled' && t.from === 'waitlisted') {
    items.push(sessions.leaveWaitlistItem(db, r.sessionId));
    items.push(holdingsUpdate(db, r.personId, 'DELETE waiting :e', holding));
  } else if (t.from === 'waitlisted' && holds(t.to)) {
    items.push(sessions.placesFromWaitlistItem(db, r.sessionId, r.places));
    items.push(holdingsUpdate(db, r.personId, 'DELETE waiting :e ADD held :e', holding));
  } else if (!(t.from === 'offered' && t.to === 'confirmed')) {
    throw new Error(`no such move: ${t.from} -> ${t.to}`);
  }
  if (t.message) items.push(outboxPut(db.tableName, t.message, t.now, t.messageId));
  return (
    await transactWrite(
      db,
      items.map((item) => ({ role: 'move', item })),
      bookingRetry,
    )
  ).ok;
}

function reservationUpdate(db: Db, t: Transition, now: string): TransactItem {
  const values: Record<string, unknown> = { ':from': t.from, ':to': t.to, ':now': now };
  const sets = ['#status = :to', 'updatedAt = :now'];
  const removes: string[] = [];
  if (t.from === 'waitlisted') removes.push('gsi3pk', 'gsi3sk');
  if (t.from === 'offered') removes.push('gsi2pk', 'gsi2sk', 'offerExpiresAt');
  if (t.to === 'offered') {
    sets.push('offerExpiresAt = :expires', 'gsi2pk = :offers', 'gsi2sk = :offerKey', 'promotedAt = :now');
    Object.assign(values, { ':expires': t.offerExpiresAt, ':offers': offersPartition, ':offerKey': `${t.offerExpiresAt}#${t.reservation.id}` });
  }
  if (t.to === 'confirmed' && t.from === 'waitlisted') sets.push('promotedAt = :now');
  if (t.to === 'cancelled') {
    sets.push('cancelledAt = :now', 'cancelReason = :reason');
    values[':reason'] = t.cancelReason ?? 'by-person';
    if (t.cancelledBy) {
      sets.push('cancelledBy = :by');
      values[':by'] = t.cancelledBy;
    }
  }
  let condition = '#status = :from';
  if (t.from === 'offered' && t.to === 'confirmed') condition += ' AND offerExpiresAt > :now';
  // the places held from the waiting list go down only for the booking that came from it, not one made again since
  if (t.from === 'confirmed' && t.to === 'cancelled') {
    condition += t.reservation.promotedAt ? ' AND promotedAt = :promotedAt' : ' AND attribute_not_exists(promotedAt)';
    if (t.reservation.promotedAt) values[':promotedAt'] = t.reservation.promotedAt;
  }
  return {
    Update: {
      TableName: db.tableName,
      Key: reservationKey(t.reservation.sessionId, t.reservation.personId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: values,
    },
  };
}

const holdingsUpdate = (db: Db, personId: string, expression: string, entry: Set<string>): TransactItem => ({
  Update: { TableName: db.tableName, Key: holdingsKey(personId), UpdateExpression: expression, ExpressionAttributeValues: { ':e': entry } },
});

/** The first few people waiting for a session, in the order they joined. */
export async function firstWaiting(db: Db, sessionId: string, limit = 5): Promise<Reservation[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk',
      ExpressionAttributeValues: { ':pk': waitingPartition(sessionId) },
      Limit: limit,
    }),
  );
  return Items.map((i) => strip<Reservation>(i));
}

/** How many are waiting ahead of a ticket (for the position shown on read). */
export async function countWaitingBefore(db: Db, sessionId: string, joinedSeq: number): Promise<number> {
  return queryCount(db, {
    IndexName: 'gsi3',
    KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :seq',
    ExpressionAttributeValues: { ':pk': waitingPartition(sessionId), ':seq': seqKey(joinedSeq) },
  });
}

/** Offers whose hold ran out before `now`. */
export async function dueOffers(db: Db, now: Date, limit = 100): Promise<Reservation[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk < :now',
      ExpressionAttributeValues: { ':pk': offersPartition, ':now': now.toISOString() },
      Limit: limit,
    }),
  );
  return Items.map((i) => strip<Reservation>(i));
}

/** A person's reservations of these sessions (those there are), in no particular order: one BatchGetItem per 100. */
export async function getPersonReservations(db: Db, personId: string, sessionIds: string[]): Promise<Reservation[]> {
  return (
    await batchGet(
      db,
      sessionIds.map((id) => reservationKey(id, personId)),
    )
  ).map((i) => strip<Reservation>(i));
}

/** Every reservation of a session (any status), strongly consistent: the register, the organisers' list, reminders. */
export function listReservationsOfSession(db: Db, sessionId: string): Promise<Reservation[]> {
  const { pk, sk } = reservationKey(sessionId, '');
  return queryAllOf<Reservation>(db, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :person)', ExpressionAttributeValues: { ':pk': pk, ':person': sk }, ConsistentRead: true });
}

/** A person's reservations from `fromInstant` on, in time order. */
export async function listPersonReservations(db: Db, personId: string, fromInstant: string, limit = 100): Promise<Reservation[]> {
  const { Items = [] } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk >= :from',
      ExpressionAttributeValues: { ':pk': personReservations(personId), ':from': fromInstant },
      Limit: limit,
    }),
  );
  return Items.map((i) => strip<Reservation>(i));
}

/** Whole-course booking: every session's place in one transaction (all or nothing). */
export function takeCoursePlaces(db: Db, reservations: Reservation[], t: Omit<TakePlace, 'reservation'>): Promise<WriteOutcome> {
  const items: TransactItem[] = [];
  const roles: Parameters<typeof transact>[2] = [];
  for (const r of reservations) {
    items.push(sessions.takePlacesItem(db, { sessionId: r.sessionId, places: r.places, modes: t.modes, now: t.now.toISOString() }));
    items.push(putReservation(db, r));
    roles.push('session', 'reservation');
  }
  items.push(addHoldings(db, reservations[0]!.personId, 'held', reservations.map(holdingOf), t.maxHeld));
  items.push(outboxPut(db.tableName, t.message, t.now));
  roles.push('holdings', 'other');
  return transact(db, items, roles, t);
}

// ---------- subject access and erasure ----------

/** Every reservation a person holds or held, by the person index (subject access, erasure). */
export async function listAllPersonReservations(db: Db, personId: string): Promise<Reservation[]> {
  return queryAllOf<Reservation>(db, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': personReservations(personId) } });
}

export async function getHoldings(db: Db, personId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: holdingsKey(personId), ConsistentRead: true }));
  return Item;
}

export async function deleteHoldings(db: Db, personId: string): Promise<boolean> {
  return conditionHeld(db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: holdingsKey(personId), ConditionExpression: 'attribute_exists(pk)' })));
}

/**
 * Erasure: the reservation keeps what the session's counts rest on (status, places, times) and loses what
 * ties it to the person: the check-in code, the referral and the person index entry.
 */
export async function anonymiseReservation(db: Db, r: Pick<Reservation, 'sessionId' | 'personId'>, now: Date): Promise<boolean> {
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: reservationKey(r.sessionId, r.personId),
          UpdateExpression: 'SET erasedAt = :now REMOVE checkInCode, referralId, gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      ),
    ),
  );
}

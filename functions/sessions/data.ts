import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../lib/batch-get';
import type { Db } from '../lib/db';
import { conditionHeld, isConditionFailure, withRetry } from '../lib/dynamo-errors';
import { Conflict, NotFound } from '../lib/errors';
import { strip } from '../lib/items';
import { queryAll } from '../lib/query';
import { Refused, type RoledItem, returnedItem, type TransactItem, transactWrite } from '../lib/transact';
import type { Session } from './schema';

/**
 * Sessions' items and access patterns (one table; see functions/lib/table.ts).
 *
 * | item          | pk                 | sk                  | gsi1pk / gsi1sk                              | gsi2pk / gsi2sk                     |
 * |---------------|--------------------|---------------------|----------------------------------------------|-------------------------------------|
 * | Session       | SESSION#<id>       | META                | ACTIVITY#<activityId>#SESSIONS / <startsAt>  | SESSIONS#<localDate> / <startsAt>   |
 * | SessionNotice | SESSION#<id>       | NOTICE#<version>    | (a change everyone booked is told about; the stream fans it out)     |
 * | Reservation   | SESSION#<id>       | PERSON#<personId>   | (reservations domain: see functions/reservations/data.ts)            |
 *
 * A session held in a room booking also has gsi3pk ROOMBOOKING#<bookingId>#SESSIONS / gsi3sk <startsAt>, so a
 * cancelled booking finds the sessions to clear the room from (sessionsHeldIn).
 *
 * - listSessions: Query gsi1 ACTIVITY#<a>#SESSIONS between two instants (time order).
 * - sessions starting on a date (reminders): Query gsi2 SESSIONS#<localDate>.
 *
 * The place counters on the session (confirmed, placesFree, waitlisted, placesReleased, placesFreedByReply,
 * placesFromWaitlist) are written only by the items under "place counters" below, which the reservations
 * domain puts in the same transaction as the reservations they count, and placesFree also by changeSession
 * when the capacity changes (by the difference, on the capacity as read). The waiting list's ticket counters:
 * waitingSeq by takeTicket; waitGone by returnTicket, leaveWaitlistItem and placesFromWaitlistItem.
 */
export const sessionKey = (id: string) => ({ pk: `SESSION#${id}`, sk: 'META' });
export const sessionsOfActivity = (activityId: string) => `ACTIVITY#${activityId}#SESSIONS`;
export const sessionsOnDate = (localDate: string) => `SESSIONS#${localDate}`;
export const sessionsInRoomBooking = (bookingId: string) => `ROOMBOOKING#${bookingId}#SESSIONS`;
const roomFields = ['roomId', 'roomName', 'room', 'roomBookingId'] as const;
const noticeKey = (sessionId: string, version: number) => ({ pk: `SESSION#${sessionId}`, sk: `NOTICE#${String(version).padStart(6, '0')}` });

const sessionItem = (s: Session) => ({
  ...sessionKey(s.id),
  gsi1pk: sessionsOfActivity(s.activityId),
  gsi1sk: s.startsAt,
  gsi2pk: sessionsOnDate(s.localDate),
  gsi2sk: s.startsAt,
  type: 'Session',
  waitingSeq: 0,
  waitGone: 0,
  ...s,
  placesFree: s.capacity - s.confirmed,
});

export async function getSession(db: Db, id: string, consistent = false): Promise<Session | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: sessionKey(id), ConsistentRead: consistent }));
  return Item ? strip<Session>(Item) : undefined;
}

/**
 * Creates sessions, up to 100 per transaction (all or nothing within each). A session that already exists
 * (a retried schedule with the same key makes the same ids) is left as it is: returns how many were new.
 */
export async function putSessions(db: Db, sessions: Session[]): Promise<number> {
  let created = 0;
  for (let i = 0; i < sessions.length; i += 100) {
    const chunk = sessions.slice(i, i + 100);
    const outcome = await transactWrite(
      db,
      chunk.map((s) => ({ role: s.id, item: { Put: { TableName: db.tableName, Item: sessionItem(s), ConditionExpression: 'attribute_not_exists(pk)' } } })),
    );
    if (outcome.ok) created += chunk.length;
    else {
      const fresh = chunk.filter((s) => !outcome.refusedBy.includes(s.id));
      if (fresh.length) created += await putSessions(db, fresh);
    }
  }
  return created;
}

/**
 * A new session and its hold on a room (rooms' sessionHoldItems), all or nothing. Refused: 'exists' when an
 * earlier try of the same request made it (it holds its room already), else the roles of the room's items
 * that were (rooms' takenSlot names the quarter hour).
 */
export async function putSessionInRoom(db: Db, s: Session, hold: RoledItem<string>[]): Promise<{ ok: true } | { ok: false; exists: boolean; refusedBy: string[] }> {
  const outcome = await transactWrite(db, [{ role: 'session', item: { Put: { TableName: db.tableName, Item: sessionItem(s), ConditionExpression: 'attribute_not_exists(pk)' } } }, ...hold]);
  return outcome.ok ? outcome : { ok: false, exists: outcome.refusedBy.includes('session'), refusedBy: outcome.refusedBy };
}

/**
 * Takes back a session made moments ago by a request being undone, with its room (rooms' moveSessionHoldItems
 * releasing it). Refused, and so left as it is, if someone has booked it meanwhile.
 */
export async function undoSessionInRoom(db: Db, s: Session, release: RoledItem<string>[]): Promise<boolean> {
  const undo = { Delete: { TableName: db.tableName, Key: sessionKey(s.id), ConditionExpression: 'confirmed = :zero AND waitlisted = :zero', ExpressionAttributeValues: { ':zero': 0 } } };
  return (await transactWrite(db, [{ role: 'session', item: undo }, ...release])).ok;
}

// ---------- place counters: the session's side of a booking's transaction (reservations/data.ts) ----------

/** A session of a paused or ended activity takes no bookings (its activity's status is copied onto it). */
const activityOn = '(attribute_not_exists(activityStatus) OR activityStatus = :active)';
const modeNames = (modes: string[]) => modes.map((_, i) => `:mode${i}`).join(', ');
const modeValues = (modes: string[]) => Object.fromEntries(modes.map((m, i) => [`:mode${i}`, m]));

/**
 * Takes places: only if enough are free, nobody is waiting, the session is on, booking is open now and the
 * session takes bookings in one of `modes`. With `returnSession`, a refusal returns the session as it was.
 */
export function takePlacesItem(db: Db, t: { sessionId: string; places: number; modes: string[]; now: string; returnSession?: boolean }): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: sessionKey(t.sessionId),
      UpdateExpression: 'SET confirmed = confirmed + :n, placesFree = placesFree - :n',
      ConditionExpression: `#status = :scheduled AND opensAt <= :now AND closesAt > :now AND placesFree >= :n AND waitlisted = :zero AND bookingMode IN (${modeNames(t.modes)}) AND ${activityOn}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':n': t.places, ':scheduled': 'scheduled', ':now': t.now, ':zero': 0, ':active': 'active', ...modeValues(t.modes) },
      ...(t.returnSession ? { ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const } : {}),
    },
  };
}

/** One more waiting: only while the session is on and full (or others are waiting already). */
export function joinWaitlistItem(db: Db, sessionId: string, places: number): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: sessionKey(sessionId),
      UpdateExpression: 'SET waitlisted = waitlisted + :one',
      ConditionExpression: `#status = :scheduled AND (placesFree < :n OR waitlisted > :zero) AND ${activityOn}`,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':n': places, ':zero': 0, ':scheduled': 'scheduled', ':active': 'active' },
    },
  };
}

/**
 * Places given back by a cancellation, counted as `released` (a confirmed place: the reports' waiting-list
 * demand), `byReply` (a NO to "are you still coming?") and `fromWaitlist` (a place someone from the waiting
 * list held: the waiting list holds that many fewer).
 */
export function givePlacesBackItem(db: Db, sessionId: string, places: number, counted: { released: boolean; byReply: boolean; fromWaitlist: boolean }): TransactItem {
  let more = counted.released ? ', placesReleased = if_not_exists(placesReleased, :zero) + :n' : '';
  if (counted.byReply) more += ', placesFreedByReply = if_not_exists(placesFreedByReply, :zero) + :n';
  if (counted.fromWaitlist) more += ', placesFromWaitlist = if_not_exists(placesFromWaitlist, :zero) - :n';
  return counterUpdate(db, sessionId, `SET confirmed = confirmed - :n, placesFree = placesFree + :n${more}`, { ':n': places, ...(more ? { ':zero': 0 } : {}) });
}

/** One fewer waiting (a waiting place cancelled); its ticket has left the queue. */
export const leaveWaitlistItem = (db: Db, sessionId: string): TransactItem => counterUpdate(db, sessionId, 'SET waitlisted = waitlisted - :one, waitGone = waitGone + :one', { ':one': 1 });

/** Someone from the waiting list takes places: only if enough are free and the session is on. */
export function placesFromWaitlistItem(db: Db, sessionId: string, places: number): TransactItem {
  return {
    Update: {
      TableName: db.tableName,
      Key: sessionKey(sessionId),
      UpdateExpression:
        'SET confirmed = confirmed + :n, placesFree = placesFree - :n, waitlisted = waitlisted - :one, waitGone = waitGone + :one, placesFromWaitlist = if_not_exists(placesFromWaitlist, :zero) + :n',
      ConditionExpression: '#status = :scheduled AND placesFree >= :n',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':n': places, ':one': 1, ':scheduled': 'scheduled', ':zero': 0 },
    },
  };
}

const counterUpdate = (db: Db, sessionId: string, expression: string, values: Record<string, unknown>): TransactItem => ({
  Update: { TableName: db.tableName, Key: sessionKey(sessionId), UpdateExpression: expression, ExpressionAttributeValues: values },
});

/**
 * A waitlist ticket: the next number in the session's queue, taken only while the session is full (or
 * people are already waiting) and booking is open. Answers the ticket and how many earlier tickets have
 * left the queue (for the position), or the session as it is when no ticket was due.
 */
export async function takeTicket(db: Db, sessionId: string, places: number, modes: string[], now: Date): Promise<{ ticket: number; gone: number } | { session: Session | undefined }> {
  try {
    const res = await withRetry(
      () =>
        db.doc.send(
          new UpdateCommand({
            TableName: db.tableName,
            Key: sessionKey(sessionId),
            UpdateExpression: 'ADD waitingSeq :one',
            ConditionExpression: `#status = :scheduled AND opensAt <= :now AND closesAt > :now AND (placesFree < :n OR waitlisted > :zero) AND bookingMode IN (${modeNames(modes)}) AND ${activityOn}`,
            ExpressionAttributeNames: { '#status': 'status' },
            ExpressionAttributeValues: { ':one': 1, ':n': places, ':zero': 0, ':scheduled': 'scheduled', ':now': now.toISOString(), ':active': 'active', ...modeValues(modes) },
            ReturnValues: 'ALL_NEW',
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        ),
      8,
      20,
      500,
    );
    return { ticket: Number(res.Attributes!.waitingSeq), gone: Number(res.Attributes!.waitGone ?? 0) };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const item = returnedItem((err as { Item?: Record<string, unknown> }).Item);
    return { session: item ? strip<Session>(item) : undefined };
  }
}

/** A ticket that will not be used (the join was refused): counted as gone so later positions stay right. */
export async function returnTicket(db: Db, sessionId: string): Promise<void> {
  await withRetry(() => db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: sessionKey(sessionId), UpdateExpression: 'ADD waitGone :one', ExpressionAttributeValues: { ':one': 1 } })));
}

/** Several sessions by id, in no particular order (missing ones are left out): one BatchGetItem per 100. */
export async function getSessions(db: Db, ids: string[]): Promise<Session[]> {
  return (await batchGet(db, ids.map(sessionKey))).map((i) => strip<Session>(i));
}

/** An activity's sessions starting in [fromInstant, toInstant) (no end: all from fromInstant on), in time order, up to `max`. */
export async function listSessionsOf(db: Db, activityId: string, fromInstant: string, toInstant?: string, max = 500): Promise<Session[]> {
  const out: Session[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const res = await db.doc.send(
      new QueryCommand({
        TableName: db.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: toInstant ? 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to' : 'gsi1pk = :pk AND gsi1sk >= :from',
        ExpressionAttributeValues: { ':pk': sessionsOfActivity(activityId), ':from': fromInstant, ...(toInstant ? { ':to': toInstant } : {}) },
        Limit: max - out.length + 1,
        ExclusiveStartKey: start,
      }),
    );
    for (const item of res.Items ?? []) if (item.type === 'Session' && item.gsi1sk !== toInstant) out.push(strip<Session>(item));
    start = res.LastEvaluatedKey;
  } while (start && out.length < max);
  return out.slice(0, max);
}

/** Sessions starting on a London date (any activity), for reminders. */
export async function listSessionsOn(db: Db, localDate: string): Promise<Session[]> {
  const items = await queryAll(db, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': sessionsOnDate(localDate) } });
  return items.map((i) => strip<Session>(i));
}

export interface SessionChange {
  set: Partial<Pick<Session, 'capacity' | 'startsAt' | 'endsAt' | 'localDate' | 'localStartTime' | 'localEndTime' | 'dayOfWeek' | 'status' | 'opensAt' | 'closesAt' | 'hoursOverride'>>;
  /** told to everyone booked, in the same transaction (a notice the stream fans out as messages) */
  notice?: { kind: string; subject: string; text: string; moved?: SessionMove };
  /** hold the session in a room booking, or (null) in no room */
  room?: SessionRoom | null;
  /** condition checks on other items the change relies on (the room booking's date still confirmed) */
  checks?: Record<string, unknown>[];
  /** the session's room hold moving or released with it (rooms' moveSessionHoldItems): any of them refused is a clash */
  hold?: RoledItem<string>[];
  /** the room the session is now held in through a hold (null: none any more) */
  heldRoom?: Pick<Session, 'roomId' | 'roomName' | 'room'> | null;
}

/** Where a moved session was and is now, on its notice: the shifts that help run it follow (`followSession`). */
export interface SessionMove {
  from: Pick<Session, 'startsAt' | 'endsAt' | 'localDate'>;
  to: Pick<Session, 'startsAt' | 'endsAt' | 'localDate'>;
  /** shifts the move takes outside the hub's hours, going ahead on the coordinator's reason (recorded on each) */
  shiftsOutsideHours?: string[];
  hoursOverride?: { reason: string; by: string; at: string };
}

export type SessionRoom = Required<Pick<Session, (typeof roomFields)[number]>>;

/**
 * Changes a session if nobody changed it since `version` was read. A lower capacity may not go below the
 * places already held (confirmed places are never stranded). Moves keep the date index in step.
 */
export async function changeSession(db: Db, session: Session, change: SessionChange, now: Date): Promise<Session> {
  const next: Session = { ...session, ...change.set, version: session.version + 1, updatedAt: now.toISOString() };
  if (change.room === null) for (const k of roomFields) delete next[k];
  else if (change.room) Object.assign(next, change.room);
  const names: Record<string, string> = { '#version': 'version', '#status': 'status' };
  const values: Record<string, unknown> = { ':read': session.version, ':scheduled': 'scheduled' };
  const sets = ['#version = :next', 'updatedAt = :now', 'gsi1sk = :startsAt', 'gsi2pk = :datePk', 'gsi2sk = :startsAt'];
  Object.assign(values, { ':next': next.version, ':now': next.updatedAt, ':startsAt': next.startsAt, ':datePk': sessionsOnDate(next.localDate) });
  for (const [k, v] of Object.entries(change.set)) {
    names[`#${k}`] = k;
    values[`:${k}`] = v;
    sets.push(`#${k} = :${k}`);
  }
  const removes: string[] = [];
  if (change.room) {
    for (const [k, v] of Object.entries(change.room)) {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    sets.push('gsi3pk = :roomPk', 'gsi3sk = :startsAt');
    values[':roomPk'] = sessionsInRoomBooking(change.room.roomBookingId);
  } else if (change.room === null) {
    removes.push(...roomFields, 'gsi3pk', 'gsi3sk');
  }
  if (change.heldRoom) {
    for (const [k, v] of Object.entries(change.heldRoom)) {
      names[`#${k}`] = k;
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
    sets.push('roomHold = :held');
    values[':held'] = true;
    Object.assign(next, change.heldRoom, { roomHold: true });
  } else if (change.heldRoom === null) {
    removes.push('roomId', 'roomName', '#room', 'roomHold');
    names['#room'] = 'room';
    delete next.roomId, delete next.roomName, delete next.room, delete next.roomHold;
  }
  let condition = '#version = :read AND #status = :scheduled';
  if (change.set.capacity !== undefined) {
    // the version check means capacity is as read; free moves by the difference
    condition += ' AND confirmed <= :capacity';
    sets.push('placesFree = placesFree + :delta');
    values[':delta'] = change.set.capacity - session.capacity;
    next.placesFree = session.placesFree + (change.set.capacity - session.capacity);
  }
  const items: RoledItem<'session' | 'notice' | 'roomBooking' | 'roomHold'>[] = [];
  items.push({
    role: 'session',
    item: {
      Update: {
        TableName: db.tableName,
        Key: sessionKey(session.id),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
  });
  if (change.notice) {
    items.push({
      role: 'notice',
      item: {
        Put: {
          TableName: db.tableName,
          Item: { ...noticeKey(session.id, next.version), type: 'SessionNotice', sessionId: session.id, ...change.notice, createdAt: next.updatedAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
    });
  }
  for (const item of change.checks ?? []) items.push({ role: 'roomBooking', item: item as TransactItem });
  for (const { item } of change.hold ?? []) items.push({ role: 'roomHold', item });
  if (items.length > 100) throw new Conflict('This change moves too much of the room at once: move the session in two steps.', 'too_big');
  const outcome = await transactWrite(db, items);
  if (outcome.ok) return next;
  const { refusedBy } = outcome;
  if (refusedBy.includes('roomHold')) {
    throw new Conflict('The room is already booked at that time (setup and cleardown included). Choose another time, or look at the room’s diary.', 'room_clash');
  }
  if (refusedBy.includes('roomBooking')) {
    throw new Conflict('The room booking was cancelled meanwhile. Reload it and try again.', 'room_booking_changed');
  }
  if (!refusedBy.includes('session')) throw new Refused(refusedBy);
  const current = await getSession(db, session.id, true);
  if (!current) throw new NotFound('That session');
  if (current.status !== 'scheduled') throw new Conflict('That session is cancelled.', 'session_cancelled');
  if (change.set.capacity !== undefined && current.confirmed > change.set.capacity) {
    throw new Conflict(`${current.confirmed} places are already taken: capacity cannot go below that.`, 'capacity_below_confirmed', { confirmed: current.confirmed });
  }
  throw new Conflict('This session was changed by someone else meanwhile. Reload it and try again.', 'changed_meanwhile');
}

/** Copies an activity's title, owners and booking settings onto its future sessions (they are read on every booking). */
export async function refreshSessionSnapshot(db: Db, sessionId: string, snapshot: Partial<Session>): Promise<void> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  for (const [k, v] of Object.entries(snapshot)) {
    names[`#${k}`] = k;
    if (v === undefined) removes.push(`#${k}`);
    else {
      values[`:${k}`] = v;
      sets.push(`#${k} = :${k}`);
    }
  }
  if (!sets.length && !removes.length) return;
  await withRetry(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: sessionKey(sessionId),
        UpdateExpression: [sets.length ? `SET ${sets.join(', ')}` : '', removes.length ? `REMOVE ${removes.join(', ')}` : ''].join(' ').trim(),
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ...(sets.length ? { ExpressionAttributeValues: values } : {}),
      }),
    ),
  ).catch((err) => {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
  });
}

/** The sessions held in a room booking (any date), in time order. */
export async function sessionsHeldIn(db: Db, bookingId: string): Promise<Session[]> {
  const items = await queryAll(db, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': sessionsInRoomBooking(bookingId) } });
  return items.filter((i) => i.type === 'Session').map((i) => strip<Session>(i));
}

/** Takes the room off a session if it is still held in this booking (a repeat does nothing). */
export async function clearSessionRoom(db: Db, sessionId: string, bookingId: string, now: Date): Promise<void> {
  await withRetry(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: sessionKey(sessionId),
        UpdateExpression: `SET updatedAt = :now, #version = #version + :one REMOVE ${[...roomFields, 'gsi3pk', 'gsi3sk'].join(', ')}`,
        ConditionExpression: 'roomBookingId = :b',
        ExpressionAttributeNames: { '#version': 'version' },
        ExpressionAttributeValues: { ':b': bookingId, ':now': now.toISOString(), ':one': 1 },
      }),
    ),
  ).catch((err) => {
    if ((err as { name?: string }).name !== 'ConditionalCheckFailedException') throw err;
  });
}

/**
 * A notice about a session that is not a change to the session itself (its activity was paused or ended),
 * under a key the caller makes from what happened, so telling twice (a repeated stream record) tells once.
 */
export async function putSessionNotice(db: Db, sessionId: string, what: string, notice: { kind: string; subject: string; text: string }, now: Date): Promise<boolean> {
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: { pk: `SESSION#${sessionId}`, sk: `NOTICE#${what}`, type: 'SessionNotice', sessionId, ...notice, createdAt: now.toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    ),
  );
}

import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet, itemWithKey } from '../lib/batch-get';
import type { Db } from '../lib/db';
import { conditionHeld, isConditionFailure, withRetry } from '../lib/dynamo-errors';
import { strip } from '../lib/items';
import { queryAll, queryAllOf } from '../lib/query';
import { returnedItem } from '../lib/transact';
import { reservationKey } from '../reservations/data';
import type { Reservation } from '../reservations/schema';
import { sessionKey } from '../sessions/data';
import type { Session } from '../sessions/schema';
import type { HistoryEntry, MarkRole, MarkStatus, MarkView, WalkInView } from './schema';

/**
 * Attendance's items and access patterns (one table; see functions/lib/table.ts).
 *
 * | item   | pk                  | sk                         | gsi1pk / gsi1sk (no-shows by hub)                     | gsi2pk / gsi2sk (no-shows by organisation)            |
 * |--------|---------------------|----------------------------|-------------------------------------------------------|-------------------------------------------------------|
 * | Mark   | REGISTER#<sessionId> | MARK#<role>#<personId>    | NOSHOWS#HUB#<hubId> / <localDate>#<personId>#<sid> (*) | NOSHOWS#ORG#<orgId> / <localDate>#<personId>#<sid> (*) |
 * | WalkIn | REGISTER#<sessionId> | WALKIN#<walkInId>          |                                                       |                                                       |
 *   a known resident's walk-in also has gsi3pk PERSON#<personId>#WALKINS / gsi3sk <startsAt>#<walkInId> (subject access, erasure)
 * (*) only while the mark is a no-show: a correction to anything else removes it from the indexes.
 *
 * - getRegister: Query pk REGISTER#<sid> (every mark and walk-in of a session, strongly consistent), beside
 *   the session's reservations (reservations/data.ts listReservationsOfSession).
 * - recordAttendance: one BatchGetItem (the session and the reservations the marks are about), then one
 *   conditional UpdateItem per mark (see putMark): no transaction, each mark stands or falls alone.
 * - listRepeatedNoShows: Query gsi1 NOSHOWS#HUB#<hubId> (or gsi2 NOSHOWS#ORG#<orgId>) between two dates.
 *
 * The stream contract (for the reports domain): every Mark item is self-describing, so a consumer can
 * count from the stream record alone, with no reads:
 *   type 'AttendanceMark'; sessionId, activityId, activityTitle, hubId (absent for activities away from a
 *   hub), organisationId, localDate (YYYY-MM-DD, London), month (YYYY-MM), startsAt; personId, role
 *   ('resident' | 'companion' | 'volunteer'), referralId (when the place came from a referral), shiftId
 *   (volunteers); status ('attended' | 'no-show' | 'cancelled-late' | 'left-early'); previousStatus (the
 *   status this change replaced, null on the first mark); attendees (people this item stands for: 1);
 *   version (1 on the first mark, +1 per correction); markId, markedAt, markedBy, recordedAt; history.
 *   A consumer counts INSERT as +1 in `status`, and a MODIFY whose version rose as -1 in `previousStatus`
 *   and +1 in `status` (a duplicate delivery carries a version it has already seen).
 *   WalkIn items: type 'AttendanceWalkIn', the same session fields, status 'attended', attendees = count,
 *   ageBand (optional), personId (a known resident) — written once, never changed.
 */
export const registerPartition = (sessionId: string) => `REGISTER#${sessionId}`;
export const markKey = (sessionId: string, role: MarkRole, personId: string) => ({ pk: registerPartition(sessionId), sk: `MARK#${role}#${personId}` });
export const walkInKey = (sessionId: string, walkInId: string) => ({ pk: registerPartition(sessionId), sk: `WALKIN#${walkInId}` });
/** A known resident's walk-ins (gsi3), so subject access and erasure find them. */
const personWalkIns = (personId: string) => `PERSON#${personId}#WALKINS`;
const personWalkInsIndex = (w: { personId?: string; startsAt: string; walkInId: string }) => ({ gsi3pk: personWalkIns(w.personId!), gsi3sk: `${w.startsAt}#${w.walkInId}` });
export const hubNoShows = (hubId: string) => `NOSHOWS#HUB#${hubId}`;
export const organisationNoShows = (organisationId: string) => `NOSHOWS#ORG#${organisationId}`;

/** What every item about a session's attendance carries, copied from the session. */
export interface SessionFacts {
  sessionId: string;
  activityId: string;
  activityTitle: string;
  hubId?: string | undefined;
  organisationId: string;
  localDate: string;
  month: string;
  startsAt: string;
}

export interface Mark extends SessionFacts, HistoryEntry {
  personId: string;
  role: MarkRole;
  previousStatus?: MarkStatus | null;
  markOrder: string;
  version: number;
  history: HistoryEntry[];
  attendees: number;
  referralId?: string;
  shiftId?: string;
}

export interface WalkIn extends SessionFacts {
  walkInId: string;
  personId?: string;
  /** how the person was named: their pass's code, this register's own list, or an email given (never shown) */
  identifiedBy?: 'code' | 'register' | 'email';
  count: number;
  ageBand?: string;
  markedAt: string;
  markedBy: string;
  recordedAt: string;
}

export const markViewOf = (m: Mark): MarkView => ({
  status: m.status,
  markId: m.markId,
  markedAt: m.markedAt,
  markedBy: m.markedBy,
  recordedAt: m.recordedAt,
  ...(m.previousStatus ? { previousStatus: m.previousStatus } : {}),
  history: m.history,
});

/** The session and the reservations of the people in a batch of marks, in one BatchGetItem. */
export async function readForMarking(db: Db, sessionId: string, personIds: string[]): Promise<{ session?: Session; reservations: Map<string, Reservation> }> {
  const items = await batchGet(db, [sessionKey(sessionId), ...personIds.map((p) => reservationKey(sessionId, p))]);
  const session = itemWithKey(items, sessionKey(sessionId));
  const reservations = new Map<string, Reservation>();
  for (const i of items) if (i.type === 'Reservation') reservations.set(i.personId as string, strip<Reservation>(i));
  return { ...(session ? { session: strip<Session>(session) } : {}), reservations };
}

export type MarkWrite = Omit<Mark, 'previousStatus' | 'version' | 'history' | 'markOrder' | 'attendees' | 'recordedAt'> & { markOrder: string; recordedAt: string };
export type PutMarkResult = { outcome: 'recorded' | 'duplicate' | 'superseded'; current: Mark };

/**
 * Records a mark if it is later than the one standing (by markOrder) and not that same mark (by markId):
 * one conditional UpdateItem. The
 * previous status moves to previousStatus and the mark joins the history in the same write. A resend of
 * the standing mark, or a mark older than it, fails the condition and writes nothing: the answer then
 * carries the standing mark (returned by the failed condition, no extra read).
 */
export async function putMark(db: Db, m: MarkWrite): Promise<PutMarkResult> {
  const entry: HistoryEntry = { status: m.status, markId: m.markId, markedAt: m.markedAt, markedBy: m.markedBy, recordedAt: m.recordedAt, ...(m.source ? { source: m.source } : {}) };
  const names: Record<string, string> = { '#type': 'type', '#status': 'status', '#role': 'role', '#month': 'month', '#order': 'markOrder', '#history': 'history', '#version': 'version' };
  const values: Record<string, unknown> = {
    ':type': 'AttendanceMark',
    ':status': m.status,
    ':role': m.role,
    ':month': m.month,
    ':order': m.markOrder,
    ':entry': [entry],
    ':empty': [],
    ':null': null,
    ':one': 1,
  };
  const sets = [
    '#type = :type',
    'previousStatus = if_not_exists(#status, :null)',
    '#status = :status',
    '#role = :role',
    '#month = :month',
    '#order = :order',
    '#history = list_append(if_not_exists(#history, :empty), :entry)',
    'attendees = :one',
  ];
  const plainFields: (keyof MarkWrite)[] = [
    'sessionId',
    'activityId',
    'activityTitle',
    'hubId',
    'organisationId',
    'localDate',
    'startsAt',
    'personId',
    'markId',
    'markedAt',
    'markedBy',
    'recordedAt',
    'source',
    'referralId',
    'shiftId',
  ];
  for (const f of plainFields) {
    if (m[f] === undefined) continue;
    names[`#${f}`] = f;
    values[`:${f}`] = m[f];
    sets.push(`#${f} = :${f}`);
  }
  const removes: string[] = [];
  if (m.status === 'no-show') {
    const sk = `${m.localDate}#${m.personId}#${m.sessionId}`;
    Object.assign(values, { ':g2pk': organisationNoShows(m.organisationId), ':gsk': sk });
    sets.push('gsi2pk = :g2pk', 'gsi2sk = :gsk');
    if (m.hubId) (values[':g1pk'] = hubNoShows(m.hubId)), sets.push('gsi1pk = :g1pk', 'gsi1sk = :gsk');
    else removes.push('gsi1pk', 'gsi1sk');
  } else removes.push('gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk');
  try {
    const { Attributes } = await withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: markKey(m.sessionId, m.role, m.personId),
          UpdateExpression: `SET ${sets.join(', ')} ADD #version :one${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
          ConditionExpression: 'attribute_not_exists(pk) OR (#order < :order AND #markId <> :markId)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    return { outcome: 'recorded', current: strip<Mark>(Attributes!) };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    const current = strip<Mark>(returnedItem((err as { Item?: Record<string, unknown> }).Item) ?? {});
    return { outcome: current.markId === m.markId ? 'duplicate' : 'superseded', current };
  }
}

/** Every mark and walk-in of a session (strongly consistent: a register just written is read back whole). */
export async function listRegisterItems(db: Db, sessionId: string): Promise<{ marks: Mark[]; walkIns: WalkIn[] }> {
  const items = await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': registerPartition(sessionId) }, ConsistentRead: true });
  return {
    marks: items.filter((i) => i.type === 'AttendanceMark').map((i) => strip<Mark>(i)),
    walkIns: items.filter((i) => i.type === 'AttendanceWalkIn').map((i) => strip<WalkIn>(i)),
  };
}

/** Records a walk-in once: a resend of the same walkInId answers the walk-in first recorded. */
export async function putWalkIn(db: Db, w: WalkIn): Promise<{ created: boolean; walkIn: WalkIn }> {
  try {
    await withRetry(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: { ...walkInKey(w.sessionId, w.walkInId), type: 'AttendanceWalkIn', status: 'attended', attendees: w.count, ...w, ...(w.personId ? personWalkInsIndex(w) : {}) },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      ),
    );
    return { created: true, walkIn: w };
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    return { created: false, walkIn: strip<WalkIn>(returnedItem((err as { Item?: Record<string, unknown> }).Item) ?? {}) };
  }
}

export const walkInViewOf = (w: WalkIn, name?: string): WalkInView => ({
  walkInId: w.walkInId,
  ...(w.personId ? { personId: w.personId } : {}),
  ...(name ? { name } : {}),
  count: w.count,
  ...(w.ageBand ? { ageBand: w.ageBand as WalkInView['ageBand'] } : {}),
  markedAt: w.markedAt,
  markedBy: w.markedBy,
});

export interface NoShowRow {
  personId: string;
  sessionId: string;
  activityId: string;
  localDate: string;
}

/** No-shows at a hub's (or an organisation's) sessions on London dates in [fromDate, toDate]. */
export async function listNoShows(db: Db, owner: { hubId: string } | { organisationId: string }, fromDate: string, toDate: string): Promise<NoShowRow[]> {
  const [index, pk] = 'hubId' in owner ? ['gsi1', hubNoShows(owner.hubId)] : ['gsi2', organisationNoShows(owner.organisationId)];
  return queryAllOf<NoShowRow>(
    db,
    {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk AND ${index}sk BETWEEN :from AND :to`,
      ExpressionAttributeValues: { ':pk': pk, ':from': fromDate, ':to': `${toDate}#~` },
      ProjectionExpression: 'personId, sessionId, activityId, localDate',
    },
    5000,
  );
}

// ---------- subject access and erasure ----------

/** Marks by key (a person's marks are found from their bookings and shifts: see attendance/personal-data.ts). */
export async function getMarks(db: Db, keys: { sessionId: string; role: MarkRole; personId: string }[]): Promise<Mark[]> {
  const items = await batchGet(
    db,
    keys.map((k) => markKey(k.sessionId, k.role, k.personId)),
    { consistent: true },
  );
  return items.filter((i) => i.type === 'AttendanceMark').map((i) => strip<Mark>(i));
}

/**
 * Erasure: a mark keeps its status (the register's and the reports' counts) and loses the referral it came
 * from and its place in the no-show lists. Counted items keep their figures, so the reports do not move.
 */
export async function anonymiseMark(db: Db, m: Pick<Mark, 'sessionId' | 'role' | 'personId'>, now: Date): Promise<boolean> {
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: markKey(m.sessionId, m.role, m.personId),
          UpdateExpression: 'SET erasedAt = :now REMOVE referralId, gsi1pk, gsi1sk, gsi2pk, gsi2sk',
          ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)',
          ExpressionAttributeValues: { ':now': now.toISOString() },
        }),
      ),
    ),
  );
}

export async function listWalkInsOf(db: Db, personId: string): Promise<WalkIn[]> {
  const items = await queryAll(db, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': personWalkIns(personId) } });
  return items.map((i) => strip<WalkIn>(i));
}

/** Erasure: the walk-in stays a count, of nobody in particular. */
export async function anonymiseWalkIn(db: Db, w: Pick<WalkIn, 'sessionId' | 'walkInId'>): Promise<boolean> {
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: walkInKey(w.sessionId, w.walkInId),
          UpdateExpression: 'REMOVE personId, gsi3pk, gsi3sk',
          ConditionExpression: 'attribute_exists(personId)',
        }),
      ),
    ),
  );
}

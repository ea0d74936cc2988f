import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/db';
import { conditionHeld, isConditionFailure, withRetry } from '../lib/dynamo-errors';
import { Conflict, NotFound, RuleViolation } from '../lib/errors';
import { firstAnswer, idempotencyOf, idempotencyPut, olderAnswer } from '../lib/idempotency';
import { strip as stripItem } from '../lib/items';
import { addDays, londonMidnight } from '../lib/london';
import { type OutboxMessage, outboxPut } from '../lib/outbox';
import { queryAll as libQueryAll, queryPage as libQueryPage } from '../lib/query';
import { Refused, type RoledItem, refusedBy, roled, transactWrite } from '../lib/transact';
import type { CheckSummary } from './rules';
import type { Application, Check, Hours, Role, Shift, SignUp } from './schema';

/**
 * Volunteers on the one table.
 *
 * item              pk                         sk                       indexes
 * role              VROLE#<roleId>             META                     gsi1 VROLES / <status>#<roleId>            (all roles)
 *                                                                       gsi2 VROLES#HUB#<hubId> / <status>#<roleId> (roles at or of a hub)
 *                                                                       gsi3 VROLES#ORG#<orgId> / <status>#<roleId> (an organisation's roles)
 * application       VROLE#<roleId>             APPLICATION#<userId>     gsi1 VOLUNTEER#<userId> / APPLICATION#<roleId>   (mine)
 *                                                                       gsi2 VAPPS#<ownerId> / <status>#<appliedAt>#<userId> (a coordinator's queue)
 * volunteer record  VOLUNTEER#<userId>         RECORD                   approvedRoles{roleId:true}, checks{key:summary}, shifts{shiftId:{startsAt,endsAt}}, version
 *                   (what signing up needs, in one item: a version bump on every change makes sign-up's write conditional on all of it)
 * check             VOLUNTEER#<userId>         CHECK#<key>              gsi2 VCHECKEXPIRY / <expiresOn>#<userId>#<key> (reminders)
 * shift             VSHIFT#<shiftId>           META                     places{roleId:n}, taken{roleId:n}, movedWith (the session notice that last moved it), movedFrom
 *                                                                       gsi1 VSHIFTS / <startsAt>#<shiftId>            (by time; reminders)
 *                                                                       gsi2 VSHIFTS#HUB#<hubId> / <startsAt>#<shiftId>
 *                                                                       gsi3 VSHIFTS#ORG#<orgId> / <startsAt>#<shiftId>
 * sign-up           VSHIFT#<shiftId>           SIGNUP#<userId>          gsi1 VOLUNTEER#<userId> / SHIFT#<startsAt>#<shiftId> (my shifts, my feed)
 * hours             VHOURS#<hoursId>           META                     gsi1 VOLUNTEER#<userId> / HOURS#<date>#<hoursId> (my hours)
 * hours on a day    VOLUNTEER#<userId>         HOURSDAY#<date>          total (logged and from shifts, less rejected): at most 24, kept in the same write
 *                                                                       gsi2 VHOURSPENDING#<ownerId> / <date>#<hoursId> (to approve; removed once decided)
 * calendar link     VCALENDAR#<sha256(token)>  META                     userId
 * idempotency       IDEM#<operation>#<userId>#<key> IDEM (lib/idempotency.ts; IDEM#<userId>#<key> VOLUNTEERS before): ref, the id first created; expires by TTL
 */

const T = (db: Db) => db.tableName;
export const roleKey = (roleId: string) => ({ pk: `VROLE#${roleId}`, sk: 'META' });
export const applicationKey = (roleId: string, userId: string) => ({ pk: `VROLE#${roleId}`, sk: `APPLICATION#${userId}` });
export const recordKey = (userId: string) => ({ pk: `VOLUNTEER#${userId}`, sk: 'RECORD' });
export const checkItemKey = (userId: string, key: string) => ({ pk: `VOLUNTEER#${userId}`, sk: `CHECK#${key}` });
export const shiftKey = (shiftId: string) => ({ pk: `VSHIFT#${shiftId}`, sk: 'META' });
export const signUpKey = (shiftId: string, userId: string) => ({ pk: `VSHIFT#${shiftId}`, sk: `SIGNUP#${userId}` });
export const hoursKey = (hoursId: string) => ({ pk: `VHOURS#${hoursId}`, sk: 'META' });
export const calendarKey = (tokenHash: string) => ({ pk: `VCALENDAR#${tokenHash}`, sk: 'META' });
const idemKey = (userId: string, key: string) => ({ pk: `IDEM#${userId}#${key}`, sk: 'VOLUNTEERS' });
const volunteerIndex = (userId: string) => `VOLUNTEER#${userId}`;

export interface VolunteerRecord {
  userId: string;
  volunteerName: string;
  /** held once, here; a different one given later waits in dateOfBirthCorrection for a coordinator */
  dateOfBirth?: string;
  dateOfBirthCorrection?: { dateOfBirth: string; askedAt: string };
  approvedRoles: Record<string, boolean>;
  checks: Record<string, CheckSummary>;
  shifts: Record<string, { startsAt: string; endsAt: string }>;
  version: number;
  calendarToken?: string;
}

export interface ShiftItem extends Omit<Shift, 'roles' | 'hasGaps' | 'volunteers' | 'outsideHours'> {
  /** outside the hub's opening hours on a coordinator's word: why, who, when */
  hoursOverride?: { reason: string; by: string; at: string };
  places: Record<string, number>;
  taken: Record<string, number>;
  roleTitles: Record<string, string>;
  createdBy: string;
  status: 'open' | 'cancelled';
  /** the session notice that last moved it with its session (SESSION#<id>#NOTICE#<version>) */
  movedWith?: string;
  /** the times it had before that move (what its volunteers are told it was) */
  movedFrom?: { startsAt: string; endsAt: string };
  movedAt?: string;
}

type Page<T> = { items: T[]; nextCursor?: string };
const strip = <T>(item: Record<string, unknown> | undefined): T | undefined => (item ? stripItem<T>(item, ['expiresAt', 'skillsLower']) : undefined);

const queryPage = <T>(db: Db, input: Omit<QueryCommandInput, 'TableName'>, limit: number, cursor?: string): Promise<Page<T>> =>
  libQueryPage<T>(db, { ...input, Limit: limit }, cursor, (i) => strip<T>(i)!);

/** Every item of a query (for bounded sets: one volunteer's applications, a shift's sign-ups). */
const queryAll = async <T>(db: Db, input: Omit<QueryCommandInput, 'TableName'>, max = 1000): Promise<T[]> => (await libQueryAll(db, input, max)).map((i) => strip<T>(i)!);

/** Reads up to 100 keys per request, following unprocessed keys; answers in no particular order. */
export async function getMany(db: Db, keys: { pk: string; sk: string }[]): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, k])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [T(db)]: { Keys: unique.slice(i, i + 100) } };
    while (request && Object.keys(request).length) {
      const answer: { Responses?: Record<string, Record<string, unknown>[]>; UnprocessedKeys?: Record<string, unknown> } = await db.doc.send(new BatchGetCommand({ RequestItems: request as never }));
      const { Responses, UnprocessedKeys } = answer;
      out.push(...(Responses?.[T(db)] ?? []));
      request = UnprocessedKeys && Object.keys(UnprocessedKeys).length ? (UnprocessedKeys as never) : undefined;
    }
  }
  return out;
}

// Idempotency

/** What a create's idempotency needs: who, the key, when, and (for the one record format) the operation and request. */
export interface CreateOnce {
  userId: string;
  key?: string | undefined;
  now: Date;
  operation?: string;
  request?: unknown;
}

/**
 * Runs a create transaction with an optional idempotency record (lib/idempotency.ts) as its last item; when
 * that record already exists (a retried request) answers the id the first request created instead, and the
 * same key with a different request is a 422. Records from before the one format (IDEM#<user>#<key> /
 * VOLUNTEERS) are read until they expire.
 */
async function createOnce(db: Db, items: RoledItem<string>[], idem: CreateOnce & { ref: string }, operation: string): Promise<string> {
  const once = idem.key ? idempotencyOf(idem.operation ?? operation, idem.userId, idem.key, idem.request ?? null, idem.now) : undefined;
  const older = once && (await olderAnswer(db, once, { key: idemKey(once.actorId, once.key), answerOf: (item) => ({ ref: item.ref as string }) }));
  if (older?.ref) return older.ref;
  const outcome = await transactWrite(db, once ? [...items, { role: 'idempotency', item: idempotencyPut(db, once, { ref: idem.ref }) }] : items);
  if (outcome.ok) return idem.ref;
  if (once && outcome.refusedBy.includes('idempotency')) {
    const first = await firstAnswer<{ ref: string }>(db, once);
    if (first?.ref) return first.ref;
  }
  throw new Refused(outcome.refusedBy);
}

// Roles

function roleIndexes(role: Role) {
  const sk = `${role.status}#${role.roleId}`;
  const hubId = role.hubId ?? (role.owner.kind === 'hub' ? role.owner.id : undefined);
  return {
    gsi1pk: 'VROLES',
    gsi1sk: sk,
    ...(hubId ? { gsi2pk: `VROLES#HUB#${hubId}`, gsi2sk: sk } : {}),
    ...(role.owner.kind === 'organisation' ? { gsi3pk: `VROLES#ORG#${role.owner.id}`, gsi3sk: sk } : {}),
    skillsLower: role.skills.map((s) => s.toLowerCase()),
  };
}

const roleItem = (role: Role) => ({ ...roleKey(role.roleId), type: 'VolunteerRole', ...role, ...roleIndexes(role) });

export async function createRole(db: Db, role: Role, idem: CreateOnce): Promise<string> {
  const put = { Put: { TableName: T(db), Item: roleItem(role), ConditionExpression: 'attribute_not_exists(pk)' } };
  return createOnce(db, roled([put], ['role']), { ...idem, ref: role.roleId }, 'createRole');
}

/** Replaces a role, on condition nobody changed it since it was read (updatedAt). */
export async function replaceRole(db: Db, role: Role, previousUpdatedAt: string): Promise<void> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: T(db),
        Item: roleItem(role),
        ConditionExpression: 'updatedAt = :prev',
        ExpressionAttributeValues: { ':prev': previousUpdatedAt },
      }),
    );
  } catch (err) {
    if (isConditionFailure(err)) throw new Conflict('Someone else changed this role at the same time. Reload it and try again.', 'changed');
    throw err;
  }
}

export async function getRole(db: Db, roleId: string): Promise<Role | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: T(db), Key: roleKey(roleId) }));
  return strip<Role>(Item);
}

export async function listRoles(db: Db, q: { hubId?: string; organisationId?: string; skill?: string; day?: string; status: string; limit: number; cursor?: string }): Promise<Page<Role>> {
  const [index, pk] = q.hubId ? ['gsi2', `VROLES#HUB#${q.hubId}`] : q.organisationId ? ['gsi3', `VROLES#ORG#${q.organisationId}`] : ['gsi1', 'VROLES'];
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': pk, ':status': `${q.status}#` };
  if (q.skill) {
    filters.push('contains(skillsLower, :skill)');
    values[':skill'] = q.skill.toLowerCase();
  }
  if (q.day) {
    filters.push('contains(#days, :day)');
    values[':day'] = q.day;
  }
  if (q.hubId && q.organisationId) {
    filters.push('#owner.#id = :org');
    values[':org'] = q.organisationId;
  }
  const names: Record<string, string> = {};
  if (q.day) names['#days'] = 'days';
  if (q.hubId && q.organisationId) Object.assign(names, { '#owner': 'owner', '#id': 'id' });
  return queryPage<Role>(
    db,
    {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk AND begins_with(${index}sk, :status)`,
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
      ExpressionAttributeValues: values,
    },
    q.limit,
    q.cursor,
  );
}

// Applications

/**
 * The record's maps start with a placeholder entry and always keep it: an empty map in an item breaks the
 * DynamoDB Streams client reading DynamoDB Local's stream (it cannot read `{"M":{}}`), and nested SETs
 * need the map to exist. No real id is "-", and the placeholder shift is long past so never overlaps.
 */
export const placeholder = '-';
const emptyRecord = {
  ':roles': { [placeholder]: false },
  ':checks': { [placeholder]: { type: 'none', outcome: 'pending', checkedOn: '1970-01-01' } },
  ':shifts': { [placeholder]: { startsAt: '1970-01-01T00:00:00Z', endsAt: '1970-01-01T00:00:00Z' } },
  ':zero': 0,
};

/**
 * What an application does to the date of birth on the volunteer's record: set it the first time, ask for a
 * correction, or neither. `known` is the one the decision was made on: the write is conditioned on it.
 */
export interface BirthDateChange {
  known?: string | undefined;
  set?: string | undefined;
  correction?: string | undefined;
}

/**
 * Saves an application (a first one, or a new one after a decline, withdrawal or a request for more),
 * makes sure the volunteer has a record, and tells the coordinator, in one transaction.
 */
export async function putApplication(db: Db, app: Application, notify: OutboxMessage | undefined, now: Date, birth: BirthDateChange = {}): Promise<void> {
  const birthSets = [...(birth.set ? ['dateOfBirth = :dob'] : []), ...(birth.correction ? ['dateOfBirthCorrection = :correction'] : [])];
  const birthValues = {
    ...(birth.set ? { ':dob': birth.set } : {}),
    ...(birth.correction ? { ':correction': { dateOfBirth: birth.correction, askedAt: now.toISOString() } } : {}),
    ...(birth.known ? { ':known': birth.known } : {}),
  };
  const items: object[] = [
    {
      Put: {
        TableName: T(db),
        Item: {
          ...applicationKey(app.roleId, app.volunteerId),
          type: 'VolunteerApplication',
          ...app,
          gsi1pk: volunteerIndex(app.volunteerId),
          gsi1sk: `APPLICATION#${app.roleId}`,
          gsi2pk: `VAPPS#${app.ownerId}`,
          gsi2sk: `${app.status}#${app.appliedAt}#${app.volunteerId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #status IN (:declined, :withdrawn, :more)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':declined': 'declined', ':withdrawn': 'withdrawn', ':more': 'more-info-requested' },
      },
    },
    {
      Update: {
        TableName: T(db),
        Key: recordKey(app.volunteerId),
        UpdateExpression:
          'SET #type = :type, userId = :uid, volunteerName = :name, approvedRoles = if_not_exists(approvedRoles, :roles), checks = if_not_exists(checks, :checks), shifts = if_not_exists(shifts, :shifts), version = if_not_exists(version, :zero)' +
          birthSets.map((x) => `, ${x}`).join(''),
        // the age decision was made on this date of birth: it must still be the one held
        ConditionExpression: birth.known ? 'dateOfBirth = :known' : 'attribute_not_exists(dateOfBirth) OR dateOfBirth = :dob',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ...emptyRecord, ':type': 'VolunteerRecord', ':uid': app.volunteerId, ':name': app.volunteerName, ...birthValues },
      },
    },
  ];
  if (notify) items.push(outboxPut(T(db), notify, now));
  const outcome = await transactWrite(db, roled(items, ['application', 'record']));
  if (outcome.ok) return;
  if (outcome.refusedBy.includes('application')) {
    throw new Conflict('You have already applied for this role. You can see how it is going on your volunteering page.', 'already_applied');
  }
  if (outcome.refusedBy.includes('record')) throw new Conflict('Your date of birth changed while you applied. Please try again.', 'changed');
  throw new Refused(outcome.refusedBy);
}

/**
 * A coordinator's decision on a corrected date of birth: confirmed, it replaces the one held; kept, the
 * correction goes. Conditioned on the correction still being the one decided on.
 */
export async function decideBirthDate(db: Db, userId: string, correction: string, confirm: boolean): Promise<boolean> {
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: T(db),
          Key: recordKey(userId),
          UpdateExpression: confirm ? 'SET dateOfBirth = :dob REMOVE dateOfBirthCorrection' : 'REMOVE dateOfBirthCorrection',
          ConditionExpression: 'dateOfBirthCorrection.dateOfBirth = :dob',
          ExpressionAttributeValues: { ':dob': correction },
        }),
      ),
    ),
  );
}

/** Whether an application still waiting for a decision needs a parent or guardian's consent (after a date of birth is settled). */
export async function setUnder18(db: Db, app: Pick<Application, 'roleId' | 'volunteerId'>, under18: boolean, now: Date): Promise<boolean> {
  return conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: T(db),
        Key: applicationKey(app.roleId, app.volunteerId),
        UpdateExpression: 'SET under18 = :u, updatedAt = :now',
        ConditionExpression: '#status IN (:waiting, :more)',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':u': under18, ':now': now.toISOString(), ':waiting': 'submitted', ':more': 'more-info-requested' },
      }),
    ),
  );
}

export async function getApplication(db: Db, roleId: string, userId: string): Promise<Application | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: T(db), Key: applicationKey(roleId, userId), ConsistentRead: true }));
  return strip<Application>(Item);
}

export async function listMyApplications(db: Db, userId: string): Promise<Application[]> {
  return queryAll<Application>(db, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :p)',
    ExpressionAttributeValues: { ':pk': volunteerIndex(userId), ':p': 'APPLICATION#' },
  });
}

export async function listApplicationsFor(db: Db, ownerId: string, status: string | undefined, limit: number, cursor?: string): Promise<Page<Application>> {
  return queryPage<Application>(
    db,
    {
      IndexName: 'gsi2',
      KeyConditionExpression: status ? 'gsi2pk = :pk AND begins_with(gsi2sk, :s)' : 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': `VAPPS#${ownerId}`, ...(status ? { ':s': `${status}#` } : {}) },
    },
    limit,
    cursor,
  );
}

export async function listApprovedFor(db: Db, ownerId: string): Promise<Application[]> {
  return queryAll<Application>(db, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :s)',
    ExpressionAttributeValues: { ':pk': `VAPPS#${ownerId}`, ':s': 'approved#' },
  });
}

/**
 * A coordinator's decision. Approval is conditioned in the write on the application still awaiting a
 * decision and, for an under-18, on a parent or guardian's consent being recorded; it also marks the role
 * approved on the volunteer's record (bumping its version). The message to the volunteer goes with it.
 */
export async function decideApplication(
  db: Db,
  app: Application,
  change: { status: Application['status']; decisionReason?: string; question?: string },
  message: OutboxMessage,
  now: Date,
): Promise<void> {
  const sets = ['#status = :status', 'updatedAt = :now', 'gsi2sk = :gsi2sk'];
  const values: Record<string, unknown> = {
    ':status': change.status,
    ':now': now.toISOString(),
    ':gsi2sk': `${change.status}#${app.appliedAt}#${app.volunteerId}`,
    ':waiting': 'submitted',
    ':more': 'more-info-requested',
  };
  if (change.decisionReason) sets.push('decisionReason = :reason'), (values[':reason'] = change.decisionReason);
  if (change.question) sets.push('question = :question'), (values[':question'] = change.question);
  if (change.status === 'approved') sets.push('approvedAt = :now');
  let condition = '#status IN (:waiting, :more)';
  if (change.status === 'approved') (condition += ' AND (under18 = :false OR attribute_exists(guardianConsent))'), (values[':false'] = false);
  const items: object[] = [
    {
      Update: {
        TableName: T(db),
        Key: applicationKey(app.roleId, app.volunteerId),
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: condition,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: values,
      },
    },
    outboxPut(T(db), message, now),
  ];
  if (change.status === 'approved') {
    items.push({
      Update: {
        TableName: T(db),
        Key: recordKey(app.volunteerId),
        UpdateExpression: 'SET approvedRoles.#role = :true, version = version + :one',
        ExpressionAttributeNames: { '#role': app.roleId },
        ExpressionAttributeValues: { ':true': true, ':one': 1 },
      },
    });
  }
  const outcome = await transactWrite(db, roled(items, ['application']));
  if (outcome.ok) return;
  if (outcome.refusedBy.includes('application')) {
    throw new Conflict('This application has already been decided, or changed meanwhile. Reload it to see where it is.', 'already_decided');
  }
  throw new Refused(outcome.refusedBy);
}

export async function recordGuardianConsent(db: Db, app: Application, consent: NonNullable<Application['guardianConsent']>, now: Date): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: T(db),
      Key: applicationKey(app.roleId, app.volunteerId),
      UpdateExpression: 'SET guardianConsent = :consent, updatedAt = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':consent': consent, ':now': now.toISOString() },
    }),
  );
}

// Volunteer records and checks

export async function getRecord(db: Db, userId: string): Promise<VolunteerRecord | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: T(db), Key: recordKey(userId), ConsistentRead: true }));
  return strip<VolunteerRecord>(Item);
}

/** The check item (current check of its kind) and the record's summary, together; the record's version moves on. */
export async function putCheck(db: Db, check: Check): Promise<void> {
  const summary: CheckSummary = {
    type: check.type,
    outcome: check.outcome,
    checkedOn: check.checkedOn,
    ...(check.module ? { module: check.module } : {}),
    ...(check.expiresOn ? { expiresOn: check.expiresOn } : {}),
    ...(check.recordedFor ? { recordedFor: check.recordedFor } : {}),
  };
  const items = [
    {
      Put: {
        TableName: T(db),
        Item: {
          ...checkItemKey(check.volunteerId, check.key),
          ...check,
          type: 'VolunteerCheck',
          checkType: check.type,
          ...(check.expiresOn ? { gsi2pk: 'VCHECKEXPIRY', gsi2sk: `${check.expiresOn}#${check.volunteerId}#${check.key}` } : {}),
        },
      },
    },
    {
      Update: {
        TableName: T(db),
        Key: recordKey(check.volunteerId),
        UpdateExpression: 'SET checks.#key = :summary, version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#key': check.key },
        ExpressionAttributeValues: { ':summary': summary, ':one': 1 },
      },
    },
  ];
  // a check belongs on a volunteer's existing record: a refusal (the record erased meanwhile) is carried up as a fault
  const outcome = await transactWrite(db, roled(items, ['check', 'record']));
  if (!outcome.ok) throw new Refused(outcome.refusedBy);
}

/** The item's `type` says what kind of item it is, so a check's own type is kept as `checkType`. */
const toCheck = ({ checkType, ...rest }: Check & { checkType?: Check['type'] }): Check => ({ ...rest, type: checkType! });

export async function listChecks(db: Db, userId: string): Promise<Check[]> {
  const items = await queryAll<Check>(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': volunteerIndex(userId), ':p': 'CHECK#' },
  });
  return items.map(toCheck);
}

/** Checks expiring between two dates (inclusive), soonest first. */
export async function listChecksExpiring(db: Db, from: string, to: string): Promise<Check[]> {
  const items = await queryAll<Check>(
    db,
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'VCHECKEXPIRY', ':from': from, ':to': `${to}#~` },
    },
    10_000,
  );
  return items.map(toCheck);
}

// Shifts

function shiftItem(s: ShiftItem) {
  const sk = `${s.startsAt}#${s.shiftId}`;
  const hubId = s.hubId ?? (s.owner.kind === 'hub' ? s.owner.id : undefined);
  return {
    ...shiftKey(s.shiftId),
    type: 'VolunteerShift',
    ...s,
    gsi1pk: 'VSHIFTS',
    gsi1sk: sk,
    ...(hubId ? { gsi2pk: `VSHIFTS#HUB#${hubId}`, gsi2sk: sk } : {}),
    ...(s.owner.kind === 'organisation' ? { gsi3pk: `VSHIFTS#ORG#${s.owner.id}`, gsi3sk: sk } : {}),
  };
}

/** Creates the shifts of a series (or one shift): up to 99 per transaction, all or none per chunk. */
export async function createShifts(db: Db, shifts: ShiftItem[], idem: CreateOnce): Promise<string> {
  const puts = shifts.map((s) => ({ Put: { TableName: T(db), Item: shiftItem(s), ConditionExpression: 'attribute_not_exists(pk)' } }));
  const ref = shifts[0]!.seriesId ?? shifts[0]!.shiftId;
  const first = await createOnce(db, roled(puts.slice(0, 60), []), { ...idem, ref }, 'createShift');
  if (first !== ref) return first;
  for (let i = 60; i < puts.length; i += 60) {
    const outcome = await transactWrite(db, roled(puts.slice(i, i + 60), []));
    if (!outcome.ok) throw new Refused(outcome.refusedBy); // fresh ids: a shift already there is a fault
  }
  return ref;
}

export async function getShift(db: Db, shiftId: string): Promise<ShiftItem | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: T(db), Key: shiftKey(shiftId), ConsistentRead: true }));
  return strip<ShiftItem>(Item);
}

export async function listShiftsInSeries(db: Db, ids: string[]): Promise<ShiftItem[]> {
  return (await getMany(db, ids.map(shiftKey))).map((i) => strip<ShiftItem>(i)!);
}

export async function listShifts(
  db: Db,
  q: { hubId?: string; organisationId?: string; roleId?: string; from: string; to: string; gapsOnly?: boolean; limit: number; cursor?: string },
): Promise<Page<ShiftItem>> {
  const [index, pk] = q.hubId ? ['gsi2', `VSHIFTS#HUB#${q.hubId}`] : q.organisationId ? ['gsi3', `VSHIFTS#ORG#${q.organisationId}`] : ['gsi1', 'VSHIFTS'];
  const filters = ['#status = :open'];
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':pk': pk, ':from': q.from, ':to': `${q.to}#~`, ':open': 'open' };
  if (q.roleId) filters.push('attribute_exists(places.#role)'), (names['#role'] = q.roleId);
  if (q.gapsOnly) filters.push('openPlaces > :zero'), (values[':zero'] = 0);
  return queryPage<ShiftItem>(
    db,
    {
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk AND ${index}sk BETWEEN :from AND :to`,
      FilterExpression: filters.join(' AND '),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
    q.limit,
    q.cursor,
  );
}

/**
 * The shifts that help run one activity session (for its register): shifts starting in [from, to] on the
 * by-time index (gsi1 VSHIFTS), kept to those whose activitySessionId is this session.
 */
/** The shifts that help run a session on its London day (the day it was on, when it has moved since). */
export const shiftsOnSessionDay = (db: Db, activitySessionId: string, localDate: string): Promise<ShiftItem[]> =>
  listShiftsForSession(db, activitySessionId, londonMidnight(localDate), londonMidnight(addDays(localDate, 1)));

export async function listShiftsForSession(db: Db, activitySessionId: string, from: string, to: string): Promise<ShiftItem[]> {
  const items = await queryAll<ShiftItem>(db, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    FilterExpression: 'activitySessionId = :sid',
    ExpressionAttributeValues: { ':pk': 'VSHIFTS', ':from': from, ':to': `${to}#~`, ':sid': activitySessionId },
  });
  return items;
}

/**
 * Closes a shift (its session was cancelled): open -> cancelled, so it leaves the rota and takes no sign-ups.
 * Returns false when it was already closed (a repeat does nothing).
 */
export async function closeShift(db: Db, shiftId: string, reason: string, now: Date): Promise<boolean> {
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: T(db),
          Key: shiftKey(shiftId),
          UpdateExpression: 'SET #status = :cancelled, cancelledAt = :now, cancelReason = :reason',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':cancelled': 'cancelled', ':open': 'open', ':now': now.toISOString(), ':reason': reason },
        }),
      ),
    ),
  );
}

/**
 * Moves a shift to new times (its session moved or changed length), if it is still open and where it was read:
 * its times and the by-time indexes, marked with the session notice that moved it (a repeated record finds it
 * by that) and the times it had. Answers the moved shift, or undefined when it had moved or closed meanwhile.
 */
export async function moveShift(db: Db, shift: ShiftItem, to: Pick<ShiftItem, 'startsAt' | 'endsAt' | 'hoursOverride'>, movedWith: string, now: Date): Promise<ShiftItem | undefined> {
  const next: ShiftItem = {
    ...shift,
    startsAt: to.startsAt,
    endsAt: to.endsAt,
    movedWith,
    movedFrom: { startsAt: shift.startsAt, endsAt: shift.endsAt },
    ...(to.hoursOverride ? { hoursOverride: to.hoursOverride } : {}),
  };
  const item = shiftItem(next);
  const indexes = (['gsi1sk', 'gsi2sk', 'gsi3sk'] as const).filter((k) => k in item);
  const values: Record<string, unknown> = {
    ':was': shift.startsAt,
    ':open': 'open',
    ':startsAt': next.startsAt,
    ':endsAt': next.endsAt,
    ':with': movedWith,
    ':from': next.movedFrom,
    ':now': now.toISOString(),
    ':sk': item.gsi1sk,
    ...(to.hoursOverride ? { ':override': to.hoursOverride } : {}),
  };
  const moved = await conditionHeld(
    withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: T(db),
          Key: shiftKey(shift.shiftId),
          UpdateExpression: `SET startsAt = :startsAt, endsAt = :endsAt, movedWith = :with, movedFrom = :from, movedAt = :now, ${to.hoursOverride ? 'hoursOverride = :override, ' : ''}${indexes.map((k) => `${k} = :sk`).join(', ')}`,
          // notices' keys order as the session's versions do: an older move come again late moves nothing
          ConditionExpression: 'startsAt = :was AND #status = :open AND (attribute_not_exists(movedWith) OR movedWith < :with)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: values,
        }),
      ),
    ),
  );
  return moved ? next : undefined;
}

/**
 * One volunteer's sign-up follows its moved shift, in one write: the sign-up's times (and "my shifts" index),
 * the times on their record (a version bump, so a sign-up decided on the old times decides again) and their
 * message. False when the sign-up has gone or this move was already written (the message's id is stable).
 */
export async function moveSignUp(db: Db, signUp: SignUp, shift: Pick<ShiftItem, 'startsAt' | 'endsAt'>, message: OutboxMessage, messageId: string, now: Date): Promise<boolean> {
  const items = [
    {
      Update: {
        TableName: T(db),
        Key: signUpKey(signUp.shiftId, signUp.volunteerId),
        UpdateExpression: 'SET startsAt = :startsAt, endsAt = :endsAt, gsi1sk = :sk',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':startsAt': shift.startsAt, ':endsAt': shift.endsAt, ':sk': `SHIFT#${shift.startsAt}#${signUp.shiftId}` },
      },
    },
    {
      Update: {
        TableName: T(db),
        Key: recordKey(signUp.volunteerId),
        UpdateExpression: 'SET shifts.#shift = :times, version = version + :one',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#shift': signUp.shiftId },
        ExpressionAttributeValues: { ':times': { startsAt: shift.startsAt, endsAt: shift.endsAt }, ':one': 1 },
      },
    },
    outboxPut(T(db), message, now, messageId),
  ];
  // either is gone (the sign-up given up, the record erased): nothing to move
  return (await transactWrite(db, roled(items, ['signUp', 'record']))).ok;
}

export async function listSignUpsFor(db: Db, shiftId: string): Promise<(SignUp & { volunteerName: string; createdBy: string })[]> {
  return queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
    ExpressionAttributeValues: { ':pk': `VSHIFT#${shiftId}`, ':p': 'SIGNUP#' },
  });
}

/** What signing up needs to read, in one BatchGetItem: the shift, the role, the volunteer's record. */
export async function readForSignUp(db: Db, shiftId: string, roleId: string, userId: string) {
  const items = await getMany(db, [shiftKey(shiftId), roleKey(roleId), recordKey(userId)]);
  const find = (k: { pk: string; sk: string }) => items.find((i) => i.pk === k.pk && i.sk === k.sk);
  return {
    shift: strip<ShiftItem>(find(shiftKey(shiftId))),
    role: strip<Role>(find(roleKey(roleId))),
    record: strip<VolunteerRecord>(find(recordKey(userId))),
  };
}

export type SignUpOutcome = 'done' | 'full' | 'already' | 'changed';

/**
 * One TransactWriteItems: take a place (condition: places left and the shift still open), put the sign-up
 * (condition: none yet for this person), and add the shift to the volunteer's record (condition: the record
 * is the version the decision was made on, so approvals, checks and other shifts have not changed since).
 */
export async function takePlace(db: Db, signUp: SignUp & { volunteerName: string; createdBy: string }, recordVersion: number, pruneShiftIds: string[]): Promise<SignUpOutcome> {
  const names: Record<string, string> = { '#shift': signUp.shiftId };
  pruneShiftIds.forEach((id, i) => (names[`#old${i}`] = id));
  const remove = pruneShiftIds.length ? ` REMOVE ${pruneShiftIds.map((_, i) => `shifts.#old${i}`).join(', ')}` : '';
  const items = [
    {
      Update: {
        TableName: T(db),
        Key: shiftKey(signUp.shiftId),
        UpdateExpression: 'SET taken.#role = taken.#role + :one, openPlaces = openPlaces - :one',
        // and still at the times decided on: a shift that moved with its session meanwhile is decided again
        ConditionExpression: 'taken.#role < places.#role AND #status = :open AND startsAt = :startsAt AND endsAt = :endsAt',
        ExpressionAttributeNames: { '#role': signUp.roleId, '#status': 'status' },
        ExpressionAttributeValues: { ':one': 1, ':open': 'open', ':startsAt': signUp.startsAt, ':endsAt': signUp.endsAt },
      },
    },
    {
      Put: {
        TableName: T(db),
        Item: {
          ...signUpKey(signUp.shiftId, signUp.volunteerId),
          type: 'VolunteerSignUp',
          ...signUp,
          gsi1pk: volunteerIndex(signUp.volunteerId),
          gsi1sk: `SHIFT#${signUp.startsAt}#${signUp.shiftId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: T(db),
        Key: recordKey(signUp.volunteerId),
        UpdateExpression: `SET shifts.#shift = :times, version = version + :one${remove}`,
        ConditionExpression: 'version = :v',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ':times': { startsAt: signUp.startsAt, endsAt: signUp.endsAt }, ':one': 1, ':v': recordVersion },
      },
    },
  ];
  const outcome = await transactWrite(db, roled(items, ['shift', 'signUp', 'record']));
  if (outcome.ok) return 'done';
  if (outcome.refusedBy.includes('signUp')) return 'already';
  if (outcome.refusedBy.includes('shift')) {
    const now = await getShift(db, signUp.shiftId);
    return now && (now.startsAt !== signUp.startsAt || now.endsAt !== signUp.endsAt) ? 'changed' : 'full';
  }
  if (outcome.refusedBy.includes('record')) return 'changed';
  throw new Refused(outcome.refusedBy);
}

export async function getSignUp(db: Db, shiftId: string, userId: string) {
  const { Item } = await db.doc.send(new GetCommand({ TableName: T(db), Key: signUpKey(shiftId, userId), ConsistentRead: true }));
  return strip<SignUp & { volunteerName: string; createdBy: string }>(Item);
}

/** Gives the place back: delete the sign-up, reopen the place, free the time, tell the coordinator. */
export async function releasePlace(db: Db, signUp: SignUp, message: OutboxMessage, now: Date): Promise<void> {
  const items = [
    { Delete: { TableName: T(db), Key: signUpKey(signUp.shiftId, signUp.volunteerId), ConditionExpression: 'attribute_exists(pk)' } },
    {
      Update: {
        TableName: T(db),
        Key: shiftKey(signUp.shiftId),
        UpdateExpression: 'SET taken.#role = taken.#role - :one, openPlaces = openPlaces + :one',
        ExpressionAttributeNames: { '#role': signUp.roleId },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
    {
      Update: {
        TableName: T(db),
        Key: recordKey(signUp.volunteerId),
        UpdateExpression: 'REMOVE shifts.#shift SET version = version + :one',
        ExpressionAttributeNames: { '#shift': signUp.shiftId },
        ExpressionAttributeValues: { ':one': 1 },
      },
    },
    outboxPut(T(db), message, now),
  ];
  const outcome = await transactWrite(db, roled(items, ['signUp']));
  if (outcome.ok) return;
  if (outcome.refusedBy.includes('signUp')) throw new NotFound('Your sign-up for this shift');
  throw new Refused(outcome.refusedBy);
}

export async function listMyShifts(db: Db, userId: string, from: string, to = '~'): Promise<(SignUp & { createdBy: string })[]> {
  return queryAll(db, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': volunteerIndex(userId), ':from': `SHIFT#${from}`, ':to': `SHIFT#${to}` },
  });
}

/** Shifts starting between two instants (for reminders), any owner. */
export async function listShiftsStarting(db: Db, from: string, to: string): Promise<ShiftItem[]> {
  return queryAll<ShiftItem>(
    db,
    {
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': 'VSHIFTS', ':from': from, ':to': `${to}#~` },
    },
    10_000,
  );
}

// Hours

/** The hours a volunteer gave on one day, kept beside their record so no day can hold more than 24. */
export const hoursDayKey = (userId: string, date: string) => ({ pk: `VOLUNTEER#${userId}`, sk: `HOURSDAY#${date}` });
export const maxHoursPerDay = 24;

const hoursItem = (hours: Hours) => ({
  ...hoursKey(hours.hoursId),
  type: 'VolunteerHours',
  ...hours,
  gsi1pk: volunteerIndex(hours.volunteerId),
  gsi1sk: `HOURS#${hours.date}#${hours.hoursId}`,
  ...(hours.status === 'pending' ? { gsi2pk: `VHOURSPENDING#${hours.ownerId}`, gsi2sk: `${hours.date}#${hours.hoursId}` } : {}),
});

const addToDay = (db: Db, hours: Pick<Hours, 'volunteerId' | 'date'>, add: number, capped: boolean) => ({
  Update: {
    TableName: T(db),
    Key: hoursDayKey(hours.volunteerId, hours.date),
    UpdateExpression: 'SET #type = :type ADD #total :add',
    ...(capped ? { ConditionExpression: 'attribute_not_exists(#total) OR #total <= :room' } : {}),
    ExpressionAttributeNames: { '#type': 'type', '#total': 'total' },
    ExpressionAttributeValues: { ':type': 'VolunteerHoursDay', ':add': add, ...(capped ? { ':room': maxHoursPerDay - add } : {}) },
  },
});

/**
 * Hours a volunteer logs: the entry and the day's total in one transaction, on condition the day stays within
 * 24 hours (two requests at once cannot both fit). A retry with the same key answers the first entry.
 */
export async function putLoggedHours(db: Db, hours: Hours, idem: CreateOnce): Promise<string> {
  const items = [{ Put: { TableName: T(db), Item: hoursItem(hours), ConditionExpression: 'attribute_not_exists(pk)' } }, addToDay(db, hours, hours.hours, true)];
  try {
    return await createOnce(db, roled(items, ['hours', 'day']), { ...idem, ref: hours.hoursId }, 'logVolunteerHours');
  } catch (err) {
    if (refusedBy(err, 'day')) {
      throw new RuleViolation(`That would be more than ${maxHoursPerDay} hours on ${hours.date}. Check the hours you have already logged for that day.`, 'too_many_hours', 'body.hours');
    }
    throw err;
  }
}

/**
 * Hours from a shift (one entry per shift and volunteer, replaced when the mark changes): the day's total
 * moves by the difference, conditioned on the entry being as read, so a repeated stream delivery adds nothing.
 */
export async function putShiftHours(db: Db, hours: Hours): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await getHours(db, hours.hoursId);
    if (before?.hours === hours.hours && before.status === hours.status) return;
    const counted = (h: Hours | undefined) => (h && h.status !== 'rejected' ? h.hours : 0);
    const items: object[] = [
      {
        Put: {
          TableName: T(db),
          Item: hoursItem(hours),
          ConditionExpression: before ? 'hours = :prev' : 'attribute_not_exists(pk)',
          ...(before ? { ExpressionAttributeValues: { ':prev': before.hours } } : {}),
        },
      },
    ];
    const delta = counted(hours) - counted(before);
    if (delta !== 0) items.push(addToDay(db, hours, delta, false));
    const outcome = await transactWrite(db, roled(items, ['hours']));
    if (outcome.ok) return;
    if (!outcome.refusedBy.includes('hours')) throw new Refused(outcome.refusedBy);
  }
  throw new Conflict('These hours kept changing while they were recorded. Try again.', 'changed');
}

export async function listHoursDays(db: Db, userId: string): Promise<Record<string, unknown>[]> {
  return queryAll<Record<string, unknown>>(db, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': volunteerIndex(userId), ':p': 'HOURSDAY#' } });
}

export const deleteHoursDay = (db: Db, userId: string, date: string) => deleteIfThere(db, hoursDayKey(userId, date));

export async function getHours(db: Db, hoursId: string): Promise<Hours | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: T(db), Key: hoursKey(hoursId), ConsistentRead: true }));
  return strip<Hours>(Item);
}

/** A coordinator's decision on logged hours; rejected hours leave the day's total. */
export async function decideHours(db: Db, hours: Hours, status: 'approved' | 'rejected', reason: string | undefined, by: string, now: Date): Promise<void> {
  const items: object[] = [
    {
      Update: {
        TableName: T(db),
        Key: hoursKey(hours.hoursId),
        UpdateExpression: `SET #status = :status, decidedBy = :by, decidedAt = :now${reason ? ', reason = :reason' : ''} REMOVE gsi2pk, gsi2sk`,
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':by': by, ':now': now.toISOString(), ':pending': 'pending', ...(reason ? { ':reason': reason } : {}) },
      },
    },
  ];
  if (status === 'rejected') items.push(addToDay(db, hours, -hours.hours, false));
  const outcome = await transactWrite(db, roled(items, ['hours']));
  if (outcome.ok) return;
  if (outcome.refusedBy.includes('hours')) throw new Conflict('These hours have already been decided.', 'already_decided');
  throw new Refused(outcome.refusedBy);
}

export async function listMyHours(db: Db, userId: string, fromDate: string): Promise<Hours[]> {
  return queryAll<Hours>(db, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': volunteerIndex(userId), ':from': `HOURS#${fromDate}`, ':to': 'HOURS#~' },
  });
}

export async function listPendingHours(db: Db, ownerId: string): Promise<Hours[]> {
  return queryAll<Hours>(db, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': `VHOURSPENDING#${ownerId}` },
  });
}

// Calendar links

export async function setCalendarToken(db: Db, userId: string, token: string, tokenHash: string, oldHash: string | undefined): Promise<void> {
  const items: object[] = [
    { Put: { TableName: T(db), Item: { ...calendarKey(tokenHash), type: 'VolunteerCalendarLink', userId } } },
    {
      Update: {
        TableName: T(db),
        Key: recordKey(userId),
        UpdateExpression: 'SET calendarToken = :token',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':token': token },
      },
    },
  ];
  if (oldHash) items.push({ Delete: { TableName: T(db), Key: calendarKey(oldHash) } });
  const outcome = await transactWrite(db, roled(items, ['link', 'record']));
  if (outcome.ok) return;
  if (outcome.refusedBy.includes('record')) throw new NotFound('Your volunteering record (apply for a role first)');
  throw new Refused(outcome.refusedBy);
}

export async function calendarOwner(db: Db, tokenHash: string): Promise<string | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: T(db), Key: calendarKey(tokenHash) }));
  return Item?.userId as string | undefined;
}

// Subject access and erasure

const deleteIfThere = (db: Db, key: { pk: string; sk: string }) =>
  conditionHeld(withRetry(() => db.doc.send(new DeleteCommand({ TableName: T(db), Key: key, ConditionExpression: 'attribute_exists(pk)' }))));

export const deleteApplication = (db: Db, roleId: string, userId: string) => deleteIfThere(db, applicationKey(roleId, userId));
export const deleteRecord = (db: Db, userId: string) => deleteIfThere(db, recordKey(userId));
export const deleteCheck = (db: Db, userId: string, key: string) => deleteIfThere(db, checkItemKey(userId, key));
export const deleteSignUp = (db: Db, shiftId: string, userId: string) => deleteIfThere(db, signUpKey(shiftId, userId));
export const deleteCalendarLink = (db: Db, tokenHash: string) => deleteIfThere(db, calendarKey(tokenHash));

/** Erasure: hours keep what the reports count (date, hours, status, for whom) and lose the volunteer's name, notes and index. */
export async function anonymiseHours(db: Db, hoursId: string, standIn: string): Promise<boolean> {
  return conditionHeld(
    withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: T(db),
          Key: hoursKey(hoursId),
          UpdateExpression: 'SET volunteerId = :standIn REMOVE volunteerName, note, reason, gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk) AND volunteerId <> :standIn',
          ExpressionAttributeValues: { ':standIn': standIn },
        }),
      ),
    ),
  );
}

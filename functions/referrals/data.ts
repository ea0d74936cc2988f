import { BatchWriteCommand, DeleteCommand, GetCommand, PutCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../lib/batch-get';
import type { Db } from '../lib/db';
import { conditionHeld, isConditionFailure, withRetry } from '../lib/dynamo-errors';
import { Conflict } from '../lib/errors';
import { firstAnswer, type Idempotency, idempotencyPut, olderAnswer } from '../lib/idempotency';
import { newId } from '../lib/ids';
import { strip } from '../lib/items';
import { type OutboxMessage, outboxPut } from '../lib/outbox';
import { queryAllOf, queryCount, queryPage } from '../lib/query';
import { Refused, roled, type TransactItem, transactWrite } from '../lib/transact';
import { sharesWith } from './rules';
import type { AuditEntry, Person, Referral, ReferralDetails, ReferralStatus } from './schema';
import { referralStatuses } from './words';

/**
 * Referral items and access patterns (one table; see functions/lib/table.ts).
 *
 * | item            | pk                    | sk                       | gsi1 (caseload)                                   | gsi2 (all, admins)                 | gsi3 (by person)                          |
 * |-----------------|-----------------------|--------------------------|---------------------------------------------------|------------------------------------|-------------------------------------------|
 * | Person          | PERSON#<personId>     | PERSON                   |                                                   |                                    |                                           |
 * | Referral        | REFERRAL#<id>         | REFERRAL                 | CASELOAD#<linkWorkerId or UNASSIGNED> / <status>#<createdAt>#<id> | REFERRALS / <status>#<createdAt>#<id> | PERSON#<personId>#REFERRALS / <createdAt>#<id> |
 * | ReferralDetails | REFERRAL#<id>         | DETAILS                  |  (personal: notes, contact preferences, consent; expiresAt set when finished -> TTL purge)                       |
 * | ReferralAudit   | REFERRAL#<id> or PERSON#<personId> | AUDIT#<at>#<auditId> |                                           |                                    | PERSON#<personId>#AUDIT / <at>#<auditId>  |
 * | Idempotency     | IDEM#createReferral#<user>#<key> (lib/idempotency.ts; IDEM#referrals#… before) | IDEM  (expires by TTL)                                                                                                          |
 *
 * A person with an account has personId = their userId, so their own bookings and those made for them by a
 * link worker are the same person's. The Referral item holds nothing that identifies the person beyond the
 * personId: when the DETAILS item is purged (TTL after the retention period) or erased, the referral still
 * counts in reports. Overdue referrals (still received after N days) are a key range on gsi1/gsi2:
 * `received#` up to `received#<cutoff>`.
 */

export const personKey = (id: string) => ({ pk: `PERSON#${id}`, sk: 'PERSON' });
export const referralKey = (id: string) => ({ pk: `REFERRAL#${id}`, sk: 'REFERRAL' });
export const detailsKey = (id: string) => ({ pk: `REFERRAL#${id}`, sk: 'DETAILS' });
const auditKey = (owner: string, at: string, auditId: string) => ({ pk: owner, sk: `AUDIT#${at}#${auditId}` });
const idempotencyKey = (userId: string, key: string) => ({ pk: `IDEM#referrals#${userId}#${key}`, sk: 'IDEM' });
export const caseloadPartition = (linkWorkerId: string | undefined) => `CASELOAD#${linkWorkerId ?? 'UNASSIGNED'}`;
const allPartition = 'REFERRALS';
const personReferralsPartition = (personId: string) => `PERSON#${personId}#REFERRALS`;
const personAuditPartition = (personId: string) => `PERSON#${personId}#AUDIT`;
const statusOrder = (r: Pick<Referral, 'status' | 'createdAt' | 'id'>) => `${r.status}#${r.createdAt}#${r.id}`;

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

// ---------- people ----------

const personItem = (person: Person) => ({ ...personKey(person.id), type: 'Person', ...person });

/** Writes a new person record; false when one with this id exists (an account holder's, made earlier). */
export async function putPersonIfAbsent(db: Db, person: Person): Promise<boolean> {
  return conditionHeld(withRetry(() => db.doc.send(new PutCommand({ TableName: db.tableName, Item: personItem(person), ConditionExpression: 'attribute_not_exists(pk)' }))));
}

export async function getPerson(db: Db, id: string): Promise<Person | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: personKey(id) }));
  return Item ? strip<Person>(Item) : undefined;
}

/** Replaces a person record that exists (and was not erased). */
export async function replacePerson(db: Db, person: Person): Promise<void> {
  try {
    await withRetry(() => db.doc.send(new PutCommand({ TableName: db.tableName, Item: personItem(person), ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(erasedAt)' })));
  } catch (err) {
    if (isConditionFailure(err)) throw new Conflict('That person’s record was erased or removed meanwhile.', 'person_gone');
    throw err;
  }
}

/** Removes every personal field of a person record; the id stays so anonymous counts still add up. */
export async function erasePerson(db: Db, id: string, now: Date): Promise<void> {
  await withRetry(() =>
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: personKey(id),
        UpdateExpression: 'REMOVE #name, email, phone, dateOfBirth, contactPreferences SET erasedAt = :now, updatedAt = :now',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':now': now.toISOString() },
      }),
    ),
  ).catch((err) => {
    if (!isConditionFailure(err)) throw err;
  });
}

// ---------- referrals ----------

const referralItem = (r: Referral) => ({
  ...referralKey(r.id),
  type: 'Referral',
  gsi1pk: caseloadPartition(r.assignedTo),
  gsi1sk: statusOrder(r),
  gsi2pk: allPartition,
  gsi2sk: statusOrder(r),
  gsi3pk: personReferralsPartition(r.personId),
  gsi3sk: `${r.createdAt}#${r.id}`,
  ...r,
});
const detailsItem = (id: string, d: ReferralDetails) => ({ ...detailsKey(id), type: 'ReferralDetails', referralId: id, ...d });

export interface NewReferral {
  referral: Referral;
  details: ReferralDetails;
  /** a person record made with the referral (someone not online) */
  newPerson?: Person;
  outbox?: OutboxMessage[];
  idempotency?: Idempotency | undefined;
  now: Date;
}

/**
 * Writes a referral, its personal details, a new person record and any messages in one transaction.
 * With an idempotency key a retried create answers the first referral's id and makes nothing new.
 */
export async function createReferral(db: Db, n: NewReferral): Promise<{ id: string; created: boolean }> {
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: db.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
  const items: TransactItem[] = [
    put(referralItem(n.referral)),
    put(detailsItem(n.referral.id, n.details)),
    ...(n.newPerson ? [put(personItem(n.newPerson))] : []),
    ...(n.outbox ?? []).map((m) => outboxPut(db.tableName, m, n.now)),
  ];
  // records written before the one format (IDEM#referrals#…) are honoured until they expire
  const older =
    n.idempotency && (await olderAnswer(db, n.idempotency, { key: idempotencyKey(n.idempotency.actorId, n.idempotency.key), answerOf: (item) => ({ referralId: item.referralId as string }) }));
  if (older) return { id: older.referralId, created: false };
  const outcome = await transactWrite(db, [
    ...items.map((item) => ({ role: 'new' as const, item })),
    ...(n.idempotency ? [{ role: 'idempotency' as const, item: idempotencyPut(db, n.idempotency, { referralId: n.referral.id }) }] : []),
  ]);
  if (outcome.ok) return { id: n.referral.id, created: true };
  if (!n.idempotency || !outcome.refusedBy.includes('idempotency')) throw new Refused(outcome.refusedBy);
  const first = await firstAnswer<{ referralId: string }>(db, n.idempotency);
  if (!first) throw new Conflict('That request is still being processed; try again.', 'in_progress');
  return { id: first.referralId, created: false };
}

export async function getReferral(db: Db, id: string, consistent = false): Promise<Referral | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: referralKey(id), ConsistentRead: consistent }));
  return Item ? strip<Referral>(Item) : undefined;
}

export async function getDetails(db: Db, id: string, consistent = false): Promise<ReferralDetails | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: detailsKey(id), ConsistentRead: consistent }));
  if (!Item) return undefined;
  const { referralId: _r, ...rest } = strip<ReferralDetails & { referralId: string }>(Item);
  return rest;
}

/**
 * Saves a changed referral (and its details, when given) only if nobody changed it since `readVersion`
 * was read; the messages it causes go in the same transaction.
 */
export async function saveReferral(db: Db, next: Referral, readVersion: number, details: ReferralDetails | undefined, outbox: OutboxMessage[], now: Date): Promise<void> {
  const items: TransactItem[] = [
    {
      Put: {
        TableName: db.tableName,
        Item: referralItem(next),
        ConditionExpression: 'version = :v',
        ExpressionAttributeValues: { ':v': readVersion },
      },
    },
  ];
  if (details) items.push({ Put: { TableName: db.tableName, Item: detailsItem(next.id, details) } });
  for (const m of outbox) items.push(outboxPut(db.tableName, m, now));
  const outcome = await transactWrite(db, roled(items, ['referral']));
  if (!outcome.ok && outcome.refusedBy.includes('referral')) throw new Conflict('Someone else changed this referral since you opened it. Reload it and try again.', 'version_mismatch');
  if (!outcome.ok) throw new Refused(outcome.refusedBy);
}

/** Assigns an unassigned referral (or, for an admin, reassigns one) in one conditional write. */
export async function assignReferral(db: Db, r: Referral, linkWorkerId: string, onlyIfUnassigned: boolean, event: Referral['events'][number]): Promise<Referral> {
  const next: Referral = { ...r, assignedTo: linkWorkerId, updatedAt: event.at, version: r.version + 1, events: [...r.events, event] };
  try {
    await withRetry(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: referralItem(next),
          ConditionExpression: onlyIfUnassigned ? 'version = :v AND attribute_not_exists(assignedTo)' : 'version = :v',
          ExpressionAttributeValues: { ':v': r.version },
        }),
      ),
    );
    return next;
  } catch (err) {
    if (isConditionFailure(err)) throw new Conflict('Another link worker took this referral, or it changed meanwhile. Reload the queue.', 'already_assigned');
    throw err;
  }
}

/** Removes a referral's personal details (erasure): the details item goes, the anonymous referral stays as `next`. */
export async function eraseReferral(db: Db, next: Referral): Promise<void> {
  const outcome = await transactWrite(
    db,
    roled([{ Delete: { TableName: db.tableName, Key: detailsKey(next.id) } }, { Put: { TableName: db.tableName, Item: referralItem(next) } }], ['details', 'referral']),
  );
  if (!outcome.ok) throw new Refused(outcome.refusedBy); // neither item has a condition
}

const queryAll = queryAllOf;

export interface ReferralFilter {
  status?: ReferralStatus | undefined;
  /** only referrals still received that were created before this instant */
  receivedBefore?: string | undefined;
}

function statusRange(index: 'gsi1' | 'gsi2', pk: string, f: ReferralFilter): Pick<QueryCommandInput, 'IndexName' | 'KeyConditionExpression' | 'ExpressionAttributeValues'> {
  const base = { IndexName: index, ExpressionAttributeValues: { ':pk': pk } as Record<string, unknown> };
  if (f.receivedBefore) {
    if (f.status && f.status !== 'received')
      return { ...base, KeyConditionExpression: `${index}pk = :pk AND ${index}sk BETWEEN :none AND :none`, ExpressionAttributeValues: { ':pk': pk, ':none': '~' } };
    return { ...base, KeyConditionExpression: `${index}pk = :pk AND ${index}sk BETWEEN :a AND :b`, ExpressionAttributeValues: { ':pk': pk, ':a': 'received#', ':b': `received#${f.receivedBefore}` } };
  }
  if (f.status) return { ...base, KeyConditionExpression: `${index}pk = :pk AND begins_with(${index}sk, :s)`, ExpressionAttributeValues: { ':pk': pk, ':s': `${f.status}#` } };
  return { ...base, KeyConditionExpression: `${index}pk = :pk` };
}

/** A link worker's caseload (or the unassigned queue), by status then age. */
export const listCaseload = (db: Db, linkWorkerId: string | undefined, f: ReferralFilter, limit: number, cursor?: string) =>
  queryPage<Referral>(db, { ...statusRange('gsi1', caseloadPartition(linkWorkerId), f), Limit: limit }, cursor);

/**
 * A link worker's cases with these statuses, whole: one Query per run of neighbouring statuses in the sort
 * key (the open ones are three runs), so finished cases are never read unless asked for. A caseload is a
 * working list of tens to a few hundred people.
 */
export async function caseloadWithStatuses(db: Db, linkWorkerId: string, statuses: readonly ReferralStatus[]): Promise<Referral[]> {
  const sorted = [...referralStatuses].sort();
  const runs: [string, string][] = [];
  for (const status of sorted) {
    if (!statuses.includes(status)) continue;
    const last = runs.at(-1);
    if (last && sorted.indexOf(last[1] as ReferralStatus) === sorted.indexOf(status) - 1) last[1] = status;
    else runs.push([status, status]);
  }
  const pages = await Promise.all(
    runs.map(([from, to]) =>
      queryAll<Referral>(db, {
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': caseloadPartition(linkWorkerId), ':a': `${from}#`, ':b': `${to}#~` },
      }),
    ),
  );
  return pages.flat();
}

/** Every referral (admins), by status then age. */
export const listAllReferrals = (db: Db, f: ReferralFilter, limit: number, cursor?: string) => queryPage<Referral>(db, { ...statusRange('gsi2', allPartition, f), Limit: limit }, cursor);

/** How many referrals a queue holds (the unassigned queue, or all), by the same key ranges as the lists: counts only, nothing personal read. */
export async function countReferrals(db: Db, queue: 'unassigned' | 'all', f: ReferralFilter): Promise<number> {
  const range = queue === 'unassigned' ? statusRange('gsi1', caseloadPartition(undefined), f) : statusRange('gsi2', allPartition, f);
  return queryCount(db, range);
}

/** Every referral, the fields reports need only. */
export const allReferralsForReport = (db: Db) =>
  queryAll<Pick<Referral, 'status' | 'source' | 'ons4Start' | 'ons4End' | 'closedAt'>>(db, {
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :pk',
    ExpressionAttributeValues: { ':pk': allPartition },
    ProjectionExpression: '#status, #source, ons4Start, ons4End, closedAt',
    ExpressionAttributeNames: { '#status': 'status', '#source': 'source' },
  });

export const referralsOfPerson = (db: Db, personId: string) =>
  queryAll<Referral>(db, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': personReferralsPartition(personId) } });

// ---------- audit ----------

/** How long the record of who read a person's data is kept (six years), then DynamoDB TTL removes it. */
export const auditRetentionSeconds = 6 * 366 * 86_400;

/** Writes audit entries (one per referral or person read). A read is answered only after these are stored. */
export async function putAudit(db: Db, entries: AuditEntry[]): Promise<void> {
  const items = entries.map((e) => {
    const auditId = newId(new Date(e.at));
    return {
      PutRequest: {
        Item: {
          ...auditKey(e.referralId ? `REFERRAL#${e.referralId}` : `PERSON#${e.personId}`, e.at, auditId),
          type: 'ReferralAudit',
          gsi3pk: personAuditPartition(e.personId),
          gsi3sk: `${e.at}#${auditId}`,
          ...e,
          expiresAt: Math.floor(Date.parse(e.at) / 1000) + auditRetentionSeconds,
        },
      },
    };
  });
  for (let i = 0; i < items.length; i += 25) {
    let request: Record<string, unknown[]> | undefined = { [db.tableName]: items.slice(i, i + 25) };
    for (let attempt = 0; request && Object.keys(request).length; attempt++) {
      if (attempt > 0) await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
      if (attempt >= 6) throw new Error('audit entries could not be written');
      const res = await withRetry(() => db.doc.send(new BatchWriteCommand({ RequestItems: request as never })));
      request = res.UnprocessedItems && Object.keys(res.UnprocessedItems).length ? (res.UnprocessedItems as typeof request) : undefined;
    }
  }
}

export const listReferralAudit = (db: Db, referralId: string, limit: number, cursor?: string) =>
  queryPage<AuditEntry>(
    db,
    { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :a)', ExpressionAttributeValues: { ':pk': `REFERRAL#${referralId}`, ':a': 'AUDIT#' }, Limit: limit, ScanIndexForward: false },
    cursor,
  );

export const auditOfPerson = (db: Db, personId: string) =>
  queryAll<AuditEntry>(db, { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': personAuditPartition(personId) } });

// ---------- consent where referral data flows ----------

/**
 * For places booked through referrals: does each person's consent, as it stands now, let the activity's
 * organisers see who they are? And their name from the person record, when it does (people without an
 * account have no profile). One BatchGetItem for the details and person records.
 */
export async function providerSharing(db: Db, bookings: { referralId: string; personId: string }[]): Promise<Map<string, { shared: boolean; name?: string }>> {
  if (!bookings.length) return new Map();
  const items = await batchGet(db, [...bookings.map((b) => detailsKey(b.referralId)), ...bookings.map((b) => personKey(b.personId))], { projection: ['referralId', 'consent', 'id', 'name'] });
  const consent = new Map(items.filter((i) => i.sk === 'DETAILS').map((i) => [String(i.referralId), i.consent as ReferralDetails['consent'] | undefined]));
  const names = new Map(items.filter((i) => i.sk === 'PERSON').map((i) => [String(i.id), typeof i.name === 'string' ? i.name : undefined]));
  const out = new Map<string, { shared: boolean; name?: string }>();
  for (const b of bookings) {
    const shared = sharesWith(consent.get(b.referralId), 'activity-providers');
    const name = shared ? names.get(b.personId) : undefined;
    out.set(b.referralId, { shared, ...(name ? { name } : {}) });
  }
  return out;
}

// ---------- other domains' items read by contract ----------

export async function getPeople(db: Db, ids: string[]): Promise<Person[]> {
  return ids.length ? (await batchGet(db, [...new Set(ids)].map(personKey))).map((i) => strip<Person>(i)) : [];
}

/** Erasure: a referral's personal details go (a repeat finds nothing to remove). True when there were some. */
export async function deleteDetails(db: Db, referralId: string): Promise<boolean> {
  return conditionHeld(withRetry(() => db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: detailsKey(referralId), ConditionExpression: 'attribute_exists(pk)' }))));
}

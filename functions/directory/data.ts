import { createHash } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand, GetCommand, PutCommand, QueryCommand, type QueryCommandInput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../lib/db';
import { conditionHeld, isConditionFailure, withRetry } from '../lib/dynamo-errors';
import { Conflict, InvalidInput } from '../lib/errors';
import { firstAnswer, type Idempotency, idempotencyPut, olderAnswer } from '../lib/idempotency';
import { strip } from '../lib/items';
import { decodeCursor, encodeCursor, invalidCursor } from '../lib/pagination';
import { queryAll, queryCount } from '../lib/query';
import { Refused, roled, type TransactItem, transactWrite } from '../lib/transact';
import { cellsNear, distanceMetres, normalisePostcode, type Point } from './geo';
import { type Condition, type FilterAttributes, indexActivity, type Near, orderKey, placeKey, priorityInCell, type SearchPlan } from './rules';
import type { Activity, ActivityCard, CareCommunity, Claim, Hub, Organisation, PartnershipSettings, Priority, ProblemReport, ScheduleSummary } from './schema';

/**
 * Directory items and access patterns (one table; see functions/lib/table.ts).
 *
 * | item            | pk                    | sk                 | gsi1pk / gsi1sk                         | gsi2pk / gsi2sk                          | gsi3pk / gsi3sk                    |
 * |-----------------|-----------------------|--------------------|-----------------------------------------|------------------------------------------|------------------------------------|
 * | CareCommunity   | CARECOMMUNITY#<id>    | CARECOMMUNITY      | CARECOMMUNITIES / <name>#<id>           |                                          |                                    |
 * | Hub             | HUB#<id>              | HUB                | HUBS / <name>#<id>                      | CARECOMMUNITY#<cc>#HUBS / <name>#<id>    |                                    |
 * | Organisation    | ORG#<id>              | ORGANISATION       | ORGANISATIONS / <name>#<id>             |                                          |                                    |
 * | Priority        | PRIORITY#<slug>       | PRIORITY           | PRIORITIES / <label>#<slug>             |                                          |                                    |
 * | Activity        | ACTIVITY#<id>         | ACTIVITY           | DIR#REVIEW / <lastReviewedAt>#<id> (*)  | ORG#<org>#ACTIVITIES / <title>#<id>      | HUB#<hub>#ACTIVITIES / <title>#<id>|
 * |                 |                       |                    | or DIR#APPROVAL / <createdAt>#<id> (**) |                                          |                                    |
 * | Settings        | SETTINGS#partnership  | SETTINGS           | (how the partnership runs its directory: whether partners' new activities wait for approval)               |
 * | DirectoryIndex  | ACTIVITY#<id>         | INDEX#<facet>      | DIR#<facet> / <title>#<id> (***)        |                                          |                                    |
 * | ReviewFlag      | ACTIVITY#<id>         | REVIEWFLAG#<lastReviewedAt>                                                                                                         |
 * | Idempotency     | IDEM#createActivity#<user>#<key> (lib/idempotency.ts; IDEM#directory#… before) | IDEM          (expires by TTL)                                                                                                      |
 * | ScheduleRefresh | JOB#directory.schedule-refresh | STATE      (through: the instant the daily schedule refresh has dealt with; indexVersion: see rules.ts indexVersion)                                    |
 * | Postcode        | POSTCODE#<AB1 2CD>    | POSTCODE           | (lat, lng: the centroid, from the partnership's extract of the ONS Postcode Directory)                      |
 * | ProblemReport   | ACTIVITY#<id>         | PROBLEM#<reportId> | DIR#PROBLEMS#<open|resolved> / <reportedAt>#<reportId>                                                      |
 * | Claim           | ACTIVITY#<id>         | CLAIM#<org>        | DIR#CLAIMS#<pending|approved|refused> / <claimedAt>#<id>#<org>                                              |
 * (*) only while the activity is not ended: the freshness check reads the oldest reviews first.
 * (**) instead, while a partner's new activity waits for an admin's approval: the admins' queue, oldest first.
 * (***) GEO#<cell> facets sort by place instead: <geohash of the point, 12 characters>#<id> (rules.ts placeOrderKey).
 * Care communities, hubs, organisations and priorities carry `archived` when an admin archives them: they stay
 * (old records name them) but leave the lists people choose from.
 *
 * Finding activities (listActivities) never scans. An active activity has one small DirectoryIndex item per
 * facet it can be found by: ALL, PRI#<priority>, HUB#<hub>, PRI#<priority>#HUB#<hub> and PRI#<priority>#FREE (both filters at once),
 * CC#<care community>, ORG#<organisation>,
 * DAY#<1..7>, TOD#<morning|afternoon|evening>, FREE,
 * ACC#<accessibility need>, AGE#<age band>, MODE#<booking mode>, WORD#<stemmed word>, and, when its place's
 * postcode centroid is known, GEO#<geohash of 3, 4, 5 and 6 characters> (near a postcode or a point: searchNear, which
 * reads a few of a busy place's activities at a time, as the cell's items lie by place). Each carries the
 * result card and the filter attributes (f*), so a search Queries the most selective facet's partition
 * (merging several partitions in key order for OR'd values) and applies the remaining filters to the items
 * it reads. The index is derived: syncActivityIndex rebuilds it from the Activity item, the hub, the
 * organisation and the schedule summary, writing only what changed; it runs after each write and again
 * from the stream (so it repairs itself after any race).
 *
 * Sessions are the sessions domain's items. The directory reads an activity's sessions from that domain
 * (sessions/data listSessionsOf) when a stream change tells it they changed, and keeps a ScheduleSummary on
 * the Activity item.
 *
 * Day / time-of-day / date facets come from sessions still ahead, so they go stale as sessions end. A daily
 * job (refreshPassedSchedules) finds the activities whose sessions ended (or came within the 90-day
 * horizon) since its last run by Querying the sessions domain's per-date index, gsi2 SESSIONS#<localDate>
 * (one small partition per day), and refreshes their summaries and index items. A date-range search also
 * drops dates before today, so a not-yet-refreshed past date matches nothing.
 */

export const careCommunityKey = (id: string) => ({ pk: `CARECOMMUNITY#${id}`, sk: 'CARECOMMUNITY' });
export const hubKey = (id: string) => ({ pk: `HUB#${id}`, sk: 'HUB' });
export const organisationKey = (id: string) => ({ pk: `ORG#${id}`, sk: 'ORGANISATION' });
export const priorityKey = (id: string) => ({ pk: `PRIORITY#${id}`, sk: 'PRIORITY' });
export const activityKey = (id: string) => ({ pk: `ACTIVITY#${id}`, sk: 'ACTIVITY' });
const postcodeKey = (postcode: string) => ({ pk: `POSTCODE#${normalisePostcode(postcode)}`, sk: 'POSTCODE' });
const indexItemKey = (activityId: string, facet: string) => ({ pk: `ACTIVITY#${activityId}`, sk: `INDEX#${facet}` });
const reviewFlagKey = (activityId: string, lastReviewedAt: string) => ({ pk: `ACTIVITY#${activityId}`, sk: `REVIEWFLAG#${lastReviewedAt}` });
const idempotencyKey = (userId: string, key: string) => ({ pk: `IDEM#directory#${userId}#${key}`, sk: 'IDEM' });
/** The partition holding one facet's index items. */
export const directoryPartition = (facet: string) => `DIR#${facet}`;
export const reviewPartition = 'DIR#REVIEW';
const scheduleRefreshKey = { pk: 'JOB#directory.schedule-refresh', sk: 'STATE' };
const settingsKey = { pk: 'SETTINGS#partnership', sk: 'SETTINGS' };
export const approvalPartition = 'DIR#APPROVAL';

/**
 * Drops empty maps (recursively) before writing: DynamoDB Local's stream hands an empty map to the stream
 * handler as an attribute with no type, which unmarshall cannot read. Readers default the missing maps.
 */
export function withoutEmptyMaps<T extends Record<string, unknown>>(item: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (isPlainObject(v)) {
      const inner = withoutEmptyMaps(v);
      if (Object.keys(inner).length) out[k] = inner;
    } else if (Array.isArray(v)) out[k] = v.map((x) => (isPlainObject(x) ? withoutEmptyMaps(x) : x));
    else out[k] = v;
  }
  return out as T;
}
const isPlainObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

async function getItem<T>(db: Db, key: Record<string, string>, consistent = false): Promise<T | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: key, ConsistentRead: consistent }));
  return Item ? strip<T>(Item) : undefined;
}

/** Creates an item once; a second create with the same key is a Conflict. */
async function putNew(db: Db, item: Record<string, unknown>, what: string): Promise<void> {
  try {
    await withRetry(() => db.doc.send(new PutCommand({ TableName: db.tableName, Item: withoutEmptyMaps(item), ConditionExpression: 'attribute_not_exists(pk)' })));
  } catch (err) {
    if (isConditionFailure(err)) throw new Conflict(`${what} already exists.`, 'already_exists');
    throw err;
  }
}

/** Replaces an item that must already exist (false when it does not). */
async function putExisting(db: Db, item: Record<string, unknown>): Promise<boolean> {
  return conditionHeld(withRetry(() => db.doc.send(new PutCommand({ TableName: db.tableName, Item: withoutEmptyMaps(item), ConditionExpression: 'attribute_exists(pk)' }))));
}

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** One page of an index partition in key order, continued by an opaque cursor. */
async function queryPage<T>(
  db: Db,
  index: 'gsi1' | 'gsi2' | 'gsi3',
  pk: string,
  limit: number,
  cursor?: string,
  extra: Partial<QueryCommandInput> = {},
  map: (t: T) => T = (t) => t,
): Promise<Page<T>> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: index,
      KeyConditionExpression: `${index}pk = :pk`,
      ExpressionAttributeValues: { ':pk': pk },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(cursor),
      ...extra,
    }),
  );
  const nextCursor = encodeCursor(out.LastEvaluatedKey);
  return { items: (out.Items ?? []).map((i) => map(strip<T>(i))), ...(nextCursor ? { nextCursor } : {}) };
}

async function batchGet<T>(db: Db, keys: Record<string, string>[]): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < keys.length; i += 100) {
    let request: Record<string, { Keys: Record<string, string>[] }> | undefined = { [db.tableName]: { Keys: keys.slice(i, i + 100) } };
    for (let attempt = 0; request && Object.keys(request).length && attempt < 5; attempt++) {
      const res = await db.doc.send(new BatchGetCommand({ RequestItems: request }));
      out.push(...(res.Responses?.[db.tableName] ?? []).map((item) => strip<T>(item)));
      request = res.UnprocessedKeys as typeof request;
    }
  }
  return out;
}

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } } | { DeleteRequest: { Key: Record<string, unknown> } };

/** Writes in batches of 25, all batches at once, retrying what DynamoDB leaves unprocessed. */
async function batchWrite(db: Db, writes: WriteRequest[]): Promise<void> {
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < writes.length; i += 25) chunks.push(writes.slice(i, i + 25));
  await Promise.all(
    chunks.map(async (chunk) => {
      let pending = chunk;
      for (let attempt = 0; pending.length; attempt++) {
        const res = await withRetry(() => db.doc.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } })));
        pending = (res.UnprocessedItems?.[db.tableName] ?? []) as WriteRequest[];
        if (pending.length) await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt)));
      }
    }),
  );
}

// ---------- care communities ----------

const careCommunityItem = (cc: CareCommunity) => ({ ...careCommunityKey(cc.id), gsi1pk: 'CARECOMMUNITIES', gsi1sk: orderKey(cc.name, cc.id), type: 'CareCommunity', ...cc });
export async function putCareCommunity(db: Db, cc: CareCommunity): Promise<void> {
  await putNew(db, careCommunityItem(cc), 'That care community');
}
export const replaceCareCommunity = (db: Db, cc: CareCommunity) => putExisting(db, careCommunityItem(cc));
export const getCareCommunity = (db: Db, id: string) => getItem<CareCommunity>(db, careCommunityKey(id));
export const listCareCommunities = (db: Db, limit: number, cursor?: string) => queryPage<CareCommunity>(db, 'gsi1', 'CARECOMMUNITIES', limit, cursor);

// ---------- hubs ----------

const hubItem = (hub: Hub) => ({
  ...hubKey(hub.id),
  gsi1pk: 'HUBS',
  gsi1sk: orderKey(hub.name, hub.id),
  gsi2pk: `CARECOMMUNITY#${hub.careCommunityId}#HUBS`,
  gsi2sk: orderKey(hub.name, hub.id),
  type: 'Hub',
  ...hub,
});
export const putHub = (db: Db, hub: Hub) => putNew(db, hubItem(hub), 'That hub');
/** Writes a changed hub only if it is still at the version it was read at (a hub never changed has none: 0). */
export const replaceHub = (db: Db, hub: Hub, readAt: number) =>
  conditionHeld(
    withRetry(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: withoutEmptyMaps(hubItem(hub)),
          ConditionExpression: readAt === 0 ? 'attribute_exists(pk) AND (attribute_not_exists(#v) OR #v = :v)' : 'attribute_exists(pk) AND #v = :v',
          ExpressionAttributeNames: { '#v': 'version' },
          ExpressionAttributeValues: { ':v': readAt },
        }),
      ),
    ),
  );
const hubDefaults = (h: Hub): Hub => ({ ...h, contact: h.contact ?? {}, rooms: h.rooms ?? [], openingHours: h.openingHours ?? [] });
export const getHub = async (db: Db, id: string, consistent = false) => {
  const hub = await getItem<Hub>(db, hubKey(id), consistent);
  return hub && hubDefaults(hub);
};
export function listHubs(db: Db, careCommunityId: string | undefined, limit: number, cursor?: string) {
  return careCommunityId ? queryPage<Hub>(db, 'gsi2', `CARECOMMUNITY#${careCommunityId}#HUBS`, limit, cursor, {}, hubDefaults) : queryPage<Hub>(db, 'gsi1', 'HUBS', limit, cursor, {}, hubDefaults);
}

// ---------- organisations ----------

const organisationItem = (org: Organisation) => ({ ...organisationKey(org.id), gsi1pk: 'ORGANISATIONS', gsi1sk: orderKey(org.name, org.id), type: 'Organisation', ...org });
export const putOrganisation = (db: Db, org: Organisation) => putNew(db, organisationItem(org), 'That organisation');
export const replaceOrganisation = (db: Db, org: Organisation) => putExisting(db, organisationItem(org));
const organisationDefaults = (o: Organisation): Organisation => ({ ...o, contact: o.contact ?? {} });
export const getOrganisation = async (db: Db, id: string) => {
  const org = await getItem<Organisation>(db, organisationKey(id));
  return org && organisationDefaults(org);
};
export const listOrganisations = (db: Db, limit: number, cursor?: string) => queryPage<Organisation>(db, 'gsi1', 'ORGANISATIONS', limit, cursor, {}, organisationDefaults);

// ---------- priorities ----------

const priorityItem = (priority: Priority) => ({ ...priorityKey(priority.id), gsi1pk: 'PRIORITIES', gsi1sk: orderKey(priority.label, priority.id), type: 'Priority', ...priority });
export async function putPriority(db: Db, priority: Priority): Promise<void> {
  await putNew(db, priorityItem(priority), `The priority ${priority.id}`);
}
export const replacePriority = (db: Db, priority: Priority) => putExisting(db, priorityItem(priority));
export const getPriority = (db: Db, id: string) => getItem<Priority>(db, priorityKey(id));
export const listPriorities = (db: Db, limit: number, cursor?: string) => queryPage<Priority>(db, 'gsi1', 'PRIORITIES', limit, cursor);
export async function getPriorities(db: Db, ids: string[]): Promise<Priority[]> {
  return ids.length ? batchGet<Priority>(db, [...new Set(ids)].map(priorityKey)) : [];
}

// ---------- activities ----------

function activityItem(a: Activity) {
  const order = orderKey(a.title, a.id);
  return withoutEmptyMaps({
    ...activityKey(a.id),
    ...(a.awaitingApproval ? { gsi1pk: approvalPartition, gsi1sk: `${a.createdAt}#${a.id}` } : a.status !== 'ended' ? { gsi1pk: reviewPartition, gsi1sk: `${a.lastReviewedAt}#${a.id}` } : {}),
    gsi2pk: `ORG#${a.organisationId}#ACTIVITIES`,
    gsi2sk: order,
    ...(a.hubId ? { gsi3pk: `HUB#${a.hubId}#ACTIVITIES`, gsi3sk: order } : {}),
    type: 'Activity',
    ...a,
  });
}

/** The stored activity, whatever its status (callers decide who may see it). */
export async function getActivity(db: Db, id: string, consistent = false): Promise<Activity | undefined> {
  const activity = await getItem<Activity>(db, activityKey(id), consistent);
  return activity && activityDefaults(activity);
}
const activityDefaults = (a: Activity): Activity => ({ ...a, contact: a.contact ?? {} });

/**
 * Creates an activity. With an idempotency key, a retried create answers the first one's id instead of
 * making a second activity: the key's record is written in the same transaction.
 */
export async function createActivity(db: Db, activity: Activity, idempotency?: Idempotency): Promise<{ id: string; created: boolean }> {
  if (!idempotency) {
    await putNew(db, activityItem(activity), 'That activity');
    return { id: activity.id, created: true };
  }
  // records written before the one format (IDEM#directory#…) are honoured until they expire
  const older = await olderAnswer(db, idempotency, { key: idempotencyKey(idempotency.actorId, idempotency.key), answerOf: (item) => ({ activityId: item.activityId as string }) });
  if (older) return { id: older.activityId, created: false };
  const items = [{ Put: { TableName: db.tableName, Item: activityItem(activity), ConditionExpression: 'attribute_not_exists(pk)' } }, idempotencyPut(db, idempotency, { activityId: activity.id })];
  const outcome = await transactWrite(db, roled(items, ['activity', 'idempotency']));
  if (outcome.ok) return { id: activity.id, created: true };
  if (!outcome.refusedBy.includes('idempotency')) throw new Refused(outcome.refusedBy);
  const first = await firstAnswer<{ activityId: string }>(db, idempotency);
  if (!first) throw new Conflict('That request is still being processed; try again.', 'in_progress');
  return { id: first.activityId, created: false };
}

/** Writes a changed activity only if nobody changed it since it was read (version check). */
export async function replaceActivity(db: Db, next: Activity, readVersion: number): Promise<void> {
  try {
    await withRetry(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: activityItem(next),
          ConditionExpression: 'attribute_exists(pk) AND version = :v',
          ExpressionAttributeValues: { ':v': readVersion },
        }),
      ),
    );
  } catch (err) {
    if (isConditionFailure(err)) throw new Conflict('This activity was changed by someone else meanwhile. Reload it and try again.', 'changed_meanwhile');
    throw err;
  }
}

/** Stores a fresh schedule summary (from the sessions) on the activity; does not count as an edit. */
export async function setSchedule(db: Db, activityId: string, schedule: ScheduleSummary): Promise<void> {
  try {
    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: activityKey(activityId),
        UpdateExpression: 'SET #schedule = :s',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#schedule': 'schedule' },
        ExpressionAttributeValues: { ':s': withoutEmptyMaps({ ...schedule }) },
      }),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
  }
}

/** Activities of an organisation or at a hub, any status (for their managers and for re-indexing). */
export function listActivitiesOf(db: Db, by: { organisationId: string } | { hubId: string }, limit: number, cursor?: string) {
  return 'hubId' in by
    ? queryPage<Activity>(db, 'gsi3', `HUB#${by.hubId}#ACTIVITIES`, limit, cursor, {}, activityDefaults)
    : queryPage<Activity>(db, 'gsi2', `ORG#${by.organisationId}#ACTIVITIES`, limit, cursor, {}, activityDefaults);
}

/** Activities (not ended) whose last review is before `before`, oldest first. */
export function listUnreviewedSince(db: Db, before: string, limit: number, cursor?: string) {
  return queryPage<Activity>(db, 'gsi1', reviewPartition, limit, cursor, {
    KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk < :before',
    ExpressionAttributeValues: { ':pk': reviewPartition, ':before': before },
  });
}

/** Partners' new activities waiting for an admin's approval, oldest first. */
export function listAwaitingApproval(db: Db, limit: number, cursor?: string) {
  return queryPage<Activity>(db, 'gsi1', approvalPartition, limit, cursor, {}, activityDefaults);
}

// ---------- the partnership's settings ----------

export async function getPartnershipSettings(db: Db): Promise<PartnershipSettings> {
  const found = await getItem<PartnershipSettings>(db, settingsKey, true);
  return { newActivitiesNeedApproval: false, ...found };
}

export async function putPartnershipSettings(db: Db, settings: PartnershipSettings): Promise<void> {
  await withRetry(() => db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...settingsKey, type: 'PartnershipSettings', ...settings } })));
}

/**
 * Records that an activity's owners were told it needs review (once per review date) together with the
 * messages, in one transaction. False when it was already flagged (a repeated run sends nothing).
 */
export async function flagForReview(db: Db, activity: Activity, messages: Record<string, unknown>[], now: Date): Promise<boolean> {
  const flag = {
    Put: {
      TableName: db.tableName,
      Item: { ...reviewFlagKey(activity.id, activity.lastReviewedAt), type: 'ReviewFlag', flaggedAt: now.toISOString() },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  const outcome = await transactWrite(db, [{ role: 'flag' as const, item: flag }, ...messages.map((item) => ({ role: 'message' as const, item: item as TransactItem }))]);
  if (outcome.ok) return true;
  if (outcome.refusedBy.includes('flag')) return false;
  throw new Refused(outcome.refusedBy);
}

// ---------- the directory index ----------

const toSet = (values: string[]) => (values.length ? new Set(values) : undefined);

function indexAttributes(a: FilterAttributes) {
  return {
    fPri: toSet(a.fPri),
    fHub: a.fHub,
    fCc: a.fCc,
    fOrg: a.fOrg,
    fDays: toSet(a.fDays),
    fTod: toSet(a.fTod),
    fDates: toSet(a.fDates),
    fFree: a.fFree,
    fAcc: toSet(a.fAcc),
    fAgeMin: a.fAgeMin,
    fAgeMax: a.fAgeMax,
    fMode: a.fMode,
    fWords: toSet(a.fWords),
    fLat: a.fLat,
    fLng: a.fLng,
    fStartMax: a.fStartMax,
    fEndMin: a.fEndMin,
  };
}

/**
 * Brings an activity's index items in line with the activity as stored now: active activities are
 * findable by each facet; others by none. Writes only items that differ, so running it again (from the
 * stream, after the request already ran it) costs one Query.
 */
export async function syncActivityIndex(db: Db, activityId: string): Promise<{ written: number; deleted: number }> {
  const [activity, existing] = await Promise.all([getActivity(db, activityId, true), indexItemsOf(db, activityId)]);
  const wanted = new Map<string, Record<string, unknown>>();
  if (activity?.status === 'active') {
    const [hub, organisation, priorities] = await Promise.all([
      activity.hubId ? getHub(db, activity.hubId) : undefined,
      getOrganisation(db, activity.organisationId),
      getPriorities(db, activity.priorities),
    ]);
    const postcode = (hub ?? activity.venue)?.address.postcode;
    const point = postcode ? await getPostcode(db, postcode) : undefined;
    for (const item of indexItemsFor(activity, hub, organisation, priorities, point)) wanted.set(item.sk as string, item);
  }
  const writes: WriteRequest[] = [];
  for (const [sk, item] of wanted) if (existing.get(sk) !== item.h) writes.push({ PutRequest: { Item: item } });
  const deletes = [...existing.keys()].filter((sk) => !wanted.has(sk));
  for (const sk of deletes) writes.push({ DeleteRequest: { Key: { pk: `ACTIVITY#${activityId}`, sk } } });
  await batchWrite(db, writes);
  return { written: writes.length - deletes.length, deleted: deletes.length };
}

/** The index items an active activity should have, given its hub (or venue), organisation and priorities. */
export function indexItemsFor(activity: Activity, hub: Hub | undefined, organisation: Organisation | undefined, priorities: Priority[], point?: Point): Record<string, unknown>[] {
  const place = hub
    ? { name: hub.name, careCommunityId: hub.careCommunityId, accessibility: hub.accessibility }
    : { name: activity.venue?.name, careCommunityId: activity.venue?.careCommunityId, accessibility: activity.venue?.accessibility };
  const index = indexActivity(
    activity,
    place,
    organisation?.name,
    priorities.map((p) => p.label),
    point,
  );
  const hash = createHash('sha1').update(JSON.stringify(index)).digest('base64url');
  return index.facets.map((facet) =>
    withoutEmptyMaps({
      ...indexItemKey(activity.id, facet),
      gsi1pk: directoryPartition(facet),
      gsi1sk: facet.startsWith('GEO#') ? index.placeOrderKey : index.orderKey,
      type: 'DirectoryIndex',
      activityId: activity.id,
      card: index.card,
      ...indexAttributes(index.attributes),
      h: hash,
    }),
  );
}

/**
 * Loads many new activities with their index items in bulk (demo seed, bench): no reads, batches written
 * concurrently. Only for activities that do not exist yet; everything else goes through the service.
 */
export async function loadActivities(
  db: Db,
  entries: { activity: Activity; hub?: Hub | undefined; organisation?: Organisation | undefined; priorities: Priority[]; point?: Point | undefined }[],
  concurrency = 4,
): Promise<number> {
  const writes: WriteRequest[] = entries.flatMap(({ activity, hub, organisation, priorities, point }) => [
    { PutRequest: { Item: activityItem(activity) } },
    ...(activity.status === 'active' ? indexItemsFor(activity, hub, organisation, priorities, point) : []).map((Item) => ({ PutRequest: { Item } })),
  ]);
  const chunks: WriteRequest[][] = [];
  for (let i = 0; i < writes.length; i += 25 * 8) chunks.push(writes.slice(i, i + 25 * 8));
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < chunks.length) await batchWrite(db, chunks[next++]!);
    }),
  );
  return writes.length;
}

/** sk → content hash of an activity's index items. */
async function indexItemsOf(db: Db, activityId: string): Promise<Map<string, string>> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :index)',
    ExpressionAttributeValues: { ':pk': `ACTIVITY#${activityId}`, ':index': 'INDEX#' },
    ProjectionExpression: 'sk, h',
    ConsistentRead: true,
  });
  return new Map(items.map((item) => [item.sk as string, item.h as string]));
}

// ---------- searching the index ----------

/** Reads at most this many index items for one page; past it the page is returned short with a cursor. */
export const maxItemsReadPerPage = 1000;

export interface SearchResult {
  items: ActivityCard[];
  nextCursor?: string;
  /** index items DynamoDB read (before filtering): the cost of the page */
  itemsRead: number;
}

interface StreamState {
  partition: string;
  filter?: ReturnType<typeof filterExpression>;
  buffer: { key: string; card: ActivityCard }[];
  /** sort key of the last item read from this partition (everything up to it has been seen) */
  position?: string;
  done: boolean;
  chunk: number;
}

/**
 * One page of a search: Queries the plan's partitions (in parallel, in sort-key order, each continuing
 * after the cursor), merges them, removes duplicates (an activity found under two OR'd values) and stops
 * once the page is full. A partition is read in chunks sized to what the page still needs, so an
 * unfiltered single-facet page reads about one item per result.
 */
export async function searchDirectory(db: Db, plan: SearchPlan, limit: number, cursor?: string, budget = maxItemsReadPerPage): Promise<SearchResult> {
  if (plan.near) return searchNear(db, plan.near, plan.conditions, limit, cursor, budget);
  const after = cursor ? afterKeyOf(cursor) : undefined;
  const filtered = plan.conditions.length > 0;
  const streams: StreamState[] = plan.streams.map((s) => ({
    partition: directoryPartition(s.facet),
    filter: filterExpression([...plan.conditions, ...s.conditions]),
    buffer: [],
    ...(after ? { position: after } : {}),
    done: false,
    chunk: chunkFor(limit, plan.streams.length),
  }));
  const items: ActivityCard[] = [];
  let itemsRead = 0;
  let lastKey = after;
  for (;;) {
    if (items.length >= limit) {
      const more = streams.some((s) => s.buffer.length || !s.done);
      return { items, itemsRead, ...(more && lastKey ? { nextCursor: encodeAfter(lastKey) } : {}) };
    }
    const heads = streams.filter((s) => s.buffer.length);
    const next = heads.length ? heads.map((s) => s.buffer[0]!.key).reduce((a, b) => (a < b ? a : b)) : undefined;
    const blockers = streams.filter((s) => !s.done && !s.buffer.length && (next === undefined || s.position === undefined || s.position < next));
    if (!blockers.length) {
      if (next === undefined) return { items, itemsRead };
      let card: ActivityCard | undefined;
      for (const s of heads) if (s.buffer[0]!.key === next) card = s.buffer.shift()!.card;
      items.push(card!);
      lastKey = next;
      continue;
    }
    if (itemsRead >= budget) {
      const resumeAt = blockers.map((s) => s.position!).reduce((a, b) => (a < b ? a : b));
      return { items, itemsRead, nextCursor: encodeAfter(resumeAt) };
    }
    const need = limit - items.length;
    const reads = await Promise.all(blockers.map((s) => readChunk(db, s, Math.max(s.chunk, chunkFor(need, streams.length)))));
    itemsRead += reads.reduce((a, b) => a + b, 0);
    if (filtered) for (const s of blockers) s.chunk = Math.min(s.chunk * 2, 200);
  }
}

/** Items to ask each partition for: one more than needed when there is one (to know a next page exists). */
const chunkFor = (need: number, streams: number) => (streams === 1 ? need + 1 : Math.max(2, Math.ceil(need / streams)));

async function readChunk(db: Db, s: StreamState, chunk: number): Promise<number> {
  const values: Record<string, unknown> = { ':pk': s.partition, ...(s.position !== undefined ? { ':after': s.position } : {}), ...s.filter?.values };
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: s.position !== undefined ? 'gsi1pk = :pk AND gsi1sk > :after' : 'gsi1pk = :pk',
      ...(s.filter ? { FilterExpression: s.filter.expression, ExpressionAttributeNames: s.filter.names } : {}),
      ExpressionAttributeValues: values,
      Limit: chunk,
    }),
  );
  for (const item of out.Items ?? []) s.buffer.push({ key: item.gsi1sk as string, card: item.card as ActivityCard });
  if (out.LastEvaluatedKey) s.position = out.LastEvaluatedKey.gsi1sk as string;
  else s.done = true;
  return out.ScannedCount ?? 0;
}

/** The raw Query beneath a one-facet search: what the bench compares listActivities with. */
export async function queryFacet(db: Db, facet: string, limit: number): Promise<number> {
  const out = await db.doc.send(
    new QueryCommand({ TableName: db.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': directoryPartition(facet) }, Limit: limit }),
  );
  return out.Count ?? 0;
}

const encodeAfter = (key: string) => encodeCursor({ after: key })!;

function afterKeyOf(cursor: string): string {
  const value = decodeCursor(cursor);
  if (typeof value?.after !== 'string' || !/#[0-9A-HJKMNP-TV-Z]{26}$/.test(value.after)) {
    throw new InvalidInput([{ field: 'query.cursor', rule: 'invalid_cursor', message: 'must be a cursor returned by the previous page' }]);
  }
  return value.after;
}

/** Conditions as a DynamoDB FilterExpression over the index item's f* attributes. */
function filterExpression(conditions: Condition[]) {
  if (!conditions.length) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  let n = 0;
  const value = (v: unknown) => {
    const name = `:f${n++}`;
    values[name] = v;
    return name;
  };
  const attr = (a: string) => {
    names[`#${a}`] = a;
    return `#${a}`;
  };
  const parts = conditions.map((c) => {
    switch (c.kind) {
      case 'anyOf':
        return `(${c.values.map((v) => `contains(${attr(c.attribute)}, ${value(v)})`).join(' OR ')})`;
      case 'allOf':
        return `(${c.values.map((v) => `contains(${attr(c.attribute)}, ${value(v)})`).join(' AND ')})`;
      case 'equals':
        return `${attr(c.attribute)} = ${value(c.value)}`;
      case 'ageWithin': {
        const age = value(c.age);
        return `(${attr('fAgeMin')} <= ${age} AND ${attr('fAgeMax')} >= ${age})`;
      }
      case 'atLeast':
        return `${attr(c.attribute)} >= ${value(c.value)}`;
      case 'atMost':
        return `${attr(c.attribute)} <= ${value(c.value)}`;
    }
  });
  return { expression: parts.join(' AND '), names, values };
}

/** A near search's order: distance (millimetres) then id, so a cursor can name where a page ended. */
const nearKey = (metres: number, id: string) => `${String(millimetres(metres)).padStart(11, '0')}#${id}`;
const millimetres = (metres: number) => Math.round(metres * 1000);
const millimetresOf = (key: string) => key.slice(0, key.indexOf('#'));
const metresOfNearKey = (key: string) => Number(millimetresOf(key)) / 1000;
/** Below every id: nearKey(metres, noId) comes before each activity that far away. */
const noId = '0'.repeat(26);

/** Activities read but not yet given that a cursor carries to the next page (beyond it, the next page reads their cells again). */
const maxCarried = 40;
/** Busy places read in part that a cursor carries (beyond it, the same). */
const maxPlaces = 20;
/**
 * Most of a place's activities a cell's scan takes before jumping past it (and one more, which says it has more):
 * most places hold one or two, and a busy one found farther away than the page reaches costs no more.
 */
const firstLook = 2;

interface Found {
  key: string;
  metres: number;
  card: ActivityCard;
  /** the cell it was read from (its place in the cover) */
  cell: number;
  /** its busy place, if it came from one */
  place?: BusyPlace;
}

/** An activity read on an earlier page but not given: fetched again by key once the page reaches its distance. */
interface Carried {
  id: string;
  cell: number;
  metres: number;
}

/** A busy place, read a few activities at a time: those after `position` are not read yet. */
interface BusyPlace {
  cell: number;
  key: string;
  metres: number;
  /** the id of the last item read */
  position: string;
  /** whether anything may remain after `position` */
  open: boolean;
  /** where this page began reading it */
  from: string;
}

/**
 * One page of a search near a point, nearest first. The geohash cells meeting the circle (directory index
 * partitions GEO#<cell>, their items sorted by place, then id) are read nearest first, a few at a time, each as
 * a loose index scan: it takes a few of a place's activities, then jumps past the place, which stays open to be
 * read on, a few at a time, only while the page needs it. A found activity is certain of its rank once every
 * cell, open place and carried activity that could come before it has been read, so reading stops when a page
 * of them is certain. The other filters ride along as a FilterExpression. The cursor says how many cells have
 * been read and carries the open places (read on from where the page stopped in them) and the activities read
 * but not given, with their distance (fetched again by key once a page gets that far); an older or fuller
 * cursor reads again the cells not wholly nearer than where the page ended.
 */
async function searchNear(db: Db, near: Near, conditions: Condition[], limit: number, cursor: string | undefined, budget: number): Promise<SearchResult> {
  const cells = cellsNear(near.centre, near.metres);
  const state = cursor ? nearCursorOf(cursor, cells.length) : undefined;
  const after = state?.after;
  const filter = filterExpression(conditions);
  const geo = (cell: number) => (near.priority ? priorityInCell(cells[cell]!.cell, near.priority) : `GEO#${cells[cell]!.cell}`);
  const found: Found[] = [];
  let carried = state?.carried ?? [];
  const places = new Map<string, BusyPlace>((state?.places ?? []).map((p) => [p.key, { ...p, open: true, from: p.position }]));
  let itemsRead = 0;
  const metresTo = (item: Record<string, unknown>) => distanceMetres(near.centre, { lat: item.fLat as number, lng: item.fLng as number });
  /** Keeps an item within the circle and not given on an earlier page. */
  const take = (item: Record<string, unknown>, cell: number, place?: BusyPlace): Found | undefined => {
    if (typeof item.fLat !== 'number' || typeof item.fLng !== 'number') return undefined;
    const metres = metresTo(item);
    const key = nearKey(metres, item.activityId as string);
    if (metres > near.metres || (after && key <= after)) return undefined;
    const f: Found = { key, metres, card: item.card as ActivityCard, cell, ...(place ? { place } : {}) };
    found.push(f);
    return f;
  };
  /** Nothing of a place this far away is wanted: outside the circle, or all given on earlier pages. */
  const outOfReach = (metres: number) => metres > near.metres || (!!after && nearKey(metres, '~') < after);

  /** Reads a cell in place order, taking at most `cap` activities of a place before jumping past it (it stays open). */
  const scan = async (cell: number, cap: number) => {
    const seen = new Map<string, { metres: number; taken: Found[] }>();
    let from: CellPosition = {};
    let size = cap + 1;
    for (;;) {
      const out = await queryCell(db, directoryPartition(geo(cell)), filter, size, from);
      itemsRead += out.ScannedCount ?? 0;
      const placesInAnswer = new Set<string>();
      let repeated = false;
      for (const item of out.Items ?? []) {
        const place = placeOf(item);
        if (!place) {
          take(item, cell);
          continue;
        }
        repeated ||= placesInAnswer.has(place);
        placesInAnswer.add(place);
        const s = seen.get(place) ?? { metres: metresTo(item), taken: [] };
        seen.set(place, s);
        const f = take(item, cell);
        if (f) s.taken.push(f);
      }
      const last = out.LastEvaluatedKey;
      if (!last) return;
      const [place, id] = splitPlaceKey(last.gsi1sk as string);
      const s = seen.get(place);
      if (s && (s.taken.length > cap || outOfReach(s.metres))) {
        if (s.taken.length > cap) {
          const busy = { cell, key: place, metres: s.metres, position: id, open: true, from: noId };
          places.set(place, busy);
          for (const f of s.taken) f.place = busy;
        }
        from = { past: place };
        size = cap + 1;
      } else {
        from = { ...from, start: last };
        // while places hold one activity each, read more at a time; within a busy one, only up to the cap
        size = filter || !repeated ? Math.min(size * 2, 64) : cap + 1 - (s?.taken.length ?? 0);
      }
    }
  };

  /** Reads on in an open place until it has given `want` more activities or has no more. */
  const readOn = async (p: BusyPlace, want: number) => {
    let taken = 0;
    let size = want;
    do {
      const start = { gsi1pk: directoryPartition(geo(p.cell)), gsi1sk: `${p.key}#${p.position}`, ...indexItemKey(p.position, geo(p.cell)) };
      const out = await queryCell(db, directoryPartition(geo(p.cell)), filter, size, { within: p.key, start });
      itemsRead += out.ScannedCount ?? 0;
      for (const item of out.Items ?? []) if (take(item, p.cell, p)) taken++;
      if (!out.LastEvaluatedKey) {
        p.open = false;
        return;
      }
      p.position = splitPlaceKey(out.LastEvaluatedKey.gsi1sk as string)[1];
      size = Math.min(size * 2, 64);
    } while (taken < want);
  };

  const refetch = async (some: Carried[]) => {
    carried = carried.filter((c) => !some.includes(c));
    const items = await batchGet<Record<string, unknown>>(
      db,
      some.map((c) => indexItemKey(c.id, geo(c.cell))),
    );
    itemsRead += some.length;
    const cellOf = new Map(some.map((c) => [c.id, c.cell]));
    for (const item of items) take(item, cellOf.get(item.activityId as string)!);
  };

  // without the count, every cell not wholly nearer than where the last page ended
  const todo = cells
    .map((c, n) => ({ ...c, n, bound: nearKey(c.nearest, noId) }))
    .filter((c) => (state?.cellsRead !== undefined ? c.n >= state.cellsRead : !after || c.farthest >= metresOfNearKey(after)));
  let next = 0;
  // what is not read yet, each with a key everything in it comes after
  const unreadCells = () => todo.slice(next).map((c) => ({ cell: c.n, bound: c.bound }));
  const openPlaces = () => [...places.values()].filter((p) => p.open).map((p) => ({ place: p, bound: nearKey(p.metres, p.position) }));
  const carriedLeft = () => carried.map((c) => ({ carried: c, bound: nearKey(c.metres, noId) }));
  /** Every activity not read yet comes after this key (undefined: all is read). */
  const certainTo = () => [unreadCells()[0], ...openPlaces(), ...carriedLeft()].reduce<string | undefined>((a, s) => (!s || (a !== undefined && a <= s.bound) ? a : s.bound), undefined);
  const byBound = (a: { bound: string }, b: { bound: string }) => (a.bound < b.bound ? -1 : 1);
  let batch = 4;
  while (itemsRead < budget) {
    // what could still come before the limit-th found, nearest first, until it could fill the page: a few cells,
    // the carried activities, an open place (or the places as near as it: their activities interleave by id)
    const keys = found.map((f) => f.key).sort();
    const limitTh = keys.length >= limit ? keys[limit - 1]! : undefined;
    const certain = certainTo();
    const need = limit - found.filter((f) => certain === undefined || f.key <= certain).length;
    const candidates = [...unreadCells().slice(0, batch), ...openPlaces(), ...carriedLeft()].filter((s) => !limitTh || s.bound < limitTh).sort(byBound);
    const dueCells: number[] = [];
    const duePlaces: BusyPlace[] = [];
    const fetches: Carried[] = [];
    let supply = 0;
    let placesAt: string | undefined;
    for (const s of candidates) {
      const tied = 'place' in s && placesAt === millimetresOf(s.bound);
      if (supply >= need && !tied) break;
      if ('place' in s) {
        // a cell nearer than the place may hold places as near as it, whose activities interleave with its own
        if (dueCells.length) break;
        duePlaces.push(s.place);
        supply = need;
        placesAt = millimetresOf(s.bound);
      } else if ('carried' in s) fetches.push(s.carried), supply++;
      else dueCells.push(s.cell);
    }
    if (!dueCells.length && !duePlaces.length && !fetches.length) break;
    next += dueCells.length;
    batch = Math.min(batch * 2, 8);
    await Promise.all([
      ...(fetches.length ? [refetch(fetches)] : []),
      ...dueCells.map((cell) => scan(cell, Math.min(firstLook, need))),
      // places as near as each other share what the page needs, their activities interleaving by id
      ...duePlaces.map((p) => readOn(p, chunkFor(Math.max(1, need - fetches.length), openPlaces().filter((o) => millimetresOf(o.bound) === placesAt).length))),
    ]);
  }

  const certain = certainTo();
  const page = found
    .filter((f) => certain === undefined || f.key <= certain)
    .sort((a, b) => (a.key < b.key ? -1 : 1))
    .slice(0, limit);
  const items = page.map((f) => ({ ...f.card, distanceMetres: Math.round(f.metres) }));
  const given = new Set(page.map((f) => f.key));
  // a busy place none of whose activities were given is read again from where this page began it, if wanted
  const left = found.filter((f) => !given.has(f.key));
  const restarted = new Set([...places.values()].filter((p) => !page.some((f) => f.place === p) && left.some((f) => f.place === p)));
  for (const p of restarted) (p.position = p.from), (p.open = true);
  const partly = [...places.values()].filter((p) => p.open);
  const carry = [...carried, ...left.filter((f) => !(f.place && restarted.has(f.place))).map((f) => ({ id: f.card.id, cell: f.cell, metres: f.metres }))];
  if (!carry.length && !partly.length && next >= todo.length) return { items, itemsRead };
  // the next page starts after the last result; after a short page (out of budget), after all that is certain
  const lastGiven = page[page.length - 1]?.key ?? '';
  const end = page.length === limit || certain === undefined || lastGiven > certain ? lastGiven : certain;
  const cellsRead = next < todo.length ? todo[next]!.n : cells.length;
  const nextState =
    carry.length <= maxCarried && partly.length <= maxPlaces
      ? {
          after: end,
          cells: cellsRead,
          carried: carry.map((c) => `${c.id}:${c.cell}:${millimetres(c.metres)}`).join(','),
          ...(partly.length ? { places: partly.map((p) => `${p.cell}:${p.key}:${nearKey(p.metres, p.position)}`).join(',') } : {}),
        }
      : { after: end };
  return { items, itemsRead, nextCursor: encodeCursor(nextState)! };
}

/** A GEO item's place (placeKey), unless it was indexed before its cell's items were sorted by place. */
function placeOf(item: Record<string, unknown>): string | undefined {
  if (typeof item.fLat !== 'number' || typeof item.fLng !== 'number') return undefined;
  const [place] = splitPlaceKey(item.gsi1sk as string);
  return place === placeKey({ lat: item.fLat, lng: item.fLng }) ? place : undefined;
}

const splitPlaceKey = (sk: string): [string, string] => {
  const at = sk.lastIndexOf('#');
  return [sk.slice(0, at), sk.slice(at + 1)];
};

const ulid = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const placeEntry = /^(\d+):([0-9b-hjkmnp-z]{12}):(\d{11})#([0-9A-HJKMNP-TV-Z]{26})$/;

/**
 * A near search's cursor: where the last page ended, and (when it fitted) how many cells it read, the busy
 * places it read in part (to read on after the last item read) and the activities it read but did not give
 * (with their distance in millimetres; a cursor from before busy places has none: fetched at once).
 */
function nearCursorOf(cursor: string, cellCount: number): { after: string; cellsRead?: number; carried: Carried[]; places: Omit<BusyPlace, 'open' | 'from'>[] } {
  const after = afterKeyOf(cursor);
  const value = decodeCursor(cursor)!;
  if (value.cells === undefined) return { after, carried: [], places: [] };
  const list = (v: unknown) => (typeof v === 'string' && v ? v.split(',') : []);
  const carried = list(value.carried).map((x) => x.split(':'));
  const places = list(value.places).map((x) => placeEntry.exec(x));
  const cellsRead = value.cells as number;
  const readCell = (n: string | undefined) => n !== undefined && /^\d+$/.test(n) && Number(n) < cellsRead;
  const valid =
    Number.isInteger(cellsRead) &&
    cellsRead >= 0 &&
    cellsRead <= cellCount &&
    carried.length <= maxCarried &&
    places.length <= maxPlaces &&
    carried.every(([id, cell, mm, ...rest]) => ulid.test(id!) && readCell(cell) && (mm === undefined || /^\d{1,11}$/.test(mm)) && !rest.length) &&
    places.every((m) => m && readCell(m[1]));
  if (!valid) throw new InvalidInput([{ field: 'query.cursor', rule: 'invalid_cursor', message: 'must be a cursor returned by the previous page' }]);
  return {
    after,
    cellsRead,
    carried: carried.map(([id, cell, mm]) => ({ id: id!, cell: Number(cell), metres: Number(mm ?? 0) / 1000 })),
    places: places.map((m) => ({ cell: Number(m![1]), key: m![2]!, metres: Number(m![3]) / 1000, position: m![4]! })),
  };
}

/** Where a Query of a cell starts: at its beginning, past a place, or (`within` a place) after an item. */
interface CellPosition {
  past?: string;
  within?: string;
  start?: Record<string, unknown>;
}

/** One Query of a cell's partition, in place order; FilterExpression for the other filters. */
async function queryCell(db: Db, partition: string, filter: ReturnType<typeof filterExpression>, limit: number, from: CellPosition) {
  const range = from.within ? ' AND begins_with(gsi1sk, :place)' : from.past ? ' AND gsi1sk > :past' : '';
  return db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: `gsi1pk = :pk${range}`,
      ...(filter ? { FilterExpression: filter.expression, ExpressionAttributeNames: filter.names } : {}),
      ExpressionAttributeValues: {
        ':pk': partition,
        // '~' comes after every id: past all of a place's activities
        ...(from.within ? { ':place': `${from.within}#` } : from.past ? { ':past': `${from.past}#~` } : {}),
        ...filter?.values,
      },
      ...(from.start ? { ExclusiveStartKey: from.start } : {}),
      Limit: limit,
    }),
  );
}

// ---------- postcode centroids ----------

/** A postcode's centroid, when the partnership's extract has it. */
export async function getPostcode(db: Db, postcode: string): Promise<Point | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: postcodeKey(postcode) }));
  return Item ? { lat: Item.lat as number, lng: Item.lng as number } : undefined;
}

/** Several postcodes' centroids at once, by normalised postcode. */
export async function getPostcodes(db: Db, postcodes: string[]): Promise<Map<string, Point>> {
  const keys = [...new Set(postcodes.map(normalisePostcode))].map(postcodeKey);
  const found = keys.length ? await batchGet<{ postcode: string; lat: number; lng: number }>(db, keys) : [];
  return new Map(found.map((p) => [p.postcode, { lat: p.lat, lng: p.lng }]));
}

/**
 * The active activities whose place has no known centroid (their index items carry no point): after an
 * import, those at a postcode it added are indexed again so they can be found near a place. One Query of the
 * ALL partition, returning only the few without a point.
 */
export async function activitiesWithoutPoint(db: Db): Promise<string[]> {
  const items = await queryAll(db, {
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk',
    FilterExpression: 'attribute_not_exists(fLat)',
    ProjectionExpression: 'activityId',
    ExpressionAttributeValues: { ':pk': directoryPartition('ALL') },
  });
  return items.map((item) => item.activityId as string);
}

/** Stores postcode centroids (an import or the demo seed); a postcode already there is replaced. */
export async function putPostcodes(db: Db, rows: { postcode: string; lat: number; lng: number }[]): Promise<void> {
  const byPostcode = new Map(rows.map((r) => [normalisePostcode(r.postcode), r]));
  await batchWrite(
    db,
    [...byPostcode].map(([postcode, r]) => ({ PutRequest: { Item: { ...postcodeKey(postcode), type: 'Postcode', postcode, lat: r.lat, lng: r.lng } } })),
  );
}

// ---------- sessions (read only: the sessions domain writes them) ----------

/** The instant the schedule refresh has dealt with everything up to (undefined before its first run). */
export async function getScheduleRefreshedThrough(db: Db): Promise<string | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: scheduleRefreshKey, ConsistentRead: true }));
  return Item?.through as string | undefined;
}

/** Which version of the index the active activities were last all indexed at (0 before the first such run). */
export async function getIndexVersion(db: Db): Promise<number> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: scheduleRefreshKey, ConsistentRead: true }));
  return (Item?.indexVersion as number | undefined) ?? 0;
}

export async function setIndexVersion(db: Db, version: number): Promise<void> {
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tableName,
      Key: scheduleRefreshKey,
      UpdateExpression: 'SET indexVersion = :v, #type = :type',
      ExpressionAttributeNames: { '#type': 'type' },
      ExpressionAttributeValues: { ':v': version, ':type': 'ScheduleRefresh' },
    }),
  );
}

/** The ids of every active activity, from the ALL index partition (ids only). */
export async function activeActivityIds(db: Db): Promise<string[]> {
  const items = await queryAll(db, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ProjectionExpression: 'activityId', ExpressionAttributeValues: { ':pk': directoryPartition('ALL') } });
  return items.map((item) => item.activityId as string);
}

/** Moves the refresh's high-water mark forward (never back: a slow run finishing late leaves a later mark). */
export async function setScheduleRefreshedThrough(db: Db, through: string): Promise<void> {
  await conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: scheduleRefreshKey,
        UpdateExpression: 'SET through = :t, #type = :type',
        ConditionExpression: 'attribute_not_exists(through) OR through < :t',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':t': through, ':type': 'ScheduleRefresh' },
      }),
    ),
  );
}

/** Several activities at once (any status), in the order asked for; missing ones are left out. */
export async function getActivities(db: Db, ids: string[]): Promise<Activity[]> {
  const found = new Map((await batchGet<Activity>(db, [...new Set(ids)].map(activityKey))).map((a) => [a.id, activityDefaults(a)]));
  return ids.flatMap((id) => (found.has(id) ? [found.get(id)!] : []));
}

export async function getOrganisations(db: Db, ids: string[]): Promise<Organisation[]> {
  return ids.length ? (await batchGet<Organisation>(db, [...new Set(ids)].map(organisationKey))).map(organisationDefaults) : [];
}

export async function getHubs(db: Db, ids: string[]): Promise<Hub[]> {
  return ids.length ? (await batchGet<Hub>(db, [...new Set(ids)].map(hubKey))).map(hubDefaults) : [];
}

/** How many active activities one facet lists (for the Open Referral feed's page counts). */
export async function countFacet(db: Db, facet: string): Promise<number> {
  return queryCount(db, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': directoryPartition(facet) } });
}

// ---------- problem reports ----------

const problemKey = (activityId: string, reportId: string) => ({ pk: `ACTIVITY#${activityId}`, sk: `PROBLEM#${reportId}` });
const problemPartition = (status: string) => `DIR#PROBLEMS#${status}`;
/** The listing's organisation's (gsi2) and hub's (gsi3) queues, so its people read theirs, not everyone's. */
const ownerProblemPartition = (owner: ProblemOwner, status: string) => `DIR#PROBLEMS#${owner.kind === 'organisation' ? 'ORG' : 'HUB'}#${owner.id}#${status}`;
export type ProblemOwner = { kind: 'organisation' | 'hub'; id: string };
const ownerIndexes = (report: Pick<ProblemReport, 'organisationId' | 'hubId' | 'reportedAt' | 'id'>, status: string) => ({
  gsi2pk: ownerProblemPartition({ kind: 'organisation', id: report.organisationId }, status),
  gsi2sk: `${report.reportedAt}#${report.id}`,
  ...(report.hubId ? { gsi3pk: ownerProblemPartition({ kind: 'hub', id: report.hubId }, status), gsi3sk: `${report.reportedAt}#${report.id}` } : {}),
});

/** A new report, with the messages telling the listing's people and the admins, all or nothing. */
export async function createProblemReport(db: Db, report: ProblemReport, messages: Record<string, unknown>[]): Promise<void> {
  const put = {
    Put: {
      TableName: db.tableName,
      Item: withoutEmptyMaps({
        ...problemKey(report.activityId, report.id),
        gsi1pk: problemPartition(report.status),
        gsi1sk: `${report.reportedAt}#${report.id}`,
        ...ownerIndexes(report, report.status),
        type: 'ProblemReport',
        ...report,
      }),
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
  const outcome = await transactWrite(db, [{ role: 'report' as const, item: put }, ...messages.map((item) => ({ role: 'message' as const, item: item as TransactItem }))]);
  // a new report's id and its messages' ids are fresh: a refusal is a fault, not an answer
  if (!outcome.ok) throw new Refused(outcome.refusedBy);
}

export const getProblemReport = (db: Db, activityId: string, reportId: string) => getItem<ProblemReport>(db, problemKey(activityId, reportId), true);

/** Reports by status, oldest first. */
export const listProblemReports = (db: Db, status: 'open' | 'resolved', limit: number, cursor?: string) => queryPage<ProblemReport>(db, 'gsi1', problemPartition(status), limit, cursor);

/**
 * The reports of the listings some organisations and hubs look after, oldest first: their own queues merged
 * (a report of a hub's listing run by a partner is in both, and listed once). The cursor is the last report
 * listed, so each page reads at most `limit` from each queue.
 */
export async function listProblemReportsOf(db: Db, owners: ProblemOwner[], status: 'open' | 'resolved', limit: number, cursor?: string): Promise<Page<ProblemReport>> {
  const after = cursor ? decodeCursor(cursor)?.after : undefined;
  if (cursor && typeof after !== 'string') throw invalidCursor();
  const pages = await Promise.all(
    owners.map((owner) => {
      const index = owner.kind === 'organisation' ? 'gsi2' : 'gsi3';
      return db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          IndexName: index,
          KeyConditionExpression: `${index}pk = :pk${after ? ` AND ${index}sk > :after` : ''}`,
          ExpressionAttributeValues: { ':pk': ownerProblemPartition(owner, status), ...(after ? { ':after': after } : {}) },
          Limit: limit,
        }),
      );
    }),
  );
  const seen = new Map<string, Record<string, unknown>>();
  for (const item of pages.flatMap((p) => p.Items ?? [])) seen.set(String(item.sk), item);
  const sorted = [...seen.values()].sort((a, b) => orderOf(a).localeCompare(orderOf(b)));
  const taken = sorted.slice(0, limit);
  const more = sorted.length > limit || pages.some((p) => p.LastEvaluatedKey);
  const last = taken.at(-1);
  return { items: taken.map((i) => strip<ProblemReport>(i)), ...(more && last ? { nextCursor: encodeCursor({ after: orderOf(last) })! } : {}) };
}

const orderOf = (item: Record<string, unknown>) => `${String(item.reportedAt)}#${String(item.id)}`;

/** Marks an open report resolved; false when it was not open any more (someone resolved it first). */
export async function resolveProblemReport(db: Db, report: ProblemReport, by: string, at: string, resolution: string | undefined): Promise<boolean> {
  const { activityId, id: reportId } = report;
  const owners = ownerIndexes(report, 'resolved');
  return conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: problemKey(activityId, reportId),
        UpdateExpression: `SET #status = :resolved, resolvedAt = :at, resolvedBy = :by, gsi1pk = :pk, gsi2pk = :org, gsi2sk = :sk${owners.gsi3pk ? ', gsi3pk = :hub, gsi3sk = :sk' : ''}${resolution ? ', resolution = :resolution' : ''}`,
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':resolved': 'resolved',
          ':open': 'open',
          ':at': at,
          ':by': by,
          ':pk': problemPartition('resolved'),
          ':org': owners.gsi2pk,
          ':sk': owners.gsi2sk,
          ...(owners.gsi3pk ? { ':hub': owners.gsi3pk } : {}),
          ...(resolution ? { ':resolution': resolution } : {}),
        },
      }),
    ),
  );
}

// ---------- claims ----------

const claimKey = (activityId: string, organisationId: string) => ({ pk: `ACTIVITY#${activityId}`, sk: `CLAIM#${organisationId}` });
const claimPartition = (status: string) => `DIR#CLAIMS#${status}`;

/** A claim, once per organisation and listing while one is pending or approved (a refused one may be made again). */
export async function createClaim(db: Db, claim: Claim): Promise<void> {
  try {
    await withRetry(() =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: withoutEmptyMaps({
            ...claimKey(claim.activityId, claim.organisationId),
            gsi1pk: claimPartition(claim.status),
            gsi1sk: `${claim.claimedAt}#${claim.activityId}#${claim.organisationId}`,
            type: 'Claim',
            ...claim,
          }),
          ConditionExpression: 'attribute_not_exists(pk) OR #status = :refused',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':refused': 'refused' },
        }),
      ),
    );
  } catch (err) {
    if (isConditionFailure(err)) throw new Conflict('Your organisation has already claimed this listing.', 'already_claimed');
    throw err;
  }
}

export const getClaim = (db: Db, activityId: string, organisationId: string) => getItem<Claim>(db, claimKey(activityId, organisationId), true);

export const listClaims = (db: Db, status: 'pending' | 'approved' | 'refused', limit: number, cursor?: string) => queryPage<Claim>(db, 'gsi1', claimPartition(status), limit, cursor);

/** Records an admin's decision on a pending claim; false when it was decided already. */
export async function decideClaim(db: Db, activityId: string, organisationId: string, status: 'approved' | 'refused', by: string, at: string): Promise<boolean> {
  return conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: claimKey(activityId, organisationId),
        UpdateExpression: 'SET #status = :status, decidedAt = :at, decidedBy = :by, gsi1pk = :pk',
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':pending': 'pending', ':at': at, ':by': by, ':pk': claimPartition(status) },
      }),
    ),
  );
}

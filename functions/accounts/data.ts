import { BatchGetCommand, DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Memberships } from '../lib/auth';
import { batchGet } from '../lib/batch-get';
import type { Db } from '../lib/db';
import { conditionHeld, isConditionFailure } from '../lib/dynamo-errors';
import { strip } from '../lib/items';
import { queryAll } from '../lib/query';
import type { AccessNeedKind, AccessNeedsInput, AccessNeedsView, Profile, SharedAccessNeeds } from './schema';

/**
 * Profiles.  pk USER#<userId>  sk PROFILE
 * By email:  gsi1pk EMAIL#<lower-case email>  gsi1sk USER   (sign-in looks people up by email)
 * Admins:    gsi2pk ADMINS  gsi2sk <userId>                  (only on profiles with the admin role: who gets admin summaries)
 * Roles mirror the Cognito groups in the person's latest token: rolesAsOf is that token's iat (seconds), so an
 * older token still in use never undoes a newer one's roles. A profile made from a token alone (someone confirmed
 * before the sign-up trigger existed) has no email, and so no gsi1 entry, until the trigger supplies it.
 * Staff:     pk USER#<userId>  sk STAFF#HUB#<hubId> | STAFF#ORG#<organisationId>
 *            gsi1pk HUB#<hubId>#STAFF | ORG#<organisationId>#STAFF  gsi1sk <name>#<userId>
 *            one per hub a coordinator's profile names and per organisation a partner's names, written with the
 *            profile: "who coordinates this hub" and "who acts for this organisation" are one Query each (shown
 *            read only: membership itself comes from sign-in groups).
 * Communication: pk COMMS#<personId>  sk NEEDS  how the person wants to hear from us (text, email, letter, a
 *            call from staff) and their communication needs; any person, with an account or only a person record.
 * Access needs live on the profile: accessNeeds (their own words), accessNeedKinds (the ticks),
 * accessNeedsShared (consent to show them to the hub), accessNeedsSharedAt (when consent was given),
 * accessNeedsUpdatedAt.
 */
export const profileKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
const emailIndexKey = (email: string) => ({ gsi1pk: `EMAIL#${email.toLowerCase()}`, gsi1sk: 'USER' });
const adminsPartition = 'ADMINS';
const adminIndexKey = (profile: Pick<Profile, 'userId' | 'roles'>): Record<string, string> => (profile.roles.includes('admin') ? { gsi2pk: adminsPartition, gsi2sk: profile.userId } : {});

/** Every admin's user id (one Query of the ADMINS index partition, keys only). */
export async function listAdminUserIds(db: Db): Promise<string[]> {
  const items = await queryAll(db, { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk', ExpressionAttributeValues: { ':pk': adminsPartition }, ProjectionExpression: 'gsi2sk' });
  return items.map((i) => i.gsi2sk as string);
}

export async function getProfile(db: Db, userId: string): Promise<Profile | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: profileKey(userId) }));
  return Item ? toProfile(Item) : undefined;
}

/** What others may see of a person on a register: their name, and access needs only if they chose to share them. */
export interface ProfileSummary {
  userId: string;
  name: string;
  accessNeeds?: SharedAccessNeeds;
}

const accessNeedAttributes = ['accessNeeds', 'accessNeedKinds', 'accessNeedsShared', 'accessNeedsSharedAt', 'accessNeedsUpdatedAt'];

function accessNeedsOf(i: Record<string, unknown>): AccessNeedsView {
  const notes = typeof i.accessNeeds === 'string' && i.accessNeeds.length > 0 ? i.accessNeeds : undefined;
  return {
    needs: (i.accessNeedKinds as AccessNeedKind[] | undefined) ?? [],
    ...(notes ? { notes } : {}),
    shareWithHub: i.accessNeedsShared === true,
    ...(i.accessNeedsShared === true && i.accessNeedsSharedAt ? { sharedAt: i.accessNeedsSharedAt as string } : {}),
    ...(i.accessNeedsUpdatedAt ? { updatedAt: i.accessNeedsUpdatedAt as string } : {}),
  };
}

/** A person's access needs as others may see them: only with their consent, and only when there are some. */
function sharedOf(i: Record<string, unknown>): SharedAccessNeeds | undefined {
  const a = accessNeedsOf(i);
  if (!a.shareWithHub || (!a.notes && a.needs.length === 0)) return undefined;
  return { needs: a.needs, ...(a.notes ? { notes: a.notes } : {}), ...(a.sharedAt ? { sharedAt: a.sharedAt } : {}) };
}

/** Many people's names only, in one BatchGetItem per 100 people. */
export async function getNames(db: Db, userIds: string[]): Promise<Map<string, string>> {
  const items = await batchGet(db, userIds.map(profileKey), { projection: ['userId', 'name'] });
  return new Map(items.map((i) => [i.userId as string, i.name as string]));
}

/** Many people's names (and shared access needs) in one BatchGetItem per 100 people. */
export async function getProfileSummaries(db: Db, userIds: string[]): Promise<Map<string, ProfileSummary>> {
  const items = await batchGet(db, userIds.map(profileKey), { projection: ['userId', 'name', ...accessNeedAttributes] });
  const out = new Map<string, ProfileSummary>();
  for (const i of items) {
    const shared = sharedOf(i);
    out.set(i.userId as string, { userId: i.userId as string, name: i.name as string, ...(shared ? { accessNeeds: shared } : {}) });
  }
  return out;
}

/** The person's own access needs and whether they share them (undefined when they have no profile). */
export async function getAccessNeeds(db: Db, userId: string): Promise<AccessNeedsView | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: profileKey(userId), ProjectionExpression: ['pk', ...accessNeedAttributes].join(', '), ConsistentRead: true }));
  return Item ? accessNeedsOf(Item) : undefined;
}

/**
 * Replaces the person's access needs in one conditional UpdateItem on their profile. Consent keeps the time
 * it was first given (if_not_exists) until it is withdrawn; withdrawing removes the time.
 */
export async function putAccessNeeds(db: Db, userId: string, input: AccessNeedsInput, now: Date): Promise<AccessNeedsView | undefined> {
  const stamp = now.toISOString();
  const sets = ['accessNeedKinds = :kinds', 'accessNeedsShared = :shared', 'accessNeedsUpdatedAt = :now'];
  const removes: string[] = [];
  if (input.notes) sets.push('accessNeeds = :notes');
  else removes.push('accessNeeds');
  if (input.shareWithHub) sets.push('accessNeedsSharedAt = if_not_exists(accessNeedsSharedAt, :now)');
  else removes.push('accessNeedsSharedAt');
  try {
    const { Attributes } = await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: profileKey(userId),
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':kinds': [...new Set(input.needs)], ':shared': input.shareWithHub, ':now': stamp, ...(input.notes ? { ':notes': input.notes } : {}) },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return accessNeedsOf(Attributes ?? {});
  } catch (err) {
    if (isConditionFailure(err)) return undefined;
    throw err;
  }
}

export async function findProfileByEmail(db: Db, email: string): Promise<Profile | undefined> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk = :sk',
      ExpressionAttributeValues: { ':pk': emailIndexKey(email).gsi1pk, ':sk': 'USER' },
      Limit: 1,
    }),
  );
  return Items?.[0] ? toProfile(Items[0]) : undefined;
}

/**
 * Creates a profile once; a second create for the same user is a no-op that returns false (it never overwrites
 * a profile, however it was made or later edited). rolesAsOf: the iat of the token the roles came from.
 */
export async function createProfile(db: Db, profile: Profile, now: Date, rolesAsOf?: number): Promise<boolean> {
  const created = await conditionHeld(
    db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: {
          ...profileKey(profile.userId),
          ...(profile.email ? emailIndexKey(profile.email) : {}),
          ...adminIndexKey(profile),
          type: 'Profile',
          ...withoutBlanks(profile),
          ...(rolesAsOf === undefined ? {} : { rolesAsOf }),
          createdAt: now.toISOString(),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
  );
  if (created) await putStaffEntries(db, profile);
  return created;
}

type StaffOf = { kind: 'hub'; hubId: string } | { kind: 'organisation'; organisationId: string };
const staffKey = (userId: string, of: StaffOf) => ({ pk: `USER#${userId}`, sk: of.kind === 'hub' ? `STAFF#HUB#${of.hubId}` : `STAFF#ORG#${of.organisationId}` });
const staffPartition = (of: StaffOf) => (of.kind === 'hub' ? `HUB#${of.hubId}#STAFF` : `ORG#${of.organisationId}#STAFF`);

/** A profile's staff entries: its hubs if a coordinator, its organisations if a partner (plain puts: writing them again changes nothing). */
async function putStaffEntries(db: Db, profile: Pick<Profile, 'userId' | 'name' | 'email' | 'roles' | 'hubIds' | 'organisationIds'>): Promise<void> {
  const memberships: StaffOf[] = [
    ...(profile.roles.includes('coordinator') ? profile.hubIds.map((hubId) => ({ kind: 'hub' as const, hubId })) : []),
    ...(profile.roles.includes('partner') ? profile.organisationIds.map((organisationId) => ({ kind: 'organisation' as const, organisationId })) : []),
  ];
  await Promise.all(
    memberships.map((of) =>
      db.doc.send(
        new PutCommand({
          TableName: db.tableName,
          Item: {
            ...staffKey(profile.userId, of),
            gsi1pk: staffPartition(of),
            gsi1sk: `${profile.name.toLowerCase()}#${profile.userId}`,
            type: 'Staff',
            userId: profile.userId,
            ...of,
            name: profile.name,
            ...(profile.email ? { email: profile.email } : {}),
          },
        }),
      ),
    ),
  );
}

/** The coordinators of a hub, by name (one Query). */
export const listHubCoordinators = (db: Db, hubId: string) => listStaff(db, { kind: 'hub', hubId });

/** The people who act for an organisation, by name (one Query). */
export const listOrganisationPeople = (db: Db, organisationId: string) => listStaff(db, { kind: 'organisation', organisationId });

async function listStaff(db: Db, of: StaffOf): Promise<{ userId: string; name: string; email?: string }[]> {
  const items = await queryAll(db, { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': staffPartition(of) } });
  return items.map((i) => ({ userId: i.userId as string, name: (i.name as string) || 'Name not known', ...(i.email ? { email: i.email as string } : {}) }));
}

/** A person's own staff entries (one Query of their partition): for subject access. */
export async function listStaffEntriesOf(db: Db, userId: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :staff)', ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':staff': 'STAFF#' } });
}

/** Removes a person's staff entries (erasure); answers how many there were. Repeating it changes nothing. */
export async function deleteStaffEntries(db: Db, userId: string): Promise<number> {
  const entries = await listStaffEntriesOf(db, userId);
  await Promise.all(entries.map((e) => db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: e.pk, sk: e.sk } }))));
  return entries.length;
}

/** Leaves out the empty name and email of a profile made from a token alone (no gsi1 key, nothing to fill later). */
function withoutBlanks(profile: Profile): Partial<Profile> {
  const { name, email, ...rest } = profile;
  return { ...rest, ...(name ? { name } : {}), ...(email ? { email } : {}) };
}

/**
 * Gives a profile that has no email (made from a token alone) the email and, if it has none, the name Cognito
 * holds. One conditional UpdateItem: never touches a profile that already has an email. False when nothing changed.
 */
export async function fillContactDetails(db: Db, userId: string, details: { email: string; name: string }): Promise<boolean> {
  return conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: profileKey(userId),
        UpdateExpression: 'SET email = :email, gsi1pk = :gsi1pk, gsi1sk = :gsi1sk, #name = if_not_exists(#name, :name)',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(email)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':email': details.email, ...prefixed(emailIndexKey(details.email)), ':name': details.name },
      }),
    ),
  );
}

const prefixed = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).map(([k, v]) => [`:${k}`, v]));

/**
 * Sets the profile's roles to those of a token issued at `issuedAt` (seconds), adding or removing its ADMINS
 * index entry in the same UpdateItem. Refused (false) when the profile is missing or its roles came from a
 * newer token, so a stale token still in use cannot put back a role that was taken away.
 */
export async function setRolesFromToken(db: Db, userId: string, roles: Profile['roles'], issuedAt: number): Promise<boolean> {
  const admin = adminIndexKey({ userId, roles });
  return conditionHeld(
    db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: profileKey(userId),
        UpdateExpression: admin.gsi2pk ? 'SET #roles = :roles, rolesAsOf = :iat, gsi2pk = :gsi2pk, gsi2sk = :gsi2sk' : 'SET #roles = :roles, rolesAsOf = :iat REMOVE gsi2pk, gsi2sk',
        ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(rolesAsOf) OR rolesAsOf <= :iat)',
        ExpressionAttributeNames: { '#roles': 'roles' },
        ExpressionAttributeValues: { ':roles': roles, ':iat': issuedAt, ...prefixed(admin) },
      }),
    ),
  );
}

export async function getMemberships(db: Db, userId: string): Promise<Memberships> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: profileKey(userId), ProjectionExpression: 'hubIds, organisationIds' }));
  return { hubIds: (Item?.hubIds as string[]) ?? [], organisationIds: (Item?.organisationIds as string[]) ?? [] };
}

function toProfile(item: Record<string, unknown>): Profile {
  return {
    userId: item.userId as string,
    name: (item.name as string | undefined) ?? '',
    email: (item.email as string | undefined) ?? '',
    phone: item.phone as string | undefined,
    contactPreference: (item.contactPreference as Profile['contactPreference']) ?? 'email',
    roles: (item.roles as Profile['roles']) ?? [],
    hubIds: (item.hubIds as string[]) ?? [],
    organisationIds: (item.organisationIds as string[]) ?? [],
  };
}

/** Everything the profile item holds (subject access), or undefined. */
export async function getProfileItem(db: Db, userId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: profileKey(userId), ConsistentRead: true }));
  return Item;
}

/** Erasure: the profile goes (name, email, phone, access needs, the email and admins index entries with it). */
export async function deleteProfile(db: Db, userId: string): Promise<boolean> {
  return conditionHeld(db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: profileKey(userId), ConditionExpression: 'attribute_exists(pk)' })));
}

// ---------- how to reach a person: channel and communication needs (read by reminders, delivery, registers, referrals, bookings) ----------

export const communicationKey = (personId: string) => ({ pk: `COMMS#${personId}`, sk: 'NEEDS' });

export interface Communication {
  personId: string;
  channel: 'text' | 'email' | 'letter' | 'phone';
  needs: string[];
  language?: string | undefined;
  postalAddress?: string | undefined;
  updatedAt: string;
  updatedBy: string;
}

export async function getCommunication(db: Db, personId: string): Promise<Communication | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: communicationKey(personId) }));
  return Item ? strip<Communication>(Item) : undefined;
}

export async function putCommunication(db: Db, c: Communication): Promise<void> {
  await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { ...communicationKey(c.personId), type: 'Communication', ...c } }));
}

export async function deleteCommunication(db: Db, personId: string): Promise<boolean> {
  return conditionHeld(db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: communicationKey(personId), ConditionExpression: 'attribute_exists(pk)' })));
}

/** Several people's communication needs at once (a register), by BatchGet in hundreds. */
export async function communicationOf(db: Db, personIds: string[]): Promise<Map<string, Communication>> {
  const out = new Map<string, Communication>();
  const ids = [...new Set(personIds)];
  for (let i = 0; i < ids.length; i += 100) {
    const res = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.tableName]: { Keys: ids.slice(i, i + 100).map(communicationKey) } } }));
    for (const item of res.Responses?.[db.tableName] ?? []) out.set(item.personId as string, strip<Communication>(item));
  }
  return out;
}

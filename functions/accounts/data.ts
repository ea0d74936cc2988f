import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Memberships } from '../lib/auth';
import { batchGet } from '../lib/batch-get';
import type { Db } from '../lib/db';
import { isConditionFailure } from '../lib/dynamo-errors';
import type { Profile } from './schema';

/**
 * Profiles.  pk USER#<userId>  sk PROFILE
 * By email:  gsi1pk EMAIL#<lower-case email>  gsi1sk USER   (sign-in looks people up by email)
 */
export const profileKey = (userId: string) => ({ pk: `USER#${userId}`, sk: 'PROFILE' });
const emailIndexKey = (email: string) => ({ gsi1pk: `EMAIL#${email.toLowerCase()}`, gsi1sk: 'USER' });

export async function getProfile(db: Db, userId: string): Promise<Profile | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: profileKey(userId) }));
  return Item ? toProfile(Item) : undefined;
}

/** What others may see of a person on a register: their name, and access needs only if they chose to share them. */
export interface ProfileSummary {
  userId: string;
  name: string;
  accessNeeds?: string;
}

/** Many people's names (and shared access needs) in one BatchGetItem per 100 people. */
export async function getProfileSummaries(db: Db, userIds: string[]): Promise<Map<string, ProfileSummary>> {
  const items = await batchGet(db, userIds.map(profileKey), { projection: ['userId', 'name', 'accessNeeds', 'accessNeedsShared'] });
  const out = new Map<string, ProfileSummary>();
  for (const i of items) {
    const shared = i.accessNeedsShared === true && typeof i.accessNeeds === 'string' && i.accessNeeds.length > 0;
    out.set(i.userId as string, { userId: i.userId as string, name: i.name as string, ...(shared ? { accessNeeds: i.accessNeeds as string } : {}) });
  }
  return out;
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

/** Creates a profile once; a second create for the same user is a no-op that returns false. */
export async function createProfile(db: Db, profile: Profile, now: Date): Promise<boolean> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.tableName,
        Item: { ...profileKey(profile.userId), ...emailIndexKey(profile.email), type: 'Profile', ...profile, createdAt: now.toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

export async function getMemberships(db: Db, userId: string): Promise<Memberships> {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.tableName, Key: profileKey(userId), ProjectionExpression: 'hubIds, organisationIds' }),
  );
  return { hubIds: (Item?.hubIds as string[]) ?? [], organisationIds: (Item?.organisationIds as string[]) ?? [] };
}

function toProfile(item: Record<string, unknown>): Profile {
  return {
    userId: item.userId as string,
    name: item.name as string,
    email: item.email as string,
    phone: item.phone as string | undefined,
    contactPreference: (item.contactPreference as Profile['contactPreference']) ?? 'email',
    roles: (item.roles as Profile['roles']) ?? [],
    hubIds: (item.hubIds as string[]) ?? [],
    organisationIds: (item.organisationIds as string[]) ?? [],
  };
}

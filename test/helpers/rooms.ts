import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { createProfile } from '../../functions/accounts/data';
import type { Profile } from '../../functions/accounts/schema';
import { newId } from '../../functions/lib/ids';
import { demoIds } from '../../functions/local/seed/ids';
import type { InputOf } from '../../web/src/api';
import type { TestPlatform } from './platform';

export const hubs = demoIds.hubs;

type RoomBody = InputOf<'createRoom'>['body'];

/** A room body a coordinator of Oak Road Centre may create; open every day 08:00-22:00. */
export function roomBody(overrides: Partial<RoomBody> = {}): RoomBody {
  return {
    hubId: hubs.oakRoadCentre,
    name: `Room ${Math.random().toString(36).slice(2, 7)}`,
    capacity: 40,
    facilities: ['stepFree', 'hearingLoop'],
    openingHours: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, opens: '08:00', closes: '22:00' })),
    setupMinutes: 0,
    cleardownMinutes: 0,
    ...overrides,
  };
}

export async function createRoom(p: TestPlatform, overrides: Partial<RoomBody> = {}): Promise<string> {
  const token = await p.tokenFor('coordinator@example.org');
  const answer = await p.op('createRoom', { token, body: roomBody(overrides) });
  if (answer.status !== 201) throw new Error(`createRoom: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.roomId;
}

/** Another person with a role, made directly (dev sign-in only makes residents), then signed in. */
export async function personWith(p: TestPlatform, email: string, roles: Profile['roles'], extra: Partial<Profile> = {}): Promise<string> {
  await createProfile(p.deps.db, { userId: newId(), name: email.split('@')[0]!, email, contactPreference: 'email', roles, hubIds: [], organisationIds: [], ...extra }, p.deps.clock.now());
  return p.tokenFor(email);
}

/**
 * How many items the test's own table holds. DynamoDB Local counts them afresh on every DescribeTable (AWS only
 * every few hours), which costs a few milliseconds where a Scan of a seeded table took a second on a busy machine.
 */
export async function tableItemCount(p: TestPlatform): Promise<number> {
  const { Table } = await p.deps.db.doc.send(new DescribeTableCommand({ TableName: p.deps.db.tableName }));
  return Table?.ItemCount ?? 0;
}

export const booking = (start: string, end: string, extra: Record<string, unknown> = {}) => ({ start, end, purpose: 'Knit and natter', expectedAttendance: 10, ...extra });

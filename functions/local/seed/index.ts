import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../../lib/deps';
import { seedDirectory } from './directory';
import { seedReferrals } from './referrals';
import { seedRooms } from './rooms';
import { seedSessions } from './sessions';
import { seedUsers } from './users';
import { seedVolunteers } from './volunteers';

/** Bump when the demo data changes shape, so an old .data/ folder is seeded again. */
const seedVersion = 1;
const markerKey = { pk: 'SEED', sk: `VERSION#${seedVersion}` };

/**
 * Demo data a partnership would recognise: fictional people, places drawn from the context documents.
 * Runs once per data folder. Each domain adds its own seed module here.
 */
export async function seedDemoData(deps: AppDeps): Promise<boolean> {
  const { Item } = await deps.db.doc.send(new GetCommand({ TableName: deps.db.tableName, Key: markerKey }));
  if (Item) return false;
  await seedDirectory(deps);
  await seedUsers(deps);
  await seedSessions(deps);
  await seedVolunteers(deps);
  await seedRooms(deps);
  await seedReferrals(deps);
  await deps.db.doc.send(new PutCommand({ TableName: deps.db.tableName, Item: { ...markerKey, seededAt: deps.clock.now().toISOString() } }));
  return true;
}

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { directoryPartition } from '../../../functions/directory/data';
import type { BenchOperation } from '../types';

/**
 * A resident filtering the directory by one priority: one Query on the priority's index partition
 * (gsi1 DIR#PRI#<priority>), 20 results plus one to know a next page exists. The priority list it checks
 * the filter against is remembered per process. See also test/bench/directory.ts (10,000 activities).
 */
export const listActivities: BenchOperation<Record<string, never>> = {
  name: 'listActivities (one priority)',
  operationId: 'listActivities',
  expected: { requests: 1, readUnits: 2, writeUnits: 0, why: 'one Query of up to 21 index items (~1 KB each, eventually consistent) on gsi1 DIR#PRI#social-isolation' },
  setup: async () => ({}),
  request: () => ({ method: 'GET', path: '/api/activities?priority=social-isolation&limit=20', expectStatus: 200 }),
  raw: (ctx) =>
    ctx.raw.doc.send(
      new QueryCommand({
        TableName: ctx.raw.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': directoryPartition('PRI#social-isolation') },
        Limit: 21,
      }),
    ),
};

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { profileKey } from '../../../functions/accounts/data';
import { demoIds } from '../../../functions/local/seed/ids';
import type { BenchContext, BenchOperation } from '../types';

const getProfileRaw = (ctx: BenchContext, userId: string, projection?: string) =>
  ctx.raw.doc.send(new GetCommand({ TableName: ctx.raw.tableName, Key: profileKey(userId), ...(projection ? { ProjectionExpression: projection } : {}) }));

/** A resident's own profile: one GetItem. */
export const getMeResident: BenchOperation<{ token: string }> = {
  name: 'getMe (resident)',
  operationId: 'getMe',
  expected: { requests: 1, readUnits: 0.5, writeUnits: 0, why: 'GetItem USER#id/PROFILE, eventually consistent, < 4 KB' },
  setup: async (ctx) => ({ token: await ctx.tokenFor('resident@example.org') }),
  request: ({ token }) => ({ method: 'GET', path: '/api/me', token, expectStatus: 200 }),
  raw: (ctx) => getProfileRaw(ctx, demoIds.users.resident),
};

/** A coordinator's: the same, after the GetItem that loads the hubs they coordinate (on every signed-in request). */
export const getMeCoordinator: BenchOperation<{ token: string }> = {
  name: 'getMe (coordinator)',
  operationId: 'getMe',
  expected: { requests: 2, readUnits: 1, writeUnits: 0, why: 'GetItem of memberships (hubIds, organisationIds) when signing in the actor + GetItem of the profile' },
  setup: async (ctx) => ({ token: await ctx.tokenFor('coordinator@example.org') }),
  request: ({ token }) => ({ method: 'GET', path: '/api/me', token, expectStatus: 200 }),
  raw: async (ctx) => {
    await getProfileRaw(ctx, demoIds.users.coordinator, 'hubIds, organisationIds');
    return getProfileRaw(ctx, demoIds.users.coordinator);
  },
};

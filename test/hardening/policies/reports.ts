import type { FixtureContext, Policy } from '../policy';
import { hubH2 } from '../world';

/**
 * Reports are read from aggregates: admins see the partnership, coordinators their own hubs, partners their
 * organisation's activities; nobody else sees any. 'own': the caller's own scope (no filter); 'other': a hub
 * the caller does not coordinate. A partner may filter by any hub: they still see only their organisation's
 * figures there.
 */
const readers = ['partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;
const othersAllowed = ['partner', 'admin'] as const;
const scoped = ({ w, who, whose }: FixtureContext): Record<string, string> => {
  if (whose === 'own') return {};
  const owner = w.managed(who, 'other');
  return { hubId: owner.kind === 'hub' ? owner.id : hubH2 };
};

export const reportPolicies: Policy[] = [
  { operationId: 'getReport', allowed: [...readers], othersAllowed: [...othersAllowed], request: async (ctx) => ({ query: scoped(ctx) }) },
  { operationId: 'exportReport', allowed: [...readers], othersAllowed: [...othersAllowed], ok: [200], request: async (ctx) => ({ query: { ...scoped(ctx), by: 'hub' } }) },
  { operationId: 'getGaps', allowed: [...readers], othersAllowed: [...othersAllowed], request: async (ctx) => ({ query: scoped(ctx) }) },
];

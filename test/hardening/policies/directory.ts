import { demoIds } from '../../../functions/local/seed/ids';
import type { FixtureContext, Policy } from '../policy';
import { hubH1, type Owner, orgOwn } from '../world';

/** Activities are managed by their organisation, the coordinators of their hub, and admins. */
const managers = ['partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;
const hubCoordinators = ['coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;
const hubOf = ({ w, who, whose }: FixtureContext) => {
  const o = w.managed(who, whose);
  return o.kind === 'hub' ? o.id : whose === 'own' ? hubH1 : demoIds.hubs.stMarysHall;
};
const orgOf = ({ w, who, whose }: FixtureContext) => {
  const o = w.managed(who, whose);
  return o.kind === 'organisation' ? o.id : whose === 'own' ? orgOwn : demoIds.organisations.mindsTogether;
};
const activityOf = (ctx: FixtureContext) => ctx.w.factories.activity(ctx.w.managed(ctx.who, ctx.whose) as Owner);
const activityBody = (ctx: FixtureContext) => {
  const o = ctx.w.managed(ctx.who, ctx.whose);
  return {
    title: `Walk and Talk ${ctx.w.seq()}`,
    description: 'A gentle walk round the park, then tea.',
    organisationId: o.kind === 'organisation' ? o.id : demoIds.organisations.movingMore,
    hubId: o.kind === 'hub' ? o.id : demoIds.hubs.riversideLibrary,
    priorities: ['social-isolation'],
    cost: { kind: 'free' },
    booking: { mode: 'drop-in', defaultCapacity: 20 },
  };
};
/** The first item's id from an open-data list (they are UUIDs made from our ids). */
const firstOf = async (ctx: FixtureContext, path: string) => {
  const page = await ctx.w.must('anonymous', 'GET', path);
  const id = (page.contents ?? page.items ?? [])[0]?.id;
  if (!id) throw new Error(`${path} listed nothing`);
  return { params: { id } };
};
const everyone = ['everyone'] as const;
const open = (operationId: string, request: Policy['request']): Policy => ({ operationId, allowed: [...everyone], request });

export const directoryPolicies: Policy[] = [
  open('listActivities', async () => ({ query: { hub: hubH1 } })),
  open('getActivity', async ({ w }) => ({ params: { id: w.activityId } })),
  {
    operationId: 'createActivity',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ body: activityBody(ctx) }),
  },
  { operationId: 'listActivitiesDueReview', allowed: ['signedIn'], note: 'each person sees only the activities they manage', request: async () => ({}) },
  { operationId: 'sendReviewReminders', allowed: ['admin'], request: async () => ({}) },
  {
    operationId: 'updateActivity',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: await activityOf(ctx) }, body: { description: 'Now with biscuits.' } }),
  },
  {
    operationId: 'archiveActivity',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: await activityOf(ctx) } }),
  },
  { operationId: 'listActivitiesAwaitingApproval', allowed: ['admin'], request: async () => ({}) },
  {
    operationId: 'approveActivity',
    allowed: ['admin'],
    othersAllowed: ['admin'],
    // the partnership lists activities at once here, so nothing waits: an admin is told so (409), everyone else refused
    ok: [409],
    request: async (ctx) => ({ params: { id: await activityOf(ctx) } }),
  },
  {
    operationId: 'listHubCoordinators',
    allowed: [...hubCoordinators],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: hubOf(ctx) } }),
  },
  { operationId: 'updateOrganisation', allowed: ['admin'], request: async ({ w }) => ({ params: { id: orgOwn }, body: { description: `Changed ${w.seq()}` } }) },
  // each on one made for it: hostile input may archive what it changes, and other fixtures use the seeded ones
  {
    operationId: 'updatePriority',
    allowed: ['admin'],
    request: async ({ w }) => {
      const made = (await w.must('admin', 'POST', '/api/priorities', { body: { label: `Changing ${w.seq()}` } })) as { id: string };
      return { params: { id: made.id }, body: { description: `Changed ${w.seq()}` } };
    },
  },
  {
    operationId: 'updateCareCommunity',
    allowed: ['admin'],
    request: async ({ w }) => {
      const made = (await w.must('admin', 'POST', '/api/care-communities', { body: { name: `Changing ${w.seq()}` } })) as { id: string };
      return { params: { id: made.id }, body: { description: `Changed ${w.seq()}` } };
    },
  },
  { operationId: 'getPartnershipSettings', allowed: ['partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'], request: async () => ({}) },
  { operationId: 'updatePartnershipSettings', allowed: ['admin'], request: async () => ({ body: { newActivitiesNeedApproval: false } }) },
  open('listHubs', async () => ({})),
  {
    operationId: 'createHub',
    allowed: ['admin'],
    request: async ({ w }) => ({
      body: { name: `Hub ${w.seq()}`, careCommunityId: demoIds.careCommunities.westfield, address: { line1: '1 Hill Road', town: 'Hillside', postcode: 'HS1 1AA' }, accessibility: { stepFree: true } },
    }),
  },
  open('getHub', async () => ({ params: { id: hubH1 } })),
  {
    operationId: 'updateHub',
    allowed: [...hubCoordinators],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: hubOf(ctx) }, body: { directions: 'Take the 81 bus.' } }),
  },
  {
    operationId: 'listHubActivities',
    allowed: [...hubCoordinators],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: hubOf(ctx) } }),
  },
  open('listOrganisations', async () => ({})),
  { operationId: 'createOrganisation', allowed: ['admin'], request: async ({ w }) => ({ body: { name: `Grow Together ${w.seq()}` } }) },
  open('getOrganisation', async () => ({ params: { id: orgOwn } })),
  {
    operationId: 'listOrganisationActivities',
    allowed: ['partner', 'admin'],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: orgOf(ctx) } }),
  },
  {
    operationId: 'listOrganisationPeople',
    allowed: ['partner', 'admin'],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: orgOf(ctx) } }),
  },
  open('listPriorities', async () => ({})),
  { operationId: 'createPriority', allowed: ['admin'], request: async ({ w }) => ({ body: { label: `Long Covid ${w.seq()}` } }) },
  // the partnership's postcode extract: a made-up postcode outside the demo area, stored again on each call
  { operationId: 'importPostcodes', allowed: ['admin'], ok: [200], request: async () => ({ body: { rows: [{ line: 2, pcds: 'HX9 9ZZ', lat: '53.7200', long: '-1.8600' }] } }) },
  {
    operationId: 'importDirectory',
    allowed: ['admin'],
    ok: [200],
    note: 'a dry run (apply false), so the matrix writes nothing',
    request: async () => ({
      body: { apply: false, rows: [{ line: 2, organisation: 'Policy Walkers', title: 'Policy walk', description: 'A walk.', priorities: 'social-isolation', hub: 'Riverside Library' }] },
    }),
  },
  {
    operationId: 'readOpenReferralFeed',
    allowed: ['admin'],
    ok: [200],
    request: async () => ({ body: { feed: { contents: [{ id: '0190a7b2-0000-7000-8000-000000000001', name: 'A walk', organization: { name: 'Policy Walkers' } }] } } }),
  },
  open('listCareCommunities', async () => ({})),
  { operationId: 'createCareCommunity', allowed: ['admin'], request: async ({ w }) => ({ body: { name: `Hillside ${w.seq()}` } }) },
  // open data feeds: public by design (Open Referral UK, iCalendar)
  open('getOpenReferralInfo', async () => ({})),
  // getOpenReferralInfoSlash (/api/openreferral/) is served as an alias of getOpenReferralInfo and documented under
  // it, not as a path of its own (functions/lib/openapi.ts); test/api/directory-feeds.test.ts asks both
  open('listOpenReferralServices', async () => ({})),
  open('getOpenReferralService', (ctx) => firstOf(ctx, '/api/openreferral/services')),
  open('listOpenReferralTaxonomies', async () => ({})),
  open('getOpenReferralTaxonomy', (ctx) => firstOf(ctx, '/api/openreferral/taxonomies')),
  open('listOpenReferralTaxonomyTerms', async () => ({})),
  open('getOpenReferralTaxonomyTerm', (ctx) => firstOf(ctx, '/api/openreferral/taxonomy_terms')),
  open('listOpenReferralServiceAtLocations', async () => ({})),
  open('getOpenReferralServiceAtLocation', (ctx) => firstOf(ctx, '/api/openreferral/service_at_locations')),
  // keeping listings true: problem reports, "still correct", claims
  {
    operationId: 'reportProblem',
    allowed: [...everyone],
    note: 'anyone who reads a listing may say it is wrong (signed in or not); it goes to the listing’s people',
    request: async (ctx) => ({ params: { id: await activityOf(ctx) }, body: { reason: 'contact-details-wrong', note: 'The phone number does not answer.' } }),
  },
  {
    operationId: 'listProblemReports',
    allowed: [...managers],
    note: 'each sees only the reports on listings they look after (admins: all); residents, volunteers and link workers are refused',
    request: async () => ({}),
  },
  {
    operationId: 'resolveProblemReport',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => {
      const id = await activityOf(ctx);
      const report = await ctx.w.must('anonymous', 'POST', `/api/activities/${id}/problems`, { body: { reason: 'information-unclear' } });
      return { params: { id, reportId: report.id }, body: { resolution: 'Made the times clearer.' } };
    },
  },
  {
    operationId: 'confirmActivityStillCorrect',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: await activityOf(ctx) } }),
  },
  {
    operationId: 'claimActivity',
    allowed: ['partner'],
    othersAllowed: [],
    note: "'own': a listing claimed for the organisation the partner acts for; 'other': for an organisation they do not. Admins give a listing to an organisation by changing it, not by claiming",
    request: async (ctx) => ({ params: { id: await ctx.w.factories.activity({ kind: 'hub', id: hubH1 }) }, body: { organisationId: orgOf(ctx), note: 'We run this group now.' } }),
  },
  { operationId: 'listClaims', allowed: ['admin'], request: async () => ({}) },
  {
    operationId: 'decideClaim',
    allowed: ['admin'],
    request: async ({ w }) => {
      const id = await w.factories.activity({ kind: 'hub', id: hubH1 });
      await w.must('partner', 'POST', `/api/activities/${id}/claims`, { body: { organisationId: orgOwn } });
      return { params: { id, organisationId: orgOwn }, body: { approve: false } };
    },
  },
  open('getActivityCalendar', async ({ w }) => ({ params: { id: w.activityId } })),
  open('getHubCalendar', async () => ({ params: { id: hubH1 } })),
];

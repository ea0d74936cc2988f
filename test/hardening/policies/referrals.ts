import { demoActivities } from '../../../functions/local/seed/directory';
import { demoSessionId } from '../../../functions/local/seed/sessions';
import type { FixtureContext, Policy } from '../policy';

/**
 * Referrals hold residents' health-related data. Link workers see their own caseload in full and the
 * unassigned queue in summary; admins see summaries, and personal details only giving a reason; nobody
 * else sees anything.
 */
const staff = ['linkworker', 'admin'] as const;
const reason = { reason: 'Hardening check' };

/** A referral assigned to the acting link worker ('own'), or to another link worker ('other'). */
const referralFor = ({ w, who, whose }: FixtureContext) => w.factories.referral(whose === 'own' && who === 'linkworker' ? w.as.linkworker : w.others.linkworker2);
/** A person recorded by the acting link worker ('own'), or by another link worker ('other'). */
const personFor = ({ w, who, whose }: FixtureContext) => w.factories.person(whose === 'own' && who === 'linkworker' ? w.as.linkworker : w.others.linkworker2);

/** The third seeded session of the first demo activity that takes reservations: two weeks out, so its booking window is open. */
const bookableSession = demoSessionId(demoActivities.find((a) => a.booking.mode === 'reserve')!.id, 2);

export const referralPolicies: Policy[] = [
  { operationId: 'createReferral', allowed: [...staff], request: async ({ w }) => ({ body: w.factories.referralBody() }) },
  { operationId: 'listReferrals', allowed: [...staff], request: async () => ({}) },
  { operationId: 'getReferralOutcomes', allowed: ['admin'], request: async () => ({}) },
  { operationId: 'countReferralQueues', allowed: ['admin'], request: async () => ({}) },
  { operationId: 'getCaseloadOutcomes', allowed: ['linkworker'], note: 'counts and medians of the link worker’s own caseload', request: async () => ({}) },
  {
    operationId: 'getReferral',
    allowed: [...staff],
    othersAllowed: ['admin'],
    note: 'admins get the summary only, unless they give a reason',
    request: async (ctx) => ({ params: { id: (await referralFor(ctx)).id } }),
  },
  {
    operationId: 'updateReferral',
    allowed: ['linkworker'],
    othersAllowed: [],
    note: 'only the link worker the referral is assigned to',
    request: async (ctx) => {
      const r = await referralFor(ctx);
      return { params: { id: r.id }, body: { version: r.version, note: 'Left a voicemail' } };
    },
  },
  {
    operationId: 'assignReferral',
    allowed: [...staff],
    othersAllowed: ['admin'],
    note: "'own': an unassigned referral a link worker takes for themself (an admin assigns it to a link worker); 'other': one held by another link worker",
    request: async (ctx) => {
      const { w, who, whose } = ctx;
      const id = whose === 'own' ? (await w.factories.referral(w.as.admin)).id : (await referralFor(ctx)).id;
      return { params: { id }, body: who === 'admin' ? { linkWorkerId: w.as.linkworker.userId } : {} };
    },
  },
  {
    operationId: 'bookOnBehalf',
    allowed: ['linkworker'],
    othersAllowed: [],
    request: async (ctx) => ({ params: { id: (await referralFor(ctx)).id }, body: { sessionId: bookableSession } }),
  },
  {
    operationId: 'getReferralLetter',
    allowed: [...staff],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: (await referralFor(ctx)).id }, query: reason }),
  },
  { operationId: 'listReferralAudit', allowed: ['admin'], request: async (ctx) => ({ params: { id: (await referralFor(ctx)).id } }) },
  {
    operationId: 'selfRefer',
    allowed: ['everyone'],
    note: 'rate limited per person or address (5 an hour): the matrix sends at most 2 per sender. The clock is not moved: policies run side by side, and sessions and check-ins depend on the day',
    request: async () => {
      return {
        body: {
          name: 'Sam Self',
          phone: '07700 900461',
          contactPreferences: { methods: ['phone'] },
          reasons: ['loneliness'],
          whatMattersToMe: 'Company',
          consent: { agreed: true, sharing: ['link-worker-team'] },
        },
      };
    },
  },
  { operationId: 'listMySelfReferrals', allowed: ['signedIn'], request: async () => ({}) },
  { operationId: 'createPerson', allowed: [...staff], request: async () => ({ body: { name: 'Ivy Marsh', contactPreferences: { methods: ['letter'] } } }) },
  { operationId: 'getPerson', allowed: [...staff], othersAllowed: ['admin'], request: async (ctx) => ({ params: { id: await personFor(ctx) }, query: reason }) },
  { operationId: 'updatePerson', allowed: [...staff], othersAllowed: ['admin'], request: async (ctx) => ({ params: { id: await personFor(ctx) }, body: { name: 'Ivy March' } }) },
];

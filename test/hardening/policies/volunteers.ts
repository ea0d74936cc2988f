import type { FixtureContext, Policy, Who } from '../policy';
import { type Owner, orgOther } from '../world';

/** Roles, applications, checks, shifts and hours are run by their owner: a hub's coordinators or an organisation's partners (and admins). */
const managers = ['partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;
const isManager = (who: Who) => (managers as readonly string[]).includes(who);
const owner = (ctx: FixtureContext): Owner => ctx.w.managed(ctx.who, ctx.whose);
/** Roles run by Minds Together (whose partner is not in the cast), for the cast to volunteer in. */
const elsewhere: Owner = { kind: 'organisation', id: orgOther };
const ownerQuery = (o: Owner): Record<string, string> => (o.kind === 'hub' ? { hubId: o.id } : { organisationId: o.id });

/**
 * An application the role may see: for managers, somebody's application to a role they run ('own') or
 * to a role somebody else runs ('other'); for everyone else, their own ('own') or somebody else's ('other').
 */
async function applicationFor(ctx: FixtureContext, opts: { dateOfBirth?: string } = {}) {
  const { w, who, whose } = ctx;
  if (isManager(who)) return w.factories.application(owner(ctx), await w.factories.newcomer(), opts);
  // the cast's own dates of birth stay as first given (a different one would wait for a coordinator to confirm)
  if (whose === 'own' && who !== 'anonymous' && !opts.dateOfBirth) return w.factories.application(elsewhere, w.as[who], opts);
  return w.factories.application(elsewhere, await w.factories.newcomer(), opts);
}

/** A role the acting person is approved for ('own'), or one they are not ('other'). */
async function approvedRole(ctx: FixtureContext) {
  const { w, who, whose } = ctx;
  if (whose === 'own' && who !== 'anonymous') return (await w.factories.application(elsewhere, w.as[who], { approve: true })).roleId;
  return w.factories.role(elsewhere);
}

const applicationParams = (a: { roleId: string; volunteerId: string }) => ({ params: { roleId: a.roleId, volunteerId: a.volunteerId } });

export const volunteerPolicies: Policy[] = [
  { operationId: 'listRoles', allowed: ['everyone'], request: async () => ({}) },
  { operationId: 'getRole', allowed: ['everyone'], note: 'open roles are public', request: async ({ w }) => ({ params: { roleId: await w.factories.role(elsewhere) } }) },
  {
    operationId: 'createRole',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({
      body: {
        owner: owner(ctx),
        title: 'Gardener',
        description: 'Keep the beds tidy.',
        location: 'Garden',
        commitment: 'An hour a week',
        minimumAge: 16,
        requirements: { dbs: 'none', training: [], references: false },
      },
    }),
  },
  {
    operationId: 'updateRole',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { roleId: await ctx.w.factories.role(owner(ctx)) }, body: { commitment: 'Two hours a month' } }),
  },
  {
    operationId: 'applyForRole',
    allowed: ['signedIn'],
    note: 'anyone signed in may apply for an open role',
    // the cast's date of birth as every other fixture gives it (a different one would wait for a coordinator to confirm)
    request: async ({ w }) => ({ params: { roleId: await w.factories.role(elsewhere) }, body: { availability: 'Weekends', statement: 'I like people.', dateOfBirth: '1980-05-01' } }),
  },
  {
    operationId: 'getApplication',
    allowed: ['signedIn'],
    othersAllowed: ['admin'],
    note: 'the applicant and the people who run the role',
    request: async (ctx) => applicationParams(await applicationFor(ctx)),
  },
  {
    operationId: 'reviewApplication',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ ...applicationParams(await applicationFor(ctx)), body: { decision: 'approve' } }),
  },
  {
    operationId: 'recordGuardianConsent',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({
      ...applicationParams(await applicationFor(ctx, { dateOfBirth: '2009-06-01' })),
      body: { guardianName: 'Pat Parent', relationship: 'Mother', givenOn: ctx.w.today(), method: 'signed-form' },
    }),
  },
  {
    operationId: 'decideDateOfBirth',
    allowed: [...managers],
    othersAllowed: ['admin'],
    note: 'a volunteer corrected their date of birth on a second application; the role’s managers confirm it (never their own)',
    request: async (ctx) => {
      const { w } = ctx;
      const o = isManager(ctx.who) ? owner(ctx) : elsewhere;
      const volunteer = await w.factories.newcomer();
      await w.factories.application(o, volunteer, { dateOfBirth: '1980-05-01' });
      return { ...applicationParams(await w.factories.application(o, volunteer, { dateOfBirth: '1981-05-01' })), body: { decision: 'confirm' } };
    },
  },
  {
    operationId: 'listApplications',
    allowed: [...managers],
    othersAllowed: ['admin'],
    note: 'without hubId/organisationId everyone lists only their own applications',
    request: async (ctx) => ({ query: ownerQuery(owner(ctx)) }),
  },
  {
    operationId: 'recordVolunteerCheck',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => {
      const a = await applicationFor(ctx);
      return { body: { volunteerId: a.volunteerId, type: 'references', outcome: 'clear', checkedOn: ctx.w.today() } };
    },
  },
  {
    operationId: 'listVolunteerChecks',
    allowed: ['signedIn'],
    othersAllowed: ['admin'],
    note: 'the volunteer themself, and the people running a role they applied for',
    request: async (ctx) => ({ query: { volunteerId: (await applicationFor(ctx)).volunteerId } }),
  },
  { operationId: 'listChecksDue', allowed: [...managers], othersAllowed: ['admin'], request: async (ctx) => ({ query: ownerQuery(owner(ctx)) }) },
  {
    operationId: 'createShift',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => {
      const roleId = await ctx.w.factories.role(owner(ctx));
      return { body: { owner: owner(ctx), title: 'Café', location: 'Hall', date: ctx.w.inDays(12), startTime: '10:00', endTime: '12:00', places: [{ roleId, places: 3 }] } };
    },
  },
  { operationId: 'listShifts', allowed: ['everyone'], request: async () => ({}) },
  {
    operationId: 'getShift',
    allowed: ['everyone'],
    note: 'sign-ups are shown only to the people running it',
    request: async ({ w }) => ({ params: { shiftId: (await w.factories.shift(elsewhere)).shiftId } }),
  },
  {
    operationId: 'signUpForShift',
    allowed: ['signedIn'],
    othersAllowed: [],
    otherwise: [401, 403, 404, 422],
    note: "'other': a shift of a role the person is not approved for",
    request: async (ctx) => {
      const roleId = await approvedRole(ctx);
      const { shiftId } = await ctx.w.factories.shift(elsewhere, roleId);
      return { params: { shiftId }, body: { roleId } };
    },
  },
  {
    operationId: 'withdrawFromShift',
    allowed: ['signedIn'],
    othersAllowed: [],
    note: "'other': a shift somebody else signed up to",
    request: async ({ w, who, whose }) => {
      const volunteer = whose === 'own' && who !== 'anonymous' ? w.as[who] : await w.factories.newcomer();
      const { shiftId } = await w.factories.signedUp(elsewhere, volunteer);
      return { params: { shiftId }, body: {} };
    },
  },
  { operationId: 'getMyVolunteering', allowed: ['signedIn'], request: async () => ({}) },
  {
    operationId: 'logVolunteerHours',
    allowed: ['signedIn'],
    othersAllowed: [],
    otherwise: [401, 403, 404, 422],
    note: "'other': a role the person is not approved for",
    request: async (ctx) => ({ body: { roleId: await approvedRole(ctx), date: ctx.w.today(), hours: 1.5 } }),
  },
  { operationId: 'listHoursToApprove', allowed: [...managers], othersAllowed: ['admin'], request: async (ctx) => ({ query: ownerQuery(owner(ctx)) }) },
  {
    operationId: 'approveVolunteerHours',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { hoursId: await ctx.w.factories.hours(owner(ctx), await ctx.w.factories.newcomer()) }, body: { decision: 'approve' } }),
  },
  {
    operationId: 'createCalendarLink',
    allowed: ['signedIn'],
    note: 'for the caller themself (once they have applied for a role)',
    request: async ({ w, who }) => {
      if (who !== 'anonymous') await w.factories.application(elsewhere, w.as[who]);
      return {};
    },
  },
  {
    operationId: 'getVolunteerCalendar',
    allowed: ['everyone'],
    note: 'a private capability link: whoever holds the token',
    request: async ({ w }) => {
      const volunteer = await w.factories.newcomer();
      await w.factories.application(elsewhere, volunteer);
      const { calendarUrl } = await w.must(volunteer, 'POST', '/api/volunteering/calendar-link');
      return { params: { token: String(calendarUrl).split('/').pop()! } };
    },
  },
];

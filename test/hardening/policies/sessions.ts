import type { FixtureContext, Policy } from '../policy';
import { hubH1 } from '../world';

/**
 * Sessions are public to read (the timetable); only the activity's managers (its organisation, the
 * coordinators of its hub) and admins schedule, change or cancel them.
 */
const managers = ['partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;
const h1 = { kind: 'hub', id: hubH1 } as const;

/** An activity run by the hub/organisation `who` manages ('own') or one they do not ('other'). */
const activityOf = (ctx: FixtureContext) => ctx.w.factories.bookableActivity(ctx.w.managed(ctx.who, ctx.whose));
/** A fresh session of such an activity (a cancel or a change must not spoil the next role's attempt). */
const sessionOf = async (ctx: FixtureContext) => (await ctx.w.factories.session(ctx.w.managed(ctx.who, ctx.whose))).id;
const schedule = (ctx: FixtureContext) => ({ startDate: ctx.w.inDays(5 + (ctx.w.seq() % 20)), startTime: '10:00', durationMinutes: 60 });

export const sessionPolicies: Policy[] = [
  {
    operationId: 'scheduleSessions',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { activityId: await activityOf(ctx) }, body: schedule(ctx) }),
  },
  {
    operationId: 'previewSessions',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { activityId: await activityOf(ctx) }, body: { ...schedule(ctx), rrule: 'FREQ=WEEKLY;COUNT=4' } }),
  },
  { operationId: 'listSessions', allowed: ['everyone'], request: async ({ w }) => ({ params: { activityId: await w.factories.bookableActivity(h1) } }) },
  { operationId: 'getSession', allowed: ['everyone'], request: async ({ w }) => ({ params: { sessionId: (await w.factories.session(h1)).id } }) },
  { operationId: 'getSessionCalendar', allowed: ['everyone'], request: async ({ w }) => ({ params: { sessionId: (await w.factories.session(h1)).id } }) },
  {
    operationId: 'updateSession',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { sessionId: await sessionOf(ctx) }, body: { capacity: 20 } }),
  },
  {
    operationId: 'cancelSession',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { sessionId: await sessionOf(ctx) }, body: { reason: 'The hall is flooded.' } }),
  },
];

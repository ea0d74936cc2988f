import type { FixtureContext, Policy } from '../policy';

/**
 * A register is taken by the activity's managers (its organisation, its hub's coordinators), admins, and the
 * volunteers on a shift (run by the session's own hub) that helps run that session. No-show lists: the hub's
 * coordinators or the organisation's staff.
 */
const takers = ['volunteer', 'partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * A stranger's booking in a new session of an activity the role runs ('own'; for the volunteer, one they are
 * on shift for) or does not ('other'). `today`: the session is later today, so check-in is open. Each
 * session has a slot of its own (ten minutes, in the afternoon): the volunteer cannot be on overlapping shifts.
 */
async function registerOf({ w, who, whose }: FixtureContext, today = false) {
  const owner = w.managed(who, whose);
  const n = w.seq();
  const start = today ? 12 * 60 + (n % 40) * 15 : 13 * 60 + (Math.floor(n / 20) % 36) * 15;
  const slot = { inDays: today ? 0 : 3 + (n % 20), startTime: hhmm(start), durationMinutes: 10 };
  const r = await w.factories.reservation(owner, await w.factories.stranger(), slot);
  if (who === 'volunteer' && whose === 'own') await w.factories.onShift(owner, w.as.volunteer, { id: r.sessionId, localDate: r.localDate }, slot.startTime, hhmm(start + 10));
  return r;
}
const deviceId = (ctx: FixtureContext, prefix: string) => `${prefix}-${ctx.w.seq()}-${Date.now().toString(36)}`;

export const attendancePolicies: Policy[] = [
  {
    operationId: 'getRegister',
    allowed: [...takers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { sessionId: (await registerOf(ctx)).sessionId } }),
  },
  {
    operationId: 'recordAttendance',
    allowed: [...takers],
    othersAllowed: ['admin'],
    request: async (ctx) => {
      const r = await registerOf(ctx);
      return {
        params: { sessionId: r.sessionId },
        body: { marks: [{ markId: deviceId(ctx, 'mark'), personId: r.personId, status: 'attended', markedAt: ctx.w.clock.now().toISOString() }] },
      };
    },
  },
  {
    operationId: 'recordWalkIn',
    allowed: [...takers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({
      params: { sessionId: (await registerOf(ctx)).sessionId },
      body: { walkInId: deviceId(ctx, 'walk'), count: 2, ageBand: '65-79', markedAt: ctx.w.clock.now().toISOString() },
    }),
  },
  {
    operationId: 'checkIn',
    allowed: [...takers],
    othersAllowed: ['admin'],
    note: "a booking for tonight's session, checked in by its code at the door",
    request: async (ctx) => {
      const r = await registerOf(ctx, true);
      return { body: { sessionId: r.sessionId, code: r.checkInCode } };
    },
  },
  {
    operationId: 'listRepeatedNoShows',
    allowed: ['partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'],
    othersAllowed: ['admin'],
    request: async ({ w, who, whose }) => {
      const owner = w.managed(who, whose);
      return { query: { [owner.kind === 'hub' ? 'hubId' : 'organisationId']: owner.id } };
    },
  },
];

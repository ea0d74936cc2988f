import type { FixtureContext, Policy } from '../policy';

/**
 * A register is taken by the activity's managers (its organisation, its hub's coordinators), admins, and the
 * volunteers on a shift (run by the session's own hub) that helps run that session. No-show lists: the hub's
 * coordinators or the organisation's staff.
 */
const takers = ['volunteer', 'partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;

/** The London wall-clock time ("HH:MM") of an instant. */
const londonTime = (at: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

/**
 * A stranger's booking in a new session of an activity the role runs ('own'; for the volunteer, one they are
 * on shift for) or does not ('other'). A register takes marks from 30 minutes before its session starts, and
 * booking closes at the start, so each session starts today between 1 and 29 minutes after the world's
 * clock (a different minute for each of 29 in turn) and lasts six hours: its register is open now, check-in is
 * open (it is today) and the stranger could still book it. The volunteer's shift on it is ten minutes within
 * the session, from half an hour ahead in a slot of its own (the next of 30 in turn): the volunteer cannot be
 * on overlapping shifts, and a shift must start in the future, on the session's day, no later than it ends.
 */
let shiftSlots = 0;
async function registerOf({ w, who, whose }: FixtureContext) {
  const owner = w.managed(who, whose);
  const n = w.seq();
  const now = Math.ceil(w.clock.now().getTime() / 60_000) * 60_000;
  const at = (minutes: number) => new Date(now + minutes * 60_000);
  const slot = { inDays: 0, startTime: londonTime(at(1 + (n % 29))), durationMinutes: 6 * 60 };
  const r = await w.factories.reservation(owner, await w.factories.stranger(), slot);
  if (who === 'volunteer' && whose === 'own') {
    const shiftStart = 30 + (shiftSlots++ % 30) * 10;
    await w.factories.onShift(owner, w.as.volunteer, { id: r.sessionId, localDate: r.localDate }, londonTime(at(shiftStart)), londonTime(at(shiftStart + 10)));
  }
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
      const r = await registerOf(ctx);
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

import { newId } from '../../../functions/lib/ids';
import type { FixtureContext, Policy } from '../policy';

/**
 * Anyone signed in books a place for themself. Booking for someone else: link workers and admins anyone,
 * an activity's managers at their own activities. A reservation is handled (cancelled, an offer accepted)
 * by the person, whoever booked it, the activity's managers and admins: not by other residents, and not by
 * any link worker who did not book it.
 */
const managers = ['partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;
const booking = () => ({ 'idempotency-key': newId() });

/**
 * 'own': the role's own booking (residents, volunteers, link workers book for themselves), or for managers a
 * stranger's booking at an activity they run. 'other': a stranger's booking at an activity the role does not run.
 */
async function reservationOf(ctx: FixtureContext, offered = false): Promise<string> {
  const { w, who, whose } = ctx;
  const owner = w.managed(who, whose);
  const self = whose === 'own' && (who === 'resident' || who === 'volunteer' || who === 'linkworker');
  const person = self ? w.as[who] : await w.factories.stranger();
  return offered ? w.factories.offer(owner, person) : (await w.factories.reservation(owner, person)).id;
}

export const reservationPolicies: Policy[] = [
  {
    operationId: 'reserveSeat',
    allowed: ['signedIn'],
    othersAllowed: ['linkworker', 'admin'],
    note: "'own': a place for yourself; 'other': a place for somebody else at an activity you do not run (managers may book for others only at their own)",
    request: async ({ w, who, whose }) => {
      const sessionId = (await w.factories.session(w.managed(who, whose))).id;
      return { params: { sessionId }, body: whose === 'own' ? {} : { personId: (await w.factories.someone()).userId }, headers: booking() };
    },
  },
  {
    operationId: 'listSessionReservations',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async ({ w, who, whose }) => ({ params: { sessionId: (await w.factories.reservation(w.managed(who, whose), await w.factories.stranger())).sessionId } }),
  },
  {
    operationId: 'cancelReservation',
    allowed: ['signedIn'],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { id: await reservationOf(ctx) } }),
  },
  {
    operationId: 'acceptOffer',
    allowed: ['signedIn'],
    othersAllowed: ['admin'],
    note: 'a place offered from the waitlist of a one-place session after its holder gave it up',
    request: async (ctx) => ({ params: { id: await reservationOf(ctx, true) } }),
  },
  { operationId: 'listMyReservations', allowed: ['signedIn'], request: async () => ({}) },
  {
    operationId: 'reserveCourse',
    allowed: ['signedIn'],
    othersAllowed: ['linkworker', 'admin'],
    note: "'own': every session of a two-session course for yourself; 'other': for somebody else, at a course you do not run",
    request: async ({ w, who, whose }) => {
      const activityId = await w.factories.course(w.managed(who, whose));
      return { params: { activityId }, body: { mode: 'all-or-nothing', ...(whose === 'own' ? {} : { personId: (await w.factories.someone()).userId }) } };
    },
  },
];

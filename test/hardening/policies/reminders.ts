import { newId } from '../../../functions/lib/ids';
import { type PlaceCheck, putReminder } from '../../../functions/reminders/data';
import { getSession } from '../../../functions/sessions/data';
import type { FixtureContext, Policy } from '../policy';
import { hubH1, type Owner } from '../world';

/**
 * Reminders, place checks, the hub's texts and communication needs. An activity's reminder settings are its
 * managers' (its organisation's partners, its hub's coordinators) and the admins'. A place check is answered
 * through the link in the reminder: the key in it is the only credential (no sign-in), so whoever holds the
 * link may answer, and nobody without the key learns anything (404). A hub's texts are its coordinators' and
 * the admins'. Communication needs are only ever the caller's own (the path names no person).
 */
const managers = ['partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;
const hubCoordinators = ['coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;

const activityOf = (ctx: FixtureContext) => ctx.w.factories.activity(ctx.w.managed(ctx.who, ctx.whose) as Owner);
const hubOf = ({ w, who, whose }: FixtureContext) => {
  const o = w.managed(who, whose);
  return o.kind === 'hub' ? o.id : hubH1;
};
const settings = {
  reminders: [
    { daysBefore: 7, hoursBefore: 0 },
    { daysBefore: 1, hoursBefore: 0 },
  ],
  confirm: true,
  replyByHoursBefore: 48,
  noAnswer: 'flag',
};

/**
 * A booking asked "are you still coming?": a stranger's confirmed place, with the question written as the
 * reminder job writes it (with its message, in one transaction). 'own' sends the key from the link; 'other'
 * sends a key that is not this check's (someone else's link).
 */
async function placeCheck({ w }: FixtureContext, whose: 'own' | 'other') {
  const owner: Owner = { kind: 'hub', id: hubH1 };
  const booked = await w.factories.reservation(owner, await w.factories.stranger());
  const session = (await getSession(w.p.deps.db, booked.sessionId, true))!;
  const now = w.clock.now();
  const check: PlaceCheck = {
    reservationId: booked.id,
    sessionId: booked.sessionId,
    personId: booked.personId,
    activityId: session.activityId,
    activityTitle: session.activityTitle,
    ...(session.hubId ? { hubId: session.hubId } : {}),
    startsAt: session.startsAt,
    replyBy: new Date(Date.parse(session.startsAt) - 48 * 3_600_000).toISOString(),
    noAnswer: 'flag',
    key: `key${newId()}`,
    state: 'asked',
    askedAt: now.toISOString(),
  };
  const message = { toUserId: booked.personId, kind: 'reminder.session', subject: `Reminder: ${session.activityTitle}`, text: 'Are you still coming?' };
  await putReminder(w.p.deps.db, message, `reminder-${booked.id}-hardening`, now, check);
  return { reservationId: booked.id, key: whose === 'own' ? check.key : `key${newId()}` };
}

export const reminderPolicies: Policy[] = [
  {
    operationId: 'getReminderSettings',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { activityId: await activityOf(ctx) } }),
  },
  {
    operationId: 'setReminderSettings',
    allowed: [...managers],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { activityId: await activityOf(ctx) }, body: settings }),
  },
  {
    operationId: 'getPlaceCheck',
    allowed: ['everyone'],
    othersAllowed: [],
    otherwise: [404],
    note: "the key in the reminder's link is the credential: with it anyone may read the question (a carer may hold the email), without it nobody",
    request: async (ctx) => {
      const { reservationId, key } = await placeCheck(ctx, ctx.whose);
      return { params: { reservationId }, query: { key } };
    },
  },
  {
    operationId: 'answerPlaceCheck',
    allowed: ['everyone'],
    othersAllowed: [],
    otherwise: [404],
    note: "as getPlaceCheck: the link's key, not the sign-in, says whose place it is",
    request: async (ctx) => {
      const { reservationId, key } = await placeCheck(ctx, ctx.whose);
      return { params: { reservationId }, body: { key, answer: 'yes' } };
    },
  },
  {
    operationId: 'listHubTexts',
    allowed: [...hubCoordinators],
    othersAllowed: ['admin'],
    note: 'texts name people and their numbers: only the hub’s coordinators and the admins read them',
    request: async (ctx) => ({ params: { hubId: hubOf(ctx) } }),
  },
  { operationId: 'getMyCommunication', allowed: ['signedIn'], ok: [200], request: async () => ({}) },
  {
    operationId: 'setMyCommunication',
    allowed: ['signedIn'],
    ok: [200],
    note: 'writes only the caller’s own choices (the path names no person)',
    request: async () => ({ body: { channel: 'email', needs: ['large-print'] } }),
  },
];

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { communicationOf, getCommunication, getProfile, getProfileSummaries, putCommunication } from '../accounts/data';
import { getActivity } from '../directory/data';
import { type Actor, canManageActivity, coordinatesHub, isAdmin } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Forbidden, InvalidInput, NotFound, RuleViolation } from '../lib/errors';
import { newId } from '../lib/ids';
import { putMessageOnce } from '../lib/outbox';
import { listReservationsOfSession } from '../reservations/data';
import type { Reservation } from '../reservations/schema';
import { cancelReservation } from '../reservations/service';
import * as sessions from '../sessions/data';
import { addDays, londonDate } from '../sessions/rules';
import type { Session } from '../sessions/schema';
import { listShiftsStarting, listSignUpsFor } from '../volunteers/data';
import { withdrawFromShift } from '../volunteers/service';
import * as data from './data';
import { confirmLink, helpMessage, keptMessage, reminderMessage, shiftAskMessage, shiftKeptMessage, tooLateMessage } from './messages';
import { communicationProblems, communicationRecord, communicationViewOf, dueReminder, furthestDays, normalisePhone, readReply, replyByOf, settingsProblems } from './rules';
import {
  type CommunicationInput,
  type CommunicationView,
  defaultReminderSettings,
  type InboundResult,
  type InboundText,
  type InboxItemView,
  type PlaceCheckView,
  type ReminderSettingsInput,
  type ReminderSettingsView,
} from './schema';

/** The person, acting on their own booking: a reply or a click from their reminder is theirs. */
const asPerson = (personId: string): Actor => ({ userId: personId, roles: ['resident'], hubIds: [], organisationIds: [] });

// ---------- settings ----------

async function managedActivity(deps: AppDeps, actor: Actor, activityId: string) {
  const activity = await getActivity(deps.db, activityId);
  if (!activity) throw new NotFound('That activity');
  if (!canManageActivity(actor, activity)) throw new Forbidden('Only the coordinators and partners who run this activity can change its reminders.');
  return activity;
}

const settingsOf = (stored: ReminderSettingsInput | undefined): ReminderSettingsInput =>
  stored ? { reminders: stored.reminders, confirm: stored.confirm, replyByHoursBefore: stored.replyByHoursBefore, noAnswer: stored.noAnswer } : defaultReminderSettings;

export async function getReminderSettings(deps: AppDeps, actor: Actor, activityId: string): Promise<ReminderSettingsView> {
  const activity = await managedActivity(deps, actor, activityId);
  const stored = await data.getSettings(deps.db, activityId);
  return { activityId, activityTitle: activity.title, ...settingsOf(stored), usingDefaults: !stored };
}

export async function setReminderSettings(deps: AppDeps, actor: Actor, activityId: string, input: ReminderSettingsInput): Promise<ReminderSettingsView> {
  const activity = await managedActivity(deps, actor, activityId);
  const problems = settingsProblems(input);
  if (problems.length) throw new InvalidInput(problems);
  const reminders = [...input.reminders].sort((a, b) => b.daysBefore * 24 + b.hoursBefore - (a.daysBefore * 24 + a.hoursBefore));
  await data.putSettings(deps.db, { ...input, reminders, activityId, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.userId });
  return { activityId, activityTitle: activity.title, ...input, reminders, usingDefaults: false };
}

// ---------- the reminder job ----------

/**
 * Sends each booking the reminder due now (the activity's reminder times, defaults 7 days and 1 day before),
 * once: the message's id names the booking, the session's start and the reminder time, and is written only
 * if it does not exist, so a re-run or a replayed stream record sends nothing more. With "confirm you're
 * coming" on, a reminder before the reply-by time asks, and the question (a place check) is written with it.
 */
export async function sendReminders(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const settings = new Map<string, ReminderSettingsInput>();
  const settingsFor = async (activityId: string) => {
    if (!settings.has(activityId)) settings.set(activityId, settingsOf(await data.getSettings(deps.db, activityId)));
    return settings.get(activityId)!;
  };
  let sent = 0;
  const horizon = furthestDays([defaultReminderSettings, { reminders: [{ daysBefore: 14, hoursBefore: 23 }] }]);
  for (let d = 0; d <= horizon; d++) {
    for (const s of await sessions.listSessionsOn(deps.db, addDays(today, d))) {
      if (s.status !== 'scheduled' || s.startsAt <= now.toISOString()) continue;
      const set = await settingsFor(s.activityId);
      const due = dueReminder(set, s.startsAt, '1970-01-01T00:00:00.000Z', now);
      if (!due || (await data.remindersDone(deps.db, s.id, s.startsAt, due.hoursBefore))) continue;
      for (const r of await listReservationsOfSession(deps.db, s.id)) {
        if (r.status !== 'confirmed') continue;
        if (await remindOne(deps, s, r, set, now)) sent++;
      }
      await data.markRemindersDone(deps.db, s.id, s.startsAt, due.hoursBefore, now);
    }
  }
  return sent;
}

async function remindOne(deps: AppDeps, s: Session, r: Reservation, set: ReminderSettingsInput, now: Date): Promise<boolean> {
  const due = dueReminder(set, s.startsAt, r.promotedAt ?? r.createdAt, now);
  if (!due) return false;
  const messageId = `reminder-${r.id}-${s.startsAt}-${due.hoursBefore}h`;
  const replyBy = replyByOf(set, s.startsAt);
  const asking = set.confirm && now.toISOString() < replyBy;
  const forHub = (m: ReturnType<typeof reminderMessage>) => (s.hubId ? { ...m, hubId: s.hubId } : m);
  if (!asking) return data.putReminder(deps.db, forHub(reminderMessage(s, r.personId)), messageId, now);
  const existing = await data.getPlaceCheck(deps.db, r.id);
  if (existing && existing.state !== 'asked') {
    // answered already: a plain reminder
    return data.putReminder(deps.db, forHub(reminderMessage(s, r.personId)), messageId, now);
  }
  let check: data.PlaceCheck | undefined;
  if (!existing) {
    const [profile, comms] = await Promise.all([getProfile(deps.db, r.personId), getCommunication(deps.db, r.personId)]);
    const byText = comms ? comms.channel === 'text' : profile?.contactPreference === 'sms';
    const phone = byText && profile?.phone ? normalisePhone(profile.phone) : undefined;
    // as delivery will send it (messages/deliver.ts): a call or letter by the hub, a text, or else email
    const channel = comms && profile && (comms.channel === 'phone' || comms.channel === 'letter') ? comms.channel : phone ? 'text' : 'email';
    check = {
      reservationId: r.id,
      sessionId: s.id,
      personId: r.personId,
      activityId: s.activityId,
      activityTitle: s.activityTitle,
      organisationId: s.organisationId,
      channel,
      ...(s.hubId ? { hubId: s.hubId } : {}),
      startsAt: s.startsAt,
      replyBy,
      noAnswer: set.noAnswer,
      key: randomBytes(24).toString('base64url'),
      ...(phone ? { phone } : {}),
      state: 'asked',
      askedAt: now.toISOString(),
    };
  }
  const key = existing?.key ?? check!.key;
  const message = forHub(reminderMessage(s, r.personId, { replyBy, noAnswer: set.noAnswer, link: confirmLink(deps.config.siteOrigin, r.id, key) }));
  return data.putReminder(deps.db, message, messageId, now, check);
}

// ---------- volunteers' shifts: still coming? ----------

const hour = 3_600_000;
/** Volunteers are asked two days before a shift, and may answer until the day before; no answer only flags them. */
export const shiftAskHours = 48;
export const shiftReplyByHours = 24;

/**
 * Each volunteer on an open shift that starts in one to two days is asked, once, whether they are still coming:
 * by text when that is how they hear from us (a reply YES or NO answers), otherwise by email with a link. The
 * sign-up's check is written with the message, so a repeated run asks nobody twice.
 */
export async function askShiftVolunteers(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const from = new Date(now.getTime() + shiftReplyByHours * hour).toISOString();
  const to = new Date(now.getTime() + shiftAskHours * hour).toISOString();
  let asked = 0;
  for (const shift of (await listShiftsStarting(deps.db, from, to)).filter((s) => s.status === 'open')) {
    for (const signUp of await listSignUpsFor(deps.db, shift.shiftId)) {
      const id = `${shift.shiftId}_${signUp.volunteerId}`;
      if (await data.getPlaceCheck(deps.db, id, false)) continue;
      const [profile, comms] = await Promise.all([getProfile(deps.db, signUp.volunteerId), getCommunication(deps.db, signUp.volunteerId)]);
      const byText = comms ? comms.channel === 'text' : profile?.contactPreference === 'sms';
      const phone = byText && profile?.phone ? normalisePhone(profile.phone) : undefined;
      const check: data.PlaceCheck = {
        reservationId: id,
        shiftId: shift.shiftId,
        sessionId: shift.activitySessionId ?? '',
        personId: signUp.volunteerId,
        activityId: '',
        activityTitle: shift.title,
        ...(shift.hubId ? { hubId: shift.hubId } : {}),
        startsAt: shift.startsAt,
        endsAt: shift.endsAt,
        replyBy: new Date(Date.parse(shift.startsAt) - shiftReplyByHours * hour).toISOString(),
        noAnswer: 'flag',
        key: randomBytes(24).toString('base64url'),
        ...(phone ? { phone } : {}),
        state: 'asked',
        askedAt: now.toISOString(),
      };
      const message = shiftAskMessage(shift, signUp.roleTitle, signUp.volunteerId, { replyBy: check.replyBy, link: confirmLink(deps.config.siteOrigin, id, check.key) });
      if (await data.putReminder(deps.db, shift.hubId ? { ...message, hubId: shift.hubId } : message, `shift-check-${id}`, now, check)) asked++;
    }
  }
  return asked;
}

/** A volunteer's answer: YES is noted; NO withdraws them from the shift, which frees the place and tells the coordinator. */
async function answerForShift(deps: AppDeps, check: data.PlaceCheck, said: Answer, by: string, replyId: string): Promise<AnswerOutcome> {
  const now = deps.clock.now();
  if (said === 'yes') {
    if (await data.answerPlaceCheck(deps.db, check.reservationId, ['asked', 'flagged'], 'yes', now, by)) {
      await putMessageOnce(deps.db, shiftKeptMessage(check, check.personId), now, `reply-${replyId}`);
      return 'kept';
    }
    return (await data.getPlaceCheck(deps.db, check.reservationId))?.state === 'no' ? 'freed' : 'kept';
  }
  await data.answerPlaceCheck(deps.db, check.reservationId, ['asked', 'yes', 'flagged'], 'no', now, by);
  try {
    await withdrawFromShift(deps, asPerson(check.personId), check.shiftId!, 'They answered no to “are you still coming?”.');
  } catch (err) {
    // withdrawn already (a repeated reply), or the shift has begun: nothing more to free
    if (!(err instanceof NotFound) && !(err instanceof RuleViolation)) throw err;
  }
  return 'freed';
}

// ---------- answers: by text, by the link, and the deadline ----------

type Answer = 'yes' | 'no';
type AnswerOutcome = 'kept' | 'freed' | 'too-late';

/**
 * One answer to a place check, however it came. NO frees the place through the reservations service's own
 * cancellation (the freed place is then offered to the waitlist by its stream consumer, once); YES keeps it.
 * A repeat of either changes nothing; an answer after the deadline freed the place says so.
 */
async function answer(deps: AppDeps, check: data.PlaceCheck, said: Answer, by: string, replyId: string): Promise<AnswerOutcome> {
  if (check.shiftId) return answerForShift(deps, check, said, by, replyId);
  const now = deps.clock.now();
  const session = await sessions.getSession(deps.db, check.sessionId);
  const facts = session ?? { activityTitle: check.activityTitle, startsAt: check.startsAt, localStartTime: '', localEndTime: '', location: undefined };
  if (said === 'yes') {
    if (await data.answerPlaceCheck(deps.db, check.reservationId, ['asked', 'flagged'], 'yes', now, by)) {
      await putMessageOnce(deps.db, keptMessage(facts, check.personId), now, `reply-${replyId}`);
      return 'kept';
    }
    const fresh = await data.getPlaceCheck(deps.db, check.reservationId);
    if (fresh?.state === 'yes') return 'kept';
    if (fresh?.state === 'no') return 'freed';
    await putMessageOnce(deps.db, tooLateMessage(facts, check.personId), now, `reply-${replyId}`);
    return 'too-late';
  }
  await data.answerPlaceCheck(deps.db, check.reservationId, ['asked', 'yes', 'flagged'], 'no', now, by);
  const fresh = await data.getPlaceCheck(deps.db, check.reservationId);
  if (fresh?.state !== 'no') return 'too-late'; // the deadline freed it first
  try {
    await cancelReservation(deps, asPerson(check.personId), check.reservationId, 'replied-no');
  } catch (err) {
    if (!(err instanceof NotFound)) throw err;
  }
  return 'freed';
}

/** Places nobody confirmed by the reply-by time: freed, or flagged to the coordinator, as the activity chose. */
export async function actOnDeadlines(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  let acted = 0;
  for (const c of await data.dueChecks(deps.db, now)) {
    if (c.state === 'asked' && c.noAnswer === 'flag') {
      const item: data.InboxItem = {
        id: `no-answer-${c.reservationId}`,
        hubId: c.hubId ?? data.partnershipInbox,
        receivedAt: now.toISOString(),
        kind: 'no-answer',
        personId: c.personId,
        text: 'Has not said whether they are coming. Their place is kept: you may want to call them.',
        activityTitle: c.activityTitle,
        startsAt: c.startsAt,
        reservationId: c.reservationId,
      };
      if (await data.flagNoAnswer(deps.db, c, item, now)) acted++;
      continue;
    }
    // lapsing: freeing began on an earlier run and did not finish; the cancellation is safe to repeat
    if (c.state === 'asked' && !(await data.answerPlaceCheck(deps.db, c.reservationId, ['asked'], 'lapsing', now, 'deadline'))) continue;
    try {
      await cancelReservation(deps, asPerson(c.personId), c.reservationId, 'no-reply');
    } catch (err) {
      if (!(err instanceof NotFound)) throw err;
    }
    if (await data.answerPlaceCheck(deps.db, c.reservationId, ['lapsing'], 'freed', now, 'deadline')) acted++;
  }
  return acted;
}

function sameKey(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The check a link from a reminder names, if its key is right (no sign-in: the link is the person's). */
async function checkByLink(deps: AppDeps, reservationId: string, key: string): Promise<data.PlaceCheck> {
  const check = await data.getPlaceCheck(deps.db, reservationId);
  if (!check || !sameKey(check.key, key)) throw new NotFound('That reminder');
  return check;
}

const checkView = (c: data.PlaceCheck): PlaceCheckView => ({
  activityTitle: c.activityTitle,
  startsAt: c.startsAt,
  state: c.state,
  replyBy: c.replyBy,
  noAnswer: c.noAnswer,
  ...(c.shiftId ? { shift: true } : {}),
});

export async function getPlaceCheckByLink(deps: AppDeps, reservationId: string, key: string): Promise<PlaceCheckView> {
  return checkView(await checkByLink(deps, reservationId, key));
}

export async function answerByLink(deps: AppDeps, reservationId: string, key: string, said: Answer): Promise<PlaceCheckView> {
  const check = await checkByLink(deps, reservationId, key);
  await answer(deps, check, said, 'link', `link-${reservationId}-${said}`);
  return checkView((await data.getPlaceCheck(deps.db, reservationId))!);
}

// ---------- replies by text ----------

/**
 * A text someone sent us (the provider's event: AWS End User Messaging SMS through SNS, or the dev mailbox's
 * reply form). Handled once per provider message id, however often it is delivered: the first delivery claims
 * it; a delivery that finds it claimed does nothing (a claim left by a crash is retaken after a minute).
 */
export async function handleInboundText(deps: AppDeps, event: InboundText): Promise<InboundResult> {
  const now = deps.clock.now();
  const reply = readReply(event.messageBody);
  if (!(await data.claimInbound(deps.db, event.inboundMessageId, now))) return { reply, outcome: 'repeat' };
  const outcome = await act(deps, event, reply);
  await data.finishInbound(deps.db, event.inboundMessageId, reply, outcome, deps.clock.now());
  deps.log.info('text reply handled', { reply, outcome });
  return { reply, outcome };
}

async function act(deps: AppDeps, event: InboundText, reply: ReturnType<typeof readReply>): Promise<string> {
  const now = deps.clock.now();
  const phone = normalisePhone(event.originationNumber) ?? event.originationNumber;
  if (reply === 'stop') {
    await data.optOut(deps.db, phone, now);
    return 'opted-out';
  }
  if (reply === 'start') {
    await data.optIn(deps.db, phone);
    return 'opted-in';
  }
  const asked = await data.checksByPhone(deps.db, phone);
  const open = asked.find((c) => c.startsAt > now.toISOString() && ['asked', 'yes', 'flagged'].includes(c.state));
  if (reply === 'help') {
    const person = open ?? asked[0];
    if (person) await putMessageOnce(deps.db, helpMessage(person.personId), now, `reply-${event.inboundMessageId}`);
    return 'helped';
  }
  if ((reply === 'yes' || reply === 'no') && open) return answer(deps, open, reply, 'text', event.inboundMessageId);
  // not something we can act on: a person at the hub reads it
  const about = open ?? asked[0];
  await data.putInboxItem(deps.db, {
    id: `text-${event.inboundMessageId}`,
    hubId: about?.hubId ?? data.partnershipInbox,
    receivedAt: now.toISOString(),
    kind: 'text',
    ...(about ? { personId: about.personId, activityTitle: about.activityTitle, startsAt: about.startsAt, reservationId: about.reservationId } : {}),
    from: phone,
    text: event.messageBody.slice(0, 1600),
  });
  return 'to-inbox';
}

// ---------- the hub's inbox ----------

export async function listHubTexts(deps: AppDeps, actor: Actor, hubId: string, limit: number, cursor?: string): Promise<{ items: InboxItemView[]; nextCursor?: string }> {
  if (!coordinatesHub(actor, hubId) && !isAdmin(actor)) throw new Forbidden('Only the hub’s coordinators can read its texts.');
  const { items, nextCursor } = await data.listInbox(deps.db, hubId, limit, cursor);
  const names = await getProfileSummaries(deps.db, [...new Set(items.flatMap((i) => (i.personId ? [i.personId] : [])))]);
  return {
    items: items.map((i) => ({
      id: i.id,
      receivedAt: i.receivedAt,
      kind: i.kind,
      text: i.text,
      ...(i.personId && names.get(i.personId)?.name ? { personName: names.get(i.personId)!.name } : {}),
      ...(i.from ? { from: i.from } : {}),
      ...(i.activityTitle ? { activityTitle: i.activityTitle } : {}),
      ...(i.startsAt ? { startsAt: i.startsAt } : {}),
    })),
    ...(nextCursor ? { nextCursor } : {}),
  };
}

export const newInboundId = () => newId();

// ---------- how to reach a person ----------

export async function getMyCommunication(deps: AppDeps, actor: Actor): Promise<CommunicationView> {
  const [c, profile] = await Promise.all([getCommunication(deps.db, actor.userId), getProfile(deps.db, actor.userId)]);
  return communicationViewOf(c, profile?.contactPreference === 'sms' ? 'text' : 'email');
}

/** The person says how to reach them and what helps them read or hear what we send. */
export async function setMyCommunication(deps: AppDeps, actor: Actor, input: CommunicationInput): Promise<CommunicationView> {
  const profile = await getProfile(deps.db, actor.userId);
  const problems = communicationProblems(input, profile?.phone, profile?.phone ? normalisePhone(profile.phone) : undefined, 'your account');
  if (problems.length) throw new InvalidInput(problems);
  const c = communicationRecord(actor.userId, input, actor.userId, deps.clock.now());
  await putCommunication(deps.db, c);
  return communicationViewOf(c, 'email');
}

/** For staff views that already decided the viewer may see the person (a register): each person's needs, by id. */
export async function communicationNeedsOf(deps: AppDeps, personIds: string[]): Promise<Map<string, string[]>> {
  const all = await communicationOf(deps.db, personIds);
  return new Map([...all].filter(([, c]) => c.needs.length).map(([id, c]) => [id, c.needs]));
}

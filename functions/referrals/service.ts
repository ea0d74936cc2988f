import { communicationOf, getCommunication, getProfile, getProfileSummaries, putCommunication } from '../accounts/data';
import { getActivity, getOrganisation, getPriorities } from '../directory/data';
import { type Actor, hasRole, isAdmin } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Conflict, type FieldProblem, Forbidden, InvalidInput, NotFound, RuleViolation } from '../lib/errors';
import { idempotencyOf } from '../lib/idempotency';
import { newId } from '../lib/ids';
import type { OutboxMessage } from '../lib/outbox';
import { pageOfList } from '../lib/pagination';
import { takeRateLimit } from '../lib/rate-limit';
import { communicationProblems, communicationRecord, communicationViewOf, normalisePhone } from '../reminders/rules';
import type { CommunicationView } from '../reminders/schema';
import { londonDate } from '../sessions/rules';
import { attendanceOf, attendedCount, bookingViews, bookOnBehalf as reserveOnBehalf } from './bookings';
import * as data from './data';
import {
  caseloadOrder,
  checkMove,
  countBy,
  finishedStatuses,
  isBot,
  isFollowUpDue,
  isOverdue,
  isProfessional,
  median,
  nextStatuses,
  overdueBefore,
  purgeAt,
  referenceOf,
  selfReferralLimit,
  sharesWith,
  summariseWellbeing,
  suppress,
  suppressionThreshold,
} from './rules';
import {
  type AuditEntry,
  type BookingView,
  type CaseloadOutcomes,
  type CreateReferral,
  contactAttemptWords,
  type ListReferralsQuery,
  type Ons4,
  type Outcomes,
  type Person,
  type PersonInput,
  type Referral,
  type ReferralDetails,
  type ReferralListItem,
  type ReferralView,
  referralSources,
  referralStatuses,
  type SelfRefer,
  type SelfReferralReceipt,
  sharingLabels,
  snomed,
  statusLabels,
  type UpdatePerson,
  type UpdateReferral,
} from './schema';

/**
 * Social prescribing: authorisation and orchestration. Referral content is special-category health data:
 * - besides the public self-referral form and a resident's own referrals (their status only), only link
 *   workers and admins reach referrals at all (everyone else: 403);
 * - a link worker sees the referrals assigned to them in full, the unassigned queue in summary, and
 *   nothing of another link worker's (404);
 * - an admin sees summaries, and the personal part only when they state a reason;
 * - every read is written to the audit trail before the answer is sent.
 */

type Access = 'personal' | 'summary';

const staffOnly = (actor: Actor | undefined): Actor => {
  if (!actor) throw new Forbidden('Sign in as a link worker to see referrals.');
  if (!hasRole(actor, 'linkworker', 'admin')) throw new Forbidden('Only link workers and partnership admins can see referrals.');
  return actor;
};

function accessTo(actor: Actor, r: Referral, reason: string | undefined): Access | undefined {
  if (hasRole(actor, 'linkworker') && r.assignedTo === actor.userId) return 'personal';
  if (isAdmin(actor)) return reason ? 'personal' : 'summary';
  if (hasRole(actor, 'linkworker') && !r.assignedTo) return 'summary';
  return undefined;
}

const audit = (actor: Actor | undefined, action: string, personId: string, at: Date, extra: { referralId?: string; reason?: string | undefined } = {}): AuditEntry => ({
  at: at.toISOString(),
  actorId: actor?.userId ?? 'anonymous',
  actorRoles: actor?.roles ?? [],
  action,
  personId,
  ...(extra.referralId ? { referralId: extra.referralId } : {}),
  ...(extra.reason ? { reason: extra.reason } : {}),
});

/** Reads a referral the actor may see, or answers 404 (and records the refused attempt). */
async function loadReferral(deps: AppDeps, actor: Actor, id: string, reason?: string): Promise<{ referral: Referral; access: Access }> {
  const referral = await data.getReferral(deps.db, id, true);
  if (!referral) throw new NotFound('That referral');
  const access = accessTo(actor, referral, reason);
  if (!access) {
    await data.putAudit(deps.db, [audit(actor, 'denied', referral.personId, deps.clock.now(), { referralId: id })]);
    throw new NotFound('That referral');
  }
  return { referral, access };
}

async function view(deps: AppDeps, referral: Referral, access: Access, bookings?: BookingView[]): Promise<ReferralView> {
  const now = deps.clock.now();
  const shown: ReferralView = {
    id: referral.id,
    reference: referenceOf(referral.id),
    personId: referral.personId,
    status: referral.status,
    statusLabel: statusLabels[referral.status],
    source: referral.source,
    ...(referral.practiceName ? { practiceName: referral.practiceName } : {}),
    reasons: referral.reasons,
    snomed: referral.snomed,
    ...(referral.assignedTo ? { assignedTo: referral.assignedTo } : {}),
    createdAt: referral.createdAt,
    updatedAt: referral.updatedAt,
    overdue: isOverdue(referral, now, deps.config.referralContactDays),
    plan: referral.plan,
    bookings: bookings ?? (await bookingViews(deps, referral)),
    ...(referral.ons4Start ? { ons4Start: referral.ons4Start } : {}),
    ...(referral.ons4End ? { ons4End: referral.ons4End } : {}),
    ...(referral.outcome ? { outcome: referral.outcome } : {}),
    ...(referral.declinedReason && access === 'personal' ? { declinedReason: referral.declinedReason } : {}),
    ...(referral.followUpOn ? { followUpOn: referral.followUpOn } : {}),
    followUpDue: isFollowUpDue(referral, londonDate(now)),
    timeline: referral.events,
    next: [...nextStatuses(referral.status)],
    version: referral.version,
  };
  if (access !== 'personal') return shown;
  const [details, found] = await Promise.all([data.getDetails(deps.db, referral.id, true), data.getPerson(deps.db, referral.personId)]);
  if (!details) return shown; // purged after the retention period, or erased
  const person = found && (await withCommunication(deps, found));
  const { expiresAt: _e, ...personal } = details;
  // notes and earlier words of "what matters" say who wrote them: link workers and admins, by their names
  const writers = await getProfileSummaries(deps.db, [...new Set([...details.notes, ...(details.whatMattersHistory ?? [])].map((n) => n.by))]);
  const named = (n: { at: string; by: string; text: string }) => ({ ...n, ...(writers.get(n.by) ? { byName: writers.get(n.by)!.name } : {}) });
  return {
    ...shown,
    personal: {
      ...(person ? { person } : {}),
      ...personal,
      notes: details.notes.map(named),
      ...(details.whatMattersHistory ? { whatMattersHistory: details.whatMattersHistory.map(named) } : {}),
    },
  };
}

// ---------- reading ----------

export async function getReferral(deps: AppDeps, actorIn: Actor | undefined, id: string, reason?: string): Promise<ReferralView> {
  const actor = staffOnly(actorIn);
  const { referral, access } = await loadReferral(deps, actor, id, reason);
  const shown = await view(deps, referral, access);
  await data.putAudit(deps.db, [audit(actor, shown.personal ? 'read-personal' : 'read-summary', referral.personId, deps.clock.now(), { referralId: id, reason })]);
  return shown;
}

export async function listReferrals(deps: AppDeps, actorIn: Actor | undefined, q: ListReferralsQuery): Promise<{ items: ReferralListItem[]; nextCursor?: string }> {
  const actor = staffOnly(actorIn);
  const now = deps.clock.now();
  const filter = { status: q.status, ...(q.overdue ? { receivedBefore: overdueBefore(now, deps.config.referralContactDays) } : {}) };
  const admin = isAdmin(actor);
  const today = londonDate(now);
  let page: data.Page<Referral>;
  if (q.scope === 'mine' && hasRole(actor, 'linkworker') && !q.status && !q.overdue) {
    // the caseload to work: open cases (and finished ones when asked), overdue first, then follow-ups due
    const statuses = q.includeClosed ? referralStatuses : referralStatuses.filter((s) => !finishedStatuses.includes(s));
    const all = (await data.caseloadWithStatuses(deps.db, actor.userId, statuses)).map((r) => ({
      r,
      overdue: isOverdue(r, now, deps.config.referralContactDays),
      followUpDue: isFollowUpDue(r, today),
    }));
    all.sort((a, b) => caseloadOrder({ ...a, status: a.r.status, createdAt: a.r.createdAt }, { ...b, status: b.r.status, createdAt: b.r.createdAt }));
    const { items, nextCursor } = pageOfList(
      all.map((x) => x.r),
      q.limit,
      q.cursor,
    );
    page = { items, ...(nextCursor ? { nextCursor } : {}) };
  } else if (q.scope === 'unassigned') page = await data.listCaseload(deps.db, undefined, filter, q.limit, q.cursor);
  else if (q.scope === 'all' || (admin && !hasRole(actor, 'linkworker'))) {
    if (!admin) throw new Forbidden('Only partnership admins can see every referral.');
    page = await data.listAllReferrals(deps.db, filter, q.limit, q.cursor);
  } else page = await data.listCaseload(deps.db, actor.userId, filter, q.limit, q.cursor);

  const ownCaseload = page.items.filter((r) => r.assignedTo === actor.userId && hasRole(actor, 'linkworker'));
  const [people, communication] = await Promise.all([
    data.getPeople(
      deps.db,
      ownCaseload.map((r) => r.personId),
    ),
    communicationOf(
      deps.db,
      ownCaseload.map((r) => r.personId),
    ),
  ]);
  const names = new Map(people.map((p) => [p.id, p.name]));
  await data.putAudit(
    deps.db,
    page.items.map((r) => audit(actor, 'list', r.personId, now, { referralId: r.id, reason: q.reason })),
  );
  const items = page.items.map((r) => {
    const name = r.assignedTo === actor.userId ? names.get(r.personId) : undefined;
    return {
      id: r.id,
      reference: referenceOf(r.id),
      status: r.status,
      statusLabel: statusLabels[r.status],
      source: r.source,
      reasons: r.reasons,
      ...(r.assignedTo ? { assignedTo: r.assignedTo } : {}),
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
      overdue: isOverdue(r, now, deps.config.referralContactDays),
      ...(r.followUpOn ? { followUpOn: r.followUpOn } : {}),
      followUpDue: isFollowUpDue(r, today),
      ...(name ? { personName: name } : {}),
      ...(name && communication.get(r.personId)?.needs.length ? { communicationNeeds: communication.get(r.personId)!.needs as CommunicationView['needs'] } : {}),
    };
  });
  return { items, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** The admins' dashboard: how many referrals nobody has picked up, and how many are overdue a first contact. Counts only. */
export async function countReferralQueues(deps: AppDeps, actor: Actor): Promise<{ unassigned: number; overdue: number }> {
  if (!isAdmin(actor)) throw new Forbidden('Only partnership admins can see these counts.');
  const overdue = { receivedBefore: overdueBefore(deps.clock.now(), deps.config.referralContactDays) };
  const [unassigned, late] = await Promise.all([data.countReferrals(deps.db, 'unassigned', {}), data.countReferrals(deps.db, 'all', overdue)]);
  return { unassigned, overdue: late };
}

/** A resident's own referrals: status only. */
export async function listMySelfReferrals(deps: AppDeps, actor: Actor, page: { limit: number; cursor?: string | undefined }) {
  // paged before the audit: what is recorded as read is what was shown
  const { items: referrals, nextCursor } = pageOfList(await data.referralsOfPerson(deps.db, actor.userId), page.limit, page.cursor);
  const now = deps.clock.now();
  await data.putAudit(
    deps.db,
    referrals.map((r) => audit(actor, 'read-own-status', r.personId, now, { referralId: r.id })),
  );
  const items = referrals.map((r) => ({ id: r.id, reference: referenceOf(r.id), status: r.status, statusLabel: statusLabels[r.status], createdAt: r.createdAt, updatedAt: r.updatedAt }));
  return nextCursor ? { items, nextCursor } : { items };
}

export async function listReferralAudit(deps: AppDeps, actor: Actor, id: string, limit: number, cursor?: string) {
  if (!isAdmin(actor)) throw new Forbidden('Only partnership admins can see who read a referral.');
  if (!(await data.getReferral(deps.db, id))) throw new NotFound('That referral');
  return data.listReferralAudit(deps.db, id, limit, cursor);
}

// ---------- creating ----------

/**
 * Who gets the closing letter is fixed when the referral is made: a professional's account (a resident's or
 * volunteer's own account is refused, so a letter about someone cannot be sent to whoever is named) or an
 * organisation in the directory (its contact address). One or the other.
 */
async function checkReferrer(deps: AppDeps, body: Pick<CreateReferral, 'referrerUserId' | 'referrerOrganisationId'>, problems: FieldProblem[]): Promise<void> {
  if (body.referrerUserId && body.referrerOrganisationId) {
    problems.push({ field: 'body.referrerOrganisationId', rule: 'one_referrer', message: 'give the referring organisation or a professional’s account, not both' });
    return;
  }
  if (body.referrerUserId) {
    const profile = await getProfile(deps.db, body.referrerUserId);
    if (!profile) problems.push({ field: 'body.referrerUserId', rule: 'unknown_user', message: 'is not a user of the platform' });
    else if (!isProfessional(profile.roles)) {
      problems.push({
        field: 'body.referrerUserId',
        rule: 'not_a_professional',
        message: 'is not a professional’s account: name the referring organisation, or a link worker, coordinator, partner or admin',
      });
    }
  }
  if (body.referrerOrganisationId && !(await getOrganisation(deps.db, body.referrerOrganisationId))) {
    problems.push({ field: 'body.referrerOrganisationId', rule: 'unknown_organisation', message: 'is not an organisation in the directory' });
  }
}

async function checkReasons(deps: AppDeps, reasons: string[], field: string, problems: FieldProblem[]): Promise<void> {
  if (!reasons.length) return;
  const known = new Set((await getPriorities(deps.db, reasons)).map((p) => p.id));
  reasons.forEach((r, i) => {
    if (!known.has(r)) problems.push({ field: `${field}.${i}`, rule: 'unknown_priority', message: `${r} is not a priority in the directory` });
  });
}

const withOns4 = (scores: Ons4 | undefined, at: Date) => (scores ? { ...scores, recordedAt: at.toISOString() } : undefined);

function newReferral(base: Pick<Referral, 'personId' | 'source' | 'reasons'> & Partial<Referral>, by: string, now: Date): Referral {
  const at = now.toISOString();
  return {
    id: newId(now),
    status: 'received',
    snomed: [snomed.referral],
    createdAt: at,
    updatedAt: at,
    plan: [],
    bookings: [],
    events: [{ at, by, kind: 'received', status: 'received' }],
    version: 1,
    ...base,
  };
}

/** Who the referral is for: an existing person record, a resident's account, or a new record. */
async function resolvePerson(deps: AppDeps, actor: Actor, body: CreateReferral, now: Date, problems: FieldProblem[]): Promise<{ person?: Person; isNew: boolean }> {
  const given = [body.personId, body.userId, body.newPerson].filter((x) => x !== undefined).length;
  if (given !== 1) {
    problems.push({ field: 'body.personId', rule: 'one_required', message: 'give exactly one of personId, userId or newPerson' });
    return { isNew: false };
  }
  if (body.newPerson) return { person: personFrom(body.newPerson, newId(now), actor.userId, now), isNew: true };
  if (body.personId) {
    const person = await data.getPerson(deps.db, body.personId);
    if (!person || person.erasedAt || !(await maySeePerson(deps, actor, person))) problems.push({ field: 'body.personId', rule: 'unknown_person', message: 'is not a person you can refer' });
    return { ...(person ? { person } : {}), isNew: false };
  }
  const profile = await getProfile(deps.db, body.userId as string);
  if (!profile) {
    problems.push({ field: 'body.userId', rule: 'unknown_user', message: 'is not a resident with an account' });
    return { isNew: false };
  }
  const existing = await data.getPerson(deps.db, profile.userId);
  if (existing) return { person: existing, isNew: false };
  return {
    person: { ...personFrom({ name: profile.name, email: profile.email, ...(profile.phone ? { phone: profile.phone } : {}) }, profile.userId, actor.userId, now), userId: profile.userId },
    isNew: true,
  };
}

function personFrom(input: PersonInput, id: string, by: string, now: Date): Person {
  const at = now.toISOString();
  return { id, ...input, createdBy: by, createdAt: at, updatedAt: at };
}

export async function createReferral(deps: AppDeps, actorIn: Actor | undefined, body: CreateReferral, idempotencyKey?: string): Promise<ReferralView> {
  const actor = staffOnly(actorIn);
  if (body.userId === actor.userId || body.personId === actor.userId) {
    throw new Forbidden('You cannot refer yourself: ask for support like anyone else, and another link worker will take it.');
  }
  const now = deps.clock.now();
  const problems: FieldProblem[] = [];
  const { person, isNew } = await resolvePerson(deps, actor, body, now, problems);
  await checkReasons(deps, body.reasons, 'body.reasons', problems);
  await checkReferrer(deps, body, problems);
  if (body.consent.givenBy !== 'person' && !body.consent.givenByName) {
    problems.push({ field: 'body.consent.givenByName', rule: 'required', message: 'say who gave consent when it was not the person' });
  }
  if (Date.parse(body.consent.givenAt) > now.getTime() + 60_000) {
    problems.push({ field: 'body.consent.givenAt', rule: 'in_the_future', message: 'consent cannot be dated in the future: give when it was given' });
  }
  if (problems.length || !person) throw new InvalidInput(problems);

  const assignedTo = hasRole(actor, 'linkworker') ? actor.userId : undefined;
  const ons4Start = withOns4(body.ons4Start, now);
  const referral = newReferral(
    {
      personId: person.id,
      source: body.source,
      reasons: body.reasons,
      createdBy: actor.userId,
      ...(body.practiceName ? { practiceName: body.practiceName } : {}),
      ...(body.referrerUserId ? { referrerUserId: body.referrerUserId } : {}),
      ...(body.referrerOrganisationId ? { referrerOrganisationId: body.referrerOrganisationId } : {}),
      ...(assignedTo ? { assignedTo } : {}),
      ...(ons4Start ? { ons4Start } : {}),
    },
    actor.userId,
    now,
  );
  if (body.contacted) {
    // they phoned, or are in the room: first contact is made as the referral is recorded
    referral.status = 'contacted';
    referral.contactedAt = now.toISOString();
    referral.events.push({ at: now.toISOString(), by: actor.userId, kind: 'status', status: 'contacted' });
  }
  const contact = { ...(person.phone ? { phone: person.phone } : {}), ...(person.email ? { email: person.email } : {}) };
  const details: ReferralDetails = {
    whatMattersToMe: body.whatMattersToMe,
    contactPreferences: body.contactPreferences,
    ...(Object.keys(contact).length ? { contact } : {}),
    consent: { ...body.consent, recordedBy: actor.userId },
    notes: [],
  };
  // An account holder's person record may be made by another request at the same time: create it apart, once.
  const accountPerson = isNew && person.userId;
  if (accountPerson) await data.putPersonIfAbsent(deps.db, person);
  const result = await data.createReferral(deps.db, {
    referral,
    details,
    ...(isNew && !accountPerson ? { newPerson: person } : {}),
    idempotency: idempotencyOf('createReferral', actor.userId, idempotencyKey, body, now),
    now,
  });
  const saved = result.created ? referral : await data.getReferral(deps.db, result.id, true);
  if (!saved) throw new NotFound('That referral');
  const access = accessTo(actor, saved, undefined) ?? 'summary';
  const shown = await view(deps, saved, access);
  await data.putAudit(deps.db, [audit(actor, 'create', saved.personId, now, { referralId: saved.id })]);
  return shown;
}

/** A resident refers themself (signed in or not). Spam-resistant: a honeypot and a rate limit per sender. */
export async function selfRefer(deps: AppDeps, actor: Actor | undefined, body: SelfRefer, address: string): Promise<SelfReferralReceipt> {
  const now = deps.clock.now();
  const receipt = (id: string) => ({
    reference: referenceOf(id),
    status: 'received',
    message: 'Thank you. A link worker will contact you, usually within a week, in the way you asked.',
  });
  if (isBot(body.website)) return receipt(newId(now));

  const problems: FieldProblem[] = [];
  await checkReasons(deps, body.reasons, 'body.reasons', problems);
  if (!actor && !body.email && !body.phone) problems.push({ field: 'body.phone', rule: 'required', message: 'give a phone number or an email address so a link worker can contact you' });
  if (body.contactPreferences.methods.includes('email') && !body.email && !actor)
    problems.push({ field: 'body.email', rule: 'required', message: 'give an email address if you would like us to email you' });
  if (body.contactPreferences.methods.some((m) => m === 'phone' || m === 'text') && !body.phone)
    problems.push({ field: 'body.phone', rule: 'required', message: 'give a phone number if you would like us to call or text you' });
  if (problems.length) throw new InvalidInput(problems);

  await takeRateLimit(deps.db, 'selfRefer', actor ? `user:${actor.userId}` : `address:${address}`, selfReferralLimit, now);

  const personId = actor?.userId ?? newId(now);
  const person: Person = {
    ...personFrom(
      {
        name: body.name,
        ...(body.email ? { email: body.email } : {}),
        ...(body.phone ? { phone: body.phone } : {}),
        ...(body.dateOfBirth ? { dateOfBirth: body.dateOfBirth } : {}),
        contactPreferences: body.contactPreferences,
      },
      personId,
      actor?.userId ?? 'self',
      now,
    ),
    ...(actor ? { userId: actor.userId } : {}),
  };
  if (actor && !(await data.putPersonIfAbsent(deps.db, person))) await keepContactDetails(deps, person, now);
  const referral = newReferral({ personId, source: 'self', reasons: body.reasons, ...(actor ? { createdBy: actor.userId } : {}) }, actor?.userId ?? 'self', now);
  const contact = { ...(body.phone ? { phone: body.phone } : {}), ...(body.email ? { email: body.email } : {}) };
  const details: ReferralDetails = {
    whatMattersToMe: body.whatMattersToMe,
    contactPreferences: body.contactPreferences,
    ...(Object.keys(contact).length ? { contact } : {}),
    consent: { givenBy: 'person', givenAt: now.toISOString(), sharing: body.consent.sharing, recordedBy: actor?.userId ?? 'self' },
    notes: [],
  };
  const reference = referenceOf(referral.id);
  const outbox: OutboxMessage[] = actor
    ? [
        {
          toUserId: actor.userId,
          kind: 'referral.received',
          subject: `We have your request for support (reference ${reference})`,
          text: `Thank you for asking for support. Your reference is ${reference}. A link worker will contact you, usually within a week, in the way you asked. If you call us, give this reference.`,
        },
      ]
    : [];
  await data.createReferral(deps.db, { referral, details, ...(actor ? {} : { newPerson: person }), outbox, now });
  return receipt(referral.id);
}

/** A resident who asks again keeps one person record: the contact details they typed this time go on it. */
async function keepContactDetails(deps: AppDeps, typed: Person, now: Date): Promise<void> {
  const current = await data.getPerson(deps.db, typed.id);
  if (!current || current.erasedAt) return;
  const next: Person = { ...current, updatedAt: now.toISOString() };
  if (typed.name) next.name = typed.name;
  if (typed.phone) next.phone = typed.phone;
  if (typed.email) next.email = typed.email;
  if (typed.contactPreferences) next.contactPreferences = typed.contactPreferences;
  await data.replacePerson(deps.db, next);
}

// ---------- working a referral ----------

export async function assignReferral(deps: AppDeps, actorIn: Actor | undefined, id: string, linkWorkerId?: string): Promise<ReferralView> {
  const actor = staffOnly(actorIn);
  const admin = isAdmin(actor);
  const target = linkWorkerId ?? actor.userId;
  if (!admin && target !== actor.userId) throw new Forbidden('A link worker can take a referral for themself only.');
  if (admin && target !== actor.userId) {
    const profile = await getProfile(deps.db, target);
    if (!profile?.roles.includes('linkworker')) throw new InvalidInput([{ field: 'body.linkWorkerId', rule: 'not_a_link_worker', message: 'is not a link worker' }]);
  } else if (!hasRole(actor, 'linkworker')) {
    throw new InvalidInput([{ field: 'body.linkWorkerId', rule: 'required', message: 'say which link worker takes the referral' }]);
  }
  const { referral } = await loadReferral(deps, actor, id);
  if (referral.personId === target) throw new Forbidden('A link worker cannot hold their own referral: another link worker takes it.');
  const now = deps.clock.now();
  if (!admin && referral.assignedTo === actor.userId) {
    const shown = await view(deps, referral, 'personal');
    await data.putAudit(deps.db, [audit(actor, 'read-personal', referral.personId, now, { referralId: id })]);
    return shown;
  }
  const next = await data.assignReferral(deps.db, referral, target, !admin, { at: now.toISOString(), by: actor.userId, kind: 'assigned', detail: target });
  const shown = await view(deps, next, accessTo(actor, next, undefined) ?? 'summary');
  await data.putAudit(deps.db, [audit(actor, shown.personal ? 'read-personal' : 'read-summary', next.personId, now, { referralId: id })]);
  return shown;
}

async function loadForChange(deps: AppDeps, actorIn: Actor | undefined, id: string): Promise<{ actor: Actor; referral: Referral }> {
  const actor = staffOnly(actorIn);
  const { referral, access } = await loadReferral(deps, actor, id);
  if (access !== 'personal' || referral.assignedTo !== actor.userId) throw new Forbidden('Only the link worker the referral is assigned to can change it.');
  return { actor, referral };
}

export async function updateReferral(deps: AppDeps, actorIn: Actor | undefined, id: string, body: UpdateReferral): Promise<ReferralView> {
  const { actor, referral } = await loadForChange(deps, actorIn, id);
  if (body.version !== referral.version) throw new Conflict('Someone else changed this referral since you opened it. Reload it and try again.', 'version_mismatch');
  const now = deps.clock.now();
  const at = now.toISOString();
  const problems: FieldProblem[] = [];
  const next: Referral = { ...referral, events: [...referral.events], updatedAt: at, version: referral.version + 1 };
  const event = (e: Omit<Referral['events'][number], 'at' | 'by'>) => next.events.push({ at, by: actor.userId, ...e });

  if (body.plan) {
    const found = await Promise.all(body.plan.map((p) => getActivity(deps.db, p.activityId)));
    found.forEach((a, i) => {
      if (!a) problems.push({ field: `body.plan.${i}.activityId`, rule: 'unknown_activity', message: 'is not an activity in the directory' });
    });
    next.plan = body.plan;
    event({ kind: 'plan', detail: `${body.plan.length} activit${body.plan.length === 1 ? 'y' : 'ies'} agreed` });
  }
  if (body.ons4Start) {
    next.ons4Start = { ...body.ons4Start, recordedAt: at };
    event({ kind: 'ons4', detail: 'wellbeing at start recorded' });
  }
  if (body.ons4End) {
    next.ons4End = { ...body.ons4End, recordedAt: at };
    event({ kind: 'ons4', detail: 'wellbeing at close recorded' });
  }
  if (body.contactAttempt) {
    const { method, outcome } = body.contactAttempt;
    event({ kind: 'contact', detail: `${contactAttemptWords.method[method]}: ${contactAttemptWords.outcome[outcome]}` });
  }
  if (body.followUpOn !== undefined) {
    if (body.followUpOn && body.followUpOn < londonDate(now)) problems.push({ field: 'body.followUpOn', rule: 'in_the_past', message: 'must be today or later' });
    if (body.followUpOn) next.followUpOn = body.followUpOn;
    else delete next.followUpOn;
    event({ kind: 'follow-up', detail: body.followUpOn ? `follow up on ${body.followUpOn}` : 'follow-up cleared' });
  }
  const to = body.status ?? referral.status;
  if (body.outcome && to !== 'closed') problems.push({ field: 'body.outcome', rule: 'only_when_closing', message: 'give an outcome only when closing the referral' });
  if (body.declinedReason && to !== 'declined') problems.push({ field: 'body.declinedReason', rule: 'only_when_declining', message: 'give a reason only when declining the referral' });
  const bookings = to === 'attended' ? await bookingViews(deps, next) : undefined;
  problems.push(
    ...checkMove(referral.status, to, { plan: next.plan, bookings: next.bookings, outcome: body.outcome, declinedReason: body.declinedReason, attendedCount: bookings ? attendedCount(bookings) : 0 }),
  );
  if (problems.length) throw new InvalidInput(problems);

  const outbox: OutboxMessage[] = [];
  let details: ReferralDetails | undefined;
  const needDetails = body.note || body.whatMattersToMe || body.contactPreferences || body.withdrawConsent || to === 'closed' || to === 'declined';
  if (needDetails) {
    const current = await data.getDetails(deps.db, id, true);
    if (current) {
      details = { ...current, notes: [...current.notes] };
      if (body.note) details.notes.push({ at, by: actor.userId, text: body.note });
      if (body.whatMattersToMe && body.whatMattersToMe !== current.whatMattersToMe) {
        // the earlier words are kept, so "what matters to me" shows how it changed and who wrote each
        details.whatMattersHistory = [...(current.whatMattersHistory ?? []), { ...whatMattersWritten(referral), text: current.whatMattersToMe }];
        details.whatMattersToMe = body.whatMattersToMe;
        event({ kind: 'what-matters', detail: 'what matters to them updated' });
      }
      if (body.contactPreferences) details.contactPreferences = body.contactPreferences;
      if (body.withdrawConsent) {
        const withdrawn = body.withdrawConsent.filter((scope) => sharesWith(current.consent, scope));
        if (withdrawn.length) {
          details.consent = { ...current.consent, withdrawals: [...(current.consent.withdrawals ?? []), ...withdrawn.map((scope) => ({ scope, at, by: actor.userId }))] };
          event({ kind: 'consent', detail: `consent withdrawn: no more sharing with ${withdrawn.map((w) => sharingLabels[w]).join(' or ')}` });
        }
      }
    } else if (body.withdrawConsent || body.whatMattersToMe) {
      problems.push({ field: body.withdrawConsent ? 'body.withdrawConsent' : 'body.whatMattersToMe', rule: 'details_gone', message: 'the personal details of this referral are no longer held' });
    }
    if (body.note) event({ kind: 'note' });
  }
  if (problems.length) throw new InvalidInput(problems);
  if (to !== referral.status) {
    next.status = to;
    event({ kind: 'status', status: to });
    if (to === 'contacted' && !next.contactedAt) next.contactedAt = at;
    if (to === 'declined') {
      next.snomed = [...next.snomed, snomed.declined];
      next.declinedReason = body.declinedReason as string;
    }
    if (to === 'closed') {
      next.closedAt = at;
      next.outcome = body.outcome as NonNullable<Referral['outcome']>;
    }
    if (to === 'closed' || to === 'declined') {
      if (details) details.expiresAt = purgeAt(now, deps.config.referralRetentionDays);
      const message = await messageToReferrer(deps, next, details);
      if (message) outbox.push(message);
    }
  }
  await data.saveReferral(deps.db, next, referral.version, details, outbox, now);
  const shown = await view(deps, next, 'personal');
  await data.putAudit(deps.db, [audit(actor, 'update', next.personId, now, { referralId: id })]);
  return shown;
}

/** When the current words of "what matters" were written, and by whom: at their last change, or with the referral. */
function whatMattersWritten(r: Referral): { at: string; by: string } {
  const last = [...r.events].reverse().find((e) => e.kind === 'what-matters') ?? r.events[0]!;
  return { at: last.at, by: last.by };
}

/** Records a booking made on the person's behalf on the referral's support plan. */
export async function bookForReferral(deps: AppDeps, actorIn: Actor | undefined, id: string, input: { sessionId: string; companion?: boolean | undefined }): Promise<ReferralView> {
  const { actor, referral } = await loadForChange(deps, actorIn, id);
  if (finishedStatuses.includes(referral.status)) throw new RuleViolation('This referral is finished: reopen support with a new referral before booking.', 'referral_finished');
  const booking = await reserveOnBehalf(deps, actor, referral, input);
  // a retried booking found the same reservation: the referral already records it
  if (referral.bookings.some((b) => b.sessionId === booking.sessionId)) return view(deps, referral, 'personal');
  const now = deps.clock.now();
  const next: Referral = {
    ...referral,
    bookings: [...referral.bookings.filter((b) => b.sessionId !== booking.sessionId), booking],
    events: [...referral.events, { at: now.toISOString(), by: actor.userId, kind: 'booking', detail: booking.sessionId }],
    updatedAt: now.toISOString(),
    version: referral.version + 1,
  };
  if (next.status === 'plan-agreed') {
    next.status = 'connected';
    next.events.push({ at: now.toISOString(), by: actor.userId, kind: 'status', status: 'connected' });
  }
  await data.saveReferral(deps.db, next, referral.version, undefined, [], now);
  const shown = await view(deps, next, 'personal');
  await data.putAudit(deps.db, [audit(actor, 'update', next.personId, now, { referralId: id })]);
  return shown;
}

// ---------- the message back to the GP ----------

/** The summary for the referrer: SNOMED CT codes, what happened, no notes. Only with consent to share with the GP. */
async function letterText(deps: AppDeps, r: Referral, details: ReferralDetails | undefined): Promise<string> {
  const person = await data.getPerson(deps.db, r.personId);
  const titles = await Promise.all(r.plan.map(async (p) => (await getActivity(deps.db, p.activityId))?.title ?? 'an activity'));
  const lines = [
    `Social prescribing referral ${referenceOf(r.id)}`,
    `To: ${r.practiceName ?? 'the referrer'}`,
    `Patient: ${person?.name ?? 'not held'}${person?.dateOfBirth ? `, born ${person.dateOfBirth}` : ''}`,
    `Referred: ${r.createdAt.slice(0, 10)} (source: ${r.source})`,
    ...r.snomed.map((c) => `SNOMED CT ${c.code} |${c.display}|`),
    `Status: ${statusLabels[r.status]}${r.outcome ? ` (outcome: ${r.outcome})` : ''}`,
    ...(titles.length ? [`Activities agreed: ${titles.join('; ')}`] : []),
    ...(r.ons4Start && r.ons4End
      ? [
          `ONS4 wellbeing, start -> close: life satisfaction ${r.ons4Start.lifeSatisfaction} -> ${r.ons4End.lifeSatisfaction}, worthwhile ${r.ons4Start.worthwhile} -> ${r.ons4End.worthwhile}, happiness ${r.ons4Start.happiness} -> ${r.ons4End.happiness}, anxiety ${r.ons4Start.anxiety} -> ${r.ons4End.anxiety}`,
        ]
      : []),
    sharesWith(details?.consent, 'gp-practice') ? 'Shared with the consent of the person.' : '',
  ];
  return lines.filter(Boolean).join('\n');
}

/**
 * The letter goes only to the referrer recorded when the referral was made (a professional's account, or an
 * organisation's contact address), and only while the person's consent to share with them stands.
 */
async function messageToReferrer(deps: AppDeps, r: Referral, details: ReferralDetails | undefined): Promise<OutboxMessage | undefined> {
  if (!sharesWith(details?.consent, 'gp-practice')) return undefined;
  const declined = r.status === 'declined';
  const letter = {
    about: r.personId,
    kind: declined ? 'referral.declined' : 'referral.closed',
    subject: `Social prescribing referral ${referenceOf(r.id)}: ${declined ? 'declined' : 'closed'}`,
    text: await letterText(deps, r, details),
  };
  if (r.referrerUserId) return { toUserId: r.referrerUserId, ...letter };
  if (r.referrerOrganisationId) {
    const organisation = await getOrganisation(deps.db, r.referrerOrganisationId);
    if (organisation?.contact.email) return { toUserId: `organisation:${organisation.id}`, toEmail: organisation.contact.email, ...letter };
  }
  return undefined;
}

export async function getReferralLetter(deps: AppDeps, actorIn: Actor | undefined, id: string, reason?: string) {
  const actor = staffOnly(actorIn);
  const { referral, access } = await loadReferral(deps, actor, id, reason);
  if (access !== 'personal') throw new Forbidden('Only the assigned link worker (or an admin giving a reason) can produce the letter.');
  const details = await data.getDetails(deps.db, id, true);
  if (!sharesWith(details?.consent, 'gp-practice')) throw new RuleViolation('The person did not consent to sharing with their GP practice, or has withdrawn it.', 'no_consent_to_share');
  const text = await letterText(deps, referral, details);
  await data.putAudit(deps.db, [audit(actor, 'letter', referral.personId, deps.clock.now(), { referralId: id, reason })]);
  return { referralId: id, snomed: referral.snomed, text };
}

// ---------- outcomes, in aggregate only ----------

export async function getReferralOutcomes(deps: AppDeps, actor: Actor): Promise<Outcomes> {
  if (!isAdmin(actor)) throw new Forbidden('Only partnership admins can see referral outcomes.');
  const all = await data.allReferralsForReport(deps.db);
  const pairs = all.filter((r) => r.status === 'closed' && r.ons4Start && r.ons4End).map((r) => ({ start: r.ons4Start!, end: r.ons4End! }));
  return {
    suppressionThreshold,
    referrals: {
      total: suppress(all.length),
      byStatus: countBy(all, (r) => r.status, referralStatuses),
      bySource: countBy(all, (r) => r.source, referralSources),
    },
    wellbeing: summariseWellbeing(pairs),
  };
}

/**
 * How a link worker's own caseload is going: how many people reached a first attended session, the median
 * days from referral to it, and the ONS4 change over closed cases with both scores (the means suppressed
 * under the threshold; the number of people always shown, as they are the link worker's own cases).
 */
export async function getCaseloadOutcomes(deps: AppDeps, actorIn: Actor | undefined): Promise<CaseloadOutcomes> {
  const actor = staffOnly(actorIn);
  if (!hasRole(actor, 'linkworker')) throw new Forbidden('Only link workers have a caseload.');
  const all = await data.caseloadWithStatuses(deps.db, actor.userId, referralStatuses);
  const marks = await attendanceOf(
    deps,
    all.flatMap((r) => r.bookings.map((b) => ({ sessionId: b.sessionId, personId: r.personId }))),
  );
  const attendedAt = new Map(marks.filter((m) => m.attended && m.startsAt).map((m) => [`${m.sessionId}#${m.personId}`, m.startsAt!]));
  const days: number[] = [];
  for (const r of all) {
    const first = r.bookings
      .map((b) => attendedAt.get(`${b.sessionId}#${r.personId}`))
      .filter((x): x is string => !!x)
      .sort()[0];
    if (first) days.push(Math.max(0, Math.floor((Date.parse(first) - Date.parse(r.createdAt)) / 86_400_000)));
  }
  const pairs = all.filter((r) => r.status === 'closed' && r.ons4Start && r.ons4End).map((r) => ({ start: r.ons4Start!, end: r.ons4End! }));
  const wellbeing = summariseWellbeing(pairs);
  return {
    referrals: all.length,
    reachedFirstSession: days.length,
    medianDaysToFirstSession: median(days),
    wellbeing: { ...wellbeing, people: pairs.length },
    suppressionThreshold,
  };
}

// ---------- people ----------

/** A link worker sees people they recorded or whose referral they hold; a person sees themself; admins with a reason. */
async function maySeePerson(deps: AppDeps, actor: Actor, person: Person): Promise<boolean> {
  if (person.id === actor.userId || isAdmin(actor)) return true;
  if (!hasRole(actor, 'linkworker')) return false;
  if (person.createdBy === actor.userId) return true;
  return (await data.referralsOfPerson(deps.db, person.id)).some((r) => r.assignedTo === actor.userId);
}

async function loadPerson(deps: AppDeps, actor: Actor, id: string, reason: string | undefined): Promise<Person> {
  const person = await data.getPerson(deps.db, id);
  if (!person || !(await maySeePerson(deps, actor, person))) throw new NotFound('That person');
  if (isAdmin(actor) && person.id !== actor.userId && !reason) throw new Forbidden('Give a reason (the reason query parameter or X-Access-Reason header) to read a person’s details.');
  return person;
}

export async function createPerson(deps: AppDeps, actorIn: Actor | undefined, body: PersonInput): Promise<Person> {
  const actor = staffOnly(actorIn);
  const now = deps.clock.now();
  const person = personFrom(body, newId(now), actor.userId, now);
  await data.putPersonIfAbsent(deps.db, person);
  return person;
}

export async function getPerson(deps: AppDeps, actorIn: Actor | undefined, id: string, reason?: string): Promise<Person> {
  const actor = staffOnly(actorIn);
  const person = await loadPerson(deps, actor, id, reason);
  await data.putAudit(deps.db, [audit(actor, 'read-person', id, deps.clock.now(), { reason })]);
  return withCommunication(deps, person);
}

/** The person with how to reach them and their communication needs, once someone has said. */
async function withCommunication(deps: AppDeps, person: Person): Promise<Person & { communication?: CommunicationView }> {
  const c = await getCommunication(deps.db, person.id);
  return c ? { ...person, communication: communicationViewOf(c, 'email') } : person;
}

export async function updatePerson(deps: AppDeps, actorIn: Actor | undefined, id: string, body: UpdatePerson): Promise<Person> {
  const actor = staffOnly(actorIn);
  const person = await loadPerson(deps, actor, id, 'update');
  if (person.erasedAt) throw new NotFound('That person');
  const next: Person = { ...person, updatedAt: deps.clock.now().toISOString() };
  for (const field of ['name', 'email', 'phone', 'dateOfBirth', 'contactPreferences'] as const) {
    const value = body[field];
    if (value === null) delete next[field];
    else if (value !== undefined) (next as unknown as Record<string, unknown>)[field] = value;
  }
  // a way to reach them that their record cannot serve is refused before anything is written
  const problems = body.communication ? communicationProblems(body.communication, next.phone, next.phone ? normalisePhone(next.phone) : undefined, 'their record', 'body.communication') : [];
  if (problems.length) throw new InvalidInput(problems);
  await data.replacePerson(deps.db, next);
  // shared with the person's own settings when they have an account (the same item, by their id)
  if (body.communication) await putCommunication(deps.db, communicationRecord(id, body.communication, actor.userId, deps.clock.now()));
  await data.putAudit(deps.db, [audit(actor, 'update-person', id, deps.clock.now())]);
  return withCommunication(deps, next);
}

import { findProfileByEmail, getProfile, getProfileSummaries } from '../accounts/data';
import { getActivity } from '../directory/data';
import { type Actor, actsForOrganisation, canManageActivity, coordinatesHub, hasRole } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Forbidden, InvalidInput, NotFound, RuleViolation } from '../lib/errors';
import { addDays, londonDate, londonMidnight } from '../lib/london';
import { communicationNeedsOf } from '../reminders/service';
import { getReservation, listReservationsOfSession } from '../reservations/data';
import { parseCheckInCode } from '../reservations/passes';
import { reservationIdOf } from '../reservations/rules';
import type { Reservation } from '../reservations/schema';
import { getSession, listSessionsOn } from '../sessions/data';
import type { Session } from '../sessions/schema';
import { listShiftsForSession, listSignUpsFor } from '../volunteers/data';
import * as data from './data';
import { checkInRefusal, countRegister, describeDate, markOrder, maxClockSkewMs, monthOf, noShowRule, registerRefusal, registerWindow, repeatedNoShows } from './rules';
import type { CheckInInput, CheckInResult, MarkInput, MarkOutcome, RegisterPerson, RegisterSummary, RegisterView, RepeatedNoShow, WaitingPerson, WalkInInput, WalkInView } from './schema';

type Owners = Pick<Session, 'organisationId' | 'hubId'>;

interface OnShift {
  volunteerId: string;
  volunteerName: string;
  shiftId: string;
  roleTitle: string;
}

/** Is this shift run by the session's own hub or organisation? Only their shifts put volunteers on its register. */
const runsSession = (shift: { owner: { kind: string; id: string } }, session: Owners) => (shift.owner.kind === 'hub' ? shift.owner.id === session.hubId : shift.owner.id === session.organisationId);

/**
 * The volunteers on the shifts that help run this session (shifts on its day that name it). A shift any
 * coordinator or partner made naming someone else's session does not count: otherwise they could put their
 * own volunteers on another hub's register and read its names and access needs.
 */
async function volunteersOnShift(deps: AppDeps, session: Session): Promise<OnShift[]> {
  const shifts = (await listShiftsForSession(deps.db, session.id, londonMidnight(session.localDate), session.endsAt)).filter((s) => s.status !== 'cancelled' && runsSession(s, session));
  const signUps = await Promise.all(shifts.map((s) => listSignUpsFor(deps.db, s.shiftId)));
  return signUps.flat().map((u) => ({ volunteerId: u.volunteerId, volunteerName: u.volunteerName, shiftId: u.shiftId, roleTitle: u.roleTitle }));
}

/**
 * Who may take a session's register: the coordinators of the activity's hub, its partner organisation
 * (and admins), and the volunteers on a shift for that session. Everyone else is refused.
 */
async function authorise(deps: AppDeps, actor: Actor, session: Session, owners: Owners, known?: OnShift[]): Promise<{ manages: boolean; onShift: OnShift[] }> {
  if (canManageActivity(actor, owners)) return { manages: true, onShift: known ?? [] };
  const onShift = known ?? (await volunteersOnShift(deps, session));
  if (onShift.some((v) => v.volunteerId === actor.userId)) return { manages: false, onShift };
  throw new Forbidden('Only the coordinators, the partner organisation and the volunteers on shift can take this register.');
}

const factsOf = (s: Session): data.SessionFacts => ({
  sessionId: s.id,
  activityId: s.activityId,
  activityTitle: s.activityTitle,
  ...(s.hubId ? { hubId: s.hubId } : {}),
  organisationId: s.organisationId,
  localDate: s.localDate,
  month: monthOf(s.localDate),
  startsAt: s.startsAt,
});

/**
 * Who sees the access needs a person chose to share: they agreed to share them with the session's hub, so
 * only its coordinators (for an activity away from a hub, the organisation running it). Not volunteers on
 * shift, nor admins who do not coordinate the hub.
 */
const seesSharedAccessNeeds = (actor: Actor, owners: Owners) =>
  owners.hubId ? hasRole(actor, 'coordinator') && actor.hubIds.includes(owners.hubId) : hasRole(actor, 'partner') && actor.organisationIds.includes(owners.organisationId);

const noShowOwner = (s: Owners) => (s.hubId ? { hubId: s.hubId } : { organisationId: s.organisationId });

// ---------- the register ----------

/** Everyone expected at a session (and their companions), the volunteers on shift, marks and walk-ins. */
export async function getRegister(deps: AppDeps, actor: Actor, sessionId: string): Promise<RegisterView> {
  const session = await getSession(deps.db, sessionId);
  if (!session) throw new NotFound('That session');
  const [activity, onShiftAll] = await Promise.all([getActivity(deps.db, session.activityId), volunteersOnShift(deps, session)]);
  const owners = activity ?? session;
  const { manages } = await authorise(deps, actor, session, owners, onShiftAll);
  const windowStart = addDays(session.localDate, -7 * noShowRule.weeks + 1);
  const [reservations, register, noShows] = await Promise.all([
    listReservationsOfSession(deps.db, sessionId),
    data.listRegisterItems(deps.db, sessionId),
    manages ? data.listNoShows(deps.db, noShowOwner(owners), windowStart, session.localDate) : Promise.resolve([]),
  ]);
  const markOf = new Map(register.marks.map((m) => [`${m.role}#${m.personId}`, m]));
  const noShowCount = new Map<string, number>();
  for (const n of noShows) noShowCount.set(n.personId, (noShowCount.get(n.personId) ?? 0) + 1);
  const booked = reservations.filter((r) => r.status === 'confirmed' || markOf.has(`resident#${r.personId}`));
  // the waiting list and those who cancelled are for the people who run the session, not volunteers on shift
  const waiting = manages ? waitingOrder(reservations) : [];
  const cancelled = manages ? reservations.filter((r) => r.status === 'cancelled' && !markOf.has(`resident#${r.personId}`)) : [];
  const listed = [...booked, ...waiting, ...cancelled];
  const [profiles, referralSharing] = await Promise.all([
    getProfileSummaries(deps.db, [...listed.map((r) => r.personId), ...register.walkIns.flatMap((w) => (w.personId && namedWalkIn(w) ? [w.personId] : []))]),
    deps.referrals.sharingWithProviders(listed.flatMap((r) => (r.referralId ? [{ referralId: r.referralId, personId: r.personId }] : []))),
  ]);
  // a place booked through a referral shows who it is only with the person's consent to share with providers
  const nameOf = (r: Reservation) => {
    if (!r.referralId) return profiles.get(r.personId)?.name;
    const consent = referralSharing.get(r.referralId);
    return consent?.shared ? (profiles.get(r.personId)?.name ?? consent.name) : 'Name not shared (booked by a link worker)';
  };

  const row = (personId: string, role: RegisterPerson['role'], extra: Partial<RegisterPerson>): RegisterPerson => {
    const mark = markOf.get(`${role}#${personId}`);
    const recent = noShowCount.get(personId);
    return {
      personId,
      role,
      name: profiles.get(personId)?.name ?? 'Name not known',
      checkedIn: !!mark?.history.some((h) => h.source === 'check-in'),
      ...(manages && recent ? { recentNoShows: recent } : {}),
      ...extra,
      ...(mark ? { mark: data.markViewOf(mark) } : {}),
    };
  };
  const seesNeeds = seesSharedAccessNeeds(actor, owners);
  const communication = seesNeeds
    ? await communicationNeedsOf(
        deps,
        booked.map((r) => r.personId),
      )
    : new Map<string, string[]>();
  const people: RegisterPerson[] = [];
  for (const r of booked) {
    const accessNeeds = seesNeeds ? profiles.get(r.personId)?.accessNeeds : undefined;
    const communicationNeeds = communication.get(r.personId);
    const name = nameOf(r);
    people.push(
      row(r.personId, 'resident', {
        reservationStatus: r.status,
        ...(accessNeeds ? { accessNeeds } : {}),
        ...(communicationNeeds ? { communicationNeeds } : {}),
        ...(r.answers?.length ? { answers: r.answers } : {}),
        ...(name ? { name } : {}),
      }),
    );
    if (r.companion || markOf.has(`companion#${r.personId}`)) {
      const person = row(r.personId, 'companion', { reservationStatus: r.status });
      people.push({ ...person, name: `${name ?? 'Someone'}’s companion` });
    }
  }
  // access needs are health data: each person whose needs this register shows has the read on their audit trail
  // and so is each whose communication needs it shows (they can say something of a person's health too)
  const residents = people.filter((row) => row.role === 'resident');
  const reads = [
    ...residents.filter((row) => row.accessNeeds).map((row) => ({ row, action: 'read-access-needs' })),
    ...residents.filter((row) => row.communicationNeeds).map((row) => ({ row, action: 'read-communication-needs' })),
  ];
  if (reads.length) {
    const at = deps.clock.now().toISOString();
    await deps.referrals.audit(
      reads.map(({ row, action }) => ({ at, actorId: actor.userId, actorRoles: actor.roles, action, personId: row.personId, reason: `register of ${session.activityTitle} on ${session.localDate}` })),
    );
  }
  people.sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  const volunteers = onShiftAll.map((v) => ({ ...row(v.volunteerId, 'volunteer', { shiftId: v.shiftId, roleTitle: v.roleTitle }), name: v.volunteerName }));
  const walkIns = register.walkIns.sort((a, b) => a.markedAt.localeCompare(b.markedAt)).map((w) => walkInView(w, w.personId && namedWalkIn(w) ? profiles.get(w.personId)?.name : undefined));
  const waitlist: WaitingPerson[] = waiting.map((r, i) => ({
    personId: r.personId,
    name: nameOf(r) ?? 'Name not known',
    position: i + 1,
    status: r.status === 'offered' ? 'offered' : 'waitlisted',
    companion: r.companion,
    ...(r.status === 'offered' && r.offerExpiresAt ? { offerExpiresAt: r.offerExpiresAt } : {}),
  }));
  return {
    session: {
      id: session.id,
      activityId: session.activityId,
      activityTitle: session.activityTitle,
      startsAt: session.startsAt,
      endsAt: session.endsAt,
      localDate: session.localDate,
      localStartTime: session.localStartTime,
      localEndTime: session.localEndTime,
      ...(session.location ? { location: session.location } : {}),
      status: session.status,
    },
    marking: markingOf(session, deps.clock.now()),
    counts: countRegister(people, volunteers, walkIns),
    people,
    volunteers,
    walkIns,
    waitlist,
    cancelled: cancelled
      .map((r) => ({ personId: r.personId, name: nameOf(r) ?? 'Name not known', ...(r.cancelReason === 'session-cancelled' ? { byHub: true } : {}) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB')),
    noShowRule,
  };
}

/** Whether the register takes marks now, and if not why (the web shows the reason instead of the buttons). */
function markingOf(session: Session, now: Date): RegisterView['marking'] {
  const refusal = registerRefusal(session, now);
  return { ...registerWindow(session), open: !refusal, ...(refusal ? { reason: refusal.message, rule: refusal.code } : {}) };
}

/** Held offers first (soonest to lapse first), then the waiting list in the order people joined it. */
function waitingOrder(reservations: Reservation[]): Reservation[] {
  const offered = reservations.filter((r) => r.status === 'offered').sort((a, b) => (a.offerExpiresAt ?? '').localeCompare(b.offerExpiresAt ?? ''));
  const waiting = reservations.filter((r) => r.status === 'waitlisted').sort((a, b) => a.joinedSeq - b.joinedSeq);
  return [...offered, ...waiting];
}

/** A walk-in is shown by name only when named by their pass or from the register itself, never from an email given at the door. */
const namedWalkIn = (w: data.WalkIn) => w.identifiedBy === 'code' || w.identifiedBy === 'register';

/** A walk-in as the API shows it: the person only for a named walk-in. */
function walkInView(w: data.WalkIn, name: string | undefined): WalkInView {
  const view = data.walkInViewOf(w, name);
  if (!namedWalkIn(w)) delete view.personId;
  return view;
}

/**
 * The sessions on a day whose registers this person runs (coordinators: their hubs'; partners: their
 * organisation's; admins: all), earliest first: the coordinator's "today's sessions", each a way to its register.
 */
export async function listRegisters(deps: AppDeps, actor: Actor, q: { date?: string | undefined; hubId?: string | undefined }): Promise<{ date: string; items: RegisterSummary[] }> {
  const date = q.date ?? londonDate(deps.clock.now());
  const sessions = (await listSessionsOn(deps.db, date)).filter((s) => canManageActivity(actor, s) && (!q.hubId || s.hubId === q.hubId));
  const items = sessions
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.activityTitle.localeCompare(b.activityTitle, 'en-GB'))
    .map((s) => ({
      sessionId: s.id,
      activityId: s.activityId,
      activityTitle: s.activityTitle,
      ...(s.hubId ? { hubId: s.hubId } : {}),
      localStartTime: s.localStartTime,
      localEndTime: s.localEndTime,
      ...(s.location ? { location: s.location } : {}),
      status: s.status,
      booked: s.confirmed,
      capacity: s.capacity,
      waiting: s.waitlisted ?? 0,
    }));
  return { date, items };
}

// ---------- marking ----------

const notOnRegister = (i: number, message: string) => new InvalidInput([{ field: `body.marks.${i}.personId`, rule: 'not_on_register', message }]);

/**
 * Records a batch of marks. Each mark is one conditional write: a resend is recorded once, an older mark
 * than the one standing changes nothing, and the answer says which and shows the mark that stands. Marks
 * may be made after the session (a register completed from paper). Nothing is written if any mark is
 * invalid. Volunteers' hours follow from their marks through the stream (see consumers.ts).
 */
export async function recordAttendance(deps: AppDeps, actor: Actor, sessionId: string, marks: MarkInput[]): Promise<{ results: MarkOutcome[] }> {
  const now = deps.clock.now();
  marks.forEach((m, i) => {
    if (Date.parse(m.markedAt) > now.getTime() + maxClockSkewMs) {
      throw new InvalidInput([{ field: `body.marks.${i}.markedAt`, rule: 'in_future', message: 'is in the future: check the device’s clock' }]);
    }
  });
  const booked = [...new Set(marks.filter((m) => m.role !== 'volunteer').map((m) => m.personId))];
  const { session, reservations } = await data.readForMarking(deps.db, sessionId, booked);
  if (!session) throw new NotFound('That session');
  const hasVolunteers = marks.some((m) => m.role === 'volunteer');
  const access = await authorise(deps, actor, session, session, hasVolunteers ? await volunteersOnShift(deps, session) : undefined);
  if (hasVolunteers && !access.manages) throw new Forbidden('Only coordinators and the partner organisation can mark volunteers.');
  const shiftOf = new Map(access.onShift.map((v) => [v.volunteerId, v.shiftId]));
  marks.forEach((m, i) => {
    const refusal = registerRefusal(session, now, m.status);
    if (refusal) throw new RuleViolation(refusal.message, refusal.code, `body.marks.${i}.status`);
  });
  marks.forEach((m, i) => {
    if (m.role === 'volunteer') {
      if (!shiftOf.has(m.personId)) throw notOnRegister(i, 'is not a volunteer on a shift for this session');
      // a volunteer's mark becomes approved hours: nobody approves their own
      if (m.personId === actor.userId) throw new Forbidden('You cannot mark your own attendance as a volunteer: another coordinator records it.');
      return;
    }
    const r = reservations.get(m.personId);
    if (!r) throw notOnRegister(i, 'has no booking for this session');
    if (m.role === 'companion' && !r.companion) throw notOnRegister(i, 'has no companion on their booking');
  });
  const facts = factsOf(session);
  const recordedAt = now.toISOString();
  const results = await mapLimit(marks, 25, async (m): Promise<MarkOutcome> => {
    const referralId = m.role === 'volunteer' ? undefined : reservations.get(m.personId)?.referralId;
    const shiftId = m.role === 'volunteer' ? shiftOf.get(m.personId) : undefined;
    const out = await data.putMark(deps.db, {
      ...facts,
      personId: m.personId,
      role: m.role,
      status: m.status,
      markId: m.markId,
      markedAt: new Date(m.markedAt).toISOString(),
      markedBy: actor.userId,
      recordedAt,
      markOrder: markOrder(m.markedAt, m.markId),
      ...(referralId ? { referralId } : {}),
      ...(shiftId ? { shiftId } : {}),
    });
    return { markId: m.markId, personId: m.personId, role: m.role, outcome: out.outcome, current: data.markViewOf(out.current) };
  });
  return { results };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

// ---------- walk-ins ----------

/**
 * Someone came without booking: a count (with an optional age band), or one person named by the check-in code
 * on a pass they show (for this session or any other booking of theirs), or someone already on this register
 * (waiting list, offered a place, or cancelled). An email is linked to its account when there is one but the
 * answer never says so: the register is not a way to find out who has an account. Recorded once per walkInId.
 */
export async function recordWalkIn(deps: AppDeps, actor: Actor, sessionId: string, body: WalkInInput): Promise<{ created: boolean; walkIn: WalkInView }> {
  const session = await getSession(deps.db, sessionId);
  if (!session) throw new NotFound('That session');
  await authorise(deps, actor, session, session);
  if (Date.parse(body.markedAt) > deps.clock.now().getTime() + maxClockSkewMs) {
    throw new InvalidInput([{ field: 'body.markedAt', rule: 'in_future', message: 'is in the future: check the device’s clock' }]);
  }
  let person: { personId: string; identifiedBy: data.WalkIn['identifiedBy'] } | undefined;
  if (body.code) person = { personId: await personByPass(deps, sessionId, body.code), identifiedBy: 'code' };
  else if (body.personId) person = { personId: await personOnRegister(deps, sessionId, body.personId), identifiedBy: 'register' };
  else if (body.email) {
    const account = await findProfileByEmail(deps.db, body.email);
    if (account) person = { personId: account.userId, identifiedBy: 'email' };
  }
  const { created, walkIn } = await data.putWalkIn(deps.db, {
    ...factsOf(session),
    walkInId: body.walkInId,
    ...(person ? { personId: person.personId, identifiedBy: person.identifiedBy } : {}),
    count: body.count,
    ...(body.ageBand ? { ageBand: body.ageBand } : {}),
    markedAt: new Date(body.markedAt).toISOString(),
    markedBy: actor.userId,
    recordedAt: deps.clock.now().toISOString(),
  });
  const name = walkIn.personId && namedWalkIn(walkIn) ? (await getProfile(deps.db, walkIn.personId))?.name : undefined;
  return { created, walkIn: walkInView(walkIn, name) };
}

/** The person whose pass shows this code: a booking of this session (typed code) or any booking of theirs (QR code). */
async function personByPass(deps: AppDeps, sessionId: string, typed: string): Promise<string> {
  const code = parseCheckInCode(typed);
  const reservation =
    code.sessionId && code.personId ? await getReservation(deps.db, code.sessionId, code.personId) : (await listReservationsOfSession(deps.db, sessionId)).find((r) => r.checkInCode === code.code);
  if (!reservation || reservation.checkInCode !== code.code) {
    throw new RuleViolation('This code does not match a check-in pass. Check it with the person, or record them as a walk-in without a name.', 'unknown_code', 'body.code');
  }
  if (reservation.sessionId === sessionId && reservation.status === 'confirmed') {
    throw new RuleViolation('This person is booked on this session: check them in with their code instead.', 'booked', 'body.code');
  }
  return reservation.personId;
}

/**
 * Someone this register already shows its coordinators: on the waiting list, offered a place, or who cancelled.
 * Anyone else (whether or not they have an account) gets the same refusal.
 */
async function personOnRegister(deps: AppDeps, sessionId: string, personId: string): Promise<string> {
  const reservation = await getReservation(deps.db, sessionId, personId);
  if (!reservation || reservation.status === 'confirmed') {
    throw new RuleViolation(
      'We can name a walk-in only from their check-in pass, or from this session’s waiting list or cancellations. Record them without a name instead.',
      'not_on_register',
      'body.personId',
    );
  }
  return reservation.personId;
}

// ---------- check-in at the door ----------

/**
 * Checks a person in by the code on their booking (typed, or read from its QR code), on the session's own
 * day only. A code for another session or another day is refused with the reason. Checking in is an
 * "attended" mark (and one for their companion), recorded once however often the code is shown.
 */
export async function checkIn(deps: AppDeps, actor: Actor, body: CheckInInput): Promise<CheckInResult> {
  const code = parseCheckInCode(body.code);
  const sessionId = body.sessionId ?? code.sessionId;
  if (!sessionId) throw new InvalidInput([{ field: 'body.sessionId', rule: 'required', message: 'is required with a 6-letter code: say which session you are checking people in to' }]);
  const session = await getSession(deps.db, sessionId);
  if (!session) throw new NotFound('That session');
  await authorise(deps, actor, session, session);
  if (code.sessionId && code.sessionId !== sessionId) {
    const other = await getSession(deps.db, code.sessionId);
    const what = other ? `${other.activityTitle} on ${describeDate(other.localDate)} at ${other.localStartTime}` : 'another session';
    throw new RuleViolation(`This code is for ${what}, not for ${session.activityTitle} today.`, 'wrong_session', 'body.code');
  }
  const now = deps.clock.now();
  const refusal = checkInRefusal(session, londonDate(now)) ?? registerRefusal(session, now);
  if (refusal) throw new RuleViolation(refusal.message, refusal.code, 'body.code');

  const reservation = code.personId ? await getReservation(deps.db, sessionId, code.personId) : (await listReservationsOfSession(deps.db, sessionId)).find((r) => r.checkInCode === code.code);
  if (!reservation || reservation.checkInCode !== code.code) {
    throw new RuleViolation(`This code is not for ${session.activityTitle} today. Check the date and activity on the person’s booking.`, 'wrong_session', 'body.code');
  }
  if (reservation.status !== 'confirmed') {
    const why = reservation.status === 'cancelled' ? 'was cancelled' : 'is not confirmed yet (they are on the waiting list)';
    throw new RuleViolation(`This booking ${why}. You can still let them in and record them as a walk-in.`, 'not_confirmed', 'body.code');
  }
  const stamp = now.toISOString();
  const mark = (role: 'resident' | 'companion') =>
    data.putMark(deps.db, {
      ...factsOf(session),
      personId: reservation.personId,
      role,
      status: 'attended',
      markId: `checkin-${reservationIdOf(sessionId, reservation.personId)}`.slice(0, 64),
      markedAt: stamp,
      markedBy: actor.userId,
      recordedAt: stamp,
      source: 'check-in',
      markOrder: markOrder(stamp, 'checkin'),
      ...(reservation.referralId ? { referralId: reservation.referralId } : {}),
    });
  const [own, profile] = await Promise.all([mark('resident'), getProfile(deps.db, reservation.personId), reservation.companion ? mark('companion') : undefined]);
  return {
    sessionId,
    activityTitle: session.activityTitle,
    personId: reservation.personId,
    name: profile?.name ?? 'Name not known',
    companion: reservation.companion,
    alreadyCheckedIn: own.outcome !== 'recorded' && own.current.history.some((h) => h.source === 'check-in'),
    mark: data.markViewOf(own.current),
  };
}

// ---------- repeated no-shows ----------

/** People with repeated no-shows at a hub's (or an organisation's) sessions: shown to coordinators, never blocked. */
export async function listRepeatedNoShows(
  deps: AppDeps,
  actor: Actor,
  q: { hubId?: string | undefined; organisationId?: string | undefined; threshold?: number | undefined; weeks?: number | undefined },
): Promise<{ threshold: number; weeks: number; from: string; items: RepeatedNoShow[] }> {
  if (!!q.hubId === !!q.organisationId) throw new InvalidInput([{ field: 'query.hubId', rule: 'required', message: 'give a hubId or an organisationId (one of them)' }]);
  if (q.hubId ? !coordinatesHub(actor, q.hubId) : !actsForOrganisation(actor, q.organisationId!)) {
    throw new Forbidden('Only the hub’s coordinators (or the organisation’s staff) can see its no-shows.');
  }
  const threshold = q.threshold ?? noShowRule.threshold;
  const weeks = q.weeks ?? noShowRule.weeks;
  const today = londonDate(deps.clock.now());
  const from = addDays(today, -7 * weeks + 1);
  const rows = await data.listNoShows(deps.db, q.hubId ? { hubId: q.hubId } : { organisationId: q.organisationId! }, from, today);
  const repeated = repeatedNoShows(rows, threshold);
  const names = await getProfileSummaries(
    deps.db,
    repeated.map((r) => r.personId),
  );
  return {
    threshold,
    weeks,
    from,
    items: repeated.map((r) => ({
      personId: r.personId,
      name: names.get(r.personId)?.name ?? 'Name not known',
      count: r.entries.length,
      dates: r.entries.map((e) => e.localDate),
      sessions: r.entries.map((e) => ({ sessionId: e.sessionId, activityId: e.activityId, localDate: e.localDate })),
    })),
  };
}

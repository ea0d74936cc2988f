import { communicationOf, getNames, getProfile } from '../accounts/data';
import { getActivities, getHubs } from '../directory/data';
import { type Actor, canManageActivity, hasRole } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../lib/errors';
import { icsAttachment } from '../lib/ical';
import { fingerprint, idempotencyTtlSeconds } from '../lib/idempotency';
import { putMessageOnce } from '../lib/outbox';
import { pageOfList } from '../lib/pagination';
import { limitCaller, rateLimits } from '../lib/rate-limit';
import * as sessions from '../sessions/data';
import { addDays, describeDay, londonDate } from '../sessions/rules';
import type { Session } from '../sessions/schema';
import * as data from './data';
import { calendarFor, cancelledMessage, confirmedMessage, offeredMessage, promotedMessage, waitlistedMessage } from './messages';
import { passesPageLink } from './passes';
import { checkAnswers, isActive, isPastHolding, limits, modesFor, newCheckInCode, positionOf, reservationIdOf, splitReservationId } from './rules';
import type { BookingAnswer, CourseInput, CourseResult, Reservation, ReservationView, ReserveResult } from './schema';

/** What a reserveSeat call carries besides the actor. */
export interface ReserveRequest {
  sessionId: string;
  personId?: string | undefined;
  companion?: boolean | undefined;
  referralId?: string | undefined;
  answers?: { questionId: string; answer: string }[] | undefined;
  idempotencyKey?: string | undefined;
  /** a place or nothing: a full session answers `session_full` instead of a waiting place (a course's "the ones with places") */
  placeOnly?: boolean | undefined;
}

/** May this actor book for someone else? Link workers and admins anyone; coordinators and partners at their activities. */
function mayBookFor(actor: Actor, session: Pick<Session, 'organisationId' | 'hubId'>): boolean {
  return hasRole(actor, 'linkworker', 'admin') || canManageActivity(actor, session);
}

/**
 * May this actor see or change this reservation? The person, whoever booked it (a link worker booking for
 * someone they support), admins and the activity's managers. Not every link worker: a reservation is not
 * on their caseload unless they booked it.
 */
function mayHandle(actor: Actor, r: Reservation, session?: Pick<Session, 'organisationId' | 'hubId'>): boolean {
  return r.personId === actor.userId || r.bookedBy === actor.userId || hasRole(actor, 'admin') || (!!session && canManageActivity(actor, session));
}

/** Only link workers (and admins) tie a booking to a referral: its attendance becomes the referral's outcome. */
function checkReferralLink(actor: Actor, referralId: string | undefined): void {
  if (referralId && !hasRole(actor, 'linkworker', 'admin')) throw new Forbidden('Only link workers can book a place as part of a referral.');
}

/** A place booked for someone else is for someone who exists: an account holder, or a person a link worker recorded (not erased). */
async function assertPersonKnown(deps: AppDeps, personId: string): Promise<void> {
  const [profile, recorded] = await Promise.all([getProfile(deps.db, personId), deps.referrals.isRecordedPerson(personId)]);
  if (!profile && !recorded) {
    throw new InvalidInput([{ field: 'body.personId', rule: 'unknown_person', message: 'is not anyone we know: book for an account holder or a person you support' }]);
  }
}

/** Refuses a session that cannot be booked right now, with the reason a person can act on. */
function checkBookable(session: Session, now: Date, modes: string[]): void {
  const t = now.toISOString();
  if (session.status !== 'scheduled') throw new Conflict('This session is cancelled.', 'session_cancelled');
  if (session.activityStatus && session.activityStatus !== 'active') {
    throw new RuleViolation(session.activityStatus === 'paused' ? 'This activity is paused, so it is not taking bookings at the moment.' : 'This activity has ended.', 'activity_not_running');
  }
  if (!modes.includes(session.bookingMode)) {
    throw new RuleViolation(
      session.bookingMode === 'drop-in' ? 'This activity is drop-in: just come along, no booking needed.' : 'This activity takes bookings by referral only: ask your link worker or GP.',
      'not_bookable',
    );
  }
  if (t < session.opensAt) throw new RuleViolation(`Booking for this session opens on ${describeDay(session.opensAt)}.`, 'booking_not_open');
  if (t >= session.closesAt) throw new RuleViolation('Booking for this session has closed.', 'booking_closed');
}

/**
 * What the booking carries besides the place: a companion place only where the activity allows one, and
 * answers to the activity's questions (the required ones when people book for themselves).
 */
function bookingExtras(session: Pick<Session, 'companionPlaces' | 'questions'>, input: Pick<ReserveRequest, 'companion' | 'answers'>, assisted: boolean): BookingAnswer[] {
  if (input.companion && session.companionPlaces === false) {
    throw new RuleViolation('This activity does not have places for companions or carers. Ask the organiser if you need someone with you.', 'no_companion_places', 'body.companion');
  }
  const { answers, problems } = checkAnswers(session.questions ?? [], input.answers ?? [], !assisted);
  if (problems.length) throw new InvalidInput(problems);
  return answers;
}

/**
 * Takes a place for a person in a session: confirmed while places are free, else a place on the waitlist.
 * The capacity, one-per-person, limits and window are all conditions of the write; the read before it only
 * gathers what the reservation and its message say. With an Idempotency-Key a retry gets the first answer.
 */
export async function reserveSeat(deps: AppDeps, actor: Actor, input: ReserveRequest): Promise<ReserveResult> {
  await limitCaller(deps, 'reservation', { userId: actor.userId }, rateLimits.reservation);
  return takeSeat(deps, actor, input);
}

/** reserveSeat without the rate limit: a course booking counts once, not once per session. */
async function takeSeat(deps: AppDeps, actor: Actor, input: ReserveRequest): Promise<ReserveResult> {
  checkReferralLink(actor, input.referralId);
  const personId = input.personId ?? actor.userId;
  const assisted = personId !== actor.userId;
  const places = input.companion ? 2 : 1;
  const now = deps.clock.now();
  let session = await sessions.getSession(deps.db, input.sessionId);
  if (!session) throw new NotFound('That session');
  if (assisted && !mayBookFor(actor, session)) throw new Forbidden('You can book places for yourself. Link workers and the activity’s coordinators can book for others.');
  if (assisted) await assertPersonKnown(deps, personId);
  const modes = modesFor(assisted);
  const answers = bookingExtras(session, input, assisted);
  const idempotency = input.idempotencyKey
    ? {
        operation: 'reserveSeat',
        actorId: actor.userId,
        key: input.idempotencyKey,
        hash: fingerprint({ sessionId: input.sessionId, personId, places, referralId: input.referralId ?? null }),
        expiresAt: Math.floor(now.getTime() / 1000) + idempotencyTtlSeconds,
      }
    : undefined;
  const id = reservationIdOf(input.sessionId, personId);
  const base: Reservation = {
    id,
    sessionId: session.id,
    activityId: session.activityId,
    personId,
    status: 'confirmed',
    companion: places === 2,
    places,
    bookedBy: actor.userId,
    ...(input.referralId ? { referralId: input.referralId } : {}),
    joinedSeq: 0,
    checkInCode: newCheckInCode(),
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    activityTitle: session.activityTitle,
    ...(answers.length ? { answers } : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const repeat = async (): Promise<ReserveResult> => replay(deps, idempotency!);
  // a record in the format before lib/idempotency.ts is honoured until it expires (see olderAnswer)
  if (idempotency && (await data.getOlderIdempotency(deps.db, idempotency.actorId, idempotency.key))) return repeat();
  let pruned = false;
  for (let attempt = 0; attempt < 6; attempt++) {
    checkBookable(session, now, modes);
    const full = session.placesFree < places || session.waitlisted > 0;
    let refusal: data.WriteRefusal;
    if (!full) {
      const answer = { id, status: 'confirmed' as const };
      const out = await data.takePlace(deps.db, { reservation: base, now, modes, maxHeld: limits.held, idempotency, answer, message: confirmedMessage(session, base, now, deps.config.siteOrigin) });
      if (out.ok) return answer;
      refusal = out.refusal;
    } else {
      if (idempotency && (await data.getIdempotency(deps.db, idempotency.actorId, idempotency.key, idempotency.operation))) return repeat();
      if (input.placeOnly) throw new Conflict('This session is full.', 'full');
      const ticket = await sessions.takeTicket(deps.db, session.id, places, modes, now);
      if ('session' in ticket) {
        session = ticket.session ?? (await sessions.getSession(deps.db, input.sessionId, true));
        if (!session) throw new NotFound('That session');
        continue;
      }
      const waitlistPosition = positionOf(ticket.ticket, ticket.gone);
      const reservation: Reservation = { ...base, status: 'waitlisted', joinedSeq: ticket.ticket };
      const answer = { id, status: 'waitlisted' as const, waitlistPosition };
      const out = await data.joinWaitlist(deps.db, { reservation, now, maxWaiting: limits.waiting, idempotency, answer, message: waitlistedMessage(session, reservation, waitlistPosition) });
      if (out.ok) return answer;
      await sessions.returnTicket(deps.db, session.id);
      refusal = out.refusal;
    }
    if (refusal.kind === 'repeat') return repeat();
    if (refusal.kind === 'already') {
      throw new Conflict(assisted ? 'This person already has a place (or is waiting) for this session.' : 'You already have a place (or are waiting) for this session.', 'already_reserved', {
        reservationId: id,
      });
    }
    if (refusal.kind === 'limit') {
      if (!pruned && (await data.pruneHoldings(deps.db, personId, (e) => isPastHolding(e, now))) > 0) {
        pruned = true;
        continue;
      }
      throw new RuleViolation(
        full ? `You can wait for at most ${limits.waiting} full sessions at once.` : `You can hold at most ${limits.held} upcoming places at once. Cancel one you no longer need first.`,
        full ? 'waitlist_limit' : 'reservation_limit',
      );
    }
    session = refusal.session ?? (await sessions.getSession(deps.db, input.sessionId, true));
    if (!session) throw new NotFound('That session');
  }
  throw new Conflict('The session changed while we were booking. Please try again.', 'changed_meanwhile');
}

async function replay(deps: AppDeps, idem: data.Idempotency): Promise<ReserveResult> {
  const first = await data.getIdempotency(deps.db, idem.actorId, idem.key, idem.operation);
  if (!first) throw new Conflict('That request is still being processed; try again in a moment.', 'in_progress');
  if (first.hash !== idem.hash) {
    throw new RuleViolation('This Idempotency-Key was already used for a different request. Use a new key for a new booking.', 'idempotency_key_reused', 'header.idempotency-key');
  }
  return first.answer as ReserveResult;
}

async function reservationFor(deps: AppDeps, actor: Actor, id: string): Promise<{ reservation: Reservation; session: Session | undefined }> {
  const { sessionId, personId } = splitReservationId(id);
  const reservation = await data.getReservation(deps.db, sessionId, personId);
  if (!reservation) throw new NotFound('That reservation');
  if (mayHandle(actor, reservation)) return { reservation, session: undefined };
  const session = await sessions.getSession(deps.db, sessionId);
  if (!session || !mayHandle(actor, reservation, session)) throw new NotFound('That reservation');
  return { reservation, session };
}

/** Gives up a place or a waiting place; a freed place goes to the first person waiting (through the stream). */
/** `why`: the deadline freed the place without an answer ('no-reply'), or the person answered a reminder NO ('replied-no'). */
export async function cancelReservation(deps: AppDeps, actor: Actor, id: string, why?: 'no-reply' | 'replied-no'): Promise<ReservationView> {
  let { reservation } = await reservationFor(deps, actor, id);
  for (let attempt = 0; attempt < 5; attempt++) {
    if (reservation.status === 'cancelled') return toView(reservation);
    const now = deps.clock.now();
    const session = await sessions.getSession(deps.db, reservation.sessionId);
    const facts = session ?? { ...reservation, id: reservation.sessionId, localStartTime: '', localEndTime: '', location: undefined };
    const moved = await data.moveReservation(deps.db, {
      reservation,
      from: reservation.status,
      to: 'cancelled',
      now,
      cancelReason: why ?? (reservation.personId === actor.userId ? 'by-person' : 'by-booker'),
      cancelledBy: actor.userId,
      message: cancelledMessage(facts, reservation, now, why === 'no-reply' ? why : undefined),
    });
    if (moved) return toView({ ...reservation, status: 'cancelled', cancelledAt: now.toISOString(), updatedAt: now.toISOString() });
    const fresh = await data.getReservation(deps.db, reservation.sessionId, reservation.personId);
    if (!fresh) throw new NotFound('That reservation');
    reservation = fresh;
  }
  throw new Conflict('This booking changed while we were cancelling it. Please try again.', 'changed_meanwhile');
}

/** Takes an offered place before its hold runs out. */
export async function acceptOffer(deps: AppDeps, actor: Actor, id: string): Promise<ReservationView> {
  const { reservation } = await reservationFor(deps, actor, id);
  if (reservation.status === 'confirmed') return toView(reservation);
  const now = deps.clock.now();
  if (reservation.status !== 'offered') throw new Conflict('There is no place on offer for this booking.', 'no_offer');
  if (reservation.offerExpiresAt && reservation.offerExpiresAt <= now.toISOString()) {
    await expireOffer(deps, reservation);
    throw new RuleViolation('Sorry: the hold on this place ran out and it has gone to the next person.', 'offer_expired');
  }
  const session = await sessions.getSession(deps.db, reservation.sessionId);
  const ok = await data.moveReservation(deps.db, {
    reservation,
    from: 'offered',
    to: 'confirmed',
    now,
    ...(session ? { message: confirmedMessage(session, reservation, now, deps.config.siteOrigin) } : {}),
  });
  if (!ok) throw new RuleViolation('Sorry: the hold on this place ran out and it has gone to the next person.', 'offer_expired');
  return toView({ ...reservation, status: 'confirmed' });
}

/** The signed-in person's bookings, soonest first; waiting places show their position. */
export async function listMyReservations(
  deps: AppDeps,
  actor: Actor,
  includePast = false,
  page: { limit: number; cursor?: string | undefined } = { limit: 200 },
): Promise<{ items: ReservationView[]; nextCursor?: string }> {
  const now = deps.clock.now();
  const from = includePast ? addDays(londonDate(now), -365) : new Date(now.getTime() - 3 * 3_600_000).toISOString();
  // paged before the per-booking work (expiring offers, waitlist positions)
  const { items, nextCursor } = pageOfList(await data.listPersonReservations(deps.db, actor.userId, from), page.limit, page.cursor);
  const out: ReservationView[] = [];
  for (let r of items) {
    if (r.status === 'offered' && r.offerExpiresAt && r.offerExpiresAt <= now.toISOString()) {
      await expireOffer(deps, r);
      r = (await data.getReservation(deps.db, r.sessionId, r.personId)) ?? r;
    }
    const position = r.status === 'waitlisted' ? (await data.countWaitingBefore(deps.db, r.sessionId, r.joinedSeq)) + 1 : undefined;
    out.push(toView(r, position));
  }
  const places = await placesOf(
    deps,
    out.map((r) => r.activityId),
  );
  const shown = out.map((r) => (places.has(r.activityId) ? { ...r, place: places.get(r.activityId)! } : r));
  return nextCursor ? { items: shown, nextCursor } : { items: shown };
}

/** Where each activity happens, with the address a person needs to get there: its venue, or its hub. */
async function placesOf(deps: AppDeps, activityIds: string[]): Promise<Map<string, { name: string; address: string }>> {
  const activities = await getActivities(deps.db, [...new Set(activityIds)]);
  const hubs = new Map((await getHubs(deps.db, [...new Set(activities.flatMap((a) => (a.hubId && !a.venue ? [a.hubId] : [])))])).map((h) => [h.id, h]));
  const out = new Map<string, { name: string; address: string }>();
  for (const a of activities) {
    const place = a.venue ?? (a.hubId ? hubs.get(a.hubId) : undefined);
    if (!place) continue;
    const { line1, line2, town, postcode } = place.address;
    out.set(a.id, { name: place.name, address: [line1, line2, `${town} ${postcode}`].filter(Boolean).join(', ') });
  }
  return out;
}

/** Who is booked for a session (its coordinators and partners): places first, then the waitlist in order. */
export async function listSessionReservations(
  deps: AppDeps,
  actor: Actor,
  sessionId: string,
): Promise<{ items: ReservationView[]; session: { capacity: number; confirmed: number; waitlisted: number } }> {
  const session = await sessions.getSession(deps.db, sessionId, true);
  if (!session) throw new NotFound('That session');
  if (!canManageActivity(actor, session)) throw new Forbidden('Only the coordinators and partners who run this activity can see who is booked.');
  const all = await data.listReservationsOfSession(deps.db, sessionId);
  const rank = { confirmed: 0, offered: 1, waitlisted: 2, cancelled: 3 } as const;
  all.sort((a, b) => rank[a.status] - rank[b.status] || a.joinedSeq - b.joinedSeq || a.createdAt.localeCompare(b.createdAt));
  const [names, shared] = await Promise.all([
    getNames(
      deps.db,
      all.map((r) => r.personId),
    ),
    deps.referrals.sharingWithProviders(all.flatMap((r) => (r.referralId ? [{ referralId: r.referralId, personId: r.personId }] : []))),
  ]);
  // a place booked through a referral: the person's name and the referral reach the organisers only with
  // the person's consent to share with activity providers, as it stands now; their communication needs only with it
  const named = all.filter((r) => r.status !== 'cancelled' && (!r.referralId || shared.get(r.referralId)?.shared));
  const communication = await communicationOf(
    deps.db,
    named.map((r) => r.personId),
  );
  const needsOf = (r: Reservation) => {
    const needs = named.includes(r) ? communication.get(r.personId)?.needs : undefined;
    return needs?.length ? { communicationNeeds: needs as NonNullable<ReservationView['communicationNeeds']> } : {};
  };
  let position = 0;
  const items = all.map((r) => {
    const { referralId: _r, ...view } = toView(r, r.status === 'waitlisted' ? ++position : undefined);
    if (r.referralId) {
      const consent = shared.get(r.referralId);
      if (!consent?.shared) return view;
      const name = names.get(r.personId) ?? consent.name;
      return { ...view, referralId: r.referralId, ...(name ? { personName: name } : {}), ...needsOf(r) };
    }
    return { ...view, ...(names.get(r.personId) ? { personName: names.get(r.personId)! } : {}), ...needsOf(r) };
  });
  // communication needs can say something of a person's health: each read is on their audit trail
  const shown = items.filter((i) => i.communicationNeeds);
  if (shown.length) {
    const at = deps.clock.now().toISOString();
    await deps.referrals.audit(
      shown.map((i) => ({
        at,
        actorId: actor.userId,
        actorRoles: actor.roles,
        action: 'read-communication-needs',
        personId: i.personId,
        reason: `who is booked on ${session.activityTitle} on ${session.localDate}`,
      })),
    );
  }
  return { items, session: { capacity: session.capacity, confirmed: session.confirmed, waitlisted: session.waitlisted } };
}

/**
 * Books every upcoming session of a course (an activity, or one series of it): all-or-nothing in one
 * transaction, or the ones with places, one by one.
 */
export async function reserveCourse(deps: AppDeps, actor: Actor, activityId: string, input: CourseInput, idempotencyKey?: string): Promise<CourseResult> {
  await limitCaller(deps, 'reservation', { userId: actor.userId }, rateLimits.reservation);
  checkReferralLink(actor, input.referralId);
  const now = deps.clock.now();
  const personId = input.personId ?? actor.userId;
  const assisted = personId !== actor.userId;
  const upcoming = (await sessions.listSessionsOf(deps.db, activityId, now.toISOString(), addDays(londonDate(now), 366), 40)).filter(
    (s) => s.status === 'scheduled' && s.closesAt > now.toISOString() && (!input.seriesId || s.seriesId === input.seriesId),
  );
  if (!upcoming.length) throw new NotFound('Upcoming sessions of that course');
  if (assisted && !mayBookFor(actor, upcoming[0]!)) throw new Forbidden('You can book places for yourself. Link workers and the activity’s coordinators can book for others.');
  if (assisted) await assertPersonKnown(deps, personId);
  const modes = modesFor(assisted);
  checkBookable(upcoming[0]!, now, modes);
  const answers = bookingExtras(upcoming[0]!, input, assisted);
  const courseIdempotency = idempotencyKey
    ? {
        operation: 'reserveCourse',
        actorId: actor.userId,
        key: idempotencyKey,
        hash: fingerprint({ activityId, ...input, personId }),
        expiresAt: Math.floor(now.getTime() / 1000) + idempotencyTtlSeconds,
      }
    : undefined;
  // a retry answers what the first request did, whatever the person has booked or given up since
  if (courseIdempotency && (await data.getIdempotency(deps.db, courseIdempotency.actorId, courseIdempotency.key, courseIdempotency.operation)))
    return (await replayCourse(deps, courseIdempotency)) as CourseResult;
  if (input.mode === 'available') {
    const result: CourseResult = { reserved: [], notReserved: [] };
    for (const s of upcoming) {
      try {
        // a place or nothing: never a waiting place taken and given back (which could cancel a place booked since)
        const answer = await takeSeat(deps, actor, {
          sessionId: s.id,
          personId,
          companion: input.companion,
          referralId: input.referralId,
          answers: input.answers,
          placeOnly: true,
          idempotencyKey: idempotencyKey ? `${idempotencyKey.slice(0, 37)}-${s.id}` : undefined,
        });
        if (answer.status === 'confirmed') result.reserved.push({ sessionId: s.id, id: answer.id, startsAt: s.startsAt });
        else result.notReserved.push({ sessionId: s.id, startsAt: s.startsAt, reason: 'full' });
      } catch (err) {
        const code = (err as { extra?: { code?: string } }).extra?.code ?? 'not_possible';
        result.notReserved.push({ sessionId: s.id, startsAt: s.startsAt, reason: code });
      }
    }
    if (courseIdempotency && !(await data.putIdempotency(deps.db, courseIdempotency, result))) return (await replayCourse(deps, courseIdempotency)) as CourseResult;
    return result;
  }
  const places = input.companion ? 2 : 1;
  const reservations: Reservation[] = upcoming.map((s) => ({
    id: reservationIdOf(s.id, personId),
    sessionId: s.id,
    activityId,
    personId,
    status: 'confirmed',
    companion: places === 2,
    places,
    bookedBy: actor.userId,
    ...(input.referralId ? { referralId: input.referralId } : {}),
    joinedSeq: 0,
    checkInCode: newCheckInCode(),
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    activityTitle: s.activityTitle,
    ...(answers.length ? { answers } : {}),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }));
  const answer: CourseResult = { reserved: reservations.map((r) => ({ sessionId: r.sessionId, id: r.id, startsAt: r.startsAt })), notReserved: [] };
  const idempotency = courseIdempotency;
  const first = upcoming[0]!;
  const message = {
    ...confirmedMessage(first, reservations[0]!, now, deps.config.siteOrigin),
    kind: 'reservation.course-confirmed',
    subject: `Booked: ${first.activityTitle}, ${upcoming.length} sessions`,
    text: `Your place${places === 2 ? 's (you and your companion)' : ''} on ${first.activityTitle} ${upcoming.length === 1 ? 'is' : 'are'} booked for ${upcoming.length} sessions, starting ${first.localDate} at ${first.localStartTime}. Your check-in passes (a code and a QR code for each date) are at ${passesPageLink(deps.config.siteOrigin)}. The attached calendar file has every date.`,
    attachments: [
      icsAttachment(
        upcoming.map((s) => ({ uid: `session-${s.id}@common-ground`, summary: s.activityTitle, startsAt: s.startsAt, endsAt: s.endsAt, location: s.location })),
        now,
        'course.ics',
      ),
    ],
  };
  const out = await data.takeCoursePlaces(deps.db, reservations, { now, modes, maxHeld: limits.held, idempotency, answer, message });
  if (out.ok) return answer;
  if (out.refusal.kind === 'repeat') return (await replayCourse(deps, idempotency!)) as CourseResult;
  if (out.refusal.kind === 'already') throw new Conflict('You already have a place in at least one of these sessions: choose "the ones with places" instead.', 'already_reserved');
  if (out.refusal.kind === 'limit') throw new RuleViolation(`This course would take you over ${limits.held} upcoming places.`, 'reservation_limit');
  throw new Conflict('Not every session of this course has a place. Choose "the ones with places", or join the waiting list for the full ones.', 'course_not_available');
}

async function replayCourse(deps: AppDeps, idem: data.Idempotency) {
  const first = await data.getIdempotency(deps.db, idem.actorId, idem.key, idem.operation);
  if (!first) throw new Conflict('That request is still being processed; try again in a moment.', 'in_progress');
  if (first.hash !== idem.hash) throw new RuleViolation('This Idempotency-Key was already used for a different request.', 'idempotency_key_reused', 'header.idempotency-key');
  return first.answer;
}

// ---------- the waitlist, driven by the stream and the timer ----------

/**
 * Fills a session's free places from its waitlist, first come first served: confirms them, or offers the
 * place with a hold (activity setting). Each promotion is conditioned on the person still waiting and a place
 * still free, so a repeated stream record or a racing cancellation never promotes twice or skips anyone.
 * Never jumps the queue: if the first person needs two places and one is free, everyone waits.
 */
export async function promoteFromWaitlist(deps: AppDeps, sessionId: string): Promise<number> {
  let promoted = 0;
  for (let guard = 0; guard < 50; guard++) {
    const session = await sessions.getSession(deps.db, sessionId, true);
    if (session?.status !== 'scheduled' || session.placesFree <= 0 || session.waitlisted <= 0) return promoted;
    const [first] = await data.firstWaiting(deps.db, sessionId, 1);
    if (!first || first.places > session.placesFree) return promoted;
    const now = deps.clock.now();
    const offer = session.waitlistMode === 'offer';
    const offerExpiresAt = new Date(now.getTime() + session.offerHoldHours * 3_600_000).toISOString();
    const ok = await data.moveReservation(deps.db, {
      reservation: first,
      from: 'waitlisted',
      to: offer ? 'offered' : 'confirmed',
      now,
      ...(offer ? { offerExpiresAt } : {}),
      message: offer ? offeredMessage(session, first, offerExpiresAt) : promotedMessage(session, first, now, deps.config.siteOrigin),
      messageId: `promoted-${first.id}-${first.joinedSeq}`,
    });
    if (ok) promoted++;
  }
  return promoted;
}

async function expireOffer(deps: AppDeps, r: Reservation): Promise<boolean> {
  const now = deps.clock.now();
  const session = await sessions.getSession(deps.db, r.sessionId);
  const facts = session ?? { ...r, id: r.sessionId, localStartTime: '', localEndTime: '', location: undefined };
  return data.moveReservation(deps.db, {
    reservation: r,
    from: 'offered',
    to: 'cancelled',
    now,
    cancelReason: 'offer-expired',
    message: cancelledMessage(facts, r, now, 'offer-expired'),
    messageId: `offer-expired-${r.id}-${r.offerExpiresAt}`,
  });
}

/** Offers whose hold has run out go to the next person (their freed place is promoted through the stream). Idempotent. */
export async function expireOffers(deps: AppDeps): Promise<number> {
  let expired = 0;
  for (const r of await data.dueOffers(deps.db, deps.clock.now())) if (await expireOffer(deps, r)) expired++;
  return expired;
}

/**
 * Tells everyone booked or waiting about a session change (a SessionNotice written with the change). A
 * cancelled session also gives up their places. Each message has a stable id: a repeat sends nothing new.
 */
export async function fanOutNotice(deps: AppDeps, notice: { sessionId: string; sk: string; kind: string; subject: string; text: string }): Promise<number> {
  const session = await sessions.getSession(deps.db, notice.sessionId, true);
  if (!session) return 0;
  const now = deps.clock.now();
  let told = 0;
  for (const r of await data.listReservationsOfSession(deps.db, notice.sessionId)) {
    if (!isActive(r.status)) continue;
    const messageId = `notice-${notice.sessionId}-${notice.sk}-${r.personId}`;
    if (notice.kind === 'session.cancelled') {
      let current: Reservation | undefined = r;
      for (let i = 0; i < 3 && current && isActive(current.status); i++) {
        const moved = await data.moveReservation(deps.db, {
          reservation: current,
          from: current.status,
          to: 'cancelled',
          now,
          cancelReason: 'session-cancelled',
          message: cancelledMessage(session, current, now, 'session-cancelled', notice.text),
          messageId,
        });
        if (moved) {
          told++;
          break;
        }
        current = await data.getReservation(deps.db, r.sessionId, r.personId);
      }
    } else {
      // a moved session comes with its new time for the calendar; a paused activity's session has none to give
      const moved = notice.kind === 'session.moved';
      const message = { toUserId: r.personId, kind: notice.kind, subject: notice.subject, text: notice.text, ...(moved ? { attachments: [calendarFor(session, now, false, session.version)] } : {}) };
      if (await putMessageOnce(deps.db, message, now, messageId)) told++;
    }
  }
  return told;
}

export function toView(r: Reservation, waitlistPosition?: number): ReservationView {
  return {
    id: r.id,
    sessionId: r.sessionId,
    activityId: r.activityId,
    activityTitle: r.activityTitle,
    personId: r.personId,
    status: r.status,
    companion: r.companion,
    bookedBy: r.bookedBy,
    startsAt: r.startsAt,
    endsAt: r.endsAt,
    checkInCode: r.checkInCode,
    ...(waitlistPosition !== undefined ? { waitlistPosition } : {}),
    ...(r.offerExpiresAt ? { offerExpiresAt: r.offerExpiresAt } : {}),
    ...(r.referralId ? { referralId: r.referralId } : {}),
    ...(r.answers?.length ? { answers: r.answers } : {}),
    createdAt: r.createdAt,
  };
}

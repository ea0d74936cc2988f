import { getProfileSummaries } from '../accounts/data';
import { getOrganisations } from '../directory/data';
import { closedAllDay, closedReason, diaryProblem, hubDiaryOf, keepToDiary, spanOf } from '../directory/hours';
import { type Actor, actsForOrganisation, coordinatesHub, hasRole } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Conflict, DomainError, Forbidden, InvalidInput, NotFound, RuleViolation } from '../lib/errors';
import { idempotencyOf } from '../lib/idempotency';
import { newId } from '../lib/ids';
import { addDays, formatWhen } from '../lib/london';
import { outboxPut } from '../lib/outbox';
import type { RoledItem } from '../lib/transact';
import { cancelDates, changedMeanwhile, message } from './cancel';
import type { BookingRecord, OccurrenceRecord, RoomRole } from './data';
import * as data from './data';
import { expandOccurrences, nearestFreeTimes } from './repeats';
import {
  blockedRange,
  daysBetween,
  findClashes,
  type Interval,
  localDayRange,
  maxGranulesPerOccurrence,
  msToIso,
  msToLocal,
  openWindows,
  overlaps,
  quotePence,
  RecurrenceProblem,
  subtract,
  withinOpeningHours,
} from './rules';
import type { Availability, AvailabilityBlock, BookingStatus, Clash, CreateRoomInput, LocalTimes, RequestRoomBookingInput, Room, RoomBooking, RoomBookingSummary, UpdateRoomInput } from './schema';

const day = 24 * 60 * 60 * 1000;
/** An occurrence's blocked range is at most a day, so anything overlapping [a, b) starts after a - 1 day. */
const lookBehind = day;

/* ---------------- rooms ---------------- */

export async function listRooms(deps: AppDeps, hubId: string): Promise<{ items: Room[] }> {
  return { items: await data.listRoomsOfHub(deps.db, hubId) };
}

export async function getRoom(deps: AppDeps, roomId: string): Promise<Room> {
  const room = await data.getRoom(deps.db, roomId);
  if (!room) throw new NotFound('The room');
  return room;
}

export async function createRoom(deps: AppDeps, actor: Actor, input: CreateRoomInput): Promise<Room> {
  if (!coordinatesHub(actor, input.hubId)) throw new Forbidden('Only coordinators of this hub can add its rooms.');
  const now = deps.clock.now().toISOString();
  const room: Room = { ...input, roomId: newId(deps.clock.now()), rates: input.rates ?? [], bookingQuestions: input.bookingQuestions ?? [], createdAt: now, updatedAt: now };
  await data.putRoom(deps.db, room);
  return room;
}

export async function updateRoom(deps: AppDeps, actor: Actor, roomId: string, input: UpdateRoomInput): Promise<Room> {
  if (Object.values(input).every((v) => v === undefined)) {
    throw new InvalidInput([{ field: 'body', rule: 'required', message: 'must name at least one thing to change' }]);
  }
  const room = await getRoom(deps, roomId);
  if (!coordinatesHub(actor, room.hubId)) throw new Forbidden('Only coordinators of this hub can change its rooms.');
  return data.updateRoom(deps.db, roomId, { ...input, updatedAt: deps.clock.now().toISOString() });
}

/* ---------------- planning a booking ---------------- */

interface Wanted {
  occurrence: Interval;
  blocked: Interval;
}

/** The occurrences a request asks for, with the time each keeps the room (buffers included). */
function planOccurrences(room: Room, body: { start: string; end: string; repeat?: { rrule: string } }): Wanted[] {
  let occurrences: Interval[];
  try {
    occurrences = expandOccurrences(body.start, body.end, body.repeat?.rrule);
  } catch (err) {
    if (err instanceof RecurrenceProblem) throw new InvalidInput([{ field: err.field, rule: err.rule, message: err.message }]);
    throw err;
  }
  const wanted = occurrences.map((occurrence) => ({ occurrence, blocked: blockedRange(occurrence, room.setupMinutes, room.cleardownMinutes) }));
  if (wanted.some((w) => (w.blocked.end - w.blocked.start) / (15 * 60_000) > maxGranulesPerOccurrence)) {
    throw new RuleViolation('A booking, with its setup and cleardown time, can be at most 24 hours. Book a longer hire as a daily series.', 'too_long', 'body.end');
  }
  return wanted;
}

/** Clashes of the wanted occurrences with the room's confirmed bookings, as the viewer may see them. */
async function clashesOf(deps: AppDeps, actor: Actor | undefined, room: Room, wanted: Wanted[]): Promise<Clash[]> {
  const from = Math.min(...wanted.map((w) => w.blocked.start)) - lookBehind;
  const to = Math.max(...wanted.map((w) => w.blocked.end));
  const held = await data.listRoomOccurrences(deps.db, room.roomId, from, to, ['confirmed']);
  const ranges = held.map((h) => ({ blocked: blockedOf(h), occurrence: occurrenceOf(h), info: h }));
  return findClashes(wanted, ranges).map((c) => ({
    ...block(c.occurrence),
    clashesWith: {
      ...block(c.with.occurrence),
      ...(c.with.info.sessionId ? { sessionId: c.with.info.sessionId, purpose: c.with.info.purpose } : {}),
      ...(!c.with.info.sessionId && maySee(actor, c.with.info)
        ? { bookingId: c.with.info.bookingId, purpose: c.with.info.purpose, ...(c.with.info.heldBy ? { heldBy: c.with.info.heldBy } : {}) }
        : {}),
    },
  }));
}

/** The nearest times on the same day at which every wanted date is free (in bookable hours, while the hub is open, buffers kept). */
type HubDiaryRead = Awaited<ReturnType<typeof hubDiaryOf>>;

async function nearestFreeFor(
  deps: AppDeps,
  room: Room,
  body: { start: string; end: string; repeat?: { rrule: string } | undefined },
  wanted: Wanted[],
  knownHub?: HubDiaryRead,
): Promise<LocalTimes[]> {
  const from = Math.min(...wanted.map((w) => w.blocked.start)) - 2 * day;
  const to = Math.max(...wanted.map((w) => w.blocked.end)) + day;
  const [occurrences, hub] = await Promise.all([data.listRoomOccurrences(deps.db, room.roomId, from, to, ['confirmed']), knownHub ?? hubDiaryOf(deps.db, room.hubId)]);
  // a date the hub is shut all day is left out of a series anyway: it holds no time back
  const hubOpen = (o: { start: number; end: number }) => {
    const span = spanOf(o.start, o.end);
    return !hub || !diaryProblem(hub, span) || closedAllDay(hub, span.localDate);
  };
  return nearestFreeTimes({ start: body.start, end: body.end, rrule: body.repeat?.rrule }, room, occurrences.map(blockedOf), hubOpen);
}

/**
 * What a request would meet, before it is made: the dates a series would leave out because the hub is closed,
 * why the hub's hours would refuse it, and the dates that clash (with the nearest free times). Writes nothing.
 */
export async function checkRoomBooking(deps: AppDeps, actor: Actor | undefined, roomId: string, body: { start: string; end: string; repeat?: { rrule: string } }) {
  const room = await getRoom(deps, roomId);
  const [planned, hub] = [planOccurrences(room, body), await hubDiaryOf(deps.db, room.hubId)];
  const checked = planned.map((w) => ({ w, problem: hub ? diaryProblem(hub, spanOf(w.occurrence.start, w.occurrence.end)) : undefined }));
  const closed = body.repeat ? checked.filter((c) => c.problem?.rule === 'hub_closed') : [];
  const wanted = checked.filter((c) => !closed.includes(c)).map((c) => c.w);
  const outsideHours = checked.find((c) => c.problem && !closed.includes(c))?.problem?.message;
  const clashes = wanted.length ? await clashesOf(deps, actor, room, wanted) : [];
  const nearestFree = clashes.length ? await nearestFreeFor(deps, room, body, wanted, hub) : [];
  return {
    occurrences: wanted.map((w) => block(w.occurrence)),
    clashes,
    nearestFree,
    ...(closed.length ? { closed: closed.map((c) => ({ ...block(c.w.occurrence), reason: c.problem!.message })) } : {}),
    ...(outsideHours ? { outsideHours } : {}),
  };
}

/* ---------------- requesting ---------------- */

/** Who is asking, as what kind of customer: a hub's coordinator books for the hub; partners for their organisation; residents for their group. */
function requesterOf(actor: Actor, room: Room, body: RequestRoomBookingInput) {
  // a coordinator who also acts for a partner organisation books for it as any partner would: quoted, and
  // decided by someone else, not confirmed by themself at the hub's own price
  const forOwnOrganisation = !!body.organisationId && hasRole(actor, 'partner') && actor.organisationIds.includes(body.organisationId);
  if (coordinatesHub(actor, room.hubId) && !forOwnOrganisation) return { customerType: 'hub' as const, organisationId: body.organisationId, groupName: body.groupName };
  if (hasRole(actor, 'partner')) {
    const organisationId = body.organisationId ?? (actor.organisationIds.length === 1 ? actor.organisationIds[0] : undefined);
    if (!organisationId) throw new InvalidInput([{ field: 'body.organisationId', rule: 'required', message: 'is required: which of your organisations is booking?' }]);
    if (!actsForOrganisation(actor, organisationId)) throw new Forbidden('You can book only for an organisation you act for.');
    return { customerType: 'partner' as const, organisationId, groupName: body.groupName };
  }
  if (hasRole(actor, 'resident')) {
    if (!body.groupName) throw new InvalidInput([{ field: 'body.groupName', rule: 'required', message: "is required: the residents' group you are booking for" }]);
    if (body.organisationId) throw new Forbidden('You can book only for your residents’ group.');
    return { customerType: 'residentsGroup' as const, groupName: body.groupName };
  }
  throw new Forbidden('Rooms can be requested by partner organisations, residents’ groups and the hub’s coordinators.');
}

function checkAnswers(room: Room, answers: RequestRoomBookingInput['answers'] = []) {
  const known = new Set(room.bookingQuestions.map((q) => q.id));
  const problems = answers.flatMap((a, i) => (known.has(a.questionId) ? [] : [{ field: `body.answers.${i}.questionId`, rule: 'unknown_question', message: 'is not one of this room’s questions' }]));
  for (const q of room.bookingQuestions.filter((q) => q.required)) {
    if (!answers.some((a) => a.questionId === q.id)) problems.push({ field: 'body.answers', rule: 'required', message: `must answer “${q.question}” (${q.id})` });
  }
  if (problems.length) throw new InvalidInput(problems);
}

export async function requestRoomBooking(deps: AppDeps, actor: Actor, roomId: string, body: RequestRoomBookingInput, idempotencyKey?: string): Promise<RoomBooking> {
  const room = await getRoom(deps, roomId);
  const who = requesterOf(actor, room, body);
  const isCoordinator = who.customerType === 'hub';
  checkAnswers(room, body.answers);
  if (body.expectedAttendance > room.capacity) {
    throw new RuleViolation(`${room.name} holds ${room.capacity} people.`, 'over_capacity', 'body.expectedAttendance');
  }
  let wanted = planOccurrences(room, body);
  const now = deps.clock.now();
  if (wanted[0]!.occurrence.start < now.getTime()) throw new RuleViolation('The booking must start in the future.', 'in_the_past', 'body.start');
  // the hub's opening hours and closed days: a repeat goes ahead without the closed days; a coordinator may override
  const hub = await hubDiaryOf(deps.db, room.hubId);
  const diary = keepToDiary(hub, wanted, (w) => spanOf(w.occurrence.start, w.occurrence.end), {
    series: !!body.repeat,
    override: body.outsideHoursReason,
    mayOverride: isCoordinator,
    field: 'body.start',
  });
  wanted = diary.keep;
  if (!isCoordinator && !wanted.every((w) => withinOpeningHours(room.openingHours, w.occurrence))) {
    throw new RuleViolation(`Every date must fall within ${room.name}'s bookable hours.`, 'outside_bookable_hours', 'body.start');
  }
  const clashes = await clashesOf(deps, actor, room, wanted);
  if (clashes.length && idempotencyKey) {
    // a retry of a request that was made (its answer lost) clashes with itself: answer the booking it made
    const earlier = await data.bookingOfIdempotencyKey(deps.db, actor.userId, idempotencyKey);
    if (earlier) return getRoomBooking(deps, actor, earlier);
  }
  if (clashes.length && ((body.onClash ?? 'fail') === 'fail' || clashes.length === wanted.length)) {
    const nearestFree = await nearestFreeFor(deps, room, body, wanted, hub);
    const what = clashes.length === wanted.length ? 'Every date clashes with a confirmed booking' : `${clashes.length} of the dates clash with confirmed bookings`;
    const instead = nearestFree.length
      ? `: the nearest free ${nearestFree.length === 1 ? 'time is' : 'times are'} ${nearestFree.map((t) => `${t.startLocal.slice(11)} to ${t.endLocal.slice(11)}`).join(', ')}`
      : '';
    throw new Conflict(`${what}${instead}. Choose another time${clashes.length < wanted.length ? ', or leave the clashing dates out (onClash "skip")' : ''}.`, 'clashes', { clashes, nearestFree });
  }
  const clashing = new Set(clashes.map((c) => c.start));
  wanted = wanted.filter((w) => !clashing.has(msToIso(w.occurrence.start)));

  const bookingId = newId(now);
  const names = await namesOf(deps, [actor.userId], who.organisationId ? [who.organisationId] : []);
  const requesterName = names.people.get(actor.userId);
  const organisationName = who.organisationId ? names.organisations.get(who.organisationId) : undefined;
  const heldBy = organisationName ?? who.groupName ?? requesterName;
  const b: BookingRecord = {
    bookingId,
    roomId,
    roomName: room.name,
    hubId: room.hubId,
    status: 'pending',
    purpose: body.purpose,
    expectedAttendance: body.expectedAttendance,
    private: body.private ?? false,
    requesterId: actor.userId,
    ...who,
    ...(requesterName ? { requesterName } : {}),
    ...(organisationName ? { organisationName } : {}),
    quotedPence: isCoordinator
      ? 0
      : quotePence(
          room.rates,
          who.customerType,
          wanted.map((w) => w.occurrence),
        ),
    answers: body.answers ?? [],
    ...(body.repeat ? { repeat: body.repeat } : {}),
    skipped: clashes.map((c) => ({ start: c.start, end: c.end })),
    ...(diary.closed.length ? { closed: diary.closed.map((c) => ({ start: msToIso(c.item.occurrence.start), end: msToIso(c.item.occurrence.end), reason: c.problem.message })) } : {}),
    ...(diary.overridden.length ? { hoursOverride: { reason: body.outsideHoursReason!, by: actor.userId, at: now.toISOString() } } : {}),
    firstStart: msToIso(wanted[0]!.occurrence.start),
    lastEnd: msToIso(wanted.at(-1)!.occurrence.end),
    occurrenceCount: wanted.length,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const occurrences: OccurrenceRecord[] = wanted.map((w) => ({
    bookingId,
    roomId,
    hubId: room.hubId,
    start: msToIso(w.occurrence.start),
    end: msToIso(w.occurrence.end),
    blockedStart: msToIso(w.blocked.start),
    blockedEnd: msToIso(w.blocked.end),
    status: 'pending',
    private: b.private,
    purpose: b.purpose,
    ...(heldBy ? { heldBy } : {}),
    requesterId: actor.userId,
  }));
  const created = await data.createBooking(deps.db, b, occurrences, idempotencyOf('requestRoomBooking', actor.userId, idempotencyKey, { roomId, ...body }, now));
  // an earlier request with this key made a booking; our own write seen again by a retry is still ours to finish
  if (!created.created && created.existingBookingId !== bookingId) return getRoomBooking(deps, actor, created.existingBookingId);

  if (!isCoordinator) return view(b, occurrences);
  // a coordinator's own booking is confirmed at once, through the same slot transaction as an approval
  try {
    await confirmOccurrences(deps, b, occurrences, [data.setBookingStatus(deps.db, b, ['pending'], 'confirmed', deps.clock.now())]);
  } catch (err) {
    await closeQuietly(deps, b, occurrences);
    // the key must not answer this withdrawn booking to a retry as if it had been made
    if (idempotencyKey) await data.releaseIdempotencyKey(deps.db, actor.userId, idempotencyKey);
    throw err;
  }
  return view({ ...confirmed(b), updatedAt: deps.clock.now().toISOString() }, occurrences.map(confirmed));
}

/** A coordinator's booking that could not be confirmed is withdrawn again, without messages. */
async function closeQuietly(deps: AppDeps, b: BookingRecord, occurrences: OccurrenceRecord[]) {
  const now = deps.clock.now();
  await data.write(deps.db, [data.setBookingStatus(deps.db, b, ['pending'], 'cancelled', now)]);
  for (const o of occurrences) await data.write(deps.db, [data.setOccurrenceStatus(deps.db, o, ['pending'], 'cancelled', now)]);
}

/* ---------------- deciding ---------------- */

/**
 * Confirms occurrences one transaction each (each atomic: all its slots or none), `finalItems` riding in the
 * last one. If any clashes, the ones this call confirmed are released again and the clash is named (409).
 */
async function confirmOccurrences(deps: AppDeps, b: BookingRecord, occurrences: OccurrenceRecord[], finalItems: RoledItem<RoomRole>[]): Promise<void> {
  const now = deps.clock.now();
  const done: OccurrenceRecord[] = [];
  if (occurrences.length === 0) {
    const res = await data.write(deps.db, finalItems);
    if (!res.ok) throw changedMeanwhile();
    return;
  }
  for (const [i, o] of occurrences.entries()) {
    const items = data.confirmOccurrenceItems(deps.db, o, now);
    const res = await data.write(deps.db, i === occurrences.length - 1 ? [...items, ...finalItems] : items);
    if (res.ok) {
      done.push(o);
      continue;
    }
    await releaseAll(deps, done, 'pending');
    if (res.taken !== undefined) throw await clashConflict(deps, b, o, res.taken);
    throw changedMeanwhile();
  }
}

async function releaseAll(deps: AppDeps, occurrences: OccurrenceRecord[], to: BookingStatus) {
  for (const o of occurrences) {
    const res = await data.write(deps.db, data.releaseOccurrenceItems(deps.db, o, to, deps.clock.now()));
    if (!res.ok) deps.log.warn('room slot release did not apply', { bookingId: o.bookingId, start: o.start });
  }
}

async function clashConflict(deps: AppDeps, b: BookingRecord, o: OccurrenceRecord, granule: number): Promise<Conflict> {
  const holder = await data.slotHolder(deps.db, b.roomId, granule);
  if (!holder || holder.bookingId === b.bookingId) return changedMeanwhile();
  if (holder.sessionId) {
    const hold = await data.getSessionHold(deps.db, holder.sessionId);
    const at = hold ? block(occurrenceOf(hold as unknown as OccurrenceRecord)) : block({ start: granule, end: granule + 15 * 60_000 });
    return new Conflict(`${describeTime(o.start, o.end)} clashes with a session of “${hold?.purpose ?? 'an activity'}” (${describeTime(at.start, at.end)}), setup and cleardown included.`, 'clash', {
      clashes: [{ ...block(occurrenceOf(o)), clashesWith: { ...at, sessionId: holder.sessionId, ...(hold ? { purpose: hold.purpose } : {}) } }],
    });
  }
  if (!holder.bookingId) return changedMeanwhile();
  const other = await data.getBooking(deps.db, holder.bookingId);
  const otherOcc = other?.occurrences.find((x) => x.start === holder.occurrenceStart);
  const when = `${describeTime(o.start, o.end)}`;
  const clash = {
    ...block(occurrenceOf(o)),
    clashesWith: {
      ...(otherOcc ? block(occurrenceOf(otherOcc)) : block({ start: granule, end: granule + 15 * 60_000 })),
      bookingId: holder.bookingId,
      ...(other ? { purpose: other.booking.purpose } : {}),
    },
  };
  return new Conflict(
    `${when} clashes with confirmed booking ${holder.bookingId}${other ? ` (“${other.booking.purpose}”, ${otherOcc ? describeTime(otherOcc.start, otherOcc.end) : ''})` : ''}, setup and cleardown included.`,
    'clash',
    { clashes: [clash] },
  );
}

async function loadForCoordinator(deps: AppDeps, actor: Actor, bookingId: string) {
  const found = await data.getBooking(deps.db, bookingId);
  if (!found || !mayView(actor, found.booking)) throw new NotFound('The room booking');
  if (!coordinatesHub(actor, found.booking.hubId)) throw new Forbidden('Only coordinators of this hub can decide its room requests.');
  return found;
}

export async function approveRoomBooking(deps: AppDeps, actor: Actor, bookingId: string): Promise<RoomBooking> {
  const { booking: b, occurrences } = await loadForCoordinator(deps, actor, bookingId);
  if (b.requesterId === actor.userId) throw new Forbidden('You cannot approve your own room request: another coordinator of the hub (or a partnership admin) decides it.');
  if (b.status !== 'pending') throw new Conflict(`This booking is already ${b.status}.`, 'not_pending');
  const pending = occurrences.filter((o) => o.status === 'pending');
  const now = deps.clock.now();
  // the hub's diary may have changed since the request: dates it has closed since are left out
  const { keep, closed } = stillInDiary(await hubDiaryOf(deps.db, b.hubId), b, pending);
  const closedNow = closed.map(({ o, reason }) => ({ start: o.start, end: o.end, reason }));
  const finalItems: RoledItem<RoomRole>[] = [
    data.setBookingStatus(deps.db, b, ['pending'], 'confirmed', now, { closed: closedNow }),
    ...closed.map(({ o }) => data.setOccurrenceStatus(deps.db, o, ['pending'], 'declined', now)),
    { role: 'outbox', item: outboxPut(deps.db.tableName, message(b, keep, 'approved', undefined, closedNow), now) },
  ];
  await confirmOccurrences(deps, b, keep, finalItems);
  const left = new Set(closed.map(({ o }) => o.start));
  return view(
    { ...confirmed(b), ...(closedNow.length ? { closed: [...(b.closed ?? []), ...closedNow] } : {}), updatedAt: now.toISOString() },
    occurrences.map((o) => (o.status !== 'pending' ? o : left.has(o.start) ? { ...o, status: 'declined' as const } : confirmed(o))),
  );
}

/**
 * A request's dates held to the hub's diary as it is now: a date of a series the hub has since closed on is
 * left out (with the reason); a request that can no longer go ahead as asked (every date closed, or a time the
 * hub's hours no longer cover) is refused, so the coordinator declines it and the requester can ask again. A
 * booking that went ahead on a coordinator's reason is not held to the hours.
 */
function stillInDiary(hub: HubDiaryRead, b: BookingRecord, pending: OccurrenceRecord[]) {
  const checked = pending.map((o) => ({ o, problem: hub && !b.hoursOverride ? diaryProblem(hub, spanOf(o.start, o.end)) : undefined }));
  const closed = checked.filter((c) => c.problem?.rule === 'hub_closed' && b.repeat);
  const refused = checked.filter((c) => c.problem && !closed.includes(c));
  if (refused.length || (closed.length && closed.length === checked.length)) {
    const first = (refused[0] ?? closed[0])!.problem!;
    const message = `${first.message} The hub’s diary has changed since this request was made, so it cannot go ahead as asked: decline it with a reason, so the requester can ask for another time.`;
    throw new DomainError(422, 'Not possible', message, { code: first.rule, errors: [{ field: 'params.bookingId', rule: first.rule, message }] });
  }
  return { keep: checked.filter((c) => !c.problem).map((c) => c.o), closed: closed.map((c) => ({ o: c.o, reason: c.problem!.message })) };
}

export async function declineRoomBooking(deps: AppDeps, actor: Actor, bookingId: string, reason: string): Promise<RoomBooking> {
  const { booking: b, occurrences } = await loadForCoordinator(deps, actor, bookingId);
  if (b.status !== 'pending') throw new Conflict(`This booking is already ${b.status}.`, 'not_pending');
  const now = deps.clock.now();
  const pending = occurrences.filter((o) => o.status === 'pending');
  const head: RoledItem<RoomRole>[] = [
    data.setBookingStatus(deps.db, b, ['pending'], 'declined', now, { declineReason: reason }),
    { role: 'outbox', item: outboxPut(deps.db.tableName, message(b, pending, 'declined', reason), now) },
  ];
  const occItems = pending.map((o) => data.setOccurrenceStatus(deps.db, o, ['pending'], 'declined', now));
  const first = await data.write(deps.db, [...head, ...occItems.slice(0, 98)]);
  if (!first.ok) throw changedMeanwhile();
  for (let i = 98; i < occItems.length; i += 100) await data.write(deps.db, occItems.slice(i, i + 100));
  const declined = <T extends { status: BookingStatus }>(x: T): T => (x.status === 'pending' ? { ...x, status: 'declined' } : x);
  return view({ ...declined(b), declineReason: reason, updatedAt: now.toISOString() }, occurrences.map(declined));
}

export async function cancelRoomBooking(deps: AppDeps, actor: Actor, bookingId: string, body: { scope: 'occurrence' | 'rest'; occurrenceStart?: string; reason?: string }): Promise<RoomBooking> {
  const found = await data.getBooking(deps.db, bookingId);
  if (!found || !mayView(actor, found.booking)) throw new NotFound('The room booking');
  const { booking: b, occurrences } = found;
  if (b.requesterId !== actor.userId && !coordinatesHub(actor, b.hubId)) throw new Forbidden();
  if (b.status !== 'pending' && b.status !== 'confirmed') throw new Conflict(`This booking is already ${b.status}.`, 'not_active');
  await cancelDates(deps, b, occurrences, body);
  return getRoomBooking(deps, actor, bookingId);
}

/* ---------------- reading ---------------- */

/** The requester and the hub's coordinators see a booking; to everyone else it does not exist. */
const mayView = (actor: Actor | undefined, b: { requesterId: string; hubId: string }) => !!actor && (b.requesterId === actor.userId || coordinatesHub(actor, b.hubId));

/** What a booking is for shows to the people above, and to anyone when the booking is not private. */
const maySee = (actor: Actor | undefined, o: OccurrenceRecord) => !o.private || mayView(actor, o);

export async function getRoomBooking(deps: AppDeps, actor: Actor, bookingId: string): Promise<RoomBooking> {
  const found = await data.getBooking(deps.db, bookingId);
  if (!found || !mayView(actor, found.booking)) throw new NotFound('The room booking');
  const [named] = await withNames(deps, [found.booking]);
  return view(named!, found.occurrences);
}

/** People's and organisations' names, for bookings that say who asked (never an id). */
async function namesOf(deps: AppDeps, userIds: string[], organisationIds: string[]) {
  const [people, organisations] = await Promise.all([
    userIds.length ? getProfileSummaries(deps.db, [...new Set(userIds)]) : new Map<string, { name: string }>(),
    organisationIds.length ? getOrganisations(deps.db, [...new Set(organisationIds)]) : [],
  ]);
  return {
    people: new Map([...people].filter(([, p]) => !!p.name).map(([id, p]) => [id, p.name])),
    organisations: new Map(organisations.map((o) => [o.id, o.name])),
  };
}

/** Bookings made before they carried names get them from the profiles and organisations (one batch read each). */
async function withNames(deps: AppDeps, bookings: BookingRecord[]): Promise<BookingRecord[]> {
  const people = bookings.filter((b) => !b.requesterName).map((b) => b.requesterId);
  const orgs = bookings.filter((b) => b.organisationId && !b.organisationName).map((b) => b.organisationId!);
  if (!people.length && !orgs.length) return bookings;
  const names = await namesOf(deps, people, orgs);
  return bookings.map((b) => {
    const requesterName = b.requesterName ?? names.people.get(b.requesterId);
    const organisationName = b.organisationName ?? (b.organisationId ? names.organisations.get(b.organisationId) : undefined);
    return { ...b, ...(requesterName ? { requesterName } : {}), ...(organisationName ? { organisationName } : {}) };
  });
}

function view(b: BookingRecord, occurrences: OccurrenceRecord[]): RoomBooking {
  return {
    ...summary(b),
    answers: b.answers,
    occurrences: occurrences.map((o) => ({ ...block(occurrenceOf(o)), status: o.status })),
    skipped: b.skipped.map((s) => block({ start: Date.parse(s.start), end: Date.parse(s.end) })),
    ...(b.closed?.length ? { closed: b.closed.map((c) => ({ ...block({ start: Date.parse(c.start), end: Date.parse(c.end) }), reason: c.reason })) } : {}),
  };
}

const confirmed = <T extends { status: BookingStatus }>(x: T): T => ({ ...x, status: 'confirmed' });

function summary(b: BookingRecord): RoomBookingSummary {
  const { answers, skipped, closed, ...rest } = b;
  void answers, skipped, closed;
  return { ...rest, firstStartLocal: msToLocal(Date.parse(b.firstStart)) };
}

export async function listRoomBookings(
  deps: AppDeps,
  actor: Actor,
  query: { roomId?: string; from?: string; to?: string; hubId?: string; status?: BookingStatus; mine?: 'true' | 'false' },
): Promise<{ items: RoomBookingSummary[] }> {
  let bookings: BookingRecord[];
  if (query.mine === 'true') {
    bookings = await data.listBookingsOfRequester(deps.db, actor.userId);
  } else if (query.hubId) {
    if (!coordinatesHub(actor, query.hubId)) throw new Forbidden('Only coordinators of this hub can see its requests.');
    if (query.status && query.status !== 'pending') throw new InvalidInput([{ field: 'query.status', rule: 'invalid_value', message: 'must be pending for a hub’s approvals queue' }]);
    bookings = await data.listPendingOfHub(deps.db, query.hubId);
  } else if (query.roomId && query.from && query.to) {
    const room = await getRoom(deps, query.roomId);
    const range = dateRange(query.from, query.to, 'query', 92);
    const occs = await data.listRoomOccurrences(deps.db, room.roomId, range.start - lookBehind, range.end);
    const visible = occs.filter((o) => !o.sessionId && overlaps(blockedOf(o), range) && mayView(actor, o));
    bookings = await data.getBookings(deps.db, [...new Set(visible.map((o) => o.bookingId))]);
  } else {
    throw new InvalidInput([{ field: 'query', rule: 'required', message: 'give roomId with from and to, or hubId (approvals queue), or mine=true' }]);
  }
  const items = (
    await withNames(
      deps,
      bookings.filter((b) => !query.status || b.status === query.status),
    )
  ).map(summary);
  return { items: items.sort((a, b) => a.firstStart.localeCompare(b.firstStart)) };
}

export async function getRoomAvailability(deps: AppDeps, actor: Actor | undefined, roomId: string, query: { from: string; to: string }): Promise<Availability> {
  const room = await getRoom(deps, roomId);
  const range = dateRange(query.from, query.to, 'query', 31);
  const occs = (await data.listRoomOccurrences(deps.db, roomId, range.start - lookBehind, range.end, ['confirmed', 'pending'])).filter((o) => overlaps(blockedOf(o), range));
  const confirmed = occs.filter((o) => o.status === 'confirmed');
  // a session held in the room shows its places (sessions are public): one BatchGetItem from the sessions domain
  const sessions = new Map((await deps.sessions.getSessions(confirmed.flatMap((o) => (o.sessionId ? [o.sessionId] : [])))).map((x) => [x.id, x]));
  const placesOf = (id: string) => {
    const x = sessions.get(id);
    return x ? { capacity: x.capacity, placesTaken: x.confirmed } : {};
  };
  const blockFor = (o: OccurrenceRecord, r: Interval): AvailabilityBlock => ({
    ...block(r),
    ...(r.start !== Date.parse(o.start) || r.end !== Date.parse(o.end) ? { within: block(occurrenceOf(o)) } : {}),
    ...(o.sessionId
      ? { session: { sessionId: o.sessionId, activityId: o.activityId!, activityTitle: o.purpose, ...placesOf(o.sessionId) } }
      : maySee(actor, o)
        ? { booking: { bookingId: o.bookingId, purpose: o.purpose, ...(o.heldBy ? { heldBy: o.heldBy } : {}), status: o.status } }
        : {}),
  });
  // free only when both the room is bookable and the hub is open (its hours, not its closed days)
  const hub = await hubDiaryOf(deps.db, room.hubId);
  const closed = hub
    ? localDates(query.from, query.to).flatMap((d) => {
        const reason = closedReason(hub, d);
        return reason ? [{ localDate: d, reason }] : [];
      })
    : [];
  const closedDays = new Set(closed.map((c) => c.localDate));
  let open = openWindows(room.openingHours, query.from, query.to).filter((w) => !closedDays.has(msToLocal(w.start).slice(0, 10)));
  if (hub?.openingHours.length) open = intersect(open, openWindows(hub.openingHours, query.from, query.to));
  return {
    roomId,
    timeZone: 'Europe/London',
    from: query.from,
    to: query.to,
    free: subtract(open, confirmed.map(blockedOf)).map(block),
    busy: confirmed.map((o) => blockFor(o, blockedOf(o))),
    requested: occs.filter((o) => o.status === 'pending' && mayView(actor, o)).map((o) => blockFor(o, occurrenceOf(o))),
    ...(closed.length ? { closed } : {}),
  };
}

/** The parts of `a`'s windows that are also in `b`'s. */
function intersect(a: Interval[], b: Interval[]): Interval[] {
  return a.flatMap((x) => b.filter((y) => overlaps(x, y)).map((y) => ({ start: Math.max(x.start, y.start), end: Math.min(x.end, y.end) })));
}

/** Each local date from..to inclusive. */
function localDates(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

function dateRange(from: string, to: string, where: string, maxDays: number): Interval {
  const days = daysBetween(from, to);
  if (days < 1) throw new InvalidInput([{ field: `${where}.to`, rule: 'before_from', message: 'must be on or after from' }]);
  if (days > maxDays) throw new InvalidInput([{ field: `${where}.to`, rule: 'too_big', message: `must be at most ${maxDays} days after from` }]);
  return localDayRange(from, to);
}

/* ---------------- small pieces ---------------- */

const occurrenceOf = (o: OccurrenceRecord): Interval => ({ start: Date.parse(o.start), end: Date.parse(o.end) });
const blockedOf = (o: OccurrenceRecord): Interval => ({ start: Date.parse(o.blockedStart), end: Date.parse(o.blockedEnd) });
const block = (r: Interval) => ({ start: msToIso(r.start), end: msToIso(r.end), startLocal: msToLocal(r.start), endLocal: msToLocal(r.end) });

const describeTime = formatWhen;

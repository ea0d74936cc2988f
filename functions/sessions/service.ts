import { getActivity, getHub } from '../directory/data';
import type { Activity } from '../directory/schema';
import { type Actor, actsForOrganisation, canManageActivity, coordinatesHub, isAdmin } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Conflict, Forbidden, InvalidInput, NotFound, RuleViolation } from '../lib/errors';
import { isBankHoliday } from '../lib/holidays';
import { calendarOf } from '../lib/ical';
import { fingerprint } from '../lib/idempotency';
import { newId } from '../lib/ids';
import { londonMidnight } from '../lib/london';
import type { RoledItem } from '../lib/transact';
import * as roomData from '../rooms/data';
import { getBooking, getRoom, occurrenceStillConfirmed } from '../rooms/data';
import type { Room } from '../rooms/schema';
import * as data from './data';
import { diaryOf, previewInDiary, sessionsInDiary, shiftsInDiary } from './diary';
import { clashOf, currentHold, holderOf, holdOf, roomClashes, roomFor } from './place';
import { activitySnapshot, addDays, bookingWindow, coveringDate, describeWhen, idFrom, londonDate, roomBookingProblem, slotOf, toView } from './rules';
import { expandSchedule } from './schedule';
import type { Occurrence, RoomClash, ScheduleInput, Session, SessionView, UpdateSession } from './schema';

/** The activity, if this actor may schedule and change its sessions. */
async function managedActivity(deps: AppDeps, actor: Actor, activityId: string): Promise<Activity> {
  const activity = await getActivity(deps.db, activityId);
  if (!activity) throw new NotFound('That activity');
  if (!canManageActivity(actor, activity)) throw new Forbidden('Only the coordinators and partners who run this activity can change its sessions.');
  return activity;
}

export async function managedSession(deps: AppDeps, actor: Actor, sessionId: string): Promise<Session> {
  const session = await data.getSession(deps.db, sessionId, true);
  if (!session) throw new NotFound('That session');
  if (!canManageActivity(actor, session)) throw new Forbidden('Only the coordinators and partners who run this activity can do this.');
  return session;
}

/** The dates a schedule would make, without making them (the scheduler's preview). */
export function previewSessions(input: ScheduleInput): { occurrences: Occurrence[]; skipped: Occurrence[] } {
  return expandSchedule(input, { isBankHoliday });
}

export async function previewForActivity(deps: AppDeps, actor: Actor, activityId: string, input: ScheduleInput) {
  const activity = await managedActivity(deps, actor, activityId);
  const preview = previewInDiary(await diaryOf(deps, activity.hubId, input.elsewhere), previewSessions(input), !!input.rrule);
  const place = await roomFor(deps, actor, activity, input);
  if (!place) return preview;
  return {
    ...preview,
    clashes: await roomClashes(
      deps,
      actor,
      place.room,
      preview.occurrences.filter((o) => o.status === 'scheduled'),
    ),
  };
}

/**
 * Makes an activity's sessions from a one-off date or a recurrence. With an Idempotency-Key the ids are
 * derived from it, so a retry makes the same sessions again (already there: nothing new).
 */
export async function scheduleSessions(deps: AppDeps, actor: Actor, activityId: string, input: ScheduleInput, idempotencyKey?: string) {
  const activity = await managedActivity(deps, actor, activityId);
  const { occurrences } = previewSessions(input);
  const now = deps.clock.now();
  if (occurrences.every((o) => o.endsAt <= now.toISOString())) {
    throw new RuleViolation('Every date in this schedule is in the past.', 'in_the_past', 'body.startDate');
  }
  const seed = idempotencyKey ? sha(`${actor.userId}#${activityId}#${idempotencyKey}`) : undefined;
  const seriesId = seed ? idFrom(seed) : newId(now);
  const snapshot = activitySnapshot(activity);
  const made: Session[] = occurrences.map((o, i) => ({
    id: seed ? idFrom(sha(`${seed}#${i}`)) : newId(now),
    activityId,
    ...snapshot,
    startsAt: o.startsAt,
    endsAt: o.endsAt,
    localDate: o.localDate,
    localStartTime: o.localStartTime,
    localEndTime: o.localEndTime,
    dayOfWeek: o.dayOfWeek,
    capacity: input.capacity ?? activity.booking.defaultCapacity,
    placesFree: input.capacity ?? activity.booking.defaultCapacity,
    confirmed: 0,
    waitlisted: 0,
    status: o.status,
    ...(occurrences.length > 1 ? { seriesId } : {}),
    ...bookingWindow(o.startsAt, activity.booking),
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  }));
  const hub = await diaryOf(deps, activity.hubId, input.elsewhere);
  const { sessions, closed } = sessionsInDiary(hub, actor, made, { series: !!input.rrule, reason: input.outsideHoursReason, now });
  const withClosed = <R extends object>(r: R) => (closed.length ? { ...r, closed } : r);
  const place = await roomFor(deps, actor, activity, input);
  if (input.elsewhere) for (const s of sessions) s.elsewhere = input.elsewhere;
  if (!place) {
    const created = await data.putSessions(deps.db, sessions);
    return withClosed({ seriesId, created, sessions: sessions.map(toView) });
  }
  return withClosed(await scheduleInRoom(deps, actor, place, sessions, input.onClash ?? 'fail', seriesId));
}

/**
 * Makes sessions held in a room: each date is one transaction of the session and its room slots (the rooms
 * domain's items), so a date is made with its room or not at all. Dates already taken are listed with what
 * they clash with and either stop the whole schedule (fail) or are left out (skip). A date lost to a hire made
 * at the same moment is treated the same way: with "fail", the dates this request made are taken back.
 */
async function scheduleInRoom(deps: AppDeps, actor: Actor, place: { room: Room; label: string }, all: Session[], onClash: 'fail' | 'skip', seriesId: string) {
  const { room, label } = place;
  const now = deps.clock.now();
  for (const s of all) Object.assign(s, { roomId: room.roomId, roomName: room.name, room: label, roomHold: true });
  const holding = all.filter((s) => s.status === 'scheduled');
  const holds = new Map(holding.map((s) => [s.id, holdOf(room, s, actor, now)]));
  const clashes = await roomClashes(deps, actor, room, holding, new Set(all.map((s) => s.id)));
  const refuse = (list: RoomClash[]) =>
    new Conflict(
      list.length === holding.length
        ? `${room.name} is already taken at every date of this schedule. Choose another time or room.`
        : `${room.name} is already taken on ${list.length} of the dates. Leave those dates out (onClash "skip") or choose another time or room.`,
      'room_clash',
      { clashes: list },
    );
  if (clashes.length && (onClash === 'fail' || clashes.length === holding.length)) throw refuse(clashes);
  const clashing = new Set(clashes.map((c) => c.startsAt));
  const made: Session[] = [];
  let created = 0;
  for (const s of all) {
    if (clashing.has(s.startsAt)) continue;
    const hold = holds.get(s.id);
    const res = await data.putSessionInRoom(deps.db, s, hold ? roomData.sessionHoldItems(deps.db, hold) : []);
    if (res.ok) {
      created++;
      made.push(s);
      continue;
    }
    if (res.exists) {
      made.push(s); // made by an earlier try of this request (same Idempotency-Key): already holds its room
      continue;
    }
    const lost = clashOf(s, await holderOf(deps, actor, room, roomData.takenSlot(res.refusedBy) ?? Date.parse(s.startsAt)));
    if (onClash === 'skip') {
      clashes.push(lost);
      continue;
    }
    for (const m of made) {
      const h = holds.get(m.id);
      await data.undoSessionInRoom(deps.db, m, h ? roomData.moveSessionHoldItems(deps.db, h, undefined, now) : []);
    }
    throw refuse([...clashes, lost]);
  }
  if (!made.length) throw refuse(clashes);
  return { seriesId, created, sessions: made.map(toView), ...(clashes.length ? { clashes } : {}) };
}

export async function listSessions(
  deps: AppDeps,
  activityId: string,
  q: { from?: string | undefined; to?: string | undefined; includeCancelled?: boolean | undefined },
  actor?: Actor,
): Promise<{ items: SessionView[] }> {
  const from = q.from ?? londonDate(deps.clock.now());
  const to = q.to ?? addDays(from, 56);
  if (to < from) throw new InvalidInput([{ field: 'query.to', rule: 'before_from', message: 'must not be before from' }]);
  if (to > addDays(from, 366)) throw new InvalidInput([{ field: 'query.to', rule: 'range_too_long', message: 'must be at most a year after from' }]);
  const activity = await getActivity(deps.db, activityId);
  // a paused or ended activity is not public: only the people who run it see its sessions
  if (!activity || (activity.status !== 'active' && !canManageActivity(actor, activity))) throw new NotFound('That activity');
  const sessions = await data.listSessionsOf(deps.db, activityId, londonMidnight(from), londonMidnight(addDays(to, 1)));
  return { items: sessions.filter((s) => q.includeCancelled || s.status === 'scheduled').map(toView) };
}

export async function getSessionView(deps: AppDeps, sessionId: string, actor?: Actor): Promise<SessionView> {
  const session = await data.getSession(deps.db, sessionId);
  if (!session || (session.activityStatus && session.activityStatus !== 'active' && !canManageActivity(actor, session))) throw new NotFound('That session');
  return toView(session);
}

/** One session as an iCalendar file: the event the booking messages attach (same UID), cancelled if it was. */
export async function sessionCalendar(deps: AppDeps, sessionId: string): Promise<string> {
  const session = await data.getSession(deps.db, sessionId);
  if (!session) throw new NotFound('That session');
  return calendarOf(
    [
      {
        uid: `session-${session.id}@common-ground`,
        summary: session.activityTitle,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
        location: session.location,
        cancelled: session.status === 'cancelled',
        sequence: session.version,
      },
    ],
    deps.clock.now(),
    session.activityTitle,
  );
}

/**
 * The room a session may be held in through a room booking: the booking must be one the actor may use (its
 * requester, someone acting for its organisation, a coordinator of its hub, an admin; to anyone else it does
 * not exist, as in the rooms domain), confirmed, at the session's hub, and cover the session's time.
 */
async function roomOf(deps: AppDeps, actor: Actor, bookingId: string, session: Pick<Session, 'hubId' | 'startsAt' | 'endsAt'>): Promise<{ room: data.SessionRoom; check: Record<string, unknown> }> {
  const found = await getBooking(deps.db, bookingId);
  const b = found?.booking;
  const mayUse = !!b && (b.requesterId === actor.userId || (!!b.organisationId && actsForOrganisation(actor, b.organisationId)) || coordinatesHub(actor, b.hubId) || isAdmin(actor));
  if (!found || !b || !mayUse) throw new NotFound('That room booking');
  const problem = roomBookingProblem({ status: b.status, hubId: b.hubId, occurrences: found.occurrences }, session);
  if (problem) throw new RuleViolation(problem.message, problem.rule, 'body.roomBookingId');
  const hub = await getHub(deps.db, b.hubId);
  // the write checks the date is still confirmed; a cancellation after it is caught by the sessions.room-released consumer
  const check = occurrenceStillConfirmed(deps.db, b.bookingId, coveringDate(found.occurrences, session)!.start);
  return { room: { roomId: b.roomId, roomName: b.roomName, room: hub ? `${b.roomName}, ${hub.name}` : b.roomName, roomBookingId: b.bookingId }, check };
}

/**
 * The later scheduled dates of a session's series (after it, in time order), each read afresh so its version
 * is current. A session in no series has none.
 */
async function laterInSeries(deps: AppDeps, session: Session): Promise<Session[]> {
  if (!session.seriesId) return [];
  const later = await data.listSessionsOf(deps.db, session.activityId, session.startsAt, undefined, 500);
  const ids = later.filter((s) => s.id !== session.id && s.seriesId === session.seriesId && s.status === 'scheduled' && s.startsAt > session.startsAt).map((s) => s.id);
  const fresh = await Promise.all(ids.map((id) => data.getSession(deps.db, id, true)));
  return fresh.filter((s): s is Session => !!s && s.status === 'scheduled');
}

/**
 * Changes capacity, moves a session (everyone booked is told) and/or holds it in a room booking. With scope
 * "rest" a new start time, length or capacity applies to the later dates of its series too, each date its own
 * write with its own message to the people booked on it.
 */
export async function updateSession(deps: AppDeps, actor: Actor, sessionId: string, patch: UpdateSession): Promise<SessionView & { alsoChanged?: number }> {
  const session = await managedSession(deps, actor, sessionId);
  const { scope, ...change } = patch;
  if (scope !== 'rest') return changeOne(deps, actor, session, change, await movesInDiary(deps, actor, [session], change));
  const problems = [
    ...(change.localDate !== undefined
      ? [{ field: 'body.localDate', rule: 'not_for_series', message: 'moves one date only: change the start time for the rest of the series, or move dates one at a time' }]
      : []),
    ...(change.roomBookingId !== undefined ? [{ field: 'body.roomBookingId', rule: 'not_for_series', message: 'holds one date in a room booking: choose the room for each date' }] : []),
  ];
  if (problems.length) throw new InvalidInput(problems);
  const rest = await laterInSeries(deps, session);
  // checked before any write, so a capacity too small for one date changes none of them
  const tooFull = change.capacity === undefined ? undefined : [session, ...rest].find((s) => s.confirmed > change.capacity!);
  if (tooFull) {
    throw new Conflict(`${tooFull.confirmed} places are already taken on ${describeWhen(tooFull)}: capacity cannot go below that.`, 'capacity_below_confirmed', { confirmed: tooFull.confirmed });
  }
  // held to the hub's diary before any write, so a later date outside it changes none of them
  const outside = await movesInDiary(deps, actor, [session, ...rest], change);
  const first = await changeOne(deps, actor, session, change, outside);
  let alsoChanged = 0;
  for (const later of rest) {
    await changeOne(deps, actor, later, change, outside);
    alsoChanged++;
  }
  return { ...first, alsoChanged };
}

const movedSlot = (session: Session, patch: Omit<UpdateSession, 'scope'>) => {
  if (patch.localDate === undefined && patch.localStartTime === undefined && patch.durationMinutes === undefined) return undefined;
  const duration = patch.durationMinutes ?? (Date.parse(session.endsAt) - Date.parse(session.startsAt)) / 60_000;
  return slotOf(patch.localDate ?? session.localDate, patch.localStartTime ?? session.localStartTime, duration);
};

/** What a change goes ahead on outside the hub's diary, on the coordinator's reason: sessions, and the shifts that follow them. */
interface OutsideDiary {
  sessions: Set<string>;
  /** by session id, its shifts that its move takes outside the hub's hours */
  shifts: Map<string, string[]>;
}

/**
 * Sessions moved must stay within their hub's opening hours and off its closed days, and so must the shifts
 * that follow them, unless a coordinator gives a reason: what goes ahead on it (recorded on each).
 */
async function movesInDiary(deps: AppDeps, actor: Actor, sessions: Session[], patch: Omit<UpdateSession, 'scope'>): Promise<OutsideDiary> {
  const moved = sessions.flatMap((from) => {
    const slot = movedSlot(from, patch);
    return slot && from.status === 'scheduled' && (slot.startsAt !== from.startsAt || slot.endsAt !== from.endsAt) ? [{ from, to: { ...from, ...slot } }] : [];
  });
  if (!moved.length) return { sessions: new Set(), shifts: new Map() };
  const hub = await diaryOf(deps, sessions[0]!.hubId, sessions[0]!.elsewhere);
  const { sessions: kept } = sessionsInDiary(hub, actor, moved.map((m) => ({ ...m.to, hoursOverride: undefined })) as Session[], {
    series: false,
    reason: patch.outsideHoursReason,
    now: deps.clock.now(),
  });
  const shifts = await shiftsInDiary(deps, actor, hub, moved, patch.outsideHoursReason);
  return { sessions: new Set(kept.filter((k) => k.hoursOverride).map((k) => k.id)), shifts };
}

async function changeOne(deps: AppDeps, actor: Actor, session: Session, patch: Omit<UpdateSession, 'scope'>, outside: OutsideDiary): Promise<SessionView> {
  const set: data.SessionChange['set'] = {};
  const override = { reason: patch.outsideHoursReason!, by: actor.userId, at: deps.clock.now().toISOString() };
  if (outside.sessions.has(session.id)) set.hoursOverride = override;
  const shiftsOutside = outside.shifts.get(session.id);
  if (patch.capacity !== undefined) set.capacity = patch.capacity;
  // a move to where it already is (a retried request) is no move: nobody is told twice
  const asked = movedSlot(session, patch);
  const slot = asked && (asked.startsAt !== session.startsAt || asked.endsAt !== session.endsAt) ? asked : undefined;
  const moving = !!slot;
  if (slot) {
    if (slot.startsAt <= deps.clock.now().toISOString()) throw new RuleViolation('A session cannot be moved into the past.', 'in_the_past', 'body.localDate');
    const activity = await getActivity(deps.db, session.activityId);
    Object.assign(set, slot, activity ? bookingWindow(slot.startsAt, activity.booking) : {});
  }
  let room: data.SessionRoom | null | undefined;
  let checks: Record<string, unknown>[] | undefined;
  let hold: RoledItem<string>[] | undefined;
  const held = await currentHold(deps, session);
  if (held && patch.roomBookingId !== undefined) {
    throw new RuleViolation('This session holds its room itself: move it, or cancel it to free the room.', 'room_held', 'body.roomBookingId');
  }
  if (held && moving && held.status === 'confirmed') {
    // the room's slots move in the same write: the ones the new time no longer needs are freed, new ones must be free
    const theRoom = await getRoom(deps.db, held.roomId);
    if (!theRoom) throw new NotFound('That session’s room');
    const moved = { ...session, ...set } as Session;
    hold = roomData.moveSessionHoldItems(deps.db, held, holdOf(theRoom, moved, { userId: held.requesterId } as Actor, deps.clock.now()), deps.clock.now());
  }
  if (patch.roomBookingId) {
    const held = await roomOf(deps, actor, patch.roomBookingId, { hubId: session.hubId, startsAt: set.startsAt ?? session.startsAt, endsAt: set.endsAt ?? session.endsAt });
    room = held.room;
    checks = [held.check];
  } else if (patch.roomBookingId === null || (moving && session.roomBookingId)) room = null; // the booking was for the old time
  const notice = moving
    ? {
        kind: 'session.moved',
        subject: `${session.activityTitle} has moved`,
        text: `${session.activityTitle} on ${describeWhen(session)} has moved to ${describeWhen({ startsAt: set.startsAt!, localStartTime: set.localStartTime!, localEndTime: set.localEndTime! })}. Your place is kept. If you can no longer come, please cancel so someone else can have it.`,
        // the shifts that help run it follow (volunteers.session-moved)
        moved: {
          from: { startsAt: session.startsAt, endsAt: session.endsAt, localDate: session.localDate },
          to: { startsAt: set.startsAt!, endsAt: set.endsAt!, localDate: set.localDate! },
          ...(shiftsOutside ? { shiftsOutsideHours: shiftsOutside, hoursOverride: override } : {}),
        },
      }
    : undefined;
  const next = await data.changeSession(
    deps.db,
    session,
    { set, ...(notice ? { notice } : {}), ...(room !== undefined ? { room } : {}), ...(checks ? { checks } : {}), ...(hold ? { hold } : {}) },
    deps.clock.now(),
  );
  return toView(next);
}

/**
 * Cancels a session (scope "rest": and the later dates of its series); everyone booked or waiting is told
 * (the stream fans out each date's notice and frees their places).
 */
export async function cancelSession(deps: AppDeps, actor: Actor, sessionId: string, reason?: string, scope?: 'this' | 'rest'): Promise<SessionView & { alsoChanged?: number }> {
  const session = await managedSession(deps, actor, sessionId);
  // safe to retry: cancelling a cancelled session answers it as it is (the notice and the room went with the first)
  const first = session.status === 'cancelled' ? toView(session) : await cancelOne(deps, session, reason);
  if (scope !== 'rest') return first;
  let alsoChanged = 0;
  for (const later of await laterInSeries(deps, session)) {
    await cancelOne(deps, later, reason);
    alsoChanged++;
  }
  return { ...first, alsoChanged };
}

/**
 * One write: the session cancelled, the notice that tells everyone booked or waiting (the stream frees their
 * places and closes the shifts that help run it), and the room it held freed.
 */
async function cancelOne(deps: AppDeps, session: Session, reason?: string): Promise<SessionView> {
  const held = await currentHold(deps, session);
  const hold = held?.status === 'confirmed' ? roomData.moveSessionHoldItems(deps.db, held, undefined, deps.clock.now()) : undefined;
  const next = await data
    .changeSession(
      deps.db,
      session,
      {
        set: { status: 'cancelled' },
        notice: {
          kind: 'session.cancelled',
          subject: `Cancelled: ${session.activityTitle}, ${describeWhen(session)}`,
          text: `Sorry: ${session.activityTitle} on ${describeWhen(session)} is cancelled.${reason ? ` ${reason}` : ''} You do not need to do anything.`,
        },
        ...(hold ? { hold } : {}),
      },
      deps.clock.now(),
    )
    .catch(async (err) => {
      // cancelled at the same moment by a retry of this request or someone else: the answer is the same
      const now = err instanceof Conflict && err.extra?.code === 'session_cancelled' ? await data.getSession(deps.db, session.id, true) : undefined;
      if (now) return now;
      throw err;
    });
  return toView(next);
}

const sha = (s: string) => fingerprint(s);

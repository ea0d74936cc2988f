import { getHub } from '../directory/data';
import type { Activity } from '../directory/schema';
import { type Actor, coordinatesHub } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Forbidden, InvalidInput, NotFound, RuleViolation } from '../lib/errors';
import * as rooms from '../rooms/data';
import { blockedRange, granuleMs, type Interval, maxGranulesPerOccurrence, msToLocal, overlaps } from '../rooms/rules';
import type { Room } from '../rooms/schema';
import type { RoomClash, Session } from './schema';

/**
 * Where a session is held: a room of its hub (the session's own writes take the room's slots, through the
 * rooms domain's transaction items, so a session and a hire never overlap), or somewhere else by address.
 */

const day = 86_400_000;

/** The room a schedule asks for, if the actor may hold it: a coordinator of the room's hub, which must be the activity's. */
export async function roomFor(
  deps: AppDeps,
  actor: Actor,
  activity: Pick<Activity, 'hubId'>,
  input: { roomId?: string | undefined; elsewhere?: string | undefined },
): Promise<{ room: Room; label: string } | undefined> {
  if (input.roomId && input.elsewhere) throw new InvalidInput([{ field: 'body.elsewhere', rule: 'one_place', message: 'give a room or somewhere else, not both' }]);
  if (!input.roomId) return undefined;
  const room = await rooms.getRoom(deps.db, input.roomId);
  if (!room) throw new RuleViolation('That room does not exist.', 'no_such_room', 'body.roomId');
  if (room.hubId !== activity.hubId) throw new RuleViolation('That room is at another hub: choose a room of the activity’s hub, or somewhere else.', 'other_hub', 'body.roomId');
  if (!coordinatesHub(actor, room.hubId)) {
    throw new Forbidden('Only the hub’s coordinators can hold its rooms for sessions. Ask the hub for the room (request a room booking), or choose somewhere else.');
  }
  const hub = await getHub(deps.db, room.hubId);
  return { room, label: hub ? `${room.name}, ${hub.name}` : room.name };
}

/** The time a session keeps its room: its own time, the room's setup and cleardown, widened to whole quarter hours. */
export function blockedOfSession(room: Pick<Room, 'setupMinutes' | 'cleardownMinutes'>, s: Pick<Session, 'startsAt' | 'endsAt'>): Interval {
  const b = blockedRange({ start: Date.parse(s.startsAt), end: Date.parse(s.endsAt) }, room.setupMinutes, room.cleardownMinutes);
  return { start: Math.floor(b.start / granuleMs) * granuleMs, end: Math.ceil(b.end / granuleMs) * granuleMs };
}

export function holdOf(room: Room, s: Session, actor: Actor, now: Date): rooms.SessionHold {
  const blocked = blockedOfSession(room, s);
  if ((blocked.end - blocked.start) / granuleMs > maxGranulesPerOccurrence) {
    throw new RuleViolation('A session in a room, with its setup and cleardown time, can be at most 24 hours.', 'too_long', 'body.durationMinutes');
  }
  return {
    sessionId: s.id,
    activityId: s.activityId,
    roomId: room.roomId,
    hubId: room.hubId,
    start: s.startsAt,
    end: s.endsAt,
    blockedStart: new Date(blocked.start).toISOString(),
    blockedEnd: new Date(blocked.end).toISOString(),
    status: 'confirmed',
    purpose: s.activityTitle,
    requesterId: actor.userId,
    private: false,
    updatedAt: now.toISOString(),
  };
}

/** What a clash is with, in words the coordinator reads: a session by its activity, a hire by its purpose ("Booked" when private). */
function clashWith(o: rooms.OccurrenceRecord, mayViewPrivate: boolean): RoomClash['clashesWith'] {
  const what = o.sessionId ? `${o.purpose} (a session)` : o.private && !mayViewPrivate ? 'Booked' : `${o.purpose}${o.heldBy ? `, ${o.heldBy}` : ''} (a room booking)`;
  return {
    startLocal: msToLocal(Date.parse(o.start)),
    endLocal: msToLocal(Date.parse(o.end)),
    what,
    ...(o.sessionId ? { sessionId: o.sessionId } : { bookingId: o.bookingId }),
  };
}

/**
 * The sessions whose room is already taken (confirmed bookings and other sessions, buffers included), with
 * what they clash with. Holds of `own` sessions (a retried schedule) are not clashes.
 */
export async function roomClashes(
  deps: AppDeps,
  actor: Actor,
  room: Room,
  sessions: Pick<Session, 'startsAt' | 'endsAt' | 'localDate' | 'localStartTime' | 'localEndTime'>[],
  own: Set<string> = new Set(),
): Promise<RoomClash[]> {
  if (!sessions.length) return [];
  const wanted = sessions.map((s) => ({ s, blocked: blockedOfSession(room, s) }));
  const from = Math.min(...wanted.map((w) => w.blocked.start)) - day;
  const to = Math.max(...wanted.map((w) => w.blocked.end));
  const held = (await rooms.listRoomOccurrences(deps.db, room.roomId, from, to, ['confirmed'])).filter((o) => !o.sessionId || !own.has(o.sessionId));
  const sees = coordinatesHub(actor, room.hubId);
  const out: RoomClash[] = [];
  for (const w of wanted) {
    const hit = held.find((h) => overlaps(w.blocked, { start: Date.parse(h.blockedStart), end: Date.parse(h.blockedEnd) }));
    if (hit) out.push(clashOf(w.s, clashWith(hit, sees)));
  }
  return out;
}

export const clashOf = (s: Pick<Session, 'localDate' | 'localStartTime' | 'localEndTime' | 'startsAt'>, clashesWith: RoomClash['clashesWith']): RoomClash => ({
  localDate: s.localDate,
  localStartTime: s.localStartTime,
  localEndTime: s.localEndTime,
  startsAt: s.startsAt,
  clashesWith,
});

/** Who holds a granule now, in words (after a write lost a race to it). */
export async function holderOf(deps: AppDeps, actor: Actor, room: Room, granule: number): Promise<RoomClash['clashesWith']> {
  const holder = await rooms.slotHolder(deps.db, room.roomId, granule);
  const at = { startLocal: msToLocal(granule), endLocal: msToLocal(granule + granuleMs) };
  if (holder?.sessionId) {
    const hold = await rooms.getSessionHold(deps.db, holder.sessionId);
    return hold ? clashWith({ ...hold, bookingId: '' } as unknown as rooms.OccurrenceRecord, true) : { ...at, what: 'Another session', sessionId: holder.sessionId };
  }
  if (holder?.bookingId) {
    const found = await rooms.getBooking(deps.db, holder.bookingId);
    const o = found?.occurrences.find((x) => x.start === holder.occurrenceStart);
    if (o) return clashWith(o, coordinatesHub(actor, room.hubId));
  }
  return { ...at, what: 'Booked' };
}

/** A session's hold on its room, which must exist for a session held by one. */
export async function currentHold(deps: AppDeps, session: Session): Promise<rooms.SessionHold | undefined> {
  if (!session.roomHold) return undefined;
  const hold = await rooms.getSessionHold(deps.db, session.id);
  if (!hold) throw new NotFound('That session’s room');
  return hold;
}

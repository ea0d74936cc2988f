import * as z from 'zod/mini';
import type { BookingQuestion } from '../directory/schema';
import { id, localDate, localTime, pageParams } from '../lib/fields';

/**
 * Sessions: the dated occurrences of an activity, one-off or from a recurrence (RFC 5545 RRULE) in
 * Europe/London wall-clock time. Imported by the web app too (pure zod/mini).
 */

/** Why a coordinator goes ahead outside the hub's opening hours: recorded on what is made. */
export const overrideReason = () => z.string().check(z.trim(), z.minLength(3), z.maxLength(300));

const whole = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

/** The subset of RFC 5545 RRULE we accept: weekly (fortnightly = INTERVAL=2), monthly by weekday, until or count. */
export const rrulePattern = /^FREQ=(WEEKLY|MONTHLY)(;(INTERVAL=[1-9]|BYDAY=(-1|[1-4])?(MO|TU|WE|TH|FR|SA|SU)(,(-1|[1-4])?(MO|TU|WE|TH|FR|SA|SU))*|COUNT=\d{1,3}|UNTIL=\d{8}(T\d{6}Z)?))*$/;
export const rrule = () => z.string().check(z.maxLength(200), z.regex(rrulePattern, 'must be an RRULE like FREQ=WEEKLY;BYDAY=TU;COUNT=10 (weekly or monthly, BYDAY, INTERVAL, COUNT or UNTIL)'));

export const exceptionSchema = z.discriminatedUnion('action', [
  /** no session on this date */
  z.strictObject({ action: z.literal('skip'), date: localDate() }),
  /** the session on this date is made but shown as cancelled */
  z.strictObject({ action: z.literal('cancel'), date: localDate() }),
  /** the session on this date happens on another date and/or at another time */
  z.strictObject({ action: z.literal('move'), date: localDate(), toDate: z.optional(localDate()), toTime: z.optional(localTime()) }),
]);
export type SeriesException = z.infer<typeof exceptionSchema>;

/** What a coordinator asks for: a first date and time, a length, and optionally a recurrence. */
export const scheduleBody = z.strictObject({
  startDate: localDate(),
  startTime: localTime(),
  durationMinutes: whole(5, 24 * 60),
  /** leave out for a one-off session */
  rrule: z.optional(rrule()),
  /** places per session; defaults to the activity's */
  capacity: z.optional(whole(1, 1000)),
  skipBankHolidays: z._default(z.boolean(), false),
  exceptions: z._default(z.array(exceptionSchema).check(z.maxLength(100)), []),
  /** a room of the activity's hub: each date takes the room (its setup and cleardown too) in the same write */
  roomId: z.optional(id()),
  /** "somewhere else": the address, instead of a room */
  elsewhere: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(300))),
  /** dates whose room is already taken: refuse the whole schedule (fail, the default) or leave those dates out (skip) */
  onClash: z.optional(z.enum(['fail', 'skip'])),
  /** a coordinator's reason to go ahead outside the hub's opening hours or on a day it is closed (recorded) */
  outsideHoursReason: z.optional(overrideReason()),
});
export type ScheduleInput = z.infer<typeof scheduleBody>;

export const sessionStatus = z.enum(['scheduled', 'cancelled']);
export type SessionStatus = z.infer<typeof sessionStatus>;

/** A session as stored (the contract other domains read) minus keys. */
export interface Session {
  id: string;
  activityId: string;
  activityTitle: string;
  startsAt: string;
  endsAt: string;
  localDate: string;
  localStartTime: string;
  localEndTime: string;
  dayOfWeek: number;
  capacity: number;
  /** places held: confirmed and offered reservations (a companion counts) */
  confirmed: number;
  /** capacity - confirmed, kept in the same writes (DynamoDB conditions cannot add) */
  placesFree: number;
  /** reservations waiting */
  waitlisted: number;
  /** waitlist tickets issued, and tickets that have left the waitlist (or were never used) */
  waitingSeq?: number;
  waitGone?: number;
  /** places of confirmed reservations given back by a cancellation (absent until the first one) */
  placesReleased?: number;
  /** of those, places given back by a NO to a reminder's "are you still coming?" */
  placesFreedByReply?: number;
  /** places held now by people who came off the waiting list (an offer, or a place confirmed from it) */
  placesFromWaitlist?: number;
  status: SessionStatus;
  seriesId?: string;
  /** copied from the activity so a reservation needs no read; kept fresh by a stream consumer */
  organisationId: string;
  hubId?: string;
  location?: string;
  /** the room the session is held in, through a confirmed room booking (copied so a read is one GetItem) */
  roomId?: string;
  roomName?: string;
  /** "Community room, Oak Road Centre": what the directory shows */
  room?: string;
  roomBookingId?: string;
  /** the room is held by the session itself (its slots taken in the session's own writes), not a room booking */
  roomHold?: boolean;
  /** "somewhere else": the address, when the session is not at the hub or the activity's venue */
  elsewhere?: string;
  /** held outside the hub's opening hours or on a day it is closed, on a coordinator's word */
  hoursOverride?: { reason: string; by: string; at: string };
  /** the activity's status, copied: a session of a paused or ended activity is not public and takes no bookings */
  activityStatus?: 'active' | 'paused' | 'ended';
  bookingMode: string;
  /** from the activity: may a booking take a second place for a companion (absent on older sessions: yes) */
  companionPlaces?: boolean;
  /** from the activity: what a booking is asked (absent on older sessions: nothing) */
  questions?: BookingQuestion[];
  waitlistMode: 'auto-confirm' | 'offer';
  offerHoldHours: number;
  opensAt: string;
  closesAt: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One generated date, for the scheduler's preview. */
export const occurrenceSchema = z.object({
  localDate: z.string(),
  localStartTime: z.string(),
  localEndTime: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  dayOfWeek: z.number(),
  status: sessionStatus,
  /** why a date in the rule has no session: 'bank-holiday', 'skipped' */
  note: z.optional(z.string()),
  movedFrom: z.optional(z.string()),
});
export type Occurrence = z.infer<typeof occurrenceSchema>;

export const sessionView = z.object({
  id: z.string(),
  activityId: z.string(),
  activityTitle: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  localDate: z.string(),
  localStartTime: z.string(),
  localEndTime: z.string(),
  dayOfWeek: z.number(),
  capacity: z.number(),
  confirmed: z.number(),
  placesLeft: z.number(),
  waitlisted: z.number(),
  status: sessionStatus,
  seriesId: z.optional(z.string()),
  location: z.optional(z.string()),
  roomId: z.optional(z.string()),
  /** the room it is held in, e.g. "Community room, Oak Road Centre" */
  room: z.optional(z.string()),
  bookingMode: z.string(),
  opensAt: z.string(),
  closesAt: z.string(),
  /** it goes ahead outside the hub's opening hours (or on a day it is closed) for this reason, given when */
  outsideHours: z.optional(z.object({ reason: z.string(), at: z.string() })),
});
export type SessionView = z.infer<typeof sessionView>;

/** A date whose room is taken, and by what (a hire, shown as "Booked" when private, or another session). */
export const roomClash = z.object({
  localDate: z.string(),
  localStartTime: z.string(),
  localEndTime: z.string(),
  startsAt: z.string(),
  clashesWith: z.object({ startLocal: z.string(), endLocal: z.string(), what: z.string(), sessionId: z.optional(z.string()), bookingId: z.optional(z.string()) }),
});
export type RoomClash = z.infer<typeof roomClash>;

/** A date of a series left out because the hub is closed that day, and why. */
export const closedDate = z.object({ localDate: z.string(), localStartTime: z.string(), localEndTime: z.string(), startsAt: z.string(), reason: z.string() });
export type ClosedDate = z.infer<typeof closedDate>;

export const scheduleResult = z.object({
  seriesId: z.string(),
  created: z.number(),
  sessions: z.array(sessionView),
  /** dates left out because the room was taken (onClash "skip") */
  clashes: z.optional(z.array(roomClash)),
  /** dates left out because the hub is closed on them */
  closed: z.optional(z.array(closedDate)),
});
export const previewResult = z.object({
  occurrences: z.array(occurrenceSchema),
  skipped: z.array(occurrenceSchema),
  clashes: z.optional(z.array(roomClash)),
  closed: z.optional(z.array(closedDate)),
  /** why the hub's opening hours refuse this schedule (a coordinator may go ahead with a reason) */
  outsideHours: z.optional(z.string()),
});

export const activityParams = z.strictObject({ activityId: id() });
export const sessionParams = z.strictObject({ sessionId: id() });

export const listSessionsQuery = z.strictObject({
  from: z.optional(localDate()),
  to: z.optional(localDate()),
  includeCancelled: z.optional(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((v) => v === 'true'),
    ),
  ),
  ...pageParams(),
});

/** one date, or it and the rest of its series */
export const seriesScope = z.enum(['this', 'rest']);

export const updateSessionBody = z.strictObject({
  capacity: z.optional(whole(1, 1000)),
  /** move the session: a new date and/or start time (length kept unless durationMinutes is given) */
  localDate: z.optional(localDate()),
  localStartTime: z.optional(localTime()),
  durationMinutes: z.optional(whole(5, 24 * 60)),
  /** hold the session in a confirmed room booking (null: no room); a move without one clears the room */
  roomBookingId: z.optional(z.nullable(id())),
  /** this date only, or this date and the later dates of its series (a new start time, length or capacity) */
  scope: z.optional(seriesScope),
  /** a coordinator's reason to move it outside the hub's opening hours or to a day it is closed (recorded) */
  outsideHoursReason: z.optional(overrideReason()),
});
export type UpdateSession = z.infer<typeof updateSessionBody>;

export const cancelSessionBody = z.strictObject({ reason: z.optional(z.string().check(z.trim(), z.maxLength(300))), scope: z.optional(seriesScope) });

/** The session changed, and how many later dates of its series changed with it (scope "rest"). */
export const changedSessionView = z.object({ ...sessionView.shape, alsoChanged: z.optional(z.number()) });
export type ChangedSessionView = z.infer<typeof changedSessionView>;

import * as z from 'zod/mini';
import { id, instant, localDate, localTime, name, pageParams, saneYear, text } from '../lib/fields';

/**
 * Hub rooms and their bookings. Times a person types are Europe/London wall-clock; every stored time is a
 * UTC instant. Bookings start and end on a quarter hour (09:00, 09:15 ...) and buffers are whole quarter hours:
 * that is how halls are hired, and it is what makes the no-double-booking slots exact (see rules.ts).
 */

export const granuleMinutes = 15;

export const facilities = ['stepFree', 'hearingLoop', 'kitchen', 'projector', 'accessibleToilet', 'sportsFloor', 'babyChange', 'wifi', 'parking'] as const;
export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];
export const customerTypes = ['partner', 'residentsGroup', 'privateHire'] as const;

/** 2026-03-29T10:00, local time, on a quarter hour */
export const localDateTime = () =>
  z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):(00|15|30|45)$/, 'must be a local date and time on a quarter hour, like 2026-03-29T10:15'), saneYear());

const quarterHours = (max: number) => z.number().check(z.int(), z.minimum(0), z.maximum(max), z.multipleOf(granuleMinutes, 'must be a whole number of quarter hours (0, 15, 30 ...)'));

export const openingHoursSchema = z
  .array(
    z.strictObject({ day: z.enum(weekdays), opens: localTime(), closes: localTime() }).check(
      z.refine((h) => h.opens < h.closes, { message: 'closes must be after opens', path: ['closes'] }),
      z.refine((h) => /:(00|15|30|45)$/.test(h.opens) && /:(00|15|30|45)$/.test(h.closes), { message: 'must be on a quarter hour', path: ['opens'] }),
    ),
  )
  .check(z.maxLength(21));

export const rateSchema = z.strictObject({ customerType: z.enum(customerTypes), pencePerHour: z.number().check(z.int(), z.minimum(0), z.maximum(100_000)) });

export const bookingQuestionSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a short id like "first-aider"')),
  question: text(300),
  required: z.boolean(),
});

const roomFields = {
  name: name(120),
  description: z.optional(text(2000)),
  capacity: z.number().check(z.int(), z.minimum(1), z.maximum(5000)),
  facilities: z.array(z.enum(facilities)).check(z.maxLength(facilities.length)),
  openingHours: openingHoursSchema,
  setupMinutes: quarterHours(240),
  cleardownMinutes: quarterHours(240),
  hireTerms: z.optional(text(4000)),
  rates: z.optional(z.array(rateSchema).check(z.maxLength(customerTypes.length))),
  bookingQuestions: z.optional(z.array(bookingQuestionSchema).check(z.maxLength(10))),
};

export const createRoomBody = z.strictObject({ hubId: id(), ...roomFields });
export type CreateRoomInput = z.infer<typeof createRoomBody>;

export const updateRoomBody = z.strictObject({
  name: z.optional(roomFields.name),
  description: roomFields.description,
  capacity: z.optional(roomFields.capacity),
  facilities: z.optional(roomFields.facilities),
  openingHours: z.optional(roomFields.openingHours),
  setupMinutes: z.optional(roomFields.setupMinutes),
  cleardownMinutes: z.optional(roomFields.cleardownMinutes),
  hireTerms: roomFields.hireTerms,
  rates: roomFields.rates,
  bookingQuestions: roomFields.bookingQuestions,
});
export type UpdateRoomInput = z.infer<typeof updateRoomBody>;

export const roomSchema = z.object({
  roomId: z.string(),
  hubId: z.string(),
  name: z.string(),
  description: z.optional(z.string()),
  capacity: z.number(),
  facilities: z.array(z.enum(facilities)),
  openingHours: z.array(z.object({ day: z.enum(weekdays), opens: z.string(), closes: z.string() })),
  setupMinutes: z.number(),
  cleardownMinutes: z.number(),
  hireTerms: z.optional(z.string()),
  rates: z.array(z.object({ customerType: z.enum(customerTypes), pencePerHour: z.number() })),
  bookingQuestions: z.array(z.object({ id: z.string(), question: z.string(), required: z.boolean() })),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Room = z.infer<typeof roomSchema>;

export const roomIdParams = z.strictObject({ roomId: id() });
export const bookingIdParams = z.strictObject({ bookingId: id() });
export const listRoomsQuery = z.strictObject({ hubId: id(), ...pageParams() });
export const roomListSchema = z.object({ items: z.array(roomSchema), nextCursor: z.optional(z.string()) });

/* ---------------- bookings ---------------- */

export const recurrenceSchema = z.strictObject({
  /** RFC 5545 RRULE without DTSTART: the first occurrence is `start`. FREQ=WEEKLY;COUNT=10, FREQ=WEEKLY;BYDAY=TU;UNTIL=20270101T000000Z */
  rrule: z
    .string()
    .check(
      z.maxLength(200),
      z.regex(
        /^(RRULE:)?FREQ=(DAILY|WEEKLY|MONTHLY)(;(INTERVAL|COUNT|UNTIL|BYDAY|BYMONTHDAY|BYSETPOS|WKST)=[A-Z0-9,+-]+)*$/,
        'must be an RRULE such as FREQ=WEEKLY;COUNT=10 (DAILY, WEEKLY or MONTHLY; INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYSETPOS)',
      ),
    ),
});

const timeRange = {
  start: localDateTime(),
  end: localDateTime(),
  repeat: z.optional(recurrenceSchema),
};

export const checkRoomBookingBody = z.strictObject(timeRange);

export const requestRoomBookingBody = z.strictObject({
  ...timeRange,
  /** what to do about dates that clash with confirmed bookings: fail (list them, book nothing) or skip them */
  onClash: z.optional(z.enum(['fail', 'skip'])),
  /** a coordinator's reason to book outside the hub's opening hours or on a day it is closed (recorded) */
  outsideHoursReason: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(300))),
  purpose: name(500),
  expectedAttendance: z.number().check(z.int(), z.minimum(1), z.maximum(5000)),
  /** private bookings show only as "busy" to anyone but the requester and the hub's coordinators */
  private: z.optional(z.boolean()),
  /** the partner organisation booking (partners) */
  organisationId: z.optional(id()),
  /** the residents' group booking (residents) */
  groupName: z.optional(name(120)),
  answers: z.optional(z.array(z.strictObject({ questionId: z.string().check(z.maxLength(40)), answer: text(1000) })).check(z.maxLength(10))),
});
export type RequestRoomBookingInput = z.infer<typeof requestRoomBookingBody>;

export const declineRoomBookingBody = z.strictObject({ reason: text(500) });

export const cancelRoomBookingBody = z.strictObject({
  /** one date of a series, or the rest of it (from `occurrenceStart`, or from now) */
  scope: z.enum(['occurrence', 'rest']),
  occurrenceStart: z.optional(instant()),
  reason: z.optional(text(500)),
});

export const bookingStatuses = ['pending', 'confirmed', 'declined', 'cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

export const listRoomBookingsQuery = z.strictObject({
  roomId: z.optional(id()),
  /** local dates, inclusive */
  from: z.optional(localDate()),
  to: z.optional(localDate()),
  /** the approvals queue of a hub */
  hubId: z.optional(id()),
  status: z.optional(z.enum(bookingStatuses)),
  /** only my own requests */
  mine: z.optional(z.enum(['true', 'false'])),
  ...pageParams(),
});

export const availabilityQuery = z.strictObject({ from: localDate(), to: localDate() });

const timeBlock = {
  start: z.string(),
  end: z.string(),
  startLocal: z.string(),
  endLocal: z.string(),
};

export const occurrenceSchema = z.object({
  ...timeBlock,
  status: z.enum(bookingStatuses),
});

export const clashSchema = z.object({
  ...timeBlock,
  /** the occurrence that clashes with a confirmed booking; the other booking is named only to those who may see it */
  clashesWith: z.object({
    ...timeBlock,
    bookingId: z.optional(z.string()),
    /** a session held in the room */ sessionId: z.optional(z.string()),
    purpose: z.optional(z.string()),
    heldBy: z.optional(z.string()),
  }),
});
export type Clash = z.infer<typeof clashSchema>;

const bookingSummaryFields = {
  bookingId: z.string(),
  roomId: z.string(),
  roomName: z.string(),
  hubId: z.string(),
  status: z.enum(bookingStatuses),
  purpose: z.string(),
  expectedAttendance: z.number(),
  private: z.boolean(),
  requesterId: z.string(),
  /** the requester's name, and the organisation's: what people see instead of ids */
  requesterName: z.optional(z.string()),
  organisationId: z.optional(z.string()),
  organisationName: z.optional(z.string()),
  groupName: z.optional(z.string()),
  customerType: z.enum(['hub', ...customerTypes]),
  quotedPence: z.number(),
  repeat: z.optional(z.object({ rrule: z.string() })),
  firstStart: z.string(),
  lastEnd: z.string(),
  firstStartLocal: z.string(),
  occurrenceCount: z.number(),
  declineReason: z.optional(z.string()),
  /** booked outside the hub's opening hours or on a day it is closed, on a coordinator's word: why, who, when */
  hoursOverride: z.optional(z.object({ reason: z.string(), by: z.string(), at: z.string() })),
  createdAt: z.string(),
  updatedAt: z.string(),
};

export const bookingSummarySchema = z.object(bookingSummaryFields);
export type RoomBookingSummary = z.infer<typeof bookingSummarySchema>;

export const bookingSchema = z.object({
  ...bookingSummaryFields,
  answers: z.array(z.object({ questionId: z.string(), answer: z.string() })),
  occurrences: z.array(occurrenceSchema),
  /** dates left out because they clashed with confirmed bookings when requested */
  skipped: z.array(z.object(timeBlock)),
  /** dates of a repeat left out because the hub is closed on them, and why */
  closed: z.optional(z.array(z.object({ ...timeBlock, reason: z.string() }))),
});
export type RoomBooking = z.infer<typeof bookingSchema>;

export const bookingListSchema = z.object({ items: z.array(bookingSummarySchema), nextCursor: z.optional(z.string()) });

/** a start and end in local time (2026-03-29T10:00) */
export const localTimesSchema = z.object({ startLocal: z.string(), endLocal: z.string() });
export type LocalTimes = z.infer<typeof localTimesSchema>;

export const checkResultSchema = z.object({
  occurrences: z.array(z.object(timeBlock)),
  clashes: z.array(clashSchema),
  /** when some dates clash: the nearest times that day, the same length, at which every date is free */
  nearestFree: z.array(localTimesSchema),
  /** dates of a repeat left out because the hub is closed on them, with the reason */
  closed: z.optional(z.array(z.object({ ...timeBlock, reason: z.string() }))),
  /** why the hub's opening hours would refuse the request, naming them (a coordinator may go ahead with a reason) */
  outsideHours: z.optional(z.string()),
});

export const availabilityBlockSchema = z.object({
  ...timeBlock,
  /** shown only to those who may see the booking; otherwise the block is just busy */
  booking: z.optional(z.object({ bookingId: z.string(), purpose: z.string(), heldBy: z.optional(z.string()), status: z.enum(bookingStatuses) })),
  /** a session held in the room (sessions are public, so shown to anyone) */
  session: z.optional(z.object({ sessionId: z.string(), activityId: z.string(), activityTitle: z.string(), capacity: z.optional(z.number()), placesTaken: z.optional(z.number()) })),
  /** a busy block's booking or session itself: the rest of the block is the room's setup and cleardown */
  within: z.optional(z.object(timeBlock)),
});
export type AvailabilityBlock = z.infer<typeof availabilityBlockSchema>;

export const availabilitySchema = z.object({
  roomId: z.string(),
  timeZone: z.literal('Europe/London'),
  from: z.string(),
  to: z.string(),
  free: z.array(availabilityBlockSchema),
  /** confirmed bookings, their setup and cleardown included */
  busy: z.array(availabilityBlockSchema),
  /** pending requests the viewer may see (their own; all of them for the hub's coordinators) */
  requested: z.array(availabilityBlockSchema),
  /** days the hub is closed (its own closed days, bank holidays unless it opens on them), and why */
  closed: z.optional(z.array(z.object({ localDate: z.string(), reason: z.string() }))),
});
export type Availability = z.infer<typeof availabilitySchema>;

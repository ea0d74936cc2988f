import * as z from 'zod/mini';
import { communicationNeedKinds } from '../accounts/communication-needs';
import { id, pageParams, personId, personIdPattern } from '../lib/fields';

/** Reservations: a person's place (or waiting place) in one session. Imported by the web app too. */

export const reservationStatus = z.enum(['confirmed', 'waitlisted', 'offered', 'cancelled']);
export type ReservationStatus = z.infer<typeof reservationStatus>;

/** A reservation's id: `<sessionId>_<personId>` (one per person per session). */
export const reservationId = () => z.string().check(z.regex(new RegExp(`^[0-9A-HJKMNP-TV-Z]{26}_${personIdPattern}$`), 'must be a reservation id'));

/** An answer to one of the activity's booking questions (`questions` on its booking settings). */
export const answerInput = z.strictObject({
  questionId: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,29}$/, 'must be the id of one of the activity’s questions')),
  answer: z.string().check(z.trim(), z.maxLength(500)),
});
export const answersInput = () => z._default(z.array(answerInput).check(z.maxLength(5)), []);

export const reserveBody = z.strictObject({
  /** whose place: leave out to book for yourself; link workers and coordinators book for others */
  personId: z.optional(personId()),
  /** a second place for a carer or companion, counted toward capacity (where the activity allows one) */
  companion: z._default(z.boolean(), false),
  referralId: z.optional(id()),
  /** answers to the activity's booking questions; required ones must be answered when you book for yourself */
  answers: answersInput(),
});
export type ReserveInput = z.infer<typeof reserveBody>;

export const reserveResult = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'waitlisted']),
  waitlistPosition: z.optional(z.number()),
});
export type ReserveResult = z.infer<typeof reserveResult>;

export interface Reservation {
  id: string;
  sessionId: string;
  activityId: string;
  personId: string;
  status: ReservationStatus;
  companion: boolean;
  /** places this reservation holds: 2 with a companion */
  places: number;
  bookedBy: string;
  referralId?: string;
  joinedSeq: number;
  offerExpiresAt?: string;
  checkInCode: string;
  startsAt: string;
  endsAt: string;
  activityTitle: string;
  promotedAt?: string;
  cancelledAt?: string;
  cancelReason?: string;
  /** the activity's questions as they were asked, with the answers given */
  answers?: BookingAnswer[];
  createdAt: string;
  updatedAt: string;
}

export interface BookingAnswer {
  questionId: string;
  question: string;
  answer: string;
}
const bookingAnswer = z.object({ questionId: z.string(), question: z.string(), answer: z.string() });

export const reservationView = z.object({
  id: z.string(),
  sessionId: z.string(),
  activityId: z.string(),
  activityTitle: z.string(),
  personId: z.string(),
  personName: z.optional(z.string()),
  /** on the organisers' list of who is booked, beside a name they may see: the person's communication needs */
  communicationNeeds: z.optional(z.array(z.enum(communicationNeedKinds))),
  status: reservationStatus,
  companion: z.boolean(),
  bookedBy: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  checkInCode: z.string(),
  waitlistPosition: z.optional(z.number()),
  offerExpiresAt: z.optional(z.string()),
  referralId: z.optional(z.string()),
  /** the answers to the activity's booking questions (the person, and the activity's organisers) */
  answers: z.optional(z.array(bookingAnswer)),
  /** where it happens: the hub or venue, with its address (the person's own bookings) */
  place: z.optional(z.object({ name: z.string(), address: z.string() })),
  createdAt: z.string(),
});
export type ReservationView = z.infer<typeof reservationView>;

export const sessionIdParams = z.strictObject({ sessionId: id() });
export const reservationParams = z.strictObject({ id: reservationId() });
export const activityIdParams = z.strictObject({ activityId: id() });

export const myReservationsQuery = z.strictObject({
  /** past ones too */
  includePast: z.optional(
    z.pipe(
      z.enum(['true', 'false']),
      z.transform((v) => v === 'true'),
    ),
  ),
  ...pageParams(),
});

/** A session's bookings: bounded by its capacity (at most 1,000) and waitlist, but paged so no answer grows without bound. */
export const sessionReservationsQuery = z.strictObject(pageParams());

export const courseBody = z.strictObject({
  /** all-or-nothing: every session or none; available: the ones with places */
  mode: z.enum(['all-or-nothing', 'available']),
  personId: z.optional(personId()),
  companion: z._default(z.boolean(), false),
  referralId: z.optional(id()),
  answers: answersInput(),
  /** only the sessions of this series (default: every upcoming session of the activity) */
  seriesId: z.optional(id()),
});
export type CourseInput = z.infer<typeof courseBody>;

export const courseResult = z.object({
  reserved: z.array(z.object({ sessionId: z.string(), id: z.string(), startsAt: z.string() })),
  notReserved: z.array(z.object({ sessionId: z.string(), startsAt: z.string(), reason: z.string() })),
});
export type CourseResult = z.infer<typeof courseResult>;

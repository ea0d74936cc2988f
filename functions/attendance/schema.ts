import * as z from 'zod/mini';
import { sharedAccessNeeds } from '../accounts/schema';
import { id, instant, localDate, pageParams, personId, personIdPattern } from '../lib/fields';

/**
 * Attendance: registers, marks, walk-ins, check-in and repeated no-shows. Imported by the web app too
 * (the register page and its offline queue use these shapes).
 */

export const markStatuses = ['attended', 'no-show', 'cancelled-late', 'left-early'] as const;
export const markStatus = z.enum(markStatuses);
export type MarkStatus = z.infer<typeof markStatus>;

/** Who a mark is about: the person booked, the companion on their booking, or a volunteer on shift. */
export const markRoles = ['resident', 'companion', 'volunteer'] as const;
export const markRole = z.enum(markRoles);
export type MarkRole = z.infer<typeof markRole>;

export const ageBands = ['under-18', '18-24', '25-49', '50-64', '65-79', '80-plus'] as const;
export const ageBand = z.enum(ageBands);

/** An id a device makes for something it sends (a mark, a walk-in), so a resend is recognised. */
export const clientId = () => z.string().check(z.regex(/^[A-Za-z0-9_-]{8,64}$/, 'must be 8 to 64 letters, digits, - or _ (made once on the device)'));

export const markInput = z.strictObject({
  /** made on the device when the mark is made; the same mark sent again is recorded once */
  markId: clientId(),
  personId: personId(),
  role: z._default(markRole, 'resident'),
  status: markStatus,
  /** when the helper made the mark, by the device's clock: the latest mark for a person wins */
  markedAt: instant(),
});
export type MarkInput = z.infer<typeof markInput>;

export const recordAttendanceBody = z.strictObject({ marks: z.array(markInput).check(z.minLength(1), z.maxLength(100)) });

export const historyEntrySchema = z.object({
  status: markStatus,
  markId: z.string(),
  markedAt: z.string(),
  markedBy: z.string(),
  recordedAt: z.string(),
  source: z.optional(z.string()),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The mark that stands for a person, and every mark before it (who changed it and when). */
export const markView = z.object({
  status: markStatus,
  markId: z.string(),
  markedAt: z.string(),
  markedBy: z.string(),
  recordedAt: z.string(),
  previousStatus: z.optional(markStatus),
  history: z.array(historyEntrySchema),
});
export type MarkView = z.infer<typeof markView>;

export const markOutcome = z.object({
  markId: z.string(),
  personId: z.string(),
  role: markRole,
  /** recorded: this mark now stands; duplicate: it was already recorded; superseded: a later mark stands */
  outcome: z.enum(['recorded', 'duplicate', 'superseded']),
  current: markView,
});
export type MarkOutcome = z.infer<typeof markOutcome>;
export const recordAttendanceResult = z.object({ results: z.array(markOutcome) });

/** A check-in code as typed (6 letters and digits) or as read from the QR code (`<reservation id>.<code>`). */
export const checkInCode = () =>
  z
    .string()
    .check(z.trim(), z.toUpperCase(), z.regex(new RegExp(`^([0-9A-HJKMNP-TV-Z]{26}_${personIdPattern}\\.)?[A-Z0-9]{6}$`, 'i'), 'must be the 6-letter check-in code on the booking (or its QR code)'));

export const walkInBody = z
  .strictObject({
    walkInId: clientId(),
    /** the check-in code on a pass the person shows (typed, or read from its QR code): names them on the register */
    code: z.optional(checkInCode()),
    /** someone already known to this session's register (on its waiting list, offered a place, or who cancelled) */
    personId: z.optional(personId()),
    /**
     * an email the person gives: linked to their account when there is one, but never shown or confirmed, so the
     * answer is the same whether or not the address has an account (the register is not a people directory)
     */
    email: z.optional(z.email().check(z.maxLength(254))),
    /** people who gave no details; 1 for a named person */
    count: z._default(z.number().check(z.int(), z.minimum(1), z.maximum(50)), 1),
    ageBand: z.optional(ageBand),
    markedAt: instant(),
  })
  .check(
    z.refine((v) => !((v.personId || v.email || v.code) && v.count !== 1), { message: 'must be 1 for a named person', path: ['count'] }),
    z.refine((v) => [v.personId, v.email, v.code].filter(Boolean).length <= 1, { message: 'give one of the check-in code, the person or their email, not several', path: ['email'] }),
  );
export type WalkInInput = z.infer<typeof walkInBody>;

export const walkInView = z.object({
  walkInId: z.string(),
  /** only for someone named by their check-in code or already on this register: never for an email */
  personId: z.optional(z.string()),
  name: z.optional(z.string()),
  count: z.number(),
  ageBand: z.optional(ageBand),
  markedAt: z.string(),
  markedBy: z.string(),
});
export type WalkInView = z.infer<typeof walkInView>;

export const registerPerson = z.object({
  personId: z.string(),
  role: markRole,
  name: z.string(),
  /** only what the person chose to share, and only on the register of a coordinator of the session's hub */
  accessNeeds: z.optional(sharedAccessNeeds),
  /** the Accessible Information Standard needs the person recorded (Easy Read, BSL interpreter …), for the session's coordinators */
  communicationNeeds: z.optional(z.array(z.string())),
  /** the answers to the activity's booking questions ("Any dietary needs?"), as given when booking */
  answers: z.optional(z.array(z.object({ questionId: z.string(), question: z.string(), answer: z.string() }))),
  reservationStatus: z.optional(z.string()),
  checkedIn: z.boolean(),
  /** no-shows in the look-back window (shown to coordinators when it reaches the threshold) */
  recentNoShows: z.optional(z.number()),
  /** volunteers: the shift and role they are on */
  shiftId: z.optional(z.string()),
  roleTitle: z.optional(z.string()),
  mark: z.optional(markView),
});
export type RegisterPerson = z.infer<typeof registerPerson>;

/** Someone on the session's waiting list, in order, or offered a place they have not yet taken (coordinators and the partner only). */
export const waitingPerson = z.object({
  personId: z.string(),
  name: z.string(),
  /** 1 for the first in line; offers come before the line */
  position: z.number(),
  status: z.enum(['waitlisted', 'offered']),
  companion: z.boolean(),
  /** when a held offer lapses */
  offerExpiresAt: z.optional(z.string()),
});
export type WaitingPerson = z.infer<typeof waitingPerson>;

export const registerCounts = z.object({
  expected: z.number(),
  attended: z.number(),
  noShow: z.number(),
  cancelledLate: z.number(),
  leftEarly: z.number(),
  unmarked: z.number(),
  walkIns: z.number(),
  volunteers: z.number(),
});
export type RegisterCounts = z.infer<typeof registerCounts>;

export const registerView = z.object({
  session: z.object({
    id: z.string(),
    activityId: z.string(),
    activityTitle: z.string(),
    startsAt: z.string(),
    endsAt: z.string(),
    localDate: z.string(),
    localStartTime: z.string(),
    localEndTime: z.string(),
    location: z.optional(z.string()),
    status: z.string(),
  }),
  /** marks are taken from 30 minutes before the start until 7 days after the end; outside that, why not */
  marking: z.object({ opensAt: z.string(), closesAt: z.string(), open: z.boolean(), reason: z.optional(z.string()), rule: z.optional(z.string()) }),
  counts: registerCounts,
  people: z.array(registerPerson),
  volunteers: z.array(registerPerson),
  walkIns: z.array(walkInView),
  waitlist: z.array(waitingPerson),
  /** people who booked and cancelled: recordable as named walk-ins if they come after all */
  cancelled: z.array(z.object({ personId: z.string(), name: z.string(), /** their place went because the hub cancelled the session */ byHub: z.optional(z.boolean()) })),
  noShowRule: z.object({ threshold: z.number(), weeks: z.number() }),
});
export type RegisterView = z.infer<typeof registerView>;

export const sessionParams = z.strictObject({ sessionId: id() });

export const checkInBody = z.strictObject({
  /** the session being checked in at the door; may be left out when the QR code is scanned */
  sessionId: z.optional(id()),
  code: checkInCode(),
});
export type CheckInInput = z.infer<typeof checkInBody>;

export const checkInResult = z.object({
  sessionId: z.string(),
  activityTitle: z.string(),
  personId: z.string(),
  name: z.string(),
  companion: z.boolean(),
  /** true when this person was already checked in */
  alreadyCheckedIn: z.boolean(),
  mark: markView,
});
export type CheckInResult = z.infer<typeof checkInResult>;

export const noShowsQuery = z.strictObject({
  hubId: z.optional(id()),
  organisationId: z.optional(id()),
  /** how many no-shows count as repeated (default 3) */
  threshold: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(20))),
  /** within how many weeks (default 8) */
  weeks: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(52))),
  ...pageParams(),
});

export const repeatedNoShow = z.object({
  personId: z.string(),
  name: z.string(),
  count: z.number(),
  dates: z.array(z.string()),
  sessions: z.array(z.object({ sessionId: z.string(), activityId: z.string(), localDate: z.string() })),
});
export type RepeatedNoShow = z.infer<typeof repeatedNoShow>;
export const noShowsResult = z.object({ threshold: z.number(), weeks: z.number(), from: z.string(), items: z.array(repeatedNoShow), nextCursor: z.optional(z.string()) });

/** The registers a person can take on a day (default: today in London), optionally at one hub. */
export const registersQuery = z.strictObject({ date: z.optional(localDate()), hubId: z.optional(id()), ...pageParams() });

export const registerSummary = z.object({
  sessionId: z.string(),
  activityId: z.string(),
  activityTitle: z.string(),
  hubId: z.optional(z.string()),
  localStartTime: z.string(),
  localEndTime: z.string(),
  location: z.optional(z.string()),
  status: z.string(),
  /** places held (a companion counts) */
  booked: z.number(),
  capacity: z.number(),
  /** people on the waiting list */
  waiting: z.number(),
});
export type RegisterSummary = z.infer<typeof registerSummary>;
export const registersResult = z.object({ date: z.string(), items: z.array(registerSummary), nextCursor: z.optional(z.string()) });

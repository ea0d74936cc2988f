import * as z from 'zod/mini';
import { cursor, flag, id, instant, localDate, localTime, name, page, pageLimit, pageParams, personId, text } from '../lib/fields';

/** Volunteers: roles, applications, checks, shifts and hours. The web app imports these too. */

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const weekday = z.enum(weekdays);
export const dbsLevels = ['none', 'basic', 'standard', 'enhanced'] as const;
export const dbsLevel = z.enum(dbsLevels);
export const roleStatus = z.enum(['draft', 'open', 'paused', 'closed']);
export const ownerKind = z.enum(['hub', 'organisation']);
const skill = text(40);

export const requirementsSchema = z.strictObject({
  dbs: dbsLevel,
  /** named training modules a volunteer must have completed, e.g. "Safeguarding adults" */
  training: z._default(z.array(text(80)).check(z.maxLength(10)), []),
  references: z._default(z.boolean(), false),
});
export type Requirements = z.infer<typeof requirementsSchema>;

const roleFields = {
  title: name(120),
  description: text(4000),
  location: text(200),
  /** where it happens, when it is at a hub */
  hubId: z.optional(id()),
  commitment: text(200),
  minimumAge: z.union([z.literal(16), z.literal(18)]),
  requirements: requirementsSchema,
  skills: z._default(z.array(skill).check(z.maxLength(20)), []),
  days: z._default(z.array(weekday).check(z.maxLength(7)), []),
  status: z._default(roleStatus, 'open'),
};

export const createRoleBody = z.strictObject({
  owner: z.strictObject({ kind: ownerKind, id: id() }),
  ...roleFields,
});
export type CreateRoleInput = z.infer<typeof createRoleBody>;

export const updateRoleBody = z.strictObject({
  title: z.optional(roleFields.title),
  description: z.optional(roleFields.description),
  location: z.optional(roleFields.location),
  hubId: z.optional(id()),
  commitment: z.optional(roleFields.commitment),
  minimumAge: z.optional(roleFields.minimumAge),
  requirements: z.optional(requirementsSchema),
  skills: z.optional(z.array(skill).check(z.maxLength(20))),
  days: z.optional(z.array(weekday).check(z.maxLength(7))),
  status: z.optional(roleStatus),
});
export type UpdateRoleInput = z.infer<typeof updateRoleBody>;

export const roleSchema = z.object({
  roleId: z.string(),
  owner: z.object({ kind: ownerKind, id: z.string() }),
  title: z.string(),
  description: z.string(),
  location: z.string(),
  hubId: z.optional(z.string()),
  commitment: z.string(),
  minimumAge: z.number(),
  requirements: z.object({ dbs: dbsLevel, training: z.array(z.string()), references: z.boolean() }),
  skills: z.array(z.string()),
  days: z.array(weekday),
  status: roleStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Role = z.infer<typeof roleSchema>;

export const listRolesQuery = z.strictObject({
  hubId: z.optional(id()),
  organisationId: z.optional(id()),
  skill: z.optional(skill),
  day: z.optional(weekday),
  /** owners may list their draft, paused and closed roles too */
  status: z.optional(roleStatus),
  limit: pageLimit(),
  cursor: z.optional(cursor()),
});
export const rolePage = page(roleSchema);
export const roleParams = z.strictObject({ roleId: id() });

// Applications

export const applicationStatus = z.enum(['submitted', 'more-info-requested', 'approved', 'declined', 'withdrawn']);
export type ApplicationStatus = z.infer<typeof applicationStatus>;

export const applyBody = z.strictObject({
  /** when they can help, in their words */
  availability: text(500),
  /** why they would like the role: read only by them and the role's coordinators */
  statement: text(1500),
  /**
   * to check the role's minimum age and whether a parent or guardian must consent: asked once, then held on
   * the volunteer's profile. Giving a different one later asks a coordinator to confirm the correction.
   */
  dateOfBirth: z.optional(localDate()),
  days: z._default(z.array(weekday).check(z.maxLength(7)), []),
});
export type ApplyInput = z.infer<typeof applyBody>;

export const reviewBody = z.union([
  z.strictObject({ decision: z.literal('approve'), message: z.optional(text(1000)) }),
  z.strictObject({ decision: z.literal('decline'), reason: text(1000) }),
  z.strictObject({ decision: z.literal('ask-for-more'), question: text(1000) }),
]);
export type ReviewInput = z.infer<typeof reviewBody>;

export const guardianConsentBody = z.strictObject({
  guardianName: name(120),
  relationship: text(60),
  givenOn: localDate(),
  /** how it was given: signed form, email, in person */
  method: z.enum(['signed-form', 'email', 'in-person', 'phone']),
});
export type GuardianConsentInput = z.infer<typeof guardianConsentBody>;

/** A coordinator's decision on a date of birth the volunteer corrected: confirm it (having seen proof) or keep the one held. */
export const dateOfBirthDecisionBody = z.strictObject({ decision: z.enum(['confirm', 'keep']) });

export const applicationSchema = z.object({
  roleId: z.string(),
  roleTitle: z.string(),
  volunteerId: z.string(),
  volunteerName: z.string(),
  ownerId: z.string(),
  ownerKind,
  status: applicationStatus,
  availability: z.string(),
  statement: z.string(),
  /** from the volunteer's profile (shown to them and the role's coordinators; not kept on each application) */
  dateOfBirth: z.optional(z.string()),
  /** a different date of birth the volunteer gave, waiting for a coordinator to confirm */
  dateOfBirthToConfirm: z.optional(z.string()),
  under18: z.boolean(),
  days: z.array(weekday),
  guardianConsent: z.optional(z.object({ guardianName: z.string(), relationship: z.string(), givenOn: z.string(), method: z.string(), recordedBy: z.string() })),
  decisionReason: z.optional(z.string()),
  question: z.optional(z.string()),
  appliedAt: z.string(),
  /** when they were approved: the first day they can log hours for the role */
  approvedAt: z.optional(z.string()),
  updatedAt: z.string(),
});
export type Application = z.infer<typeof applicationSchema>;

export const applicationParams = z.strictObject({ roleId: id(), volunteerId: personId() });
export const listApplicationsQuery = z.strictObject({
  hubId: z.optional(id()),
  organisationId: z.optional(id()),
  status: z.optional(applicationStatus),
  limit: pageLimit(),
  cursor: z.optional(cursor()),
});
export const applicationPage = page(applicationSchema);

// Checks

export const checkTypes = ['dbs-basic', 'dbs-standard', 'dbs-enhanced', 'references', 'training'] as const;
export const checkType = z.enum(checkTypes);
export type CheckType = z.infer<typeof checkType>;
export const checkOutcome = z.enum(['clear', 'not-clear', 'pending']);

/** What was checked and when: never the certificate's content or number. */
export const recordCheckBody = z.strictObject({
  volunteerId: personId(),
  type: checkType,
  /** the training module's name, for type "training" */
  module: z.optional(name(80)),
  outcome: checkOutcome,
  checkedOn: localDate(),
  expiresOn: z.optional(localDate()),
});
export type RecordCheckInput = z.infer<typeof recordCheckBody>;

export const checkSchema = z.object({
  volunteerId: z.string(),
  key: z.string(),
  type: checkType,
  module: z.optional(z.string()),
  outcome: checkOutcome,
  checkedOn: z.string(),
  expiresOn: z.optional(z.string()),
  recordedBy: z.string(),
  /** who recorded it, by name, so the volunteer and coordinators can see who vouched */
  recordedByName: z.optional(z.string()),
  /** the hubs and organisations (`hub:<id>`, `organisation:<id>`) whose roles it counts for, or `admin` (any) */
  recordedFor: z.optional(z.array(z.string())),
  recordedAt: z.string(),
});
export type Check = z.infer<typeof checkSchema>;

export const listChecksQuery = z.strictObject({ volunteerId: personId(), ...pageParams() });
export const checksDueQuery = z.strictObject({
  hubId: z.optional(id()),
  organisationId: z.optional(id()),
  withinDays: z._default(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(365)), 60),
  ...pageParams(),
});

export const dueItemSchema = z.object({
  volunteerId: z.string(),
  volunteerName: z.string(),
  roleId: z.string(),
  roleTitle: z.string(),
  requirement: z.string(),
  state: z.enum(['missing', 'expired', 'expiring', 'not-clear']),
  expiresOn: z.optional(z.string()),
  message: z.string(),
});
export type DueItem = z.infer<typeof dueItemSchema>;

// Shifts

export const createShiftBody = z.strictObject({
  owner: z.strictObject({ kind: ownerKind, id: id() }),
  title: name(120),
  location: text(200),
  hubId: z.optional(id()),
  /** the activity session this shift helps run, if any */
  activitySessionId: z.optional(id()),
  /** wall-clock, Europe/London */
  date: localDate(),
  startTime: localTime(),
  endTime: localTime(),
  /** RFC 5545 RRULE for a series, e.g. FREQ=WEEKLY;BYDAY=TU;COUNT=8 (at most 60 shifts, within a year) */
  rrule: z.optional(z.string().check(z.maxLength(200), z.regex(/^FREQ=[A-Z]+(;[A-Z]+=[A-Z0-9,+-]+)*$/, 'must be an RRULE like FREQ=WEEKLY;BYDAY=TU;COUNT=8'))),
  places: z.array(z.strictObject({ roleId: id(), places: z.number().check(z.int(), z.minimum(1), z.maximum(200)) })).check(z.minLength(1), z.maxLength(10)),
  notes: z.optional(text(1000)),
  /** a coordinator's reason to put the shift outside the hub's opening hours or on a day it is closed (recorded) */
  outsideHoursReason: z.optional(z.string().check(z.trim(), z.minLength(3), z.maxLength(300))),
});
export type CreateShiftInput = z.infer<typeof createShiftBody>;

export const shiftRoleSchema = z.object({ roleId: z.string(), roleTitle: z.string(), places: z.number(), taken: z.number(), open: z.number() });
export const shiftSchema = z.object({
  shiftId: z.string(),
  seriesId: z.optional(z.string()),
  owner: z.object({ kind: ownerKind, id: z.string() }),
  title: z.string(),
  location: z.string(),
  hubId: z.optional(z.string()),
  activitySessionId: z.optional(z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  notes: z.optional(z.string()),
  roles: z.array(shiftRoleSchema),
  /** places still to fill across the shift's roles: a gap in the rota */
  openPlaces: z.number(),
  hasGaps: z.boolean(),
  /** it is outside the hub's opening hours (or on a day it is closed) for this reason, given when */
  outsideHours: z.optional(z.object({ reason: z.string(), at: z.string() })),
  /** listed by role for a volunteer approved in it: why they cannot sign up (checks missing, or expired by the shift's date) */
  cannotSignUp: z.optional(z.string()),
  volunteers: z.optional(z.array(z.object({ volunteerId: z.string(), volunteerName: z.string(), roleId: z.string(), signedUpAt: z.string() }))),
});
export type Shift = z.infer<typeof shiftSchema>;
export const createShiftResult = z.object({
  items: z.array(shiftSchema),
  /** dates of a series left out because the hub is closed on them, and why */
  closed: z.optional(z.array(z.object({ localDate: z.string(), reason: z.string() }))),
});

export const listShiftsQuery = z.strictObject({
  hubId: z.optional(id()),
  organisationId: z.optional(id()),
  roleId: z.optional(id()),
  from: z.optional(instant()),
  to: z.optional(instant()),
  gapsOnly: flag(),
  limit: pageLimit(),
  cursor: z.optional(cursor()),
});
export const shiftPage = page(shiftSchema);
export const shiftParams = z.strictObject({ shiftId: id() });
export const signUpBody = z.strictObject({ roleId: id() });
export const withdrawBody = z.strictObject({ reason: z.optional(text(500)) });

export const signUpSchema = z.object({
  shiftId: z.string(),
  volunteerId: z.string(),
  roleId: z.string(),
  roleTitle: z.string(),
  title: z.string(),
  location: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  signedUpAt: z.string(),
});
export type SignUp = z.infer<typeof signUpSchema>;

// Hours

export const logHoursBody = z.strictObject({
  roleId: id(),
  date: localDate(),
  /** in quarter hours: 0.25 to 24 */
  hours: z.number().check(z.minimum(0.25), z.maximum(24), z.multipleOf(0.25)),
  note: z.optional(text(500)),
});
export type LogHoursInput = z.infer<typeof logHoursBody>;

export const hoursSchema = z.object({
  hoursId: z.string(),
  volunteerId: z.string(),
  volunteerName: z.optional(z.string()),
  roleId: z.string(),
  roleTitle: z.string(),
  ownerId: z.string(),
  ownerKind,
  date: z.string(),
  hours: z.number(),
  source: z.enum(['shift', 'self']),
  status: z.enum(['pending', 'approved', 'rejected']),
  shiftId: z.optional(z.string()),
  note: z.optional(z.string()),
  reason: z.optional(z.string()),
});
export type Hours = z.infer<typeof hoursSchema>;
export const hoursParams = z.strictObject({ hoursId: id() });
export const hoursDecisionBody = z.union([z.strictObject({ decision: z.literal('approve') }), z.strictObject({ decision: z.literal('reject'), reason: text(500) })]);
export const pendingHoursQuery = z.strictObject({ hubId: z.optional(id()), organisationId: z.optional(id()), ...pageParams() });
export const hoursList = z.object({ items: z.array(hoursSchema), nextCursor: z.optional(z.string()) });

export const myVolunteeringSchema = z.object({
  upcomingShifts: z.array(signUpSchema),
  hours: z.object({ thisMonth: z.number(), thisYear: z.number(), pending: z.number() }),
  applications: z.array(applicationSchema),
  checks: z.array(checkSchema),
  checksDue: z.array(dueItemSchema),
  calendarUrl: z.optional(z.string()),
  /** held once, on the volunteer's profile */
  dateOfBirth: z.optional(z.string()),
  dateOfBirthToConfirm: z.optional(z.string()),
});
export type MyVolunteering = z.infer<typeof myVolunteeringSchema>;
export const calendarLinkSchema = z.object({ calendarUrl: z.string() });
export const calendarParams = z.strictObject({ token: z.string().check(z.regex(/^[A-Za-z0-9_-]{32,64}(\.ics)?$/, 'must be a calendar link token')) });

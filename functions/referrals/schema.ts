import * as z from 'zod/mini';
import { cursor, flag, id, instant, listParam, localDate, page, pageLimit, pageParams, personId, text } from '../lib/fields';

/**
 * Social prescribing referrals: a person (with or without an account), a referral that moves through the
 * link worker's workflow, the personal details kept apart so they can be purged, and an audit of every read.
 * Imported by the web app too: zod/mini and lib/fields only.
 */

export const referralStatuses = ['received', 'contacted', 'plan-agreed', 'connected', 'attended', 'closed', 'declined', 'unable-to-contact'] as const;
export type ReferralStatus = (typeof referralStatuses)[number];
export const referralStatus = z.enum(referralStatuses);

/** How each status reads to a person (the web app and the resident's own status use these). */
export const statusLabels: Record<ReferralStatus, string> = {
  received: 'Received',
  contacted: 'Contacted',
  'plan-agreed': 'Plan agreed',
  connected: 'Connected (booked)',
  attended: 'Attended',
  closed: 'Closed',
  declined: 'Declined',
  'unable-to-contact': 'Unable to contact',
};

export const referralSources = ['gp-practice', 'self', 'hospital-discharge', 'community-group', 'other'] as const;
export const referralSource = z.enum(referralSources);

export const outcomes = ['connected-and-improved', 'connected-no-change', 'did-not-engage', 'moved-away', 'other'] as const;
export const outcome = z.enum(outcomes);

/** SNOMED CT concepts for the message back to the GP. */
export const snomed = {
  referral: { code: '871731000000106', display: 'Referral to social prescribing service' },
  declined: { code: '871711000000103', display: 'Social prescribing declined' },
} as const;
export const snomedConcept = z.object({ code: z.string(), display: z.string() });

/** A priority id from the directory's taxonomy (checked against it by the service). */
const priorityId = () => z.string().check(z.maxLength(60), z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a priority id like social-isolation'));

export const phone = () => z.string().check(z.trim(), z.regex(/^\+?[0-9 ()-]{7,20}$/, 'must be a phone number like 07700 900123'));
export const email = () => z.email().check(z.maxLength(254));

export const contactMethods = ['phone', 'text', 'email', 'letter', 'in-person'] as const;
export const contactPreferencesSchema = z.strictObject({
  methods: z.array(z.enum(contactMethods)).check(z.minLength(1), z.maxLength(contactMethods.length)),
  /** "weekday mornings", "not after 6pm" */
  bestTimes: z.optional(text(200)),
  /** "my daughter reads my letters to me" */
  notes: z.optional(text(500)),
});
export type ContactPreferences = z.infer<typeof contactPreferencesSchema>;

export const sharingScopes = ['link-worker-team', 'activity-providers', 'gp-practice'] as const;
export const consentSchema = z.strictObject({
  givenBy: z.enum(['person', 'carer', 'legal-representative']),
  /** the carer's or representative's name when it was not the person */
  givenByName: z.optional(text(120)),
  givenAt: instant(),
  sharing: z.array(z.enum(sharingScopes)).check(z.minLength(1), z.maxLength(sharingScopes.length)),
});
export type Consent = z.infer<typeof consentSchema> & { recordedBy: string };

const score = () => z.number().check(z.int(), z.minimum(0), z.maximum(10));
/** ONS4 personal wellbeing: four questions scored 0 to 10 (for anxiety, lower is better). */
export const ons4Schema = z.strictObject({ lifeSatisfaction: score(), worthwhile: score(), happiness: score(), anxiety: score() });
export type Ons4 = z.infer<typeof ons4Schema>;
export type Ons4Record = Ons4 & { recordedAt: string };
export const ons4Questions = ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'] as const;

// ---------- people ----------

export const personFields = {
  name: text(120),
  email: z.optional(email()),
  phone: z.optional(phone()),
  dateOfBirth: z.optional(localDate()),
  contactPreferences: z.optional(contactPreferencesSchema),
};
export const createPersonBody = z.strictObject(personFields);
export type PersonInput = z.infer<typeof createPersonBody>;
export const updatePersonBody = z.strictObject({
  name: z.optional(personFields.name),
  email: z.optional(z.nullable(email())),
  phone: z.optional(z.nullable(phone())),
  dateOfBirth: z.optional(z.nullable(localDate())),
  contactPreferences: z.optional(contactPreferencesSchema),
});
export type UpdatePerson = z.infer<typeof updatePersonBody>;

export interface Person {
  id: string;
  /** set when the person has an account: then id === userId */
  userId?: string;
  name?: string;
  email?: string;
  phone?: string;
  dateOfBirth?: string;
  contactPreferences?: ContactPreferences;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  erasedAt?: string;
}
export const personSchema = z.object({
  id: z.string(),
  userId: z.optional(z.string()),
  name: z.optional(z.string()),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  dateOfBirth: z.optional(z.string()),
  contactPreferences: z.optional(z.object({ methods: z.array(z.string()), bestTimes: z.optional(z.string()), notes: z.optional(z.string()) })),
  createdBy: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  erasedAt: z.optional(z.string()),
});

// ---------- referrals ----------

export const planItemSchema = z.strictObject({ activityId: id(), note: z.optional(text(500)) });
export type PlanItem = z.infer<typeof planItemSchema>;

export const createReferralBody = z.strictObject({
  /** exactly one of: an existing person record, a resident's account, or a new person record */
  personId: z.optional(personId()),
  userId: z.optional(personId()),
  newPerson: z.optional(createPersonBody),
  source: referralSource,
  /** the GP practice (or ward, or group) that referred, where known */
  practiceName: z.optional(text(200)),
  /** a user to tell when the referral is declined or closed (a practice's account), where known */
  referrerUserId: z.optional(personId()),
  reasons: z.array(priorityId()).check(z.minLength(1), z.maxLength(8)),
  whatMattersToMe: text(4000),
  contactPreferences: contactPreferencesSchema,
  consent: consentSchema,
  ons4Start: z.optional(ons4Schema),
});
export type CreateReferral = z.infer<typeof createReferralBody>;

export const selfReferBody = z.strictObject({
  name: text(120),
  email: z.optional(email()),
  phone: z.optional(phone()),
  dateOfBirth: z.optional(localDate()),
  contactPreferences: contactPreferencesSchema,
  reasons: z._default(z.array(priorityId()).check(z.maxLength(8)), []),
  whatMattersToMe: text(4000),
  consent: z.strictObject({ agreed: z.literal(true), sharing: consentSchema.shape.sharing }),
  /** the honeypot: hidden from people, filled in by bots; anything here and nothing is saved */
  website: z.optional(z.string().check(z.maxLength(500))),
});
export type SelfRefer = z.infer<typeof selfReferBody>;

export const updateReferralBody = z.strictObject({
  /** the version read; a change by someone else since then is a 409 */
  version: z.number().check(z.int(), z.minimum(1)),
  status: z.optional(referralStatus),
  note: z.optional(text(2000)),
  whatMattersToMe: z.optional(text(4000)),
  contactPreferences: z.optional(contactPreferencesSchema),
  plan: z.optional(z.array(planItemSchema).check(z.maxLength(10))),
  ons4Start: z.optional(ons4Schema),
  ons4End: z.optional(ons4Schema),
  outcome: z.optional(outcome),
  declinedReason: z.optional(text(500)),
});
export type UpdateReferral = z.infer<typeof updateReferralBody>;

export const assignReferralBody = z.strictObject({ linkWorkerId: z.optional(personId()) });

export const listReferralsQuery = z.strictObject({
  scope: z._default(z.enum(['mine', 'unassigned', 'all']), 'mine'),
  status: z.optional(referralStatus),
  overdue: flag(),
  reason: z.optional(text(300, 5)),
  limit: pageLimit(50, 20),
  cursor: z.optional(cursor()),
});
export type ListReferralsQuery = z.infer<typeof listReferralsQuery>;

export const idParams = z.strictObject({ id: id() });
/** A person record's id: a person with an account has their user id. */
export const personParams = z.strictObject({ id: personId() });
export const accessReasonQuery = z.strictObject({ reason: z.optional(text(300, 5)) });
export const auditQuery = z.strictObject({ limit: pageLimit(100, 50), cursor: z.optional(cursor()) });
export const outcomesQuery = z.strictObject({ from: z.optional(localDate()), to: z.optional(localDate()) });

export const bookOnBehalfBody = z.strictObject({ sessionId: id(), companion: z.optional(z.boolean()) });

export interface TimelineEvent {
  at: string;
  by: string;
  kind: 'received' | 'assigned' | 'status' | 'plan' | 'ons4' | 'note' | 'booking';
  status?: ReferralStatus;
  detail?: string;
}

export interface Booking {
  sessionId: string;
  activityId: string;
  bookedAt: string;
  bookedBy: string;
}

/** The referral's anonymous part: what survives the retention purge and an erasure. */
export interface Referral {
  id: string;
  personId: string;
  status: ReferralStatus;
  source: (typeof referralSources)[number];
  practiceName?: string;
  referrerUserId?: string;
  reasons: string[];
  snomed: { code: string; display: string }[];
  assignedTo?: string;
  createdBy?: string;
  createdAt: string;
  updatedAt: string;
  contactedAt?: string;
  closedAt?: string;
  outcome?: (typeof outcomes)[number];
  declinedReason?: string;
  plan: PlanItem[];
  bookings: Booking[];
  ons4Start?: Ons4Record;
  ons4End?: Ons4Record;
  events: TimelineEvent[];
  version: number;
  erased?: boolean;
}

/** The referral's personal part: kept in its own item, purged by TTL after the retention period. */
export interface ReferralDetails {
  whatMattersToMe: string;
  contactPreferences: ContactPreferences;
  consent: Consent;
  notes: { at: string; by: string; text: string }[];
  expiresAt?: number;
}

const timelineEvent = z.object({ at: z.string(), by: z.string(), kind: z.string(), status: z.optional(z.string()), detail: z.optional(z.string()) });
const ons4Out = z.object({ lifeSatisfaction: z.number(), worthwhile: z.number(), happiness: z.number(), anxiety: z.number(), recordedAt: z.string() });

export const bookingViewSchema = z.object({
  sessionId: z.string(),
  activityId: z.string(),
  activityTitle: z.optional(z.string()),
  startsAt: z.optional(z.string()),
  bookedAt: z.string(),
  reservationStatus: z.string(),
  attendance: z.optional(z.string()),
});
export type BookingView = z.infer<typeof bookingViewSchema>;

export const referralViewSchema = z.object({
  id: z.string(),
  personId: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  source: z.string(),
  practiceName: z.optional(z.string()),
  reasons: z.array(z.string()),
  snomed: z.array(snomedConcept),
  assignedTo: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  overdue: z.boolean(),
  plan: z.array(z.object({ activityId: z.string(), note: z.optional(z.string()) })),
  bookings: z.array(bookingViewSchema),
  ons4Start: z.optional(ons4Out),
  ons4End: z.optional(ons4Out),
  outcome: z.optional(z.string()),
  declinedReason: z.optional(z.string()),
  timeline: z.array(timelineEvent),
  /** the statuses it can move to next */
  next: z.array(z.string()),
  version: z.number(),
  /** present only for the assigned link worker, or an admin who gave a reason */
  personal: z.optional(
    z.object({
      person: z.optional(personSchema),
      whatMattersToMe: z.string(),
      contactPreferences: z.object({ methods: z.array(z.string()), bestTimes: z.optional(z.string()), notes: z.optional(z.string()) }),
      consent: z.object({ givenBy: z.string(), givenByName: z.optional(z.string()), givenAt: z.string(), sharing: z.array(z.string()), recordedBy: z.string() }),
      notes: z.array(z.object({ at: z.string(), by: z.string(), text: z.string() })),
    }),
  ),
});
export type ReferralView = z.infer<typeof referralViewSchema>;

export const referralListItem = z.object({
  id: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  source: z.string(),
  reasons: z.array(z.string()),
  assignedTo: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  overdue: z.boolean(),
  /** the person's name, only on the assigned link worker's own caseload */
  personName: z.optional(z.string()),
});
export type ReferralListItem = z.infer<typeof referralListItem>;
export const referralPage = page(referralListItem);

export const selfReferralReceipt = z.object({ reference: z.string(), status: z.string(), message: z.string() });
export const mySelfReferral = z.object({ id: z.string(), status: z.string(), statusLabel: z.string(), createdAt: z.string(), updatedAt: z.string() });
export const mySelfReferralsQuery = z.strictObject(pageParams(50));

export const auditEntrySchema = z.object({
  at: z.string(),
  actorId: z.string(),
  actorRoles: z.array(z.string()),
  action: z.string(),
  referralId: z.optional(z.string()),
  personId: z.string(),
  reason: z.optional(z.string()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const questionStats = z.object({ meanStart: z.number(), meanEnd: z.number(), meanChange: z.number() });
export const outcomesSchema = z.object({
  /** cells under this many people are suppressed (null) */
  suppressionThreshold: z.number(),
  referrals: z.object({ total: z.nullable(z.number()), byStatus: z.record(z.string(), z.nullable(z.number())), bySource: z.record(z.string(), z.nullable(z.number())) }),
  wellbeing: z.object({
    people: z.nullable(z.number()),
    suppressed: z.boolean(),
    questions: z.optional(z.record(z.string(), questionStats)),
  }),
});
export type Outcomes = z.infer<typeof outcomesSchema>;

export const referralLetterSchema = z.object({ referralId: z.string(), snomed: z.array(snomedConcept), text: z.string() });

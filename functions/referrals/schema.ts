import * as z from 'zod/mini';
import { cursor, flag, id, instant, localDate, name, page, pageLimit, pageParams, personId, text } from '../lib/fields';
import { communicationBody, communicationNeedKinds, communicationView } from '../reminders/schema';
import { ons4Questions, referralStatuses } from './words';

/**
 * Social prescribing referrals: a person (with or without an account), a referral that moves through the
 * link worker's workflow, the personal details kept apart so they can be purged, and an audit of every read.
 * Imported by the web app too: zod/mini, lib/fields, reminders' schema and ./words only.
 */

export { ons4Questions, referralStatuses };
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
export type SharingScope = (typeof sharingScopes)[number];
/** How each sharing scope reads to a person. */
export const sharingLabels: Record<SharingScope, string> = {
  'link-worker-team': 'the link worker team',
  'activity-providers': 'the groups running the activities they go to',
  'gp-practice': 'their GP practice (or whoever referred them)',
};
export const consentSchema = z.strictObject({
  givenBy: z.enum(['person', 'carer', 'legal-representative']),
  /** the carer's or representative's name when it was not the person */
  givenByName: z.optional(name(120)),
  givenAt: instant(),
  sharing: z.array(z.enum(sharingScopes)).check(z.minLength(1), z.maxLength(sharingScopes.length)),
});
/** Consent as recorded: who recorded it, and any sharing later withdrawn (when, by whose record). */
export type Consent = z.infer<typeof consentSchema> & { recordedBy: string; withdrawals?: ConsentWithdrawal[] };
export interface ConsentWithdrawal {
  scope: SharingScope;
  at: string;
  by: string;
}

const score = () => z.number().check(z.int(), z.minimum(0), z.maximum(10));
/** ONS4 personal wellbeing: four questions scored 0 to 10 (for anxiety, lower is better). */
export const ons4Schema = z.strictObject({ lifeSatisfaction: score(), worthwhile: score(), happiness: score(), anxiety: score() });
export type Ons4 = z.infer<typeof ons4Schema>;
export type Ons4Record = Ons4 & { recordedAt: string };

// ---------- people ----------

export const personFields = {
  name: name(120),
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
  /** how they want to hear from us and their communication needs (the Accessible Information Standard), as they told the link worker */
  communication: z.optional(communicationBody),
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
  /** how to reach them and their communication needs, once someone has said (shared with their own account's settings) */
  communication: z.optional(communicationView),
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
  practiceName: z.optional(name(200)),
  /**
   * who gets the letter when the referral is declined or closed, fixed now: a professional's account
   * (a link worker, coordinator, partner or admin; never a resident's) or an organisation in the directory
   */
  referrerUserId: z.optional(personId()),
  referrerOrganisationId: z.optional(id()),
  /** the person is on the phone or in the room now (they phoned in): the referral starts as contacted */
  contacted: z._default(z.boolean(), false),
  reasons: z.array(priorityId()).check(z.minLength(1), z.maxLength(8)),
  whatMattersToMe: text(4000),
  contactPreferences: contactPreferencesSchema,
  consent: consentSchema,
  ons4Start: z.optional(ons4Schema),
});
export type CreateReferral = z.infer<typeof createReferralBody>;

export const selfReferBody = z.strictObject({
  name: name(120),
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

export const contactAttemptMethods = ['phone', 'text', 'email', 'letter', 'in-person'] as const;
export const contactAttemptOutcomes = ['reached', 'no-answer', 'left-message', 'wrong-number', 'sent'] as const;
export const contactAttemptSchema = z.strictObject({ method: z.enum(contactAttemptMethods), outcome: z.enum(contactAttemptOutcomes) });
export const contactAttemptWords = {
  method: { phone: 'Phone call', text: 'Text message', email: 'Email', letter: 'Letter', 'in-person': 'In person' },
  outcome: { reached: 'spoke to them', 'no-answer': 'no answer', 'left-message': 'left a message', 'wrong-number': 'wrong number', sent: 'sent' },
} as const;

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
  /** a try at reaching the person: how, and what happened (kept on the timeline) */
  contactAttempt: z.optional(contactAttemptSchema),
  /** when to get back to the person ("call back Thursday"); null clears it */
  followUpOn: z.optional(z.nullable(localDate())),
  /** sharing the person no longer agrees to: stops from now on, and is recorded */
  withdrawConsent: z.optional(z.array(z.enum(sharingScopes)).check(z.minLength(1), z.maxLength(sharingScopes.length))),
});
export type UpdateReferral = z.infer<typeof updateReferralBody>;

export const assignReferralBody = z.strictObject({ linkWorkerId: z.optional(personId()) });

export const listReferralsQuery = z.strictObject({
  scope: z._default(z.enum(['mine', 'unassigned', 'all']), 'mine'),
  status: z.optional(referralStatus),
  overdue: flag(),
  /** my caseload: closed and declined cases too (hidden unless asked for) */
  includeClosed: flag(),
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
  kind: 'received' | 'assigned' | 'status' | 'plan' | 'ons4' | 'note' | 'booking' | 'contact' | 'follow-up' | 'consent' | 'what-matters';
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
  referrerOrganisationId?: string;
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
  /** a date to get back to the person: on that day the case is on the link worker's "due today" list */
  followUpOn?: string;
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
  /** earlier words of "what matters to me", oldest first, each with who wrote it and when */
  whatMattersHistory?: { at: string; by: string; text: string }[];
  contactPreferences: ContactPreferences;
  /** the contact details given with this referral */
  contact?: { phone?: string; email?: string };
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

const writtenBy = z.object({ at: z.string(), by: z.string(), byName: z.optional(z.string()), text: z.string() });

export const referralViewSchema = z.object({
  id: z.string(),
  /** the short reference people read out and type: the same on every page, message and list */
  reference: z.string(),
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
  followUpOn: z.optional(z.string()),
  /** the follow-up date is today or has passed */
  followUpDue: z.boolean(),
  timeline: z.array(timelineEvent),
  /** the statuses it can move to next */
  next: z.array(z.string()),
  version: z.number(),
  /** present only for the assigned link worker, or an admin who gave a reason */
  personal: z.optional(
    z.object({
      person: z.optional(personSchema),
      whatMattersToMe: z.string(),
      whatMattersHistory: z.optional(z.array(writtenBy)),
      contactPreferences: z.object({ methods: z.array(z.string()), bestTimes: z.optional(z.string()), notes: z.optional(z.string()) }),
      contact: z.optional(z.object({ phone: z.optional(z.string()), email: z.optional(z.string()) })),
      consent: z.object({
        givenBy: z.string(),
        givenByName: z.optional(z.string()),
        givenAt: z.string(),
        sharing: z.array(z.string()),
        recordedBy: z.string(),
        withdrawals: z.optional(z.array(z.object({ scope: z.string(), at: z.string(), by: z.string() }))),
      }),
      /** case notes, oldest first, with who wrote them */
      notes: z.array(writtenBy),
    }),
  ),
});
export type ReferralView = z.infer<typeof referralViewSchema>;

export const referralListItem = z.object({
  id: z.string(),
  reference: z.string(),
  status: z.string(),
  statusLabel: z.string(),
  source: z.string(),
  reasons: z.array(z.string()),
  assignedTo: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  overdue: z.boolean(),
  followUpOn: z.optional(z.string()),
  followUpDue: z.boolean(),
  /** the person's name, only on the assigned link worker's own caseload */
  personName: z.optional(z.string()),
  /** their communication needs (shown beside the name, where the name is shown) */
  communicationNeeds: z.optional(z.array(z.enum(communicationNeedKinds))),
});
export type ReferralListItem = z.infer<typeof referralListItem>;
export const referralPage = page(referralListItem);

export const selfReferralReceipt = z.object({ reference: z.string(), status: z.string(), message: z.string() });
export type SelfReferralReceipt = z.infer<typeof selfReferralReceipt>;
export const mySelfReferral = z.object({ id: z.string(), reference: z.string(), status: z.string(), statusLabel: z.string(), createdAt: z.string(), updatedAt: z.string() });
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

/** How a link worker's own caseload is going: first sessions reached, how soon, and the wellbeing change. */
export const caseloadOutcomesSchema = z.object({
  referrals: z.number(),
  /** referrals whose person was marked attended at a booked session */
  reachedFirstSession: z.number(),
  /** median whole days from referral to that first attended session (null when none) */
  medianDaysToFirstSession: z.nullable(z.number()),
  /** ONS4 at start and close, over the closed referrals that have both (suppressed under the threshold) */
  wellbeing: z.object({
    people: z.nullable(z.number()),
    suppressed: z.boolean(),
    questions: z.optional(z.record(z.string(), questionStats)),
  }),
  suppressionThreshold: z.number(),
});
export type CaseloadOutcomes = z.infer<typeof caseloadOutcomesSchema>;

export const referralLetterSchema = z.object({ referralId: z.string(), snomed: z.array(snomedConcept), text: z.string() });

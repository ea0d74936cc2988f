import * as z from 'zod/mini';
import { cursor, flag, id, listParam, localDate, localTime, name, page, pageLimit, text, webLink } from '../lib/fields';
import { weekdayCodes } from '../lib/london';

/**
 * The Directory of Service: care communities contain hubs; partner organisations run activities at hubs
 * (or other venues); activities carry priorities from a managed taxonomy. Imported by the web app too.
 */

/** A priority's id: a short lower-case slug like `social-isolation`. */
export const prioritySlug = () => z.string().check(z.maxLength(60), z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a priority id like social-isolation'));

const postcode = () => z.string().check(z.trim(), z.maxLength(10), z.regex(/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, 'must be a UK postcode like OL1 1AA'));

export const contactSchema = z.strictObject({
  name: z.optional(name(100)),
  phone: z.optional(z.string().check(z.maxLength(30), z.regex(/^[0-9 +()-]{6,30}$/, 'must be a phone number'))),
  email: z.optional(z.email().check(z.maxLength(254))),
  website: z.optional(webLink(300)),
});
export type Contact = z.infer<typeof contactSchema>;

export const addressSchema = z.strictObject({
  line1: text(120),
  line2: z.optional(text(120)),
  town: text(60),
  postcode: postcode(),
});
export type Address = z.infer<typeof addressSchema>;

/** The accessibility facts people ask about before they travel. */
export const accessNeeds = ['step-free', 'hearing-loop', 'accessible-toilet', 'parking', 'public-transport'] as const;
export const accessNeed = z.enum(accessNeeds);
export type AccessNeed = z.infer<typeof accessNeed>;

export const accessibilitySchema = z.strictObject({
  stepFree: z._default(z.boolean(), false),
  hearingLoop: z._default(z.boolean(), false),
  accessibleToilet: z._default(z.boolean(), false),
  parking: z._default(z.boolean(), false),
  publicTransport: z._default(z.boolean(), false),
  /** plain words: "Ramp at the side door; bus 81 stops outside" */
  notes: z.optional(text(500)),
});
export type Accessibility = z.infer<typeof accessibilitySchema>;

export const days = weekdayCodes;
export const openingHoursSchema = z.array(z.strictObject({ day: z.enum(days), opens: localTime(), closes: localTime() })).check(z.maxLength(21));

/** A day the hub is shut (besides bank holidays), with the reason people are told. */
export const closureSchema = z.strictObject({ date: localDate(), reason: text(200) });
export type Closure = z.infer<typeof closureSchema>;
export const closuresSchema = z.array(closureSchema).check(
  z.maxLength(100),
  z.refine((list) => new Set(list.map((c) => c.date)).size === list.length, { message: 'lists a date more than once' }),
);

// ---------- care communities, hubs, organisations, priorities ----------

export const careCommunityBody = z.strictObject({ name: name(100), description: z.optional(text(1000)) });
/** Change a care community, or archive it (true) or bring it back (false): archived ones leave the lists people choose from. */
export const careCommunityPatch = z.strictObject({ name: z.optional(name(100)), description: z.optional(text(1000)), archived: z.optional(z.boolean()) });
export const careCommunitySchema = z.object({ id: z.string(), name: z.string(), description: z.optional(z.string()), archived: z.optional(z.boolean()) });
export type CareCommunity = z.infer<typeof careCommunitySchema>;

export const roomSchema = z.strictObject({ id: id(), name: name(80), capacity: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(1000))) });

export const hubBody = z.strictObject({
  name: name(100),
  careCommunityId: id(),
  description: z.optional(text(1000)),
  address: addressSchema,
  /** map-free directions in plain words */
  directions: z.optional(text(1000)),
  openingHours: z._default(openingHoursSchema, []),
  contact: z._default(contactSchema, {}),
  accessibility: accessibilitySchema,
  rooms: z._default(z.array(roomSchema).check(z.maxLength(30)), []),
  /** the hub's own closed days; sessions, room bookings and shifts are not made on them */
  closures: z.optional(closuresSchema),
  /** the hub opens on bank holidays (by default it is closed on them) */
  openOnBankHolidays: z.optional(z.boolean()),
});
export const hubPatch = z.strictObject({
  name: z.optional(name(100)),
  careCommunityId: z.optional(id()),
  description: z.optional(text(1000)),
  address: z.optional(addressSchema),
  directions: z.optional(text(1000)),
  openingHours: z.optional(openingHoursSchema),
  contact: z.optional(contactSchema),
  accessibility: z.optional(accessibilitySchema),
  rooms: z.optional(z.array(roomSchema).check(z.maxLength(30))),
  closures: z.optional(closuresSchema),
  openOnBankHolidays: z.optional(z.boolean()),
  /** admins only: archive a hub (it leaves the lists people choose from) or bring it back */
  archived: z.optional(z.boolean()),
  /** the hub's version the change was made from: a change made since is not overwritten (409), the page says reload */
  version: z.optional(z.number().check(z.int(), z.minimum(0))),
});
export type HubInput = z.infer<typeof hubBody>;
/** `version` counts the hub's changes (absent on a hub never changed since it was made: 0) */
export type Hub = HubInput & { id: string; careCommunityName?: string; updatedAt: string; archived?: boolean; version?: number };
export const hubSchema = z.object({ ...hubBody.shape, id: z.string(), updatedAt: z.string(), archived: z.optional(z.boolean()), version: z.optional(z.number()) });

export const organisationBody = z.strictObject({
  name: name(120),
  description: z.optional(text(1000)),
  contact: z._default(contactSchema, {}),
  charityNumber: z.optional(z.string().check(z.maxLength(20))),
});
export type Organisation = z.infer<typeof organisationBody> & { id: string; archived?: boolean };
export const organisationPatch = z.strictObject({
  name: z.optional(text(120)),
  description: z.optional(text(1000)),
  contact: z.optional(contactSchema),
  charityNumber: z.optional(z.string().check(z.maxLength(20))),
  archived: z.optional(z.boolean()),
});
export const organisationSchema = z.object({ ...organisationBody.shape, id: z.string(), archived: z.optional(z.boolean()) });

export const priorityBody = z.strictObject({
  id: z.optional(prioritySlug()),
  label: text(80),
  description: z.optional(text(500)),
});
/** Change a priority's words, or archive it: an archived priority stays on the activities that have it, but no new activity can take it. */
export const priorityPatch = z.strictObject({ label: z.optional(text(80)), description: z.optional(text(500)), archived: z.optional(z.boolean()) });
export const prioritySchema = z.object({ id: z.string(), label: z.string(), description: z.optional(z.string()), archived: z.optional(z.boolean()) });
export type Priority = z.infer<typeof prioritySchema>;

// ---------- activities ----------

export const bookingModes = ['drop-in', 'reserve', 'referral-only'] as const;
export const bookingMode = z.enum(bookingModes);
export type BookingMode = z.infer<typeof bookingMode>;

const wholeNumber = (min: number, max: number) => z.number().check(z.int(), z.minimum(min), z.maximum(max));

/** A question the activity asks when someone books ("Any dietary needs?"); the answer goes on the register. */
export const bookingQuestionSchema = z.strictObject({
  /** short and stable, so answers keep pointing at their question: `diet`, `q1` */
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,29}$/, 'must be a short id like diet')),
  label: text(150),
  hint: z.optional(text(200)),
  required: z._default(z.boolean(), false),
});
export type BookingQuestion = z.infer<typeof bookingQuestionSchema>;

/** How places are taken. The sessions domain reads this contract. */
export const bookingSchema = z.strictObject({
  mode: bookingMode,
  defaultCapacity: wholeNumber(1, 1000),
  opensDaysBefore: z._default(wholeNumber(0, 365), 28),
  closesHoursBefore: z._default(wholeNumber(0, 168), 2),
  waitlist: z._default(z.enum(['auto-confirm', 'offer']), 'auto-confirm'),
  offerHoldHours: z._default(wholeNumber(1, 168), 12),
  /** whether someone booking may take a second place for a companion or carer */
  companionPlaces: z._default(z.boolean(), true),
  /** a course: people book every session together ("Book the whole course") */
  course: z._default(z.boolean(), false),
  /** asked of everyone who books, answers kept with the booking and shown on the register */
  questions: z._default(
    z.array(bookingQuestionSchema).check(
      z.maxLength(5),
      z.refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { message: 'each question needs its own id' }),
    ),
    [],
  ),
});
type BookingParsed = z.infer<typeof bookingSchema>;
/** Activities stored before companionPlaces, course and questions existed have none: readers default them. */
export type Booking = Omit<BookingParsed, 'companionPlaces' | 'course' | 'questions'> & Partial<Pick<BookingParsed, 'companionPlaces' | 'course' | 'questions'>>;

/** How people pay, in their words ("cash or card on the day"); nothing is ever paid through the platform. */
const howToPay = () => z.optional(text(200));

export const costSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('free') }),
  z.strictObject({ kind: z.literal('amount'), pence: wholeNumber(1, 100_000), per: z.optional(text(40)), howToPay: howToPay() }),
  z.strictObject({ kind: z.literal('pay-what-you-can'), suggestedPence: z.optional(wholeNumber(0, 100_000)), howToPay: howToPay() }),
]);
export type Cost = z.infer<typeof costSchema>;

export const audienceSchema = z
  .strictObject({
    ageMin: z._default(wholeNumber(0, 120), 0),
    ageMax: z._default(wholeNumber(0, 120), 120),
    /** "Women going through the menopause", "Carers of someone with dementia" */
    whoFor: z.optional(text(300)),
  })
  .check(z.refine((a) => a.ageMin <= a.ageMax, { message: 'ageMin must not be more than ageMax', path: ['ageMax'] }));
export type Audience = z.infer<typeof audienceSchema>;

/** A venue that is not one of the hubs (a park, a leisure centre). */
export const venueSchema = z.strictObject({
  name: name(100),
  address: addressSchema,
  directions: z.optional(text(1000)),
  careCommunityId: z.optional(id()),
  accessibility: z._default(accessibilitySchema, { stepFree: false, hearingLoop: false, accessibleToilet: false, parking: false, publicTransport: false }),
});
export type Venue = z.infer<typeof venueSchema>;

export const activityStatus = z.enum(['active', 'paused', 'ended']);
export type ActivityStatus = z.infer<typeof activityStatus>;

const activityFields = {
  title: name(120),
  description: text(2000),
  organisationId: id(),
  hubId: z.optional(id()),
  roomId: z.optional(id()),
  venue: z.optional(venueSchema),
  priorities: z.array(prioritySlug()).check(z.minLength(1), z.maxLength(8)),
  audience: z._default(audienceSchema, { ageMin: 0, ageMax: 120 }),
  cost: costSchema,
  accessibilityNotes: z.optional(text(1000)),
  booking: bookingSchema,
  contact: z._default(contactSchema, {}),
};

const oneVenue = z.refine((a: unknown) => !!(a as { hubId?: string }).hubId !== !!(a as { venue?: unknown }).venue, {
  message: 'give either hubId or venue (exactly one)',
  path: ['hubId'],
});

export const createActivityBody = z.strictObject({ ...activityFields, status: z._default(activityStatus, 'active') }).check(oneVenue);
export type CreateActivity = z.infer<typeof createActivityBody>;

/** Any subset of the fields; an empty body just confirms the activity is still right (marks it reviewed). */
export const updateActivityBody = z.strictObject({
  title: z.optional(activityFields.title),
  description: z.optional(activityFields.description),
  organisationId: z.optional(activityFields.organisationId),
  hubId: z.optional(z.nullable(id())),
  roomId: z.optional(z.nullable(id())),
  venue: z.optional(z.nullable(venueSchema)),
  priorities: z.optional(activityFields.priorities),
  audience: z.optional(audienceSchema),
  cost: z.optional(costSchema),
  accessibilityNotes: z.optional(z.nullable(text(1000))),
  booking: z.optional(bookingSchema),
  contact: z.optional(contactSchema),
  status: z.optional(activityStatus),
});
export type UpdateActivity = z.infer<typeof updateActivityBody>;

export const availability = z.enum(['places', 'few-places', 'full', 'drop-in']);
export type Availability = z.infer<typeof availability>;

export const upcomingSessionSchema = z.object({
  sessionId: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  availability,
  placesLeft: z.optional(z.number()),
  /** the room it is held in, e.g. "Community room, Oak Road Centre" */
  room: z.optional(z.string()),
});
export type UpcomingSession = z.infer<typeof upcomingSessionSchema>;

/**
 * What the directory knows about an activity's sessions, kept by a stream consumer from the session items:
 * the facets the filters need and the next few sessions.
 */
export interface ScheduleSummary {
  /** 1..7, Monday = 1 */
  daysOfWeek: number[];
  timesOfDay: TimeOfDay[];
  /** local dates of scheduled sessions from today on (a bounded horizon) */
  dates: string[];
  upcoming: UpcomingSession[];
  /** the iCalendar recurrence, when the sessions follow one */
  rrule?: string;
  /** the latest local start and earliest local end of the sessions ahead ('HH:MM'), for Open Referral's start_time / end_time */
  latestStart?: string;
  earliestEnd?: string;
  computedAt: string;
}

export const timesOfDay = ['morning', 'afternoon', 'evening'] as const;
export const timeOfDay = z.enum(timesOfDay);
export type TimeOfDay = z.infer<typeof timeOfDay>;

export interface Activity {
  id: string;
  title: string;
  description: string;
  organisationId: string;
  organisationName?: string;
  hubId?: string;
  hubName?: string;
  roomId?: string;
  venue?: Venue;
  careCommunityId?: string;
  priorities: string[];
  audience: Audience;
  cost: Cost;
  accessibilityNotes?: string;
  booking: Booking;
  contact: Contact;
  status: ActivityStatus;
  lastReviewedAt: string;
  /** who last confirmed or changed it */
  lastReviewedBy?: string;
  /** a partner's new activity waiting for an admin's approval (the partnership's setting): paused until then */
  awaitingApproval?: boolean;
  createdAt: string;
  updatedAt: string;
  createdBy: string;
  updatedBy: string;
  version: number;
  schedule?: ScheduleSummary;
}

/** An activity as the API answers it: plus whether it is overdue for review (managers only). */
export const activitySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  organisationId: z.string(),
  organisationName: z.optional(z.string()),
  hubId: z.optional(z.string()),
  hubName: z.optional(z.string()),
  roomId: z.optional(z.string()),
  venue: z.optional(venueSchema),
  careCommunityId: z.optional(z.string()),
  priorities: z.array(z.string()),
  audience: audienceSchema,
  cost: costSchema,
  accessibilityNotes: z.optional(z.string()),
  booking: bookingSchema,
  contact: contactSchema,
  status: activityStatus,
  lastReviewedAt: z.string(),
  lastReviewedBy: z.optional(z.string()),
  awaitingApproval: z.optional(z.boolean()),
  updatedAt: z.string(),
  version: z.number(),
  upcoming: z.array(upcomingSessionSchema),
  needsReview: z.optional(z.boolean()),
});
export type ActivityView = z.infer<typeof activitySchema>;

/** A result in a list: enough to choose from (when, where, cost, places) without opening it. */
export const activityCardSchema = z.object({
  id: z.string(),
  title: z.string(),
  summary: z.string(),
  organisationId: z.string(),
  organisationName: z.optional(z.string()),
  hubId: z.optional(z.string()),
  placeName: z.optional(z.string()),
  priorities: z.array(z.string()),
  cost: costSchema,
  bookingMode,
  ageMin: z.number(),
  ageMax: z.number(),
  upcoming: z.array(upcomingSessionSchema),
  /** the first of `upcoming`, and the hub's name: what a short listing shows */
  nextSessionStart: z.optional(z.string()),
  hubName: z.optional(z.string()),
  /** in a search near a place: how far away it is, in metres */
  distanceMetres: z.optional(z.number()),
});
export type ActivityCard = z.infer<typeof activityCardSchema>;

/**
 * A part of the partnership's extract of the ONS Postcode Directory (columns pcds, lat, long), as the import
 * page sends it: at most 500 rows a request, each with its line in the file, so a bad row is reported by line.
 * The values are checked row by row (postcodeRowProblem), not here, so good rows go in beside bad ones.
 */
export const maxPostcodeRows = 500;
export const postcodeImportBody = z.strictObject({
  rows: z
    .array(
      z.strictObject({
        line: z.number().check(z.int(), z.minimum(1), z.maximum(10_000_000)),
        pcds: z.string().check(z.maxLength(40)),
        lat: z.string().check(z.maxLength(40)),
        long: z.string().check(z.maxLength(40)),
      }),
    )
    .check(z.minLength(1), z.maxLength(maxPostcodeRows)),
});
export type PostcodeImport = z.infer<typeof postcodeImportBody>;
export const postcodeImportResult = z.object({
  imported: z.number(),
  /** the rows left out, by line, with what is wrong in plain words */
  problems: z.array(z.object({ line: z.number(), message: z.string() })),
});

/** How far a search near a place may reach, in miles (what people choose from), and how far it reaches by default. */
export const nearMiles = ['1', '2', '5', '10'] as const;
export const defaultNearMiles = 5;

export const listActivitiesQuery = z
  .strictObject({
    priority: listParam(prioritySlug(), 10).check(z.describe('Only activities for any of these health priorities (their slugs, comma-separated, up to 10).')),
    hub: z.optional(id()).check(z.describe('Only activities held at this hub.')),
    careCommunity: z.optional(id()).check(z.describe('Only activities at hubs in this care community.')),
    organisation: z.optional(id()).check(z.describe('Only activities run by this organisation.')),
    day: listParam(z.enum(days), 7).check(z.describe('Only activities with a session on any of these days of the week (mon … sun, comma-separated).')),
    timeOfDay: listParam(timeOfDay, 3).check(z.describe('Only activities with a session in any of these parts of the day (London time, comma-separated).')),
    from: z.optional(localDate()).check(z.describe('Only activities with a session on or after this London date (YYYY-MM-DD).')),
    to: z.optional(localDate()).check(z.describe('Only activities with a session on or before this London date (YYYY-MM-DD); not before `from`.')),
    free: flag().check(z.describe('true: only activities that cost nothing.')),
    access: listParam(accessNeed, 5).check(z.describe('Only activities that meet every one of these access needs (comma-separated).')),
    age: z
      .optional(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(120)))
      .check(z.describe('Only activities open to someone of this age in years (within the activity’s own minimum and maximum ages).')),
    booking: z.optional(bookingMode).check(z.describe('Only activities booked this way.')),
    q: z.optional(text(100)).check(z.describe('Words that must all appear in the activity’s title, description, priorities, organisation or place (walking finds walk and walks).')),
    postcode: z.optional(postcode()).check(z.describe('Near this UK postcode, nearest first, with each result’s distance; not with latitude and longitude.')),
    latitude: z.optional(z.coerce.number().check(z.minimum(-90), z.maximum(90))).check(z.describe('Near this point ("use my location"), nearest first; needs longitude.')),
    longitude: z.optional(z.coerce.number().check(z.minimum(-180), z.maximum(180))).check(z.describe('Near this point, nearest first; needs latitude.')),
    miles: z.optional(z.pipe(z.enum(nearMiles), z.transform(Number))).check(z.describe(`How far from the postcode or point, in miles (default ${defaultNearMiles}); needs a postcode or a point.`)),
    limit: pageLimit(50, 20).check(z.describe('Results per page, 1 to 50 (default 20).')),
    cursor: z.optional(cursor()).check(z.describe('The next page: the `nextCursor` of the page before.')),
  })
  .check(
    z.refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'must not be before from', path: ['to'] }),
    z.refine((q) => (q.latitude === undefined) === (q.longitude === undefined), { message: 'must be given with a latitude (a place is both)', path: ['longitude'], params: { rule: 'needs_both' } }),
    z.refine((q) => !q.postcode || q.latitude === undefined, { message: 'must not be given with a latitude and longitude (search near one place)', path: ['postcode'], params: { rule: 'one_place' } }),
    z.refine((q) => q.miles === undefined || !!q.postcode || q.latitude !== undefined, { message: 'needs a postcode or a location to measure from', path: ['miles'], params: { rule: 'needs_place' } }),
  );
export type ListActivitiesQuery = z.infer<typeof listActivitiesQuery>;

export const activityPage = page(activityCardSchema);
export const hubPage = page(hubSchema);
export const listHubsQuery = z.strictObject({ careCommunity: z.optional(id()), limit: pageLimit(100, 50), cursor: z.optional(cursor()) });
export const listQuery = z.strictObject({ limit: pageLimit(100, 50), cursor: z.optional(cursor()) });
/** Lists of things admins can archive: archived ones only when asked for (the management pages). */
export const listWithArchivedQuery = z.strictObject({ includeArchived: flag(), limit: pageLimit(100, 50), cursor: z.optional(cursor()) });
export const listHubsWithArchivedQuery = z.strictObject({ careCommunity: z.optional(id()), includeArchived: flag(), limit: pageLimit(100, 50), cursor: z.optional(cursor()) });

/** How the partnership runs its directory. */
export const partnershipSettingsSchema = z.object({
  /** false (the default): a partner's new activity is listed at once; true: it waits for an admin's approval */
  newActivitiesNeedApproval: z.boolean(),
  updatedAt: z.optional(z.string()),
  updatedBy: z.optional(z.string()),
});
export type PartnershipSettings = z.infer<typeof partnershipSettingsSchema>;
export const partnershipSettingsPatch = z.strictObject({ newActivitiesNeedApproval: z.boolean() });

/** An activity waiting for approval, or due for review, as the admin's lists show it. */
export const activityToCheckSchema = z.object({
  id: z.string(),
  title: z.string(),
  organisationId: z.string(),
  organisationName: z.optional(z.string()),
  hubId: z.optional(z.string()),
  hubName: z.optional(z.string()),
  status: z.string(),
  lastReviewedAt: z.string(),
  lastReviewedBy: z.optional(z.string()),
  createdAt: z.string(),
});
export type ActivityToCheck = z.infer<typeof activityToCheckSchema>;
export const idParams = z.strictObject({ id: id() });
export const priorityParams = z.strictObject({ id: prioritySlug() });

// ---------- keeping listings true: problem reports and claims ----------

/** Why someone reports a listing (the reasons ALISS uses). */
export const problemReasons = ['information-unclear', 'contact-details-wrong', 'service-closed', 'wrong-area'] as const;
export const problemReason = z.enum(problemReasons);
export type ProblemReason = z.infer<typeof problemReason>;

export const problemReportBody = z.strictObject({
  reason: problemReason,
  /** what is wrong, in the reporter's words */
  note: z.optional(text(1000)),
});
export const problemStatus = z.enum(['open', 'resolved']);
export const problemReportSchema = z.object({
  id: z.string(),
  activityId: z.string(),
  activityTitle: z.string(),
  reason: problemReason,
  note: z.optional(z.string()),
  status: problemStatus,
  reportedAt: z.string(),
  resolvedAt: z.optional(z.string()),
  /** what the owner did about it */
  resolution: z.optional(z.string()),
});
export type ProblemReport = z.infer<typeof problemReportSchema> & { reportedBy?: string; organisationId: string; hubId?: string; resolvedBy?: string };
export const listProblemsQuery = z.strictObject({ status: z._default(problemStatus, 'open'), limit: pageLimit(100, 50), cursor: z.optional(cursor()) });
export const resolveProblemBody = z.strictObject({ resolution: z.optional(text(500)) });
export const problemParams = z.strictObject({ id: id(), reportId: id() });

/** "Is this yours?": someone who acts for an organisation asks for a listing to be theirs; an admin decides. */
export const claimBody = z.strictObject({ organisationId: id(), note: z.optional(text(500)) });
export const claimStatus = z.enum(['pending', 'approved', 'refused']);
export const claimSchema = z.object({
  activityId: z.string(),
  activityTitle: z.string(),
  organisationId: z.string(),
  organisationName: z.optional(z.string()),
  /** the organisation that runs it now */
  currentOrganisationId: z.string(),
  note: z.optional(z.string()),
  status: claimStatus,
  claimedAt: z.string(),
  claimedByName: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
});
export type Claim = z.infer<typeof claimSchema> & { claimedBy: string; decidedBy?: string };
export const claimParams = z.strictObject({ id: id(), organisationId: id() });
export const decideClaimBody = z.strictObject({ approve: z.boolean() });

// ---------- importing activities and organisations (admins) ----------

export { type ImportColumn, importColumns } from './import-template';

/** Rows a request carries: 100 rows of the longest descriptions stay under the API's body limit. */
export const maxImportRows = 100;
const cell = (max: number) => z.optional(z.string().check(z.maxLength(max)));
export const importRowSchema = z.strictObject({
  line: z.number().check(z.int(), z.minimum(1), z.maximum(10_000_000)),
  organisation: cell(200),
  organisationDescription: cell(1200),
  organisationEmail: cell(300),
  organisationWebsite: cell(400),
  organisationPhone: cell(60),
  charityNumber: cell(60),
  title: cell(200),
  description: cell(2200),
  priorities: cell(1000),
  hub: cell(200),
  venueName: cell(200),
  venueAddress: cell(300),
  venueTown: cell(100),
  venuePostcode: cell(20),
  cost: cell(100),
  booking: cell(60),
  places: cell(20),
  minimumAge: cell(20),
  maximumAge: cell(20),
  whoFor: cell(400),
  contactName: cell(200),
  contactPhone: cell(60),
  contactEmail: cell(300),
  organisationOrukId: cell(60),
  activityOrukId: cell(60),
});
export type ImportRow = z.infer<typeof importRowSchema>;

/**
 * Part of an import, as the import page sends it: the rows with their lines in the file. `apply: false` is the
 * dry run (nothing is written); the values are checked row by row, so good rows go in beside bad ones.
 */
export const directoryImportBody = z.strictObject({
  apply: z.boolean(),
  rows: z.array(importRowSchema).check(z.minLength(1), z.maxLength(maxImportRows)),
});
export type DirectoryImport = z.infer<typeof directoryImportBody>;

export const importOutcome = z.enum(['create', 'update', 'unchanged', 'refused']);
export type ImportOutcome = z.infer<typeof importOutcome>;
export const importRowResult = z.object({
  line: z.number(),
  /** the activity's title, or the organisation's name on a row without an activity */
  name: z.string(),
  outcome: importOutcome,
  /** the record it matched (on update or unchanged) */
  existing: z.optional(z.string()),
  /** what the row does to its organisation */
  organisation: z.optional(z.object({ name: z.string(), outcome: importOutcome })),
  /** why a row is refused: the column and what is wrong, in the forms' words */
  problems: z.array(z.object({ column: z.string(), message: z.string() })),
});
export type ImportRowResult = z.infer<typeof importRowResult>;
export const directoryImportResult = z.object({
  applied: z.boolean(),
  rows: z.array(importRowResult),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  refused: z.number(),
});
export type DirectoryImportResult = z.infer<typeof directoryImportResult>;

/** Another Open Referral UK feed to import from: its address (the server reads it), or a /services page uploaded. */
export const orukImportBody = z.strictObject({
  url: z.optional(z.string().check(z.maxLength(500))),
  feed: z.optional(z.unknown()),
});
export const orukImportResult = z.object({
  /** the feed's services as import rows (line: the service's place in the feed, from 1), to preview and apply */
  rows: z.array(importRowSchema),
  /** services the feed listed that could not be read as activities, by place */
  skipped: z.array(z.object({ line: z.number(), message: z.string() })),
});

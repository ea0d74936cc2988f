import * as z from 'zod/mini';
import { flag, id, localDate, saneYear } from '../lib/fields';
import { referralSources } from '../referrals/schema';

/**
 * Reports and gaps: what the partnership delivers, who it reaches and where demand goes unmet, read from
 * aggregates the stream keeps (see data.ts). Imported by the web app too (pure zod/mini).
 */

/** A calendar month: 2026-05 */
export const month = () => z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month like 2026-05'), saneYear());
const slug = () => z.string().check(z.maxLength(60), z.regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'must be a priority id like social-isolation'));

export const reportKinds = ['summary', 'attendance', 'capacity', 'referrals', 'volunteering', 'funnel', 'demand', 'funder'] as const;
export type ReportKind = (typeof reportKinds)[number];

/** What a table of figures can be broken down by. */
export const groupings = ['month', 'hub', 'priority', 'activity', 'source', 'status', 'owner'] as const;
export type Grouping = (typeof groupings)[number];

/** Fewer people than this in a figure and it is not shown (anyone in it could be identified). */
export const smallNumberThreshold = 5;
/** The longest period one report covers (the number of aggregate items read grows with it, never with history). */
export const maxMonths = 36;

const filters = {
  from: z.optional(month()),
  to: z.optional(month()),
  /** a custom range, whole days (both given; instead of from and to): a sum of whole months and the days at each end */
  fromDate: z.optional(localDate()),
  toDate: z.optional(localDate()),
  careCommunityId: z.optional(id()),
  hubId: z.optional(id()),
  priority: z.optional(slug()),
  /** referrals from one source only (GP practice, self-referral ...) */
  source: z.optional(z.enum(referralSources)),
};

export const reportQuery = z.strictObject({
  kind: z._default(z.enum(reportKinds), 'summary'),
  ...filters,
  /** admins only, and no longer needed: admins see exact figures anyway (kept so old links work) */
  raw: flag(),
  /** the figures as they would be published: small numbers hidden, and any that would give them away */
  forPublication: flag(),
  /** the value of an hour volunteered, in pence (defaults to the partnership's configured rate) */
  hourlyRatePence: z.optional(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(100_000))),
});
export type ReportQuery = z.infer<typeof reportQuery>;

export const exportQuery = z.strictObject({
  kind: z._default(z.enum(reportKinds), 'summary'),
  ...filters,
  by: z._default(z.enum(groupings), 'month'),
  /** for sharing outside the partnership: small numbers hidden (always so for anyone but admins and coordinators) */
  forPublication: flag(),
  hourlyRatePence: z.optional(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(100_000))),
});
export type ExportQuery = z.infer<typeof exportQuery>;

export const gapsQuery = z.strictObject({ ...filters, raw: flag() });
export type GapsQuery = z.infer<typeof gapsQuery>;

/** A figure's value: null when it is suppressed (1 to 4 people) or cannot be worked out (no places, no pairs). */
const value = z.nullable(z.number());
const values = z.record(z.string(), value);

export const columnSchema = z.object({
  key: z.string(),
  label: z.string(),
  unit: z.enum(['count', 'hours', 'pence', 'percent', 'score', 'days']),
  /** counts people, so small numbers are suppressed */
  people: z.boolean(),
  /** what the figure counts, in plain words */
  definition: z.string(),
});
export type Column = z.infer<typeof columnSchema>;

export const rowSchema = z.object({ key: z.string(), label: z.string(), values });
export type Row = z.infer<typeof rowSchema>;

/**
 * Reminders and replies, for the sessions in the report (those that have started). By activity: the no-show rate
 * where the activity asks people to confirm they are coming and where it does not, as no-shows divided by
 * marked places (bookings marked on the register as came, including left early, or as a no-show; cancelled
 * late and walk-ins are not marked places); places freed by a reply of No (text, the email's link, or to the hub
 * by phone) and how many of those the waiting list took. By channel (how the question was asked): asked,
 * answered Yes, answered No, and not answered by the reply-by time. Each table protected like the others.
 */
export const remindersView = z.object({
  columns: z.array(columnSchema),
  byActivity: z.array(rowSchema),
  total: values,
  channelColumns: z.array(columnSchema),
  /** text, email, phone (a call from the hub) and letter, each with its figures */
  byChannel: z.array(rowSchema),
  channelTotal: values,
});
export type RemindersView = z.infer<typeof remindersView>;

export const reportView = z.object({
  kind: z.enum(reportKinds),
  from: z.string(),
  to: z.string(),
  filters: z.object({ careCommunityId: z.optional(z.string()), hubId: z.optional(z.string()), priority: z.optional(z.string()), source: z.optional(z.string()) }),
  /** the funnel's goal: the share of referrals reaching a first attended session schemes aim for */
  goalPercent: z.optional(z.number()),
  /** no-shows and waiting lists: the share of bookings for free events usually not turned up to, for reference */
  noShowBaseline: z.optional(z.object({ low: z.number(), high: z.number() })),
  /** whose figures: the whole partnership, or only the hubs / organisations the reader acts for */
  scope: z.enum(['partnership', 'own']),
  threshold: z.number(),
  suppressed: z.boolean(),
  hourlyRatePence: z.number(),
  columns: z.array(columnSchema),
  totals: values,
  months: z.array(rowSchema),
  /** sessions in the period that have not started yet, and the places booked on them: never in the figures above */
  bookedAhead: z.object({ sessions: value, placesOffered: value, reserved: value, waitlisted: value }),
  /** the moment the figures were worked out: sessions starting after it are booked ahead */
  asOf: z.string(),
  groups: z.array(z.object({ by: z.enum(groupings), label: z.string(), rows: z.array(rowSchema) })),
  /** reminders and replies (attendance and no-show reports): what asking people to confirm they are coming does */
  reminders: z.optional(remindersView),
  notes: z.array(z.string()),
});
export type ReportView = z.infer<typeof reportView>;

export const gapFindingKeys = ['waiting', 'unassigned', 'overdue', 'shifts', 'noActivity'] as const;
/** How far ahead the gaps look for full sessions and short shifts. */
export const gapsAheadDays = 28;

export const gapRow = z.object({
  key: z.string(),
  priority: z.string(),
  priorityLabel: z.string(),
  hubId: z.optional(z.string()),
  hubName: z.optional(z.string()),
  careCommunityId: z.optional(z.string()),
  placesOffered: value,
  placesFree: value,
  waitlisted: value,
  unplacedReferrals: value,
  /** waitlisted + unplaced referrals */
  unmet: value,
  /** unmet demand beyond the free places offered: how big the gap is */
  shortfall: value,
});
export type GapRow = z.infer<typeof gapRow>;

export const gapsView = z.object({
  from: z.string(),
  to: z.string(),
  scope: z.enum(['partnership', 'own']),
  threshold: z.number(),
  suppressed: z.boolean(),
  /** by priority, largest shortfall first */
  byPriority: z.array(gapRow),
  /** by hub and priority, largest shortfall first (waitlists only: referrals are not made to a hub) */
  byArea: z.array(gapRow),
  /** the gaps to act on now, each with the list behind it (counts null when suppressed) */
  findings: z.array(
    z.object({
      key: z.enum(gapFindingKeys),
      label: z.string(),
      count: value,
      definition: z.string(),
      /** the page listing what is counted (a path of this site, or #full-sessions on the gaps page) */
      href: z.string(),
    }),
  ),
  /** sessions in the next four weeks that are full and have people waiting, soonest first */
  fullSessions: z.array(
    z.object({
      sessionId: z.string(),
      activityId: z.string(),
      activityTitle: z.string(),
      hubName: z.string(),
      startsAt: z.string(),
      places: z.number(),
      waitlisted: value,
    }),
  ),
  /** priorities and care communities with no session at all in the period (partnership admins only) */
  withoutActivity: z.object({
    priorities: z.array(z.object({ id: z.string(), label: z.string() })),
    careCommunities: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  notes: z.array(z.string()),
});
export type GapsView = z.infer<typeof gapsView>;

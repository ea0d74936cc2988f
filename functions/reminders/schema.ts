import * as z from 'zod/mini';
import { cursor, id, pageLimit } from '../lib/fields';
import { reservationId } from '../reservations/schema';

/** Reminders, confirm-or-release and replies by text. Imported by the web app too. */

const whole = (min: number, max: number) => z.number().check(z.int(), z.minimum(min, `must be ${min} or more`), z.maximum(max, `must be ${max} or less`));

/** One reminder time: so many days and hours before a session starts. */
export const reminderTime = z.strictObject({ daysBefore: whole(0, 14), hoursBefore: whole(0, 23) });
export type ReminderTime = z.infer<typeof reminderTime>;

export const noAnswerChoices = ['flag', 'free'] as const;
export const noAnswerLabels: Record<(typeof noAnswerChoices)[number], string> = {
  flag: 'Keep the place, and tell the coordinator',
  free: 'Free the place for someone waiting',
};

/** An activity's reminder settings. Activities without any use the defaults. */
export const reminderSettingsBody = z.strictObject({
  /** up to three reminders; the defaults are 7 days and 1 day before */
  reminders: z.array(reminderTime).check(z.maxLength(3, 'can have at most three reminders')),
  /** ask people to confirm they are coming (reply YES or NO, or click a link) */
  confirm: z.boolean(),
  /** answers are wanted this many hours before the session starts */
  replyByHoursBefore: whole(1, 336),
  /** what happens to a place nobody confirmed by then */
  noAnswer: z.enum(noAnswerChoices),
});
export type ReminderSettingsInput = z.infer<typeof reminderSettingsBody>;

export const reminderSettingsView = z.object({
  activityId: z.string(),
  activityTitle: z.string(),
  reminders: z.array(z.object({ daysBefore: z.number(), hoursBefore: z.number() })),
  confirm: z.boolean(),
  replyByHoursBefore: z.number(),
  noAnswer: z.enum(noAnswerChoices),
  /** true when nobody has changed them: the defaults */
  usingDefaults: z.boolean(),
});
export type ReminderSettingsView = z.infer<typeof reminderSettingsView>;

export const defaultReminderSettings: ReminderSettingsInput = {
  reminders: [
    { daysBefore: 7, hoursBefore: 0 },
    { daysBefore: 1, hoursBefore: 0 },
  ],
  confirm: false,
  replyByHoursBefore: 48,
  noAnswer: 'flag',
};

export const activityParams = z.strictObject({ activityId: id() });

/** A place check: a question "are you still coming?" about one booking, answered by text, link or phone. */
export const placeCheckState = z.enum(['asked', 'yes', 'no', 'lapsing', 'freed', 'flagged']);
export type PlaceCheckState = z.infer<typeof placeCheckState>;
/** How a place check was asked: the reminder's channel (a phone call is made by someone at the hub, who answers through the reminder's link). */
export const askedByChannels = ['text', 'email', 'phone', 'letter'] as const;
export type AskedBy = (typeof askedByChannels)[number];

export const placeCheckParams = z.strictObject({ reservationId: reservationId() });
export const placeCheckKey = z.string().check(z.regex(/^[A-Za-z0-9_-]{20,64}$/, 'must be the key from the link in your reminder'));
export const placeCheckQuery = z.strictObject({ key: placeCheckKey });
export const placeCheckAnswerBody = z.strictObject({ key: placeCheckKey, answer: z.enum(['yes', 'no']) });

export const placeCheckView = z.object({
  activityTitle: z.string(),
  startsAt: z.string(),
  state: placeCheckState,
  replyBy: z.string(),
  /** what happens without an answer */
  noAnswer: z.enum(noAnswerChoices),
  /** true when the place is a volunteer's on a shift (NO tells the coordinator; no answer only flags) */
  shift: z.optional(z.boolean()),
});
export type PlaceCheckView = z.infer<typeof placeCheckView>;

/**
 * The shape AWS End User Messaging SMS publishes to the two-way SNS topic for each reply (the SNS message's
 * body, a JSON string). The dev mailbox's reply form sends the same shape.
 */
export const inboundText = z.object({
  originationNumber: z.string().check(z.regex(/^\+[1-9]\d{6,14}$/, 'must be a phone number in international form, like +447700900123')),
  destinationNumber: z.string().check(z.maxLength(20)),
  messageKeyword: z.optional(z.string().check(z.maxLength(100))),
  messageBody: z.string().check(z.maxLength(1600)),
  previousPublishedMessageId: z.optional(z.string().check(z.maxLength(200))),
  inboundMessageId: z.string().check(z.minLength(1), z.maxLength(200)),
});
export type InboundText = z.infer<typeof inboundText>;
/** The same, as the local dev mailbox's reply form sends it: nothing else (AWS may add fields to its events; a form may not). */
export const inboundTextBody = z.strictObject(inboundText.shape);

export const replyKinds = ['yes', 'no', 'stop', 'start', 'help', 'other'] as const;
export type ReplyKind = (typeof replyKinds)[number];

export const inboundResult = z.object({
  /** what the reply was read as */
  reply: z.enum(replyKinds),
  /** what was done: kept, freed, opted-out, opted-in, helped, to-inbox, too-late, repeat */
  outcome: z.string(),
});
export type InboundResult = z.infer<typeof inboundResult>;

/** The partnership's own inbox: texts from numbers no hub's question went to, and letters or calls not about a hub's session (admins). */
export const partnershipInbox = 'partnership';
export const hubParams = z.strictObject({ hubId: z.union([id(), z.literal(partnershipInbox)]) });
export const hubTextsQuery = z.strictObject({ limit: pageLimit(100, 50), cursor: z.optional(cursor()) });

export const inboxItemView = z.object({
  id: z.string(),
  receivedAt: z.string(),
  /** a text to read, a place not confirmed, a person to call, a letter to print and post */
  kind: z.enum(['text', 'no-answer', 'call', 'letter']),
  /** who it is from or about, when we know */
  personName: z.optional(z.string()),
  from: z.optional(z.string()),
  text: z.string(),
  activityTitle: z.optional(z.string()),
  startsAt: z.optional(z.string()),
});
export type InboxItemView = z.infer<typeof inboxItemView>;

// ---------- how to reach a person: channel and communication needs (the Accessible Information Standard) ----------

export { type Channel, type CommunicationNeed, channelLabels, channels, communicationNeedKinds, communicationNeedLabels } from '../accounts/communication-needs';

import { channels, communicationNeedKinds } from '../accounts/communication-needs';

export const communicationBody = z.strictObject({
  channel: z.enum(channels),
  needs: z.array(z.enum(communicationNeedKinds)).check(z.maxLength(communicationNeedKinds.length)),
  /** the spoken language, when an interpreter is needed */
  language: z.optional(z.string().check(z.trim(), z.maxLength(60))),
  /** where letters go, when the channel is post: as it should be written on the envelope */
  postalAddress: z.optional(z.string().check(z.trim(), z.maxLength(300))),
});
export type CommunicationInput = z.infer<typeof communicationBody>;

export const communicationView = z.object({
  channel: z.enum(channels),
  needs: z.array(z.enum(communicationNeedKinds)),
  language: z.optional(z.string()),
  postalAddress: z.optional(z.string()),
  /** false until the person (or someone for them) has said */
  recorded: z.boolean(),
});
export type CommunicationView = z.infer<typeof communicationView>;

import type { CommunicationInput, CommunicationView, ReminderSettingsInput, ReminderTime, ReplyKind } from './schema';

/** Pure decisions about reminders and replies. */

const hour = 3_600_000;
export const hoursOf = (t: ReminderTime) => t.daysBefore * 24 + t.hoursBefore;

/**
 * The reminder due now for a booking, if any: the latest reminder time that has passed, before the session
 * starts, for a booking made before that time (someone who books the day before gets the day-before reminder,
 * not a late "a week to go"). When the job was down across two reminder times, only the later one goes.
 * Reminder times older than `catchUpHours` are not sent late.
 */
export function dueReminder(settings: Pick<ReminderSettingsInput, 'reminders'>, startsAt: string, bookedAt: string, now: Date, catchUpHours = 6): { hoursBefore: number; at: string } | undefined {
  const start = Date.parse(startsAt);
  if (now.getTime() >= start) return undefined;
  const times = settings.reminders
    .map(hoursOf)
    .filter((h) => h > 0)
    .map((h) => ({ hoursBefore: h, at: start - h * hour }))
    .filter((r) => r.at <= now.getTime() && now.getTime() - r.at <= catchUpHours * hour && Date.parse(bookedAt) < r.at)
    .sort((a, b) => b.at - a.at);
  const due = times[0];
  return due ? { hoursBefore: due.hoursBefore, at: new Date(due.at).toISOString() } : undefined;
}

/** The widest reminder, in days, so the job knows how far ahead to look. */
export const furthestDays = (all: Pick<ReminderSettingsInput, 'reminders'>[]) => Math.max(1, ...all.flatMap((s) => s.reminders.map((t) => Math.ceil(hoursOf(t) / 24))));

/** When answers are wanted by: so many hours before the start. */
export const replyByOf = (settings: Pick<ReminderSettingsInput, 'replyByHoursBefore'>, startsAt: string) => new Date(Date.parse(startsAt) - settings.replyByHoursBefore * hour).toISOString();

/** Settings that cannot work, each with the field and what to do. */
export function settingsProblems(s: ReminderSettingsInput): { field: string; rule: string; message: string }[] {
  const problems: { field: string; rule: string; message: string }[] = [];
  s.reminders.forEach((t, i) => {
    if (hoursOf(t) === 0) problems.push({ field: `body.reminders.${i}`, rule: 'too_late', message: 'must be at least an hour before the session' });
  });
  const hours = s.reminders.map(hoursOf);
  if (new Set(hours).size !== hours.length) problems.push({ field: 'body.reminders', rule: 'repeated', message: 'has the same reminder time twice: remove one' });
  if (s.confirm && !hours.some((h) => h > s.replyByHoursBefore)) {
    problems.push({
      field: 'body.replyByHoursBefore',
      rule: 'after_reminders',
      message: 'must be later than your first reminder, so people can answer it: choose fewer hours, or an earlier reminder',
    });
  }
  return problems;
}

/**
 * What a text reply means. People write "yes please", "Y", "no sorry can't make it", "CANCEL": the first
 * words decide; anything we cannot read with confidence goes to a person.
 */
export function readReply(body: string): ReplyKind {
  const words = body
    .toLowerCase()
    .replace(/[’']/g, '')
    .replace(/[^a-z0-9 ]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (!words.length) return 'other';
  const first = words[0]!;
  const phrase = words.join(' ');
  if (['stop', 'stopall', 'unsubscribe', 'end', 'quit', 'optout'].includes(first) || phrase === 'opt out') return words.length <= 3 ? 'stop' : 'other';
  if (['start', 'unstop', 'subscribe'].includes(first) && words.length <= 2) return 'start';
  if (['help', 'info'].includes(first) && words.length <= 2) return 'help';
  const no = ['no', 'n', 'nope', 'nah', 'cancel', 'cant', 'cannot', 'release'];
  const yes = ['yes', 'y', 'yeah', 'yep', 'yup', 'ok', 'okay', 'confirm', 'confirmed', 'sure', 'coming', 'keep'];
  if (/^(not coming|free (it|my place)|cant (come|make it)|unable to (come|attend))/.test(phrase)) return 'no';
  if (no.includes(first) && words.length <= 8) return 'no';
  if ((yes.includes(first) || /^(ill be there|see you)/.test(phrase)) && words.length <= 8) return 'yes';
  return 'other';
}

/** A phone number as the provider sends it, and as we keep it: international form, digits only after the plus. */
export function normalisePhone(raw: string): string | undefined {
  const digits = raw.replace(/[\s()-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(digits)) return digits;
  if (/^0\d{9,10}$/.test(digits)) return `+44${digits.slice(1)}`; // a UK number written the usual way
  return undefined;
}

/**
 * What stops a way of reaching someone from working: a text or a call needs a number on the record, a letter an
 * address, an interpreter a language. `whose` says where the number lives ("your account", "their record"); `at` is where the fields are in the request.
 */
export function communicationProblems(
  input: CommunicationInput,
  phone: string | undefined,
  mobile: string | undefined,
  whose: string,
  at = 'body',
): { field: string; rule: string; message: string }[] {
  const problems: { field: string; rule: string; message: string }[] = [];
  if (input.channel === 'text' && !mobile) problems.push({ field: `${at}.channel`, rule: 'no_phone', message: `needs a mobile number on ${whose}: add one there first, or choose another way` });
  if (input.channel === 'letter' && !input.postalAddress) problems.push({ field: `${at}.postalAddress`, rule: 'required', message: 'Enter the address letters should go to' });
  if (input.channel === 'phone' && !phone) problems.push({ field: `${at}.channel`, rule: 'no_phone', message: `needs a phone number on ${whose}: add one there first, or choose another way` });
  if (input.needs.includes('spoken-language-interpreter') && !input.language) problems.push({ field: `${at}.language`, rule: 'required', message: 'Enter the language an interpreter is needed for' });
  return problems;
}

/** A communication record as stored, from what was said (the language only with an interpreter). */
export function communicationRecord(personId: string, input: CommunicationInput, by: string, now: Date) {
  return {
    personId,
    channel: input.channel,
    needs: [...new Set(input.needs)],
    ...(input.language && input.needs.includes('spoken-language-interpreter') ? { language: input.language } : {}),
    ...(input.postalAddress ? { postalAddress: input.postalAddress } : {}),
    updatedAt: now.toISOString(),
    updatedBy: by,
  };
}

/** What staff and the person see of a record (or the channel they would get before anyone has said). */
export const communicationViewOf = (
  c: { channel: CommunicationView['channel']; needs: string[]; language?: string | undefined; postalAddress?: string | undefined } | undefined,
  fallback: CommunicationView['channel'],
): CommunicationView =>
  c
    ? {
        channel: c.channel,
        needs: c.needs as CommunicationView['needs'],
        ...(c.language ? { language: c.language } : {}),
        ...(c.postalAddress ? { postalAddress: c.postalAddress } : {}),
        recorded: true,
      }
    : { channel: fallback, needs: [], recorded: false };

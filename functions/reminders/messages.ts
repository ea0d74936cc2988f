import { formatWhen } from '../lib/london';
import type { OutboxMessage } from '../lib/outbox';
import { pageLink, paths } from '../lib/paths';
import { describeMoment, describeWhen } from '../sessions/rules';
import type { Session } from '../sessions/schema';

/** The words of reminders and of the answers to replies: plain English, with a text and an Easy Read wording. */
type SessionFacts = Pick<Session, 'activityTitle' | 'startsAt' | 'localStartTime' | 'localEndTime' | 'location'>;

const where = (s: SessionFacts) => (s.location ? ` at ${s.location}` : '');

export interface Ask {
  replyBy: string;
  noAnswer: 'flag' | 'free';
  /** the confirm-or-free page, for email */
  link: string;
}

export const confirmLink = (siteOrigin: string, reservationId: string, key: string) => pageLink(siteOrigin, paths.confirmPlace({ reservationId }, { key }));

export function reminderMessage(s: SessionFacts, personId: string, ask?: Ask): OutboxMessage {
  const when = describeWhen(s);
  const lapse = ask?.noAnswer === 'free' ? 'we will give your place to someone who is waiting' : 'the organiser may call you to check';
  const askEmail = ask
    ? `\n\nAre you still coming? Please tell us by ${describeMoment(ask.replyBy)}:\n- Yes, I am coming, or\n- No, free my place for someone else\nat ${ask.link}\nIf we do not hear from you by then, ${lapse}.`
    : '\n\nIf you cannot come, please cancel so someone else can have the place.';
  const askText = ask ? ' Reply YES to keep your place or NO to free it.' : ' If you cannot come, please cancel.';
  return {
    toUserId: personId,
    kind: 'reminder.session',
    subject: `Reminder: ${s.activityTitle}, ${when}`,
    text: `A reminder that you are booked for ${s.activityTitle} on ${when}${where(s)}.${askEmail}`,
    variants: {
      sms: { subject: `Reminder: ${s.activityTitle}`, text: `${s.activityTitle}, ${when}${where(s)}.${askText}` },
      easyRead: {
        subject: `Your ${s.activityTitle} is coming up`,
        text: [
          `You have a place at ${s.activityTitle}.`,
          `It is on ${when}.`,
          s.location ? `It is at ${s.location}.` : '',
          ask ? `Are you coming? Please tell us.\nUse this link: ${ask.link}\nPress Yes if you are coming.\nPress No if you cannot come.` : 'If you cannot come, please tell us.',
        ]
          .filter(Boolean)
          .join('\n'),
      },
      easyReadSms: { subject: `${s.activityTitle}`, text: `You have a place at ${s.activityTitle} on ${when}.${ask ? ' Are you coming? Send YES or NO.' : ''}` },
    },
  };
}

export function keptMessage(s: SessionFacts, personId: string): OutboxMessage {
  const text = `Thank you: your place at ${s.activityTitle} on ${describeWhen(s)} is kept. See you there.`;
  return { toUserId: personId, kind: 'reminder.kept', subject: `Place kept: ${s.activityTitle}`, text, variants: { sms: { subject: 'Place kept', text } } };
}

export function tooLateMessage(s: SessionFacts, personId: string): OutboxMessage {
  const text = `Sorry: your place at ${s.activityTitle} on ${describeWhen(s)} has already gone to someone else, as we did not hear back in time. You can book again if there is space.`;
  return { toUserId: personId, kind: 'reminder.too-late', subject: `Place already freed: ${s.activityTitle}`, text, variants: { sms: { subject: 'Place already freed', text } } };
}

export function helpMessage(personId: string): OutboxMessage {
  const text = 'Reply YES to keep your place, NO to free it for someone else, or STOP to get no more texts. Anything else you send is read by a person at the hub.';
  return { toUserId: personId, kind: 'reminder.help', subject: 'How to reply', text, variants: { sms: { subject: 'How to reply', text } } };
}

/** What a volunteer on a shift is asked two days before it: still coming? (A NO frees the place for someone else.) */
export function shiftAskMessage(
  shift: { title: string; startsAt: string; endsAt: string; location: string },
  roleTitle: string,
  volunteerId: string,
  ask: { replyBy: string; link: string },
): OutboxMessage {
  const when = formatWhen(shift.startsAt, shift.endsAt);
  return {
    toUserId: volunteerId,
    kind: 'reminder.shift',
    subject: `Are you still coming? ${shift.title}, ${when}`,
    text: `You are helping as ${roleTitle} at ${shift.title} on ${when}, at ${shift.location}.\n\nCan you still come? Please tell us by ${describeMoment(ask.replyBy)}:\n- Yes, I am coming, or\n- No, I can no longer come (we will tell the coordinator and offer your place to another volunteer)\nat ${ask.link}`,
    variants: {
      sms: { subject: `Shift: ${shift.title}`, text: `${shift.title}, ${when}, as ${roleTitle}. Reply YES if you are coming or NO if you can no longer come.` },
      easyRead: {
        subject: `Your volunteer shift is coming up`,
        text: [
          `You are helping at ${shift.title}.`,
          `It is on ${when}.`,
          `It is at ${shift.location}.`,
          `Are you coming? Please tell us.\nUse this link: ${ask.link}\nPress Yes if you are coming.\nPress No if you cannot come.`,
        ].join('\n'),
      },
      easyReadSms: { subject: shift.title, text: `You are helping at ${shift.title} on ${when}. Are you coming? Send YES or NO.` },
    },
  };
}

export function shiftKeptMessage(shift: { activityTitle: string; startsAt: string; endsAt?: string | undefined }, volunteerId: string): OutboxMessage {
  const text = `Thank you: we have noted that you are coming to help at ${shift.activityTitle} on ${formatWhen(shift.startsAt, shift.endsAt ?? shift.startsAt)}.`;
  return { toUserId: volunteerId, kind: 'reminder.kept', subject: `Thank you: ${shift.activityTitle}`, text, variants: { sms: { subject: 'Thank you', text } } };
}

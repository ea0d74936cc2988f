import { type Communication, getCommunication, getProfile } from '../accounts/data';
import type { AppDeps } from '../lib/deps';
import type { Attachment, DeliverableMessage, MessageSender, OutboxMessage, QrAttachment, Wording } from '../lib/outbox';
import { qrSvg } from '../lib/qr';
import type { InboxItem } from '../reminders/data';
import { isOptedOut, partnershipInbox, putInboxItem } from '../reminders/data';
import { normalisePhone } from '../reminders/rules';
import { describeDay } from '../sessions/rules';
import type { StreamConsumer } from '../stream/handler';
import { claimMessage, markMessage } from './data';

/**
 * Sends each new outbox message once, by the recipient's stated preference (email or SMS).
 * A repeated stream record finds the message already claimed and does nothing.
 */
export function deliverOutbox(sender: MessageSender): StreamConsumer {
  return {
    name: 'deliver-outbox',
    wants: (change) => change.eventName === 'INSERT' && String(change.newImage?.pk ?? '').startsWith('OUTBOX#'),
    handle: async (change, deps) => {
      const message = change.newImage as unknown as OutboxMessage & { id: string; createdAt: string };
      if (!(await claimMessage(deps.db, message.id, deps.clock.now()))) return;
      const deliverable = await resolveRecipient(deps, message);
      if ('handover' in deliverable) {
        // by post or by phone: a person at the hub prints the letter or makes the call (its list: the hub's texts page)
        await putInboxItem(deps.db, deliverable.handover);
        await markMessage(deps.db, message, 'sent', deps.clock.now(), deliverable.handover.kind === 'letter' ? 'letter to print and post' : 'call to make');
        return;
      }
      if (!('channel' in deliverable)) {
        const skipped = deliverable;
        await markMessage(deps.db, message, 'skipped', deps.clock.now(), skipped.why, skipped.keepDays);
        return;
      }
      try {
        await sender.send(deliverable);
      } catch (err) {
        await markMessage(deps.db, message, 'failed', deps.clock.now(), String(err));
        throw err;
      }
      await markMessage(deps.db, message, 'sent', deps.clock.now());
      deps.log.info('message sent', { messageId: message.id, kind: message.kind, channel: deliverable.channel });
    },
  };
}

type Skipped = { why: string; keepDays?: number };
type Handover = { handover: InboxItem };

async function resolveRecipient(deps: AppDeps, message: OutboxMessage & { id: string; createdAt?: string }): Promise<DeliverableMessage | Skipped | Handover> {
  // a message to an organisation's contact address names no person's profile
  const [profile, comms] = message.toEmail ? [undefined, undefined] : await Promise.all([getProfile(deps.db, message.toUserId), getCommunication(deps.db, message.toUserId)]);
  // nobody to send to (an erased person): the message is not kept beyond a day
  if (!message.toEmail && !profile) return { why: 'no such person', keepDays: 1 };
  if (profile?.contactPreference === 'none' && !comms) return { why: 'messages turned off' };
  const easyRead = !!comms?.needs.includes('easy-read');
  if (comms && profile && (comms.channel === 'letter' || comms.channel === 'phone')) return { handover: handoverOf(message, comms, profile, easyRead, deps.clock.now()) };
  const base = (channel: 'email' | 'sms') => {
    const wording = wordingFor(message, channel, easyRead);
    return {
      id: message.id,
      toUserId: message.toUserId,
      ...(message.about ? { about: message.about } : {}),
      kind: message.kind,
      subject: wording.subject,
      text: wording.text,
      ...(message.attachments ? { attachments: message.attachments.map(drawn) } : {}),
    };
  };
  if (message.toEmail) return { ...base('email'), channel: 'email', address: message.toEmail };
  const byText = comms ? comms.channel === 'text' : profile?.contactPreference === 'sms';
  const phone = byText && profile?.phone ? (normalisePhone(profile.phone) ?? profile.phone) : undefined;
  // a number that replied STOP gets no more texts, from anything: email instead, if we have one
  if (phone && !(await isOptedOut(deps.db, phone))) return { ...base('sms'), channel: 'sms', address: phone };
  if (profile?.email) return { ...base('email'), channel: 'email', address: profile.email };
  return { why: phone ? 'opted out of texts, and no email address' : 'no contact details' };
}

/** The wording for the channel and the person's needs: Easy Read where they asked for it, short for a text. */
function wordingFor(message: OutboxMessage, channel: 'email' | 'sms', easyRead: boolean): Wording {
  const v = message.variants ?? {};
  const plain = { subject: message.subject, text: message.text };
  if (channel === 'sms') return (easyRead ? (v.easyReadSms ?? v.sms) : v.sms) ?? plain;
  return (easyRead ? v.easyRead : undefined) ?? plain;
}

/**
 * A letter to print (large print where that is a need: the print page sets the size) or a call to make, for
 * a person who chose post or a phone call: it goes to the list of the hub the message is about.
 */
function handoverOf(message: OutboxMessage & { id: string }, comms: Communication, profile: { name: string; phone?: string | undefined }, easyRead: boolean, now: Date): InboxItem {
  const wording = wordingFor(message, 'email', easyRead);
  const base = { id: `${comms.channel}-${message.id}`, hubId: message.hubId ?? partnershipInbox, receivedAt: now.toISOString(), personId: message.toUserId };
  if (comms.channel === 'phone') {
    return { ...base, kind: 'call', text: `Call ${profile.name}${profile.phone ? ` on ${profile.phone}` : ''} and tell them: ${wording.subject}. ${wording.text}` };
  }
  return { ...base, kind: 'letter', text: `${profile.name}\n${comms.postalAddress ?? ''}\n\n${describeDay(now.toISOString())}\n\nDear ${profile.name},\n\n${wording.subject}\n\n${wording.text}` };
}

/** A QR attachment is kept as its text in the outbox; it becomes an image here, as the message goes out. */
const drawn = (a: Attachment | QrAttachment): Attachment => ('qr' in a ? { filename: a.filename, contentType: 'image/svg+xml', content: qrSvg(a.qr.text, a.qr.title) } : a);

import { getProfile } from '../accounts/data';
import type { AppDeps } from '../lib/deps';
import type { Attachment, DeliverableMessage, MessageSender, OutboxMessage, QrAttachment } from '../lib/outbox';
import { qrSvg } from '../lib/qr';
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

async function resolveRecipient(deps: AppDeps, message: OutboxMessage & { id: string }): Promise<DeliverableMessage | Skipped> {
  // a message to an organisation's contact address names no person's profile
  const profile = message.toEmail ? undefined : await getProfile(deps.db, message.toUserId);
  // nobody to send to (an erased person): the message is not kept beyond a day
  if (!message.toEmail && !profile) return { why: 'no such person', keepDays: 1 };
  if (profile?.contactPreference === 'none') return { why: 'messages turned off' };
  const base = {
    id: message.id,
    toUserId: message.toUserId,
    ...(message.about ? { about: message.about } : {}),
    kind: message.kind,
    subject: message.subject,
    text: message.text,
    ...(message.attachments ? { attachments: message.attachments.map(drawn) } : {}),
  };
  if (message.toEmail) return { ...base, channel: 'email', address: message.toEmail };
  if (profile?.contactPreference === 'sms' && profile.phone) return { ...base, channel: 'sms', address: profile.phone };
  return profile?.email ? { ...base, channel: 'email', address: profile.email } : { why: 'no contact details' };
}

/** A QR attachment is kept as its text in the outbox; it becomes an image here, as the message goes out. */
const drawn = (a: Attachment | QrAttachment): Attachment =>
  'qr' in a ? { filename: a.filename, contentType: 'image/svg+xml', content: qrSvg(a.qr.text, a.qr.title) } : a;

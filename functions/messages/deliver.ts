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
      const message = change.newImage as unknown as OutboxMessage & { id: string };
      if (!(await claimMessage(deps.db, message.id, deps.clock.now()))) return;
      const deliverable = await resolveRecipient(deps, message);
      if (!deliverable) {
        await markMessage(deps.db, message.id, 'skipped', deps.clock.now(), 'no contact details or messages turned off');
        return;
      }
      try {
        await sender.send(deliverable);
      } catch (err) {
        await markMessage(deps.db, message.id, 'failed', deps.clock.now(), String(err));
        throw err;
      }
      await markMessage(deps.db, message.id, 'sent', deps.clock.now());
      deps.log.info('message sent', { messageId: message.id, kind: message.kind, channel: deliverable.channel });
    },
  };
}

async function resolveRecipient(deps: AppDeps, message: OutboxMessage & { id: string }): Promise<DeliverableMessage | undefined> {
  const profile = message.toEmail ? undefined : await getProfile(deps.db, message.toUserId);
  if (!message.toEmail && (!profile || profile.contactPreference === 'none')) return undefined;
  const base = {
    id: message.id,
    toUserId: message.toUserId,
    kind: message.kind,
    subject: message.subject,
    text: message.text,
    ...(message.attachments ? { attachments: message.attachments.map(drawn) } : {}),
  };
  if (message.toEmail) return { ...base, channel: 'email', address: message.toEmail };
  if (profile?.contactPreference === 'sms' && profile.phone) return { ...base, channel: 'sms', address: profile.phone };
  return profile?.email ? { ...base, channel: 'email', address: profile.email } : undefined;
}

/** A QR attachment is kept as its text in the outbox; it becomes an image here, as the message goes out. */
const drawn = (a: Attachment | QrAttachment): Attachment =>
  'qr' in a ? { filename: a.filename, contentType: 'image/svg+xml', content: qrSvg(a.qr.text, a.qr.title) } : a;

import type { Clock } from '../lib/clock';
import type { Db } from '../lib/db';
import type { MessageSender } from '../lib/outbox';
import { putMailboxItem } from './data';

/** Local runtime: "sends" by keeping the message in the dev mailbox (shown at /dev/mailbox). */
export function devMailboxSender(db: Db, clock: Clock): MessageSender {
  return { send: (message) => putMailboxItem(db, message, clock.now()) };
}

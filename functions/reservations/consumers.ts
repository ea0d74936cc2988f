import type { StreamChange, StreamConsumer } from '../stream/handler';
import { fanOutNotice, promoteFromWaitlist } from './service';

/**
 * The waitlist and session-change messages, driven by table changes. Both are safe to run twice for the
 * same change: every write they make is conditioned on the state it expects, and messages have stable ids.
 */
const isSession = (i: Record<string, unknown> | undefined) => i?.type === 'Session';

/** A place is free and people are waiting (after a cancellation, a raised capacity or an expired offer). */
export const placeFreed = (c: StreamChange): boolean => {
  const s = c.newImage;
  return c.eventName !== 'REMOVE' && isSession(s) && s!.status === 'scheduled' && Number(s!.placesFree) > 0 && Number(s!.waitlisted) > 0;
};

const promoter: StreamConsumer = {
  name: 'reservations.promote-from-waitlist',
  wants: placeFreed,
  handle: async (c, deps) => {
    await promoteFromWaitlist(deps, c.newImage!.id as string);
  },
};

const noticeSender: StreamConsumer = {
  name: 'reservations.session-notice',
  wants: (c) => c.eventName === 'INSERT' && c.newImage?.type === 'SessionNotice',
  handle: async (c, deps) => {
    const n = c.newImage!;
    await fanOutNotice(deps, { sessionId: n.sessionId as string, sk: n.sk as string, kind: n.kind as string, subject: n.subject as string, text: n.text as string });
  },
};

export const reservationConsumers = (): StreamConsumer[] => [promoter, noticeSender];

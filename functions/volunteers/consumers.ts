import { putMessageOnce } from '../lib/outbox';
import { getSession } from '../sessions/data';
import { addDays, startOfLocalDate } from '../sessions/rules';
import type { StreamConsumer } from '../stream/handler';
import { closeShift, getShift, listShiftsForSession, listSignUpsFor } from './data';

/**
 * A session was cancelled (its SessionNotice, written in the same transaction as the cancellation): the shifts
 * that help run it are closed and their volunteers told. Idempotent: a closed shift stays closed and each
 * message has a stable id, so a repeated stream record tells nobody twice.
 */
const shiftsOfCancelledSession: StreamConsumer = {
  name: 'volunteers.session-cancelled',
  wants: (c) => c.eventName === 'INSERT' && c.newImage?.type === 'SessionNotice' && c.newImage?.kind === 'session.cancelled',
  handle: async (c, deps) => {
    const sessionId = c.newImage!.sessionId as string;
    const now = deps.clock.now();
    const session = await getSession(deps.db, sessionId, true);
    if (!session) return;
    // the shifts that name the session, on its day
    const shifts = await listShiftsForSession(deps.db, sessionId, startOfLocalDate(session.localDate), startOfLocalDate(addDays(session.localDate, 1)));
    for (const found of shifts) {
      const shift = await getShift(deps.db, found.shiftId);
      if (!shift) continue;
      await closeShift(deps.db, shift.shiftId, 'session-cancelled', now);
      for (const u of await listSignUpsFor(deps.db, shift.shiftId)) {
        await putMessageOnce(
          deps.db,
          {
            toUserId: u.volunteerId,
            kind: 'volunteer-shift.cancelled',
            subject: `Shift cancelled: ${shift.title}`,
            text: `${c.newImage!.text as string}\n\nYour volunteer shift (${u.roleTitle}) for it is cancelled too. Thank you for offering your time: you do not need to do anything.`,
          },
          now,
          `shift-cancelled-${shift.shiftId}-${u.volunteerId}`,
        );
      }
    }
  },
};

export const volunteerConsumers = (): StreamConsumer[] => [shiftsOfCancelledSession];

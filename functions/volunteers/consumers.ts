import { formatWhen } from '../lib/london';
import { putMessageOnce } from '../lib/outbox';
import type { SessionMove } from '../sessions/data';
import type { StreamConsumer } from '../stream/handler';
import { closeShift, getShift, listSignUpsFor, moveShift, moveSignUp, type ShiftItem, shiftsOnSessionDay } from './data';
import { followSession } from './rules';

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
    const session = await deps.sessions.getSession(sessionId);
    if (!session) return;
    // the shifts that name the session, on its day
    const shifts = await shiftsOnSessionDay(deps.db, sessionId, session.localDate);
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

/**
 * A session moved or changed length (its SessionNotice, written in the same transaction as the change, one per
 * date of a series): the open shifts that help run it on its old day follow it (`followSession`), and each
 * volunteer on them is told once. Idempotent: a shift moves only from where it was and only forward in the
 * session's notices (it is marked with the one that moved it), a sign-up already at the new times is left
 * alone, and each message has a stable id.
 */
const shiftsOfMovedSession: StreamConsumer = {
  name: 'volunteers.session-moved',
  wants: (c) => c.eventName === 'INSERT' && c.newImage?.type === 'SessionNotice' && c.newImage?.kind === 'session.moved' && !!c.newImage?.moved,
  handle: async (c, deps) => {
    const notice = c.newImage!;
    const sessionId = notice.sessionId as string;
    const move = notice.moved as SessionMove;
    if (move.to.startsAt === move.from.startsAt && move.to.endsAt === move.from.endsAt) return;
    const noticeId = `SESSION#${sessionId}#${notice.sk as string}`;
    const now = deps.clock.now();
    // the shifts still on the old day, and those this notice already moved (a repeated record finishes telling)
    const [before, after] = await Promise.all([shiftsOnSessionDay(deps.db, sessionId, move.from.localDate), shiftsOnSessionDay(deps.db, sessionId, move.to.localDate)]);
    const ids = new Set([...before, ...after.filter((s) => s.movedWith === noticeId)].map((s) => s.shiftId));
    for (const shiftId of ids) {
      const shift = await getShift(deps.db, shiftId);
      if (shift?.status !== 'open') continue;
      // a later move of the session has moved it already (this record came again, late): that move told them
      const moved: ShiftItem | undefined =
        shift.movedWith === noticeId
          ? shift
          : before.some((b) => b.shiftId === shiftId) && (shift.movedWith ?? '') < noticeId
            ? await moveShift(
                deps.db,
                shift,
                { ...followSession(shift, move.from, move.to), ...(move.shiftsOutsideHours?.includes(shiftId) ? { hoursOverride: move.hoursOverride! } : {}) },
                noticeId,
                now,
              )
            : undefined;
      if (!moved?.movedFrom) continue;
      const was = moved.movedFrom;
      const change = was.startsAt === moved.startsAt ? 'changed length' : 'moved';
      for (const u of await listSignUpsFor(deps.db, shiftId)) {
        if (u.startsAt === moved.startsAt && u.endsAt === moved.endsAt) continue; // told already, or signed up after the move
        await moveSignUp(
          deps.db,
          u,
          moved,
          {
            toUserId: u.volunteerId,
            kind: 'volunteer-shift.moved',
            subject: `Shift ${change}: ${moved.title}`,
            text: `The session your volunteer shift helps run has ${change}, so your shift (${u.roleTitle}) ${change === 'moved' ? 'moves with it' : 'changes with it'}: it is now ${formatWhen(moved.startsAt, moved.endsAt)} (it was ${formatWhen(was.startsAt, was.endsAt)}). If you can no longer do it, please withdraw from the shift so someone else can take it.`,
            ...(moved.hubId ? { hubId: moved.hubId } : {}),
          },
          `shift-moved-${shiftId}-${u.volunteerId}-${notice.sk as string}`,
          now,
        );
      }
    }
  },
};

export const volunteerConsumers = (): StreamConsumer[] => [shiftsOfCancelledSession, shiftsOfMovedSession];

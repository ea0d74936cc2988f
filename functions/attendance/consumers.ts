import type { StreamChange, StreamConsumer } from '../stream/handler';
import { getShift } from '../volunteers/data';
import { recordShiftHours } from '../volunteers/service';
import { volunteerHours } from './rules';
import type { MarkStatus } from './schema';

/**
 * A volunteer marked present (or as leaving early) on a shift: their hours for it are recorded.
 * recordShiftHours replaces the one entry per shift and volunteer, so a repeated delivery is harmless.
 */
export const volunteerMarked = (c: StreamChange): boolean => {
  const m = c.newImage;
  if (c.eventName === 'REMOVE' || m?.type !== 'AttendanceMark' || m.role !== 'volunteer' || !m.shiftId) return false;
  return (m.status === 'attended' || m.status === 'left-early') && m.version !== c.oldImage?.version;
};

const hoursFromMarks: StreamConsumer = {
  name: 'attendance.volunteer-hours',
  wants: volunteerMarked,
  handle: async (c, deps) => {
    const m = c.newImage!;
    const shift = await getShift(deps.db, m.shiftId as string);
    if (!shift) return;
    const hours = volunteerHours(shift, { status: m.status as MarkStatus, markedAt: m.markedAt as string });
    if (hours > 0) await recordShiftHours(deps, shift.shiftId, m.personId as string, hours, m.markedBy as string);
  },
};

export function attendanceConsumers(): StreamConsumer[] {
  return [hoursFromMarks];
}

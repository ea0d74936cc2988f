import type { AppDeps } from '../lib/deps';
import { Conflict, InvalidInput, RuleViolation } from '../lib/errors';
import { formatWhen } from '../lib/london';
import { outboxPut } from '../lib/outbox';
import type { RoledItem } from '../lib/transact';
import type { BookingRecord, OccurrenceRecord, RoomRole } from './data';
import * as data from './data';

// Cancelling a booking's dates, apart from service.ts so that erasure (rooms/personal-data.ts, in the privacy
// function) gives up a person's bookings without bringing the whole rooms service and its recurrence library
// into that function's bundle.

export const changedMeanwhile = () => new Conflict('This booking changed meanwhile (someone else decided or cancelled it). Reload and try again.', 'changed');

const describeTime = formatWhen;

/**
 * Cancels one upcoming date of a booking, or every upcoming date from `occurrenceStart` (default: now): confirmed
 * dates release their slots, pending ones are marked cancelled, and the requester is told. The caller has
 * decided the actor may.
 */
export async function cancelDates(deps: AppDeps, b: BookingRecord, occurrences: OccurrenceRecord[], body: { scope: 'occurrence' | 'rest'; occurrenceStart?: string; reason?: string }): Promise<void> {
  const now = deps.clock.now();
  const live = occurrences.filter((o) => (o.status === 'pending' || o.status === 'confirmed') && Date.parse(o.start) >= now.getTime());
  let targets: OccurrenceRecord[];
  if (body.scope === 'occurrence') {
    if (!body.occurrenceStart) throw new InvalidInput([{ field: 'body.occurrenceStart', rule: 'required', message: 'is required to cancel one date' }]);
    const at = Date.parse(body.occurrenceStart);
    targets = live.filter((o) => Date.parse(o.start) === at);
    if (!targets.length) throw new RuleViolation('That date is not an upcoming date of this booking.', 'no_such_date', 'body.occurrenceStart');
  } else {
    const from = body.occurrenceStart ? Date.parse(body.occurrenceStart) : now.getTime();
    targets = live.filter((o) => Date.parse(o.start) >= from);
    if (!targets.length) throw new RuleViolation('There are no upcoming dates to cancel.', 'nothing_to_cancel', 'body.occurrenceStart');
  }
  const remaining = live.filter((o) => !targets.includes(o)).length + occurrences.filter((o) => o.status === 'confirmed' && Date.parse(o.start) < now.getTime()).length;
  const finalItems: RoledItem<RoomRole>[] = [
    data.setBookingStatus(deps.db, b, ['pending', 'confirmed'], remaining === 0 ? 'cancelled' : b.status, now),
    { role: 'outbox', item: outboxPut(deps.db.tableName, message(b, targets, 'cancelled', body.reason), now) },
  ];
  for (const [i, o] of targets.entries()) {
    const items = o.status === 'confirmed' ? data.releaseOccurrenceItems(deps.db, o, 'cancelled', now) : [data.setOccurrenceStatus(deps.db, o, ['pending'], 'cancelled', now)];
    const res = await data.write(deps.db, i === targets.length - 1 ? [...items, ...finalItems] : items);
    if (!res.ok) throw changedMeanwhile();
  }
}

export function message(b: BookingRecord, dates: OccurrenceRecord[], what: 'approved' | 'declined' | 'cancelled', reason?: string, closed: { start: string; end: string; reason: string }[] = []) {
  const list =
    dates
      .slice(0, 20)
      .map((o) => `- ${describeTime(o.start, o.end)}`)
      .join('\n') + (dates.length > 20 ? `\n- and ${dates.length - 20} more dates` : '');
  const leftOut = closed.length ? ['', 'Left out, because the hub is closed then:', ...closed.map((c) => `- ${describeTime(c.start, c.end)} (${c.reason})`)] : [];
  const lead = {
    approved: `Good news: your booking of ${b.roomName} for “${b.purpose}” is confirmed.`,
    declined: `Sorry: your request to book ${b.roomName} for “${b.purpose}” was declined.`,
    cancelled: `Your booking of ${b.roomName} for “${b.purpose}” is cancelled for these dates.`,
  }[what];
  return {
    toUserId: b.requesterId,
    kind: `room-booking.${what}`,
    subject: `Room booking ${what}: ${b.roomName}`,
    text: [lead, '', list, ...leftOut, ...(reason ? ['', `Reason: ${reason}`] : []), '', `Booking reference: ${b.bookingId}`].join('\n'),
  };
}

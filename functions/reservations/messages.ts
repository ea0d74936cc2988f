import { icsAttachment } from '../lib/ical';
import type { OutboxMessage } from '../lib/outbox';
import { describeMoment, describeWhen } from '../sessions/rules';
import type { Session } from '../sessions/schema';
import { checkInLink, passPageLink } from './passes';
import type { Reservation } from './schema';

/** The words of every message about a place. Plain English; no personal data beyond what the person gave us. */
type SessionFacts = Pick<Session, 'id' | 'activityTitle' | 'startsAt' | 'endsAt' | 'localStartTime' | 'localEndTime' | 'location'>;

const where = (s: SessionFacts) => (s.location ? ` at ${s.location}` : '');
const places = (r: Pick<Reservation, 'companion'>) => (r.companion ? ' (two places: you and your companion)' : '');

export function calendarFor(s: SessionFacts, now: Date, cancelled = false, sequence = 0) {
  return icsAttachment([{ uid: `session-${s.id}@common-ground`, summary: s.activityTitle, startsAt: s.startsAt, endsAt: s.endsAt, location: s.location, cancelled, sequence }], now);
}

type PassFacts = Pick<Reservation, 'id' | 'checkInCode'>;

/** The check-in pass in words: the short code, and the page that shows its QR code. */
const passText = (r: PassFacts, siteOrigin: string) => `Your check-in code is ${r.checkInCode}. Show it (or the QR code on your check-in pass) at the door: ${passPageLink(siteOrigin, r.id)}`;

/** The pass's QR code as an image: it opens the door helper's check-in page with this booking. */
export const passAttachment = (r: PassFacts, siteOrigin: string) => ({
  filename: 'check-in-pass.svg',
  qr: { text: checkInLink(siteOrigin, r.id, r.checkInCode), title: `Check-in QR code ${r.checkInCode}` },
});

export function confirmedMessage(s: SessionFacts, r: Pick<Reservation, 'id' | 'personId' | 'companion' | 'checkInCode'>, now: Date, siteOrigin: string): OutboxMessage {
  return {
    toUserId: r.personId,
    kind: 'reservation.confirmed',
    subject: `Booked: ${s.activityTitle}, ${describeWhen(s)}`,
    text: `Your place${places(r)} is booked for ${s.activityTitle} on ${describeWhen(s)}${where(s)}.\n\n${passText(r, siteOrigin)}\n\nIf you cannot come, please cancel so someone else can have the place. The attached calendar file adds it to your calendar.`,
    attachments: [calendarFor(s, now), passAttachment(r, siteOrigin)],
  };
}

export function waitlistedMessage(s: SessionFacts, r: Pick<Reservation, 'personId'>, position: number): OutboxMessage {
  return {
    toUserId: r.personId,
    kind: 'reservation.waitlisted',
    subject: `On the waiting list: ${s.activityTitle}, ${describeWhen(s)}`,
    text: `${s.activityTitle} on ${describeWhen(s)} is full, so you are on the waiting list (number ${position}). If a place comes free we will tell you straight away.`,
  };
}

export function promotedMessage(s: SessionFacts, r: Pick<Reservation, 'id' | 'personId' | 'companion' | 'checkInCode'>, now: Date, siteOrigin: string): OutboxMessage {
  return { ...confirmedMessage(s, r, now, siteOrigin), kind: 'reservation.promoted', subject: `A place came free: you are booked for ${s.activityTitle}` };
}

export function offeredMessage(s: SessionFacts, r: Pick<Reservation, 'personId'>, expiresAt: string): OutboxMessage {
  return {
    toUserId: r.personId,
    kind: 'reservation.offered',
    subject: `A place is free: ${s.activityTitle}, ${describeWhen(s)}`,
    text: `A place has come free at ${s.activityTitle} on ${describeWhen(s)}${where(s)}. It is held for you until ${describeMoment(expiresAt)}. Open "My bookings" to accept it; after that it goes to the next person waiting.`,
  };
}

export function cancelledMessage(
  s: SessionFacts,
  r: Pick<Reservation, 'personId'>,
  now: Date,
  reason: 'by-person' | 'offer-expired' | 'session-cancelled' | 'no-reply' = 'by-person',
  text?: string,
): OutboxMessage {
  const why = {
    'by-person': `Your booking for ${s.activityTitle} on ${describeWhen(s)} is cancelled. Thank you for letting us know: the place will go to someone else.`,
    'offer-expired': `The place we held for you at ${s.activityTitle} on ${describeWhen(s)} has gone to the next person, as it was not accepted in time. You can still book another date.`,
    'session-cancelled': text ?? `Sorry: ${s.activityTitle} on ${describeWhen(s)} is cancelled.`,
    'no-reply': `We did not hear back from you in time, so your place at ${s.activityTitle} on ${describeWhen(s)} has gone to someone else. You can book again if there is space.`,
  }[reason];
  return {
    toUserId: r.personId,
    kind: reason === 'session-cancelled' ? 'session.cancelled' : 'reservation.cancelled',
    subject: reason === 'session-cancelled' ? `Cancelled: ${s.activityTitle}, ${describeWhen(s)}` : `Booking cancelled: ${s.activityTitle}`,
    text: why,
    attachments: [calendarFor(s, now, true, 1)],
  };
}

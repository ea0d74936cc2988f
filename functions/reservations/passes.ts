import { pageLink, paths } from '../lib/paths';

/**
 * A booking's check-in pass: the ticket its QR code carries (the reservation's id and its short code) and the
 * pages that show it. Reservations owns both the id and the code, so it owns their format; the register reads
 * a ticket with parseCheckInCode. Imports nothing with Node's built-ins, as the web draws the QR code from it.
 */

/** A code as the door helper gave it: the 6 letters, and the reservation when it came from the QR code. */
export function parseCheckInCode(code: string): { code: string; sessionId?: string; personId?: string } {
  const [ticket, short] = code.includes('.') ? (code.split('.') as [string, string]) : [undefined, code];
  if (!ticket) return { code: short };
  const [sessionId, personId] = ticket.split('_') as [string, string];
  // the code is read upper-cased; a Cognito sub (a UUID, the only id with dashes) is lower-case
  return { code: short, sessionId, personId: personId.includes('-') ? personId.toLowerCase() : personId };
}

/** A check-in ticket: the reservation and its short code, as the QR code's link carries them (parseCheckInCode reads it). */
export const checkInTicket = (reservationId: string, code: string) => `${reservationId}.${code}`;

/** What the QR code on a pass holds: the door helper's check-in page, opened with this booking and its code. */
export const checkInLink = (siteOrigin: string, reservationId: string, code: string) => pageLink(siteOrigin, paths.checkIn({}, { code: checkInTicket(reservationId, code) }));

/** The page with every check-in pass of the signed-in person. */
export const passesPageLink = (siteOrigin: string) => pageLink(siteOrigin, paths.checkInCodes());
/** The resident's own page showing one booking's pass (its QR code and short code). */
export const passPageLink = (siteOrigin: string, reservationId: string) => pageLink(siteOrigin, paths.checkInCodes({}, { booking: reservationId }));

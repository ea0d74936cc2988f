import ical, { ICalEventStatus } from 'ical-generator';
import { Temporal } from 'temporal-polyfill';

/**
 * iCalendar (RFC 5545) for one or more events, local times with TZID=Europe/London and the zone's
 * VTIMEZONE (GMT/BST rules) so every calendar shows the same wall-clock time. Built with ical-generator
 * and Temporal ZonedDateTimes (a JS Date plus a zone is an hour out in summer: ical-generator#604); the
 * temporal-polyfill the Lambdas already carry, not luxon (70 KB more in every bundle sending a calendar).
 */
export const londonZone = 'Europe/London';

const londonVtimezone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19810329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19961027T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
].join('\r\n');

export interface CalendarEvent {
  /** stable across updates, so a changed or cancelled event replaces the one already in the calendar */
  uid: string;
  summary: string;
  startsAt: string;
  endsAt: string;
  location?: string | undefined;
  description?: string | undefined;
  cancelled?: boolean;
  /** increases with each change of the same uid */
  sequence?: number;
}

const inLondon = (instant: string) => Temporal.Instant.from(instant).toZonedDateTimeISO(londonZone);

/** `stampedAt`: when the calendar was made (DTSTAMP, in UTC as RFC 5545 requires). */
export function calendarOf(events: CalendarEvent[], stampedAt: Date, name = 'Common Ground'): string {
  const calendar = ical({ name, prodId: { company: 'Common Ground', product: 'sessions', language: 'EN' } });
  calendar.timezone({ name: londonZone, generator: () => londonVtimezone });
  for (const e of events) {
    calendar.createEvent({
      id: e.uid,
      start: inLondon(e.startsAt),
      end: inLondon(e.endsAt),
      timezone: londonZone,
      summary: e.summary,
      location: e.location ?? null,
      description: e.description ?? null,
      status: e.cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      sequence: e.sequence ?? 0,
    });
  }
  const stamp = stampedAt.toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
  return calendar.toString().replace(/^DTSTAMP:.*$/gm, `DTSTAMP:${stamp}`);
}

/** An .ics file as an outbox message attachment. */
export const icsAttachment = (events: CalendarEvent[], stampedAt: Date, filename = 'session.ics') => ({
  filename,
  contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
  content: calendarOf(events, stampedAt),
});

import { londonZone } from './london';

/**
 * The one iCalendar (RFC 5545) writer: booking messages' .ics files, a session's calendar file, the directory's
 * activity feeds and a volunteer's shift feed. Lines end in CRLF and fold at 75 octets without splitting a
 * character; text values are escaped; every event has a UID and a DTSTAMP in UTC. Times are either
 * Europe/London wall-clock (TZID, with the zone's VTIMEZONE, so a weekly 10:00 session stays at 10:00 across
 * the clock change) or UTC ("Z"; shown in the reader's own zone, no VTIMEZONE needed).
 */
export const londonVtimezone = [
  'BEGIN:VTIMEZONE',
  `TZID:${londonZone}`,
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
];

export interface CalendarEvent {
  /** stable across updates, so a changed or cancelled event replaces the one already in the calendar */
  uid: string;
  summary: string;
  startsAt: string;
  /** DTEND; or give `durationMinutes` (DURATION, which a repeating event needs) */
  endsAt?: string | undefined;
  durationMinutes?: number | undefined;
  location?: string | undefined;
  description?: string | undefined;
  url?: string | undefined;
  cancelled?: boolean | undefined;
  /** increases with each change of the same uid */
  sequence?: number | undefined;
  /** DTSTAMP (and LAST-MODIFIED) for this event; the calendar's `stampedAt` when absent */
  stampedAt?: string | undefined;
  lastModified?: string | undefined;
  /** a repeating event (London times only) and the local dates it skips, at the event's own start time */
  rrule?: string | undefined;
  exceptDates?: string[] | undefined;
}

export interface CalendarOptions {
  name: string;
  /** PRODID's product: "-//Common Ground//<product>//EN" */
  product?: string;
  /** when the calendar was made: every DTSTAMP an event does not give itself */
  stampedAt: Date | string;
  /** 'london' (TZID=Europe/London + VTIMEZONE, the default) or 'utc' */
  times?: 'london' | 'utc';
}

export function writeCalendar(events: CalendarEvent[], o: CalendarOptions): string {
  const london = (o.times ?? 'london') === 'london';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:-//Common Ground//${o.product ?? 'Sessions'}//EN`,
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(o.name)}`,
    ...(london ? [`X-WR-TIMEZONE:${londonZone}`, ...londonVtimezone] : []),
  ];
  for (const e of events) {
    if (!london && e.rrule) throw new Error('A repeating event is written in London time');
    const when = (instant: string) => (london ? `;TZID=${londonZone}:${localStamp(instant)}` : `:${utcStamp(instant)}`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      `DTSTAMP:${utcStamp(e.stampedAt ?? o.stampedAt)}`,
      ...(e.lastModified ? [`LAST-MODIFIED:${utcStamp(e.lastModified)}`] : []),
      `SEQUENCE:${e.sequence ?? 0}`,
      `DTSTART${when(e.startsAt)}`,
      e.endsAt ? `DTEND${when(e.endsAt)}` : `DURATION:PT${e.durationMinutes ?? 60}M`,
      ...(e.rrule ? [`RRULE:${e.rrule}`] : []),
      ...(e.exceptDates?.length ? [`EXDATE;TZID=${londonZone}:${e.exceptDates.map((d) => `${d.replace(/-/g, '')}T${localStamp(e.startsAt).slice(9)}`).join(',')}`] : []),
      `SUMMARY:${escapeText(e.summary)}`,
      ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
      ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
      ...(e.url ? [`URL:${e.url}`] : []),
      `STATUS:${e.cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** The booking messages' calendar: London times, stamped now (the signature the sessions and reservations domains call). */
export const calendarOf = (events: CalendarEvent[], stampedAt: Date, name = 'Common Ground'): string => writeCalendar(events, { name, stampedAt });

/** An .ics file as an outbox message attachment. */
export const icsAttachment = (events: CalendarEvent[], stampedAt: Date, filename = 'session.ics') => ({
  filename,
  contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
  content: calendarOf(events, stampedAt),
});

const utcStamp = (at: Date | string) =>
  new Date(at)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

const localParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: londonZone,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});
/** An instant as London wall-clock, 20260329T100000. */
function localStamp(instant: string): string {
  const p = Object.fromEntries(localParts.formatToParts(new Date(instant)).map((x) => [x.type, x.value]));
  return `${p.year}${p.month}${p.day}T${p.hour}${p.minute}${p.second}`;
}

/** TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 3.3.11). */
export const escapeText = (text: string) => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** Folds a content line at 75 octets without splitting a UTF-8 character (RFC 5545 3.1). */
export function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (octets + size > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

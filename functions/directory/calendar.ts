import type { SessionFacts } from './rules';

/**
 * iCalendar (RFC 5545) for activities: a small writer rather than a library, because the one thing a
 * library would add (a VTIMEZONE for Europe/London) it needs a further timezone package for, and the
 * rest is a few lines. Times are written in Europe/London wall-clock (TZID) so a weekly 10:00 session
 * stays at 10:00 across the clock change; cancelled sessions become EXDATEs.
 */

export interface SeriesEvent {
  /** stable across feeds and fetches */
  uid: string;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  /** when the activity last changed (DTSTAMP, LAST-MODIFIED), and its version (SEQUENCE) */
  updatedAt: string;
  sequence: number;
  sessions: SessionFacts[];
}

/** A repeating pattern that produces exactly the given sessions once the exceptions are removed. */
export interface Recurrence {
  rrule: string;
  freq: 'WEEKLY' | 'MONTHLY';
  interval: number;
  byday: string;
  first: SessionFacts;
  /** local dates the pattern produces but no session happens on (cancelled or simply not scheduled) */
  exceptions: string[];
  until: string;
  durationMinutes: number;
}

const dayCodes = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const dayMs = 86_400_000;
const utcDay = (date: string) => Date.parse(`${date}T00:00:00Z`) / dayMs;
const durationOf = (s: SessionFacts) => Math.round((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000);

/** Finds a weekly (every n weeks) or monthly (nth weekday) pattern behind an activity's sessions, if there is one. */
export function inferRecurrence(sessions: SessionFacts[]): Recurrence | undefined {
  const all = [...sessions].sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const first = all[0];
  const last = all[all.length - 1];
  if (!first || !last) return undefined;
  const sameShape = all.every((s) => s.dayOfWeek === first.dayOfWeek && s.localStartTime === first.localStartTime && durationOf(s) === durationOf(first));
  if (!sameShape) return undefined;
  const held = new Set(all.filter((s) => s.status === 'scheduled').map((s) => s.localDate));
  const byday = dayCodes[first.dayOfWeek - 1]!;
  const base = { first, until: last.startsAt, durationMinutes: durationOf(first) };

  const weeks = all.slice(1).map((s, i) => (utcDay(s.localDate) - utcDay(all[i]!.localDate)) / 7);
  const nth = Math.ceil(Number(first.localDate.slice(8, 10)) / 7);
  const monthlyLooking = weeks.length > 0 && weeks.every((w) => w >= 4) && nth <= 4;
  if (monthlyLooking && all.every((s) => Math.ceil(Number(s.localDate.slice(8, 10)) / 7) === nth)) {
    const lattice = nthWeekdays(first.localDate, last.localDate, first.dayOfWeek, nth);
    if (all.every((s) => lattice.includes(s.localDate))) {
      const monthly = `${nth}${byday}`;
      return { ...base, freq: 'MONTHLY', interval: 1, byday: monthly, rrule: rule('MONTHLY', 1, monthly, last.startsAt), exceptions: lattice.filter((d) => !held.has(d)) };
    }
  }
  const interval = weeks.length ? weeks.reduce(gcd) : 1;
  const lattice: string[] = [];
  for (let d = utcDay(first.localDate); d <= utcDay(last.localDate); d += 7 * interval) lattice.push(new Date(d * dayMs).toISOString().slice(0, 10));
  return { ...base, freq: 'WEEKLY', interval, byday, rrule: rule('WEEKLY', interval, byday, last.startsAt), exceptions: lattice.filter((d) => !held.has(d)) };
}

function rule(freq: string, interval: number, byday: string, lastStart: string): string {
  return `FREQ=${freq};${interval > 1 ? `INTERVAL=${interval};` : ''}BYDAY=${byday};UNTIL=${utcStamp(lastStart)}`;
}

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/** The nth given weekday (1 = Monday) of every month from one date's month to another's. */
function nthWeekdays(from: string, to: string, dayOfWeek: number, nth: number): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7)) - 1;
  for (;;) {
    const firstOfMonth = new Date(Date.UTC(y, m, 1));
    const offset = (dayOfWeek - 1 - ((firstOfMonth.getUTCDay() + 6) % 7) + 7) % 7;
    const date = new Date(Date.UTC(y, m, 1 + offset + 7 * (nth - 1))).toISOString().slice(0, 10);
    if (date > to) return out;
    if (date >= from) out.push(date);
    m++;
    if (m === 12) {
      m = 0;
      y++;
    }
  }
}

// ---------- writing ----------

const londonTimezone = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/London',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0000',
  'TZOFFSETTO:+0100',
  'TZNAME:BST',
  'DTSTART:19700329T010000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0000',
  'TZNAME:GMT',
  'DTSTART:19701025T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

/** A VCALENDAR holding each activity as one repeating event (or one event per session when there is no pattern). */
export function writeCalendar(name: string, events: SeriesEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Common Ground//Directory//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(name)}`, 'X-WR-TIMEZONE:Europe/London', ...londonTimezone];
  for (const event of events) lines.push(...eventLines(event));
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

function eventLines(e: SeriesEvent): string[] {
  const scheduled = e.sessions.filter((s) => s.status === 'scheduled');
  if (!scheduled.length) return [];
  const recurrence = inferRecurrence(e.sessions);
  if (recurrence) {
    return vevent(e, e.uid, recurrence.first, [
      `RRULE:${recurrence.rrule}`,
      ...(recurrence.exceptions.length ? [`EXDATE;TZID=Europe/London:${recurrence.exceptions.map((d) => localStamp(d, recurrence.first.localStartTime)).join(',')}`] : []),
    ]);
  }
  return scheduled.flatMap((s) => vevent(e, `${s.id}.${e.uid}`, s, []));
}

function vevent(e: SeriesEvent, uid: string, start: SessionFacts, extra: string[]): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `DTSTAMP:${utcStamp(e.updatedAt)}`,
    `LAST-MODIFIED:${utcStamp(e.updatedAt)}`,
    `SEQUENCE:${e.sequence}`,
    `DTSTART;TZID=Europe/London:${localStamp(start.localDate, start.localStartTime)}`,
    `DURATION:PT${durationOf(start)}M`,
    ...extra,
    `SUMMARY:${escapeText(e.summary)}`,
    ...(e.description ? [`DESCRIPTION:${escapeText(e.description)}`] : []),
    ...(e.location ? [`LOCATION:${escapeText(e.location)}`] : []),
    ...(e.url ? [`URL:${e.url}`] : []),
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

const utcStamp = (iso: string) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
const localStamp = (date: string, time: string) => `${date.replace(/-/g, '')}T${time.replace(':', '')}00`;

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

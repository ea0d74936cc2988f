import { type CalendarEvent, writeCalendar as icalendar } from '../lib/ical';
import type { SessionFacts } from './rules';

/**
 * iCalendar for activities: the repeating pattern behind an activity's sessions, written by the one writer
 * (functions/lib/ical.ts) in Europe/London wall-clock so a weekly 10:00 session stays at 10:00 across the
 * clock change; cancelled sessions become EXDATEs.
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

// ---------- writing (functions/lib/ical.ts) ----------

/** A VCALENDAR holding each activity as one repeating event (or one event per session when there is no pattern). */
export function writeCalendar(name: string, events: SeriesEvent[]): string {
  return icalendar(events.flatMap(eventsOf), { name, product: 'Directory', stampedAt: new Date(0) });
}

function eventsOf(e: SeriesEvent): CalendarEvent[] {
  const scheduled = e.sessions.filter((s) => s.status === 'scheduled');
  if (!scheduled.length) return [];
  const recurrence = inferRecurrence(e.sessions);
  if (recurrence) return [event(e, e.uid, recurrence.first, { rrule: recurrence.rrule, exceptDates: recurrence.exceptions })];
  return scheduled.map((s) => event(e, `${s.id}.${e.uid}`, s, {}));
}

const event = (e: SeriesEvent, uid: string, start: SessionFacts, extra: Pick<CalendarEvent, 'rrule' | 'exceptDates'>): CalendarEvent => ({
  uid,
  stampedAt: e.updatedAt,
  lastModified: e.updatedAt,
  sequence: e.sequence,
  startsAt: start.startsAt,
  durationMinutes: durationOf(start),
  ...extra,
  summary: e.summary,
  description: e.description,
  location: e.location,
  url: e.url,
});

const utcStamp = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

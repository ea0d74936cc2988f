import type { MarkStatus, RegisterCounts, RegisterPerson, WalkInView } from './schema';

/** Pure decisions about attendance: which mark wins, counts, repeated no-shows, check-in, volunteer hours. */

/** Repeated no-shows: this many within this many weeks is shown to the coordinator (nothing is blocked). */
export const noShowRule = { threshold: 3, weeks: 8 };

/** A device's clock may run a little fast; a mark from further ahead than this is refused. */
export const maxClockSkewMs = 5 * 60_000;

/**
 * The order marks for one person are decided in: the device's time, then the mark's id to break a tie.
 * A mark replaces the standing one only if it sorts after it; the same mark sent again sorts equal and
 * changes nothing, so a resend is recorded once.
 */
export const markOrder = (markedAt: string, markId: string) => `${new Date(markedAt).toISOString()}#${markId}`;

/** The month a local date falls in (for report aggregates). */
export const monthOf = (localDate: string) => localDate.slice(0, 7);

/** The counts at the top of the register. */
export function countRegister(people: Pick<RegisterPerson, 'mark'>[], volunteers: unknown[], walkIns: Pick<WalkInView, 'count'>[]): RegisterCounts {
  const counts: RegisterCounts = { expected: people.length, attended: 0, noShow: 0, cancelledLate: 0, leftEarly: 0, unmarked: 0, walkIns: 0, volunteers: volunteers.length };
  const field: Record<MarkStatus, keyof RegisterCounts> = { attended: 'attended', 'no-show': 'noShow', 'cancelled-late': 'cancelledLate', 'left-early': 'leftEarly' };
  for (const p of people) {
    if (p.mark) counts[field[p.mark.status]]++;
    else counts.unmarked++;
  }
  for (const w of walkIns) counts.walkIns += w.count;
  return counts;
}

export interface NoShowEntry {
  personId: string;
  sessionId: string;
  activityId: string;
  localDate: string;
}

/** People with at least `threshold` no-shows among these entries (all already within the window), most first. */
export function repeatedNoShows(entries: NoShowEntry[], threshold: number): { personId: string; entries: NoShowEntry[] }[] {
  const byPerson = new Map<string, NoShowEntry[]>();
  for (const e of entries) byPerson.set(e.personId, [...(byPerson.get(e.personId) ?? []), e]);
  return [...byPerson.entries()]
    .filter(([, list]) => list.length >= threshold)
    .map(([personId, list]) => ({ personId, entries: list.sort((a, b) => a.localDate.localeCompare(b.localDate)) }))
    .sort((a, b) => b.entries.length - a.entries.length || a.personId.localeCompare(b.personId));
}

/**
 * Why a check-in for this session cannot happen today, or undefined when it can. Check-in is open only on
 * the session's own day in London, and not for a cancelled session.
 */
export function checkInRefusal(session: { localDate: string; status: string }, today: string): { code: string; message: string } | undefined {
  if (session.status !== 'scheduled') return { code: 'session_cancelled', message: 'This session is cancelled, so nobody can check in to it.' };
  if (session.localDate !== today) {
    const when = describeDate(session.localDate);
    return session.localDate > today
      ? { code: 'wrong_day', message: `This booking is for ${when}. Check-in opens on the day of the session.` }
      : { code: 'wrong_day', message: `This booking was for ${when}. Check-in is only open on the day of the session.` };
  }
  return undefined;
}

const weekdays = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "Wednesday 13 May 2026" (spelt out here: ICU versions differ on the comma). */
export function describeDate(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return `${weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]} ${d} ${months[m - 1]} ${y}`;
}

/**
 * Hours a volunteer gave on a shift, from their mark: the whole shift when present, up to when they left
 * when they left early (the whole shift if the mark was made after it ended), none otherwise. Quarter hours.
 */
export function volunteerHours(shift: { startsAt: string; endsAt: string }, mark: { status: MarkStatus; markedAt: string }): number {
  const start = Date.parse(shift.startsAt);
  const end = Date.parse(shift.endsAt);
  let until: number;
  if (mark.status === 'attended') until = end;
  else if (mark.status === 'left-early') until = Math.min(end, Math.max(start, Date.parse(mark.markedAt)));
  else return 0;
  const quarters = Math.round((until - start) / (15 * 60_000));
  return Math.min(24, Math.max(mark.status === 'left-early' ? 1 : 0, quarters) / 4);
}

/** A register opens this long before the session starts (people arriving are checked in)... */
export const registerOpensBeforeMs = 30 * 60_000;
/** ...and stays open this long after it ends (a register completed late, from paper). */
export const registerClosesAfterMs = 7 * 86_400_000;

/** When marks for a session are taken: from its start minus 30 minutes until 7 days after its end. */
export function registerWindow(session: { startsAt: string; endsAt: string }): { opensAt: string; closesAt: string } {
  return {
    opensAt: new Date(Date.parse(session.startsAt) - registerOpensBeforeMs).toISOString(),
    closesAt: new Date(Date.parse(session.endsAt) + registerClosesAfterMs).toISOString(),
  };
}

const hhmm = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
const londonDay = (iso: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(iso));

/**
 * Why marks cannot be recorded for this session now (a rule name and a sentence that says what to do), or
 * undefined when they can. A session that has not started (less 30 minutes for arrivals) has nobody to mark
 * yet; a register left more than 7 days is closed, so reports are not changed long after they were read.
 */
export function registerRefusal(session: { startsAt: string; endsAt: string; status: string }, now: Date, status?: MarkStatus): { code: string; message: string } | undefined {
  if (session.status !== 'scheduled') return { code: 'session_cancelled', message: 'This session was cancelled by the hub, so nobody can be marked on its register.' };
  const { opensAt, closesAt } = registerWindow(session);
  const at = now.toISOString();
  // someone ringing on the morning to say they cannot come is "cancelled late" before the session starts
  if (at < opensAt && status !== 'cancelled-late') {
    return { code: 'register_not_open', message: `The register opens at ${hhmm(opensAt)} on ${describeDate(londonDay(opensAt))}, 30 minutes before the session starts. Mark people when they arrive.` };
  }
  if (at > closesAt) {
    return { code: 'register_closed', message: `The register closed on ${describeDate(londonDay(closesAt))}, 7 days after the session. Marks can no longer be added or changed.` };
  }
  return undefined;
}

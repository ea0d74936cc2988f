import { Temporal } from 'temporal-polyfill';
import { addDays, daysBetween, londonDate, londonZone } from '../lib/london';
import type { CheckType, DueItem, Requirements } from './schema';

/**
 * The volunteers domain's decisions, as pure functions: age and consent, which checks a role needs and
 * whether a volunteer has them, overlapping shifts, expiry reminders, dates in Europe/London. A shift series'
 * times are in shift-times.ts (the one place needing rrule-temporal, kept out of the stream and jobs bundles).
 */

export const zone = londonZone;
const dbsOrder = ['none', 'basic', 'standard', 'enhanced'] as const;

/** A check as the volunteer's record keeps it (the latest recorded for each kind). */
export interface CheckSummary {
  type: CheckType;
  module?: string;
  outcome: 'clear' | 'not-clear' | 'pending';
  checkedOn: string;
  expiresOn?: string;
  /** whose checks these are: the owners (`hub:<id>`, `organisation:<id>`) the recorder acted for, or `admin` */
  recordedFor?: string[];
}

/** How a role's owner is named in a check's `recordedFor`. */
export const ownerKey = (owner: { kind: string; id: string }): string => `${owner.kind}:${owner.id}`;

/** One key per kind of check: a training module is its own kind. */
export const checkKey = (type: CheckType, module?: string): string => (type === 'training' ? `training:${(module ?? '').trim().toLowerCase()}` : type);

/** Whole years between a date of birth and a day (both yyyy-mm-dd). */
export function ageOn(dateOfBirth: string, day: string): number {
  const [by, bm, bd] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Why a person cannot apply for a role because of their age, or undefined when they can. */
export function ageProblem(age: number, minimumAge: number): string | undefined {
  if (age < 0 || age > 120) return 'The date of birth does not look right. Please check it.';
  if (age < 16) return 'Volunteers need to be 16 or over. Your hub can tell you about other ways to get involved.';
  if (age < minimumAge) return `This role is for people aged ${minimumAge} and over. Roles open to 16 and 17 year olds say "minimum age 16".`;
  return undefined;
}

/** A requirement a role sets, as something a volunteer's checks either meet or not. */
export interface Need {
  key: string;
  label: string;
  /** the check keys that satisfy it (a higher DBS level satisfies a lower one) */
  satisfiedBy: string[];
}

export function needsOf(requirements: Requirements): Need[] {
  const needs: Need[] = [];
  const level = dbsOrder.indexOf(requirements.dbs);
  if (level > 0) {
    needs.push({
      key: `dbs-${requirements.dbs}`,
      label: `${requirements.dbs} DBS check`,
      satisfiedBy: dbsOrder.slice(level).map((l) => `dbs-${l}`),
    });
  }
  if (requirements.references) needs.push({ key: 'references', label: 'references', satisfiedBy: ['references'] });
  for (const module of requirements.training) {
    const key = checkKey('training', module);
    needs.push({ key, label: `"${module}" training`, satisfiedBy: [key] });
  }
  return needs;
}

export type NeedState = { state: 'ok' | 'expiring'; expiresOn?: string } | { state: 'missing' | 'expired' | 'not-clear'; expiresOn?: string };

/**
 * Whether the volunteer's checks meet one need on a day (the day of a shift, or today).
 * `warnDays`: a valid check expiring within this many days of `day` is "expiring".
 * `owner` (ownerKey): only checks recorded by the role's own owner or an admin count for its requirements;
 * nobody can vouch for a volunteer to a role they do not run.
 */
export function needState(need: Need, checks: Record<string, CheckSummary>, day: string, warnDays = 0, owner?: string): NeedState {
  const vouched = (c: CheckSummary) => !owner || !!c.recordedFor?.some((by) => by === owner || by === 'admin');
  const candidates = need.satisfiedBy.map((k) => checks[k]).filter((c): c is CheckSummary => !!c && vouched(c));
  if (candidates.length === 0) return { state: 'missing' };
  const clear = candidates.filter((c) => c.outcome === 'clear');
  if (clear.length === 0) return { state: 'not-clear' };
  const valid = clear.filter((c) => !c.expiresOn || c.expiresOn >= day);
  if (valid.length === 0) {
    const latest = clear
      .map((c) => c.expiresOn!)
      .sort()
      .at(-1)!;
    return { state: 'expired', expiresOn: latest };
  }
  const best = valid.find((c) => !c.expiresOn) ?? valid.sort((a, b) => (a.expiresOn! < b.expiresOn! ? 1 : -1))[0]!;
  if (best.expiresOn && daysBetween(day, best.expiresOn) <= warnDays) return { state: 'expiring', expiresOn: best.expiresOn };
  return best.expiresOn ? { state: 'ok', expiresOn: best.expiresOn } : { state: 'ok' };
}

/** What stops a volunteer taking a shift in a role on a day: one plain message per unmet need. */
export function shiftBlockers(requirements: Requirements, checks: Record<string, CheckSummary>, day: string, roleTitle: string, owner?: string, today?: string): string[] {
  return needsOf(requirements).flatMap((need) => {
    const s = needState(need, checks, day, 0, owner);
    return s.state === 'ok' || s.state === 'expiring' ? [] : [blockerMessage(need, s, roleTitle, today)];
  });
}

function blockerMessage(need: Need, s: NeedState, roleTitle: string, today?: string): string {
  const todo = `Ask the coordinator for ${roleTitle} to arrange it; once they record it you can sign up for shifts.`;
  switch (s.state) {
    case 'expired':
      // still valid today, but not on the shift's day
      if (today && s.expiresOn! >= today) return `Your ${need.label} expires on ${formatDay(s.expiresOn!)}, before this shift, so you cannot take it until the check is renewed. ${todo}`;
      return `Your ${need.label} expired on ${formatDay(s.expiresOn!)}, so you cannot take ${roleTitle} shifts until it is renewed. ${todo}`;
    case 'not-clear':
      return `Your ${need.label} has not come back clear yet, so you cannot take ${roleTitle} shifts. ${todo}`;
    default:
      return `${roleTitle} shifts need a ${need.label}, and we have none recorded for you. ${todo}`;
  }
}

/** For coordinators and the volunteer's own page: what is missing, expired or expiring soon. */
export function dueItems(
  requirements: Requirements,
  checks: Record<string, CheckSummary>,
  today: string,
  withinDays: number,
  who: { volunteerId: string; volunteerName: string; roleId: string; roleTitle: string },
  owner?: string,
): DueItem[] {
  return needsOf(requirements).flatMap((need) => {
    const s = needState(need, checks, today, withinDays, owner);
    if (s.state === 'ok') return [];
    const message =
      s.state === 'expiring'
        ? `${need.label} expires on ${formatDay(s.expiresOn!)}: arrange a renewal before then.`
        : s.state === 'expired'
          ? `${need.label} expired on ${formatDay(s.expiresOn!)}: no ${who.roleTitle} shifts until it is renewed.`
          : s.state === 'not-clear'
            ? `${need.label} is not clear yet.`
            : `${need.label} is needed and none is recorded.`;
    return [{ ...who, requirement: need.label, state: s.state, ...(s.expiresOn ? { expiresOn: s.expiresOn } : {}), message: capitalise(message) }];
  });
}

/** Reminders go 60, 30 and 7 days before a check expires: the nearest threshold reached, if any. */
export const reminderThresholds = [7, 30, 60] as const;
export function reminderThreshold(expiresOn: string, today: string): number | undefined {
  const left = daysBetween(today, expiresOn);
  if (left < 0) return undefined;
  return reminderThresholds.find((t) => left <= t);
}

/** Two time ranges overlap when each starts before the other ends (touching ends do not overlap). */
export const overlaps = (a: { startsAt: string; endsAt: string }, b: { startsAt: string; endsAt: string }): boolean =>
  Date.parse(a.startsAt) < Date.parse(b.endsAt) && Date.parse(b.startsAt) < Date.parse(a.endsAt);

export { addDays, daysBetween, londonDate };

export function formatDay(day: string): string {
  return Temporal.PlainDate.from(day).toLocaleString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

type Times = { startsAt: string; endsAt: string };

/**
 * Where a shift that helps run a session goes when the session moves or changes length. Each end of the shift
 * keeps its distance from the session's end it is nearer in time: a set-up shift before the start moves with the
 * start, a clear-down after the end moves with the end, and a shift that runs through the session keeps its lead
 * before the start and its stay after the end (a session shortened by an hour shortens it by an hour). A shift
 * that would end before it starts moves whole with the start instead.
 */
export function followSession(shift: Times, from: Times, to: Times): Times {
  const ms = (iso: string) => Date.parse(iso);
  const byStart = ms(to.startsAt) - ms(from.startsAt);
  const byEnd = ms(to.endsAt) - ms(from.endsAt);
  const follow = (at: number) => (at >= ms(from.endsAt) ? at + byEnd : at + byStart);
  const iso = (at: number) => new Date(at).toISOString().replace('.000Z', 'Z');
  const [start, end] = [follow(ms(shift.startsAt)), follow(ms(shift.endsAt))];
  if (end <= start) return { startsAt: iso(ms(shift.startsAt) + byStart), endsAt: iso(ms(shift.endsAt) + byStart) };
  return { startsAt: iso(start), endsAt: iso(end) };
}

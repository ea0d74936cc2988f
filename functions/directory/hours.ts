import type { Db } from '../lib/db';
import { DomainError, Forbidden } from '../lib/errors';
import { isBankHoliday } from '../lib/holidays';
import { weekdayCodes as days, formatDay, formatTime, isoWeekday, londonDate } from '../lib/london';
import { getHub } from './data';
import type { Closure } from './schema';

/**
 * A hub's diary: its opening hours per weekday and the days it is closed (bank holidays, unless it opens on
 * them, and its own closures). Sessions, room bookings and shifts at the hub keep to it unless a coordinator
 * overrides with a reason. Pure but for `hubDiaryOf`, so the sessions, rooms and volunteers bundles stay small.
 */
export interface HubDiary {
  hubId: string;
  name: string;
  openingHours: { day: (typeof days)[number]; opens: string; closes: string }[];
  closures: Closure[];
  openOnBankHolidays: boolean;
}

/** The hub's diary (undefined when there is no such hub). */
export async function hubDiaryOf(db: Db, hubId: string): Promise<HubDiary | undefined> {
  const hub = await getHub(db, hubId);
  if (!hub) return undefined;
  return { hubId, name: hub.name, openingHours: hub.openingHours, closures: hub.closures ?? [], openOnBankHolidays: hub.openOnBankHolidays ?? false };
}

/** A time at the hub in its local date and wall-clock times ("09:30"); endDate when it ends on a later date. */
export interface LocalSpan {
  localDate: string;
  startTime: string;
  endTime: string;
  endDate?: string;
}

export const spanOf = (startsAt: string | number, endsAt: string | number): LocalSpan => {
  const start = new Date(startsAt);
  const end = new Date(endsAt);
  return { localDate: londonDate(start), startTime: formatTime(start), endTime: formatTime(end), endDate: londonDate(end) };
};

export type DiaryRule = 'hub_closed' | 'outside_opening_hours';
export interface DiaryProblem {
  rule: DiaryRule;
  /** "Oak Road Centre is open 09:00 to 21:00 on Tuesdays." */
  message: string;
  localDate: string;
}

const bankHoliday = 'Bank holiday';

/** Why the hub is closed all day on a local date (its own closure's reason, or "Bank holiday"); undefined when it is not. */
export function closedReason(hub: HubDiary, localDate: string): string | undefined {
  const closure = hub.closures.find((c) => c.date === localDate);
  if (closure) return closure.reason;
  if (!hub.openOnBankHolidays && isBankHoliday(localDate)) return bankHoliday;
  return undefined;
}

const dayNames = ['Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];

/** Whether the hub is shut the whole of that day (a closed day, a bank holiday, or a weekday it never opens). */
export function closedAllDay(hub: HubDiary, localDate: string): boolean {
  if (closedReason(hub, localDate)) return true;
  return hub.openingHours.length > 0 && !hub.openingHours.some((h) => h.day === days[isoWeekday(localDate) - 1]);
}

/** Why the hub cannot have this time: closed that day, or open other hours (named); undefined when it can. */
export function diaryProblem(hub: HubDiary, span: LocalSpan): DiaryProblem | undefined {
  const { localDate } = span;
  const closed = closedReason(hub, localDate);
  if (closed)
    return {
      rule: 'hub_closed',
      localDate,
      message: `${hub.name} is closed on ${formatDay(localDate)}${closed === bankHoliday ? ', a bank holiday.' : `: ${closed}${/[.!?]$/.test(closed) ? '' : '.'}`}`,
    };
  // a hub that has not given its hours is not held to any
  if (!hub.openingHours.length) return undefined;
  const weekday = isoWeekday(localDate);
  const windows = hub.openingHours.filter((h) => h.day === days[weekday - 1]).sort((a, b) => a.opens.localeCompare(b.opens));
  const onThatDay = dayNames[weekday - 1];
  if (!windows.length) return { rule: 'outside_opening_hours', localDate, message: `${hub.name} is closed on ${onThatDay}.` };
  const sameDay = !span.endDate || span.endDate === localDate;
  if (sameDay && windows.some((w) => w.opens <= span.startTime && span.endTime <= w.closes)) return undefined;
  const hours = windows.map((w) => `${w.opens} to ${w.closes}`).join(' and ');
  return { rule: 'outside_opening_hours', localDate, message: `${hub.name} is open ${hours} on ${onThatDay}.` };
}

/** What an override records: why it went ahead outside the hub's diary, who said so and when. */
export interface DiaryOverride {
  reason: string;
  by: string;
  at: string;
}

export interface DiaryOutcome<T> {
  /** what goes ahead */
  keep: T[];
  /** a series' dates left out because the hub is closed, each with the reason */
  closed: { item: T; problem: DiaryProblem }[];
  /** what goes ahead outside the diary on a coordinator's override (to record it on) */
  overridden: T[];
}

/**
 * Holds a request (one date or a series) to the hub's diary. A series goes ahead without the dates the hub is
 * closed on (listed); a date it is closed on, or a time outside its hours, is refused (422 naming the hours)
 * unless a coordinator gives a reason to go ahead (`override`), which the caller records on what it makes.
 */
export function keepToDiary<T>(
  hub: HubDiary | undefined,
  items: T[],
  span: (t: T) => LocalSpan,
  opts: { series: boolean; override?: string | undefined; mayOverride: boolean; field: string },
): DiaryOutcome<T> {
  if (opts.override !== undefined && !opts.mayOverride) {
    throw new Forbidden('Only the hub’s coordinators can go ahead outside its opening hours or on a day it is closed.');
  }
  if (!hub || !items.length) return { keep: items, closed: [], overridden: [] };
  const checked = items.map((item) => ({ item, problem: diaryProblem(hub, span(item)) }));
  const closed = opts.series ? checked.filter((c) => c.problem?.rule === 'hub_closed') : [];
  const rest = checked.filter((c) => !closed.includes(c));
  if (!rest.length) {
    throw diaryRefusal(
      `${hub.name} is closed on every date asked for: ${closed.map((c) => c.problem!.message).join(' ')}`,
      'hub_closed',
      opts.field,
      closed.map((c) => c.problem!),
    );
  }
  const against = rest.filter((c) => c.problem).map((c) => c.problem!);
  if (against.length && opts.override === undefined) {
    const first = against[0]!;
    const also = against.length > 1 ? ` That is so on ${against.length} of the dates asked for.` : '';
    throw diaryRefusal(`${first.message}${also} Choose a time when the hub is open${opts.mayOverride ? ', or give a reason to go ahead anyway' : ''}.`, first.rule, opts.field, against);
  }
  return {
    keep: rest.map((c) => c.item),
    closed: closed.map((c) => ({ item: c.item, problem: c.problem! })),
    overridden: rest.filter((c) => c.problem).map((c) => c.item),
  };
}

const diaryRefusal = (message: string, rule: DiaryRule, field: string, problems: DiaryProblem[]) =>
  new DomainError(422, 'Not possible', message, {
    code: rule,
    errors: [{ field, rule, message }],
    dates: problems.map((p) => ({ localDate: p.localDate, rule: p.rule, reason: p.message })),
  });

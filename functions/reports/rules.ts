import { isBankHoliday } from '../lib/holidays';
import { londonDate } from '../sessions/rules';
import { type Column, type GapRow, type ReportKind, type Row, smallNumberThreshold } from './schema';

/**
 * The reports' decisions, pure: what each source item contributes to the aggregates, and how the figures,
 * their suppression and the gaps are worked out from them.
 */

export type Counters = Record<string, number>;

/** One aggregate cell: a month and a cell name (data.ts turns them into keys), what it is about, its counters. */
export interface CellDraft {
  month: string;
  cell: string;
  meta: CellMeta;
  counters: Counters;
}

export type CellMeta =
  | {
      kind: 'activity';
      hubId?: string;
      activityId: string;
      activityTitle: string;
      organisationId: string;
      priorities: string[];
      /** day cells only (see dayCell): the session's London date, start and id */
      localDate?: string;
      startsAt?: string;
      sessionId?: string;
    }
  | { kind: 'volunteering'; hubId?: string; organisationId?: string; ownerKind: string; ownerId: string }
  | { kind: 'referral'; source: string; status: string; priority?: string };

/** A stored cell as the report reads it. */
export interface Cell {
  month: string;
  meta: CellMeta;
  counters: Counters;
}

/** Every counter a cell can hold (each a top-level number attribute on the cell item). */
export const counterNames = [
  'sessions',
  'sessionsCancelled',
  'placesOffered',
  'reserved',
  'waitlisted',
  'attended',
  'noShows',
  'cancelledLate',
  'leftEarly',
  'walkIns',
  'referred',
  'referralsBooked',
  'referralsAttended',
  'referralsUnplaced',
  'ons4Pairs',
  'ons4LifeSatisfaction',
  'ons4Worthwhile',
  'ons4Happiness',
  'ons4Anxiety',
  'volunteerHours',
  'volunteerEntries',
  'contactedInTime',
  'declined',
  'declinedNoActivity',
  'placesReleased',
  'placesRefilled',
  'placesLeftEmpty',
  // reminders and replies: marks split by whether the activity asked people to confirm, places a NO freed
  'markedConfirmOn',
  'noShowsConfirmOn',
  'markedConfirmOff',
  'noShowsConfirmOff',
  'placesFreedByReply',
  'placesRefilledAfterReply',
] as const;
/** How place checks were asked, each with its counters checksAsked<Channel>, checksYes.., checksNo.., checksNoAnswer.. */
export const checkChannels = ['text', 'email', 'phone', 'letter'] as const;
export type CheckChannel = (typeof checkChannels)[number];
export const checkOutcomes = ['Asked', 'Yes', 'No', 'NoAnswer'] as const;
export const checkCounter = (outcome: (typeof checkOutcomes)[number], channel: CheckChannel) => `checks${outcome}${channel[0]!.toUpperCase()}${channel.slice(1)}`;
const checkCounterNames = checkChannels.flatMap((ch) => checkOutcomes.map((o) => checkCounter(o, ch)));
/** Referrals that reached a first attended session, by whole days from referral to it: attendDays<n> (a histogram, so months add up and a median can be read). */
export const attendDaysPrefix = 'attendDays';
export const isCounter = (name: string) => (counterNames as readonly string[]).includes(name) || checkCounterNames.includes(name) || /^attendDays\d+$/.test(name);
/** A first contact within this many working days (Monday to Friday, not bank holidays) counts as in time. */
export const contactWorkingDays = 5;
/** The share of referrals reaching a first attended session that schemes aim for (shown against the funnel). */
export const attendedGoalPercent = 40;
/** The share of bookings for free events usually not turned up to (shown as a reference beside the no-show rate). */
export const noShowBaselinePercent = { low: 20, high: 25 } as const;

// ---------- cell names ----------

const noHub = '-';
export const activityCell = (hubId: string | undefined, activityId: string) => `HUB#${hubId ?? noHub}#ACT#${activityId}`;
export const volunteeringCell = (hubId: string | undefined, ownerKind: string, ownerId: string) => `HUB#${hubId ?? noHub}#VOL#${ownerKind}#${ownerId}`;
export const referralCell = (source: string, status: string) => `REF#ALL#${source}#${status}`;
export const referralPriorityCell = (priority: string, source: string, status: string) => `REF#PRI#${priority}#${source}#${status}`;
/**
 * A session's own cell, beside its month's (data.ts keeps these in a partition per month): named by date and
 * start so a report can count what has started by now, and a custom range whole days, with one key range.
 */
export const dayCellPrefix = 'DAY#';
export const dayCell = (localDate: string, startsAt: string, hubId: string | undefined, activityId: string) => `${dayCellPrefix}${localDate}#${startsAt}#HUB#${hubId ?? noHub}#ACT#${activityId}`;
/** Day cells of sessions that started before this instant sort before this name. */
export const startedBefore = (localDate: string, instant: string) => `${dayCellPrefix}${localDate}#${instant}`;
/** The cell names of one hub's cells begin with this. */
export const hubCellPrefix = (hubId: string) => `HUB#${hubId}#`;

export const monthOfDate = (localDate: string) => localDate.slice(0, 7);
export const londonMonth = (instant: string) => monthOfDate(londonDate(new Date(instant)));

// ---------- contributions ----------

/** The source items the reports count, by their `type`. */
export const countedTypes = ['Session', 'AttendanceMark', 'AttendanceWalkIn', 'Referral', 'VolunteerHours', 'PlaceCheck'] as const;
export const isCounted = (image: Record<string, unknown> | undefined) => !!image && (countedTypes as readonly unknown[]).includes(image.type);
/** Items whose cells carry the activity's priorities, which the item itself does not hold. */
export const needsActivity = (image: Record<string, unknown>) => image.type === 'Session' || image.type === 'AttendanceMark' || image.type === 'AttendanceWalkIn' || image.type === 'PlaceCheck';
/** Items counted by whether their activity asks people to confirm they are coming (its reminder settings, read when counted). */
export const needsConfirm = (image: Record<string, unknown>) => image.type === 'AttendanceMark';

/** What the consumer knows of an item's activity that the item does not hold. */
export interface ActivityFacts {
  priorities: string[];
  /** the activity asks people to confirm they are coming (read for marks only) */
  confirm?: boolean;
}

export const unplacedStatuses = ['received', 'contacted', 'plan-agreed'];

type Image = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

/**
 * What a source item, as it stands, adds to the aggregates: cell by cell (keyed `<month>|<cell>`).
 * The consumer keeps the last contribution applied per source item and adds only the difference, so a
 * correction moves a count from one figure to another and a repeat adds nothing.
 */
export function contributionOf(image: Image, activity?: ActivityFacts): Record<string, CellDraft> {
  const out: Record<string, CellDraft> = {};
  const add = (d: Omit<CellDraft, 'counters'>, counters: Counters) => {
    const nonZero = Object.fromEntries(Object.entries(counters).filter(([, n]) => n !== 0));
    if (Object.keys(nonZero).length) out[`${d.month}|${d.cell}`] = { ...d, counters: nonZero };
  };
  const activityMeta = (): CellMeta => ({
    kind: 'activity',
    ...(str(image.hubId) ? { hubId: str(image.hubId)! } : {}),
    activityId: String(image.activityId),
    activityTitle: String(image.activityTitle ?? ''),
    organisationId: String(image.organisationId ?? ''),
    priorities: [...(activity?.priorities ?? [])].sort(),
  });
  const activityDraft = (localDate: string) => ({ month: monthOfDate(localDate), cell: activityCell(str(image.hubId), String(image.activityId)), meta: activityMeta() });
  /** an activity's counters go to its month cell and to its session's day cell */
  const addActivity = (counters: Counters) => {
    // a place check holds its session's start only
    const localDate = str(image.localDate) ?? londonDate(new Date(String(image.startsAt)));
    add(activityDraft(localDate), counters);
    const startsAt = str(image.startsAt) ?? '';
    const sessionId = image.type === 'Session' ? str(image.id) : str(image.sessionId);
    const meta = { ...activityMeta(), localDate, ...(startsAt ? { startsAt } : {}), ...(sessionId ? { sessionId } : {}) } as CellMeta;
    add({ month: monthOfDate(localDate), cell: dayCell(localDate, startsAt, str(image.hubId), String(image.activityId)), meta }, counters);
  };

  switch (image.type) {
    case 'Session': {
      if (image.status === 'cancelled') addActivity({ sessionsCancelled: 1 });
      else
        addActivity({ sessions: 1, placesOffered: num(image.capacity), reserved: num(image.confirmed), waitlisted: num(image.waitlisted), ...releasedPlaces(image), ...placesFreedByReplies(image) });
      break;
    }
    case 'AttendanceMark': {
      if (image.role === 'volunteer') break; // volunteers are counted by their hours
      const s = image.status;
      const marked = s === 'attended' || s === 'left-early' || s === 'no-show' ? 1 : 0;
      const noShow = s === 'no-show' ? 1 : 0;
      const on = activity?.confirm === true;
      addActivity({
        attended: s === 'attended' || s === 'left-early' ? 1 : 0,
        leftEarly: s === 'left-early' ? 1 : 0,
        noShows: noShow,
        cancelledLate: s === 'cancelled-late' ? 1 : 0,
        ...(on ? { markedConfirmOn: marked, noShowsConfirmOn: noShow } : { markedConfirmOff: marked, noShowsConfirmOff: noShow }),
      });
      break;
    }
    case 'PlaceCheck': {
      // counted beside its activity's other figures, which need the organisation (checks asked before it was kept are not counted)
      if (!str(image.organisationId)) break;
      addActivity(placeCheckCounters(image));
      break;
    }
    case 'AttendanceWalkIn':
      addActivity({ walkIns: num(image.attendees ?? image.count) });
      break;
    case 'VolunteerHours': {
      if (image.status !== 'approved') break;
      const ownerKind = String(image.ownerKind);
      const ownerId = String(image.ownerId);
      const hubId = ownerKind === 'hub' ? ownerId : undefined;
      const meta: CellMeta = { kind: 'volunteering', ownerKind, ownerId, ...(hubId ? { hubId } : { organisationId: ownerId }) };
      add({ month: monthOfDate(String(image.date)), cell: volunteeringCell(hubId, ownerKind, ownerId), meta }, { volunteerHours: num(image.hours), volunteerEntries: 1 });
      break;
    }
    case 'Referral': {
      const month = londonMonth(String(image.createdAt));
      const source = String(image.source);
      const status = String(image.status);
      const counters = referralCounters(image);
      add({ month, cell: referralCell(source, status), meta: { kind: 'referral', source, status } }, counters);
      for (const priority of new Set((image.reasons as string[] | undefined) ?? [])) {
        add({ month, cell: referralPriorityCell(priority, source, status), meta: { kind: 'referral', source, status, priority } }, counters);
      }
      break;
    }
  }
  return out;
}

/**
 * What became of the places given back by cancellations: places are alike, so a released place counts as
 * left empty while the session has a free place for it, and as refilled (from the waiting list or by a new
 * booking) once the free places are fewer than the places released.
 */
export function releasedPlaces(session: Image): Counters {
  const released = num(session.placesReleased);
  const free = Math.max(0, num(session.capacity) - num(session.confirmed));
  const leftEmpty = Math.min(released, free);
  return { placesReleased: released, placesRefilled: released - leftEmpty, placesLeftEmpty: leftEmpty };
}

/**
 * Places a NO to "are you still coming?" gave back, and how many of them people on the waiting list took:
 * places are alike, so as many as the waiting list holds at the session, up to the places freed by replies.
 */
export function placesFreedByReplies(session: Image): Counters {
  const freed = num(session.placesFreedByReply);
  return { placesFreedByReply: freed, placesRefilledAfterReply: Math.min(freed, Math.max(0, num(session.placesFromWaitlist))) };
}

/** How a place check was asked (checks made before that was kept: by text when a number was asked, else email). */
export const channelOf = (check: Image): CheckChannel => {
  const c = str(check.channel);
  return (checkChannels as readonly string[]).includes(c ?? '') ? (c as CheckChannel) : str(check.phone) ? 'text' : 'email';
};

/**
 * One place check, by the channel it was asked by: asked; answered YES or NO by the reply-by time; or not
 * answered by then (the deadline freed or flagged it, or the answer came after). One still open adds to asked only.
 */
export function placeCheckCounters(check: Image): Counters {
  const channel = channelOf(check);
  const state = str(check.state);
  const answeredAt = str(check.answeredAt);
  const inTime = !!answeredAt && answeredAt <= String(check.replyBy);
  const answered = (state === 'yes' || state === 'no') && inTime;
  const unanswered = state === 'flagged' || state === 'freed' || state === 'lapsing' || ((state === 'yes' || state === 'no') && !inTime);
  return {
    [checkCounter('Asked', channel)]: 1,
    [checkCounter('Yes', channel)]: answered && state === 'yes' ? 1 : 0,
    [checkCounter('No', channel)]: answered && state === 'no' ? 1 : 0,
    [checkCounter('NoAnswer', channel)]: unanswered ? 1 : 0,
  };
}

function referralCounters(r: Image): Counters {
  const events = (r.events as { status?: string; at?: string }[] | undefined) ?? [];
  const reached = (status: string) => r.status === status || events.some((e) => e.status === status);
  const firstAt = (statuses: string[]) => events.find((e) => e.status && statuses.includes(e.status) && e.at)?.at;
  const bookings = (r.bookings as unknown[] | undefined) ?? [];
  const start = r.ons4Start as Record<string, number> | undefined;
  const end = r.ons4End as Record<string, number> | undefined;
  const pair = !!(start && end);
  const change = (q: string) => (pair ? num(end![q]) - num(start![q]) : 0);
  const createdAt = String(r.createdAt);
  // a first contact: the first move past received (or the referral made with the person there)
  const contactedAt =
    firstAt(['contacted', 'plan-agreed', 'connected', 'attended', 'closed']) ??
    (r.status !== 'received' && r.status !== 'declined' && r.status !== 'unable-to-contact' && !events.length ? createdAt : undefined);
  const attendedAt = firstAt(['attended']);
  const days = attendedAt ? Math.max(0, Math.min(365, daysBetween(londonDate(new Date(createdAt)), londonDate(new Date(attendedAt))))) : undefined;
  const declined = r.status === 'declined';
  return {
    referred: 1,
    contactedInTime: contactedAt && workingDaysBetween(londonDate(new Date(createdAt)), londonDate(new Date(contactedAt))) <= contactWorkingDays ? 1 : 0,
    referralsBooked: bookings.length > 0 || reached('connected') || reached('attended') ? 1 : 0,
    referralsAttended: reached('attended') ? 1 : 0,
    referralsUnplaced: unplacedStatuses.includes(String(r.status)) ? 1 : 0,
    ons4Pairs: pair ? 1 : 0,
    ons4LifeSatisfaction: change('lifeSatisfaction'),
    ons4Worthwhile: change('worthwhile'),
    ons4Happiness: change('happiness'),
    ons4Anxiety: change('anxiety'),
    declined: declined ? 1 : 0,
    declinedNoActivity: declined && isNoSuitableActivity(str(r.declinedReason)) ? 1 : 0,
    ...(days !== undefined ? { [`${attendDaysPrefix}${days}`]: 1 } : {}),
  };
}

/** A declined referral's reason, in the link worker's words, read for "no suitable activity" (the gap that matters for planning). */
export const isNoSuitableActivity = (reason: string | undefined) => !!reason && /no suitable|nothing suitable|no (activity|activities|group)|nothing (nearby|available|on)/i.test(reason);

const dayNumber = (localDate: string) => Date.UTC(Number(localDate.slice(0, 4)), Number(localDate.slice(5, 7)) - 1, Number(localDate.slice(8, 10))) / 86_400_000;
export const daysBetween = (from: string, to: string) => dayNumber(to) - dayNumber(from);

/** Working days after `from` up to and including `to` (Monday to Friday, bank holidays left out): the same day is 0. */
export function workingDaysBetween(from: string, to: string): number {
  let n = 0;
  for (let d = dayNumber(from) + 1; d <= dayNumber(to); d++) {
    const date = new Date(d * 86_400_000);
    const day = date.getUTCDay();
    if (day !== 0 && day !== 6 && !isBankHoliday(date.toISOString().slice(0, 10))) n++;
  }
  return n;
}

/** The median of a histogram of whole days (attendDays<n> counters): null when it holds nobody. */
export function medianDays(c: Counters): number | null {
  const entries = Object.entries(c)
    .filter(([k, v]) => k.startsWith(attendDaysPrefix) && v > 0)
    .map(([k, v]) => [Number(k.slice(attendDaysPrefix.length)), v] as const)
    .sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((t, [, v]) => t + v, 0);
  if (!n) return null;
  const at = (i: number) => {
    let seen = 0;
    for (const [d, v] of entries) if ((seen += v) > i) return d;
    return entries.at(-1)![0];
  };
  return n % 2 ? at((n - 1) / 2) : (at(n / 2 - 1) + at(n / 2)) / 2;
}

/** The counters to add, cell by cell, to move the aggregates from the contribution applied to the new one. */
export function differenceOf(applied: Record<string, Counters>, next: Record<string, CellDraft>): { id: string; draft?: CellDraft; add: Counters }[] {
  const ids = new Set([...Object.keys(applied), ...Object.keys(next)]);
  const out: { id: string; draft?: CellDraft; add: Counters }[] = [];
  for (const id of ids) {
    const before = applied[id] ?? {};
    const after = next[id]?.counters ?? {};
    const add: Counters = {};
    for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) {
      const d = (after[name] ?? 0) - (before[name] ?? 0);
      if (d !== 0) add[name] = d;
    }
    if (Object.keys(add).length) out.push({ id, ...(next[id] ? { draft: next[id] } : {}), add });
  }
  return out;
}

export const countersOf = (contribution: Record<string, CellDraft>): Record<string, Counters> => Object.fromEntries(Object.entries(contribution).map(([id, d]) => [id, d.counters]));

/** Stream sequence numbers are decimal strings of varying length: padded, they compare as strings. */
export const sequenceOrder = (sequenceNumber: string) => sequenceNumber.padStart(40, '0');

// ---------- months ----------

export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = from.split('-').map(Number) as [number, number];
  const [ty, tm] = to.split('-').map(Number) as [number, number];
  while (y < ty || (y === ty && m <= tm)) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    if (++m > 12) (m = 1), y++;
  }
  return out;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
export const monthLabel = (month: string) => `${monthNames[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;

// ---------- figures ----------

interface ColumnDef extends Omit<Column, 'definition'> {
  /** people counts this figure rests on: it is suppressed when any of them is 1 to 4 */
  basis: string[];
  value(c: Counters, ratePence: number): number | null;
}

const get = (c: Counters, k: string) => c[k] ?? 0;
const percent = (n: number, d: number) => (d > 0 ? Math.round((1000 * n) / d) / 10 : null);
const average = (sum: number, n: number) => (n > 0 ? Math.round((100 * sum) / n) / 100 : null);
const count = (key: string, label: string, people = true): ColumnDef => ({ key, label, unit: 'count', people, basis: people ? [key] : [], value: (c) => get(c, key) });
const ons4 = (key: string, label: string): ColumnDef => ({
  key: `${key}Change`,
  label,
  unit: 'score',
  people: true,
  basis: ['ons4Pairs'],
  value: (c) => average(get(c, key), get(c, 'ons4Pairs')),
});

const columnList: ColumnDef[] = [
  count('sessions', 'Sessions run', false),
  count('sessionsCancelled', 'Sessions cancelled', false),
  count('placesOffered', 'Places offered', false),
  count('reserved', 'Places reserved'),
  { key: 'placesFree', label: 'Places not taken', unit: 'count', people: false, basis: ['reserved'], value: (c) => Math.max(0, get(c, 'placesOffered') - get(c, 'reserved')) },
  { key: 'fillRate', label: 'Places taken (%)', unit: 'percent', people: false, basis: ['reserved'], value: (c) => percent(get(c, 'reserved'), get(c, 'placesOffered')) },
  count('attended', 'Attended'),
  count('noShows', 'No-shows'),
  count('cancelledLate', 'Cancelled late'),
  count('leftEarly', 'Left early'),
  count('walkIns', 'Walk-ins'),
  { key: 'attendanceRate', label: 'Turned up (%)', unit: 'percent', people: false, basis: ['attended', 'noShows'], value: (c) => percent(get(c, 'attended'), get(c, 'attended') + get(c, 'noShows')) },
  { key: 'noShowRate', label: 'No-shows (%)', unit: 'percent', people: false, basis: ['attended', 'noShows'], value: (c) => percent(get(c, 'noShows'), get(c, 'attended') + get(c, 'noShows')) },
  count('placesReleased', 'Places given back'),
  count('placesRefilled', 'Places given back and taken again'),
  // released less refilled: hidden wherever either is, so it never gives one of them away
  { key: 'placesLeftEmpty', label: 'Places given back and left empty', unit: 'count', people: false, basis: ['placesReleased', 'placesRefilled'], value: (c) => get(c, 'placesLeftEmpty') },
  count('waitlisted', 'Waiting list at session time'),
  count('referred', 'Referrals'),
  count('referralsBooked', 'Referrals booked'),
  count('referralsAttended', 'Referrals attended'),
  { key: 'bookedRate', label: 'Referred to booked (%)', unit: 'percent', people: false, basis: ['referred', 'referralsBooked'], value: (c) => percent(get(c, 'referralsBooked'), get(c, 'referred')) },
  {
    key: 'attendedRate',
    label: 'Referred to attended (%)',
    unit: 'percent',
    people: false,
    basis: ['referred', 'referralsAttended'],
    value: (c) => percent(get(c, 'referralsAttended'), get(c, 'referred')),
  },
  count('referralsUnplaced', 'Referrals not yet placed'),
  count('contactedInTime', `Contacted within ${contactWorkingDays} working days`),
  {
    key: 'contactedRate',
    label: `Contacted within ${contactWorkingDays} working days (%)`,
    unit: 'percent',
    people: false,
    basis: ['referred', 'contactedInTime'],
    value: (c) => percent(get(c, 'contactedInTime'), get(c, 'referred')),
  },
  { key: 'medianDaysToAttend', label: 'Median days from referral to first session', unit: 'days', people: false, basis: ['referralsAttended'], value: (c) => medianDays(c) },
  count('declined', 'Declined'),
  count('declinedNoActivity', 'Declined: no suitable activity'),
  count('ons4Pairs', 'Wellbeing scored before and after'),
  ons4('ons4LifeSatisfaction', 'Change in life satisfaction (0-10)'),
  ons4('ons4Worthwhile', 'Change in feeling worthwhile (0-10)'),
  ons4('ons4Happiness', 'Change in happiness (0-10)'),
  ons4('ons4Anxiety', 'Change in anxiety (0-10, lower is better)'),
  { key: 'volunteerHours', label: 'Volunteer hours', unit: 'hours', people: false, basis: ['volunteerEntries'], value: (c) => Math.round(get(c, 'volunteerHours') * 100) / 100 },
  { key: 'volunteerValuePence', label: 'Value of volunteer hours (pence)', unit: 'pence', people: false, basis: ['volunteerEntries'], value: (c, rate) => Math.round(get(c, 'volunteerHours') * rate) },
  // reminders and replies. The two halves of the marks add up to figures shown elsewhere (attended and
  // no-shows), so each half rests on both: hiding one hides the other.
  { key: 'markedConfirmOn', label: 'Places marked, asked to confirm', unit: 'count', people: true, basis: ['markedConfirmOn', 'markedConfirmOff'], value: (c) => get(c, 'markedConfirmOn') },
  {
    key: 'noShowRateConfirmOn',
    label: 'No-shows (%), asked to confirm',
    unit: 'percent',
    people: false,
    basis: ['markedConfirmOn', 'markedConfirmOff', 'noShowsConfirmOn', 'noShowsConfirmOff'],
    value: (c) => percent(get(c, 'noShowsConfirmOn'), get(c, 'markedConfirmOn')),
  },
  { key: 'markedConfirmOff', label: 'Places marked, not asked', unit: 'count', people: true, basis: ['markedConfirmOn', 'markedConfirmOff'], value: (c) => get(c, 'markedConfirmOff') },
  {
    key: 'noShowRateConfirmOff',
    label: 'No-shows (%), not asked',
    unit: 'percent',
    people: false,
    basis: ['markedConfirmOn', 'markedConfirmOff', 'noShowsConfirmOn', 'noShowsConfirmOff'],
    value: (c) => percent(get(c, 'noShowsConfirmOff'), get(c, 'markedConfirmOff')),
  },
  count('placesFreedByReply', 'Places freed by a reply of No'),
  count('placesRefilledAfterReply', 'Of those, taken from the waiting list'),
  // one channel's checks (see channelRow): asked, and the three ways they ended, which add up to it
  count('checksAsked', 'Asked'),
  { key: 'checksYes', label: 'Answered Yes', unit: 'count', people: true, basis: ['checksYes', 'checksNo', 'checksNoAnswer'], value: (c) => get(c, 'checksYes') },
  { key: 'checksNo', label: 'Answered No', unit: 'count', people: true, basis: ['checksYes', 'checksNo', 'checksNoAnswer'], value: (c) => get(c, 'checksNo') },
  { key: 'checksNoAnswer', label: 'No answer by the deadline', unit: 'count', people: true, basis: ['checksYes', 'checksNo', 'checksNoAnswer'], value: (c) => get(c, 'checksNoAnswer') },
  {
    key: 'replyRate',
    label: 'Answered by the deadline (%)',
    unit: 'percent',
    people: false,
    basis: ['checksAsked', 'checksYes', 'checksNo', 'checksNoAnswer'],
    value: (c) => percent(get(c, 'checksYes') + get(c, 'checksNo'), get(c, 'checksAsked')),
  },
];
/** What each figure counts, in plain words, shown beside it. */
export const definitions: Record<string, string> = {
  sessions: 'Sessions that have started by now in the period, not counting cancelled ones. Sessions still to come are counted under booked ahead, not here.',
  sessionsCancelled: 'Sessions in the period that were called off.',
  placesOffered: "The places at the sessions run: each session's capacity, added up.",
  reserved: 'Places taken: confirmed bookings for the sessions run. People on waiting lists are not counted.',
  attended: 'People with a booking marked on the register as came (including those who left early).',
  noShows: 'People with a booking marked on the register as did not come and did not cancel.',
  cancelledLate: 'Bookings cancelled too late for the place to go to someone else, as marked on the register.',
  leftEarly: 'People marked as having left early. They are counted in attended too.',
  walkIns: 'People who came without booking, counted on the register.',
  waitlisted: "People still on a session's waiting list when it started: they wanted a place and did not get one.",
  referred: 'Referrals received in the period, counted in the month they arrived.',
  referralsBooked: 'Referrals received in the period where the person has been booked a place (or connected to an activity).',
  referralsAttended: 'Referrals received in the period where the person has gone to at least one session.',
  referralsUnplaced: 'Referrals received in the period still waiting for a place: received, contacted or with a plan agreed.',
  ons4Pairs: 'People whose wellbeing (the four ONS questions) was scored both at the start and at the end.',
  placesFree: 'Places at the sessions run that nobody had booked.',
  fillRate: 'Places reserved as a share of places offered.',
  attendanceRate: 'Attended as a share of attended and no-shows together.',
  noShowRate: `No-shows as a share of the bookings marked on the register (attended and no-shows together). Free events usually see ${noShowBaselinePercent.low}% to ${noShowBaselinePercent.high}%.`,
  placesReleased: 'Places people had booked and then cancelled, for the sessions run: places given back for someone else.',
  placesRefilled: 'Places given back that someone else took before the session started: from the waiting list or by a new booking.',
  placesLeftEmpty: 'Places given back that were still empty when the session started.',
  bookedRate: 'Referrals booked as a share of referrals received.',
  attendedRate: 'Referrals attended as a share of referrals received.',
  ons4LifeSatisfactionChange: 'The average change from the first score to the last, for the people scored twice. Higher is better.',
  ons4WorthwhileChange: 'The average change from the first score to the last, for the people scored twice. Higher is better.',
  ons4HappinessChange: 'The average change from the first score to the last, for the people scored twice. Higher is better.',
  ons4AnxietyChange: 'The average change from the first score to the last, for the people scored twice. Lower is better: a fall is good.',
  volunteerHours: 'Hours volunteers logged and a coordinator approved, on the dates they gave them.',
  volunteerValuePence: 'Volunteer hours multiplied by the value of an hour shown.',
  contactedInTime: `Referrals where a link worker first reached the person within ${contactWorkingDays} working days (Monday to Friday, not bank holidays) of the referral arriving.`,
  contactedRate: `Referrals contacted within ${contactWorkingDays} working days as a share of referrals received.`,
  medianDaysToAttend: 'For the referrals that reached a first session: the middle number of days from referral to that session (half took fewer, half more).',
  declined: 'Referrals received in the period that the person declined, or that were declined for them.',
  declinedNoActivity: 'Declined referrals where the reason given was that no suitable activity was available: a gap in provision.',
  markedConfirmOn:
    'Marked places at activities that ask people to confirm they are coming: bookings marked on the register as came (including left early) or as a no-show. Cancelled late and walk-ins are not marked places.',
  noShowRateConfirmOn: 'No-shows as a share of the marked places, at activities that ask people to confirm they are coming (as the activity was set when the register was taken).',
  markedConfirmOff: 'Marked places at activities that do not ask people to confirm: bookings marked as came (including left early) or as a no-show.',
  noShowRateConfirmOff: 'No-shows as a share of the marked places, at activities that do not ask people to confirm.',
  placesFreedByReply: 'Places given back because the person answered No to "are you still coming?", by text, by the link in the email, or to the hub on the phone.',
  placesRefilledAfterReply:
    'Places freed by a reply of No that people on the waiting list took. Places are alike, so this is the places held by people from the waiting list when the session started, up to the places freed by replies.',
  checksAsked: 'Bookings asked "are you still coming?", by how the reminder went: text, email, a phone call from the hub, or a letter.',
  checksYes: 'Answered Yes, by the reply-by time.',
  checksNo: 'Answered No, by the reply-by time: the place was freed for someone else.',
  checksNoAnswer: 'No answer by the reply-by time: the place was freed or the coordinator told, as the activity chose (a later answer still counts here).',
  replyRate: 'Answered Yes or No by the reply-by time, as a share of those asked. Questions still open are counted as asked only.',
};
export const columns: Record<string, ColumnDef> = Object.fromEntries(columnList.map((c) => [c.key, c]));

export const kindColumns: Record<ReportKind, string[]> = {
  summary: ['sessions', 'placesOffered', 'reserved', 'attended', 'noShows', 'walkIns', 'waitlisted', 'referred', 'volunteerHours'],
  attendance: ['sessions', 'placesOffered', 'reserved', 'attended', 'noShows', 'cancelledLate', 'leftEarly', 'walkIns', 'attendanceRate'],
  capacity: ['sessions', 'sessionsCancelled', 'placesOffered', 'reserved', 'placesFree', 'fillRate', 'waitlisted', 'referralsUnplaced'],
  referrals: [
    'referred',
    'referralsBooked',
    'referralsAttended',
    'bookedRate',
    'attendedRate',
    'referralsUnplaced',
    'ons4Pairs',
    'ons4LifeSatisfactionChange',
    'ons4WorthwhileChange',
    'ons4HappinessChange',
    'ons4AnxietyChange',
  ],
  volunteering: ['volunteerHours', 'volunteerValuePence'],
  funder: [
    'sessions',
    'attended',
    'walkIns',
    'noShowRate',
    'referred',
    'referralsAttended',
    'attendedRate',
    'volunteerHours',
    'volunteerValuePence',
    'ons4Pairs',
    'ons4LifeSatisfactionChange',
    'ons4WorthwhileChange',
    'ons4HappinessChange',
    'ons4AnxietyChange',
  ],
  demand: ['sessions', 'reserved', 'attended', 'noShows', 'noShowRate', 'waitlisted', 'placesReleased', 'placesRefilled', 'placesLeftEmpty'],
  funnel: [
    'referred',
    'contactedInTime',
    'contactedRate',
    'referralsBooked',
    'bookedRate',
    'referralsAttended',
    'attendedRate',
    'medianDaysToAttend',
    'ons4Pairs',
    'ons4LifeSatisfactionChange',
    'ons4WorthwhileChange',
    'ons4HappinessChange',
    'ons4AnxietyChange',
    'declined',
    'declinedNoActivity',
  ],
};

/** The reminders and replies figures: by activity, and by how people were asked (see channelRows). */
export const reminderActivityColumns = ['markedConfirmOn', 'noShowRateConfirmOn', 'markedConfirmOff', 'noShowRateConfirmOff', 'placesFreedByReply', 'placesRefilledAfterReply'];
export const reminderChannelColumns = ['checksAsked', 'checksYes', 'checksNo', 'checksNoAnswer', 'replyRate'];
/** The kinds of report that carry the reminders and replies figures. */
export const reminderKinds: ReportKind[] = ['attendance', 'demand'];

/** One row per channel from summed counters: checksAsked<Channel> ... become checksAsked ... */
export const channelRows = (c: Counters): { channel: CheckChannel; counters: Counters }[] =>
  checkChannels.map((channel) => ({ channel, counters: Object.fromEntries(checkOutcomes.map((o) => [`checks${o}`, get(c, checkCounter(o, channel))])) }));

export const columnsOf = (kind: ReportKind): Column[] => columnsFor(kindColumns[kind]);
export const columnsFor = (keys: string[]): Column[] =>
  keys.map((k) => {
    const { key, label, unit, people } = columns[k]!;
    return { key, label, unit, people, definition: definitions[k] ?? '' };
  });

const isSmall = (n: number) => n > 0 && n < smallNumberThreshold;

/** The figures of one row: each column's value, or null where a count of fewer than 5 people shows through. */
export const figuresOf = (kind: ReportKind, c: Counters, ratePence: number, suppress: boolean) => figuresFor(kindColumns[kind], c, ratePence, suppress);
export function figuresFor(keys: string[], c: Counters, ratePence: number, suppress: boolean): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const key of keys) {
    const col = columns[key]!;
    out[key] = suppress && col.basis.some((b) => isSmall(get(c, b))) ? null : col.value(c, ratePence);
  }
  return out;
}

/**
 * The rows of one table (months, or hubs, or activities ...) and the total they add up to, with small numbers
 * protected so none can be worked out again: not by subtracting the figures shown from the total, nor from a
 * rate shown beside them.
 *
 * - Primary: a count of 1 to 4 people is hidden (for hours and their value, the count of entries behind them).
 * - Secondary: in each column's table, while the total less the figures shown would pin a hidden one (one
 *   hidden alone, or hidden ones that must all be 1, or all 4), the smallest figure still shown is hidden too.
 *   If the table has nothing left to hide, the column is hidden everywhere in the report (its total included).
 * - Derived figures (rates, places not taken, the value of hours, averages) are hidden wherever a count they
 *   rest on is.
 * Every table shares the one total, so each is protected against it on its own.
 */
export const protectedFigures = (kind: ReportKind, tables: Counters[][], total: Counters, ratePence: number) => protectedFor(kindColumns[kind], tables, total, ratePence);
export function protectedFor(keys: string[], tables: Counters[][], total: Counters, ratePence: number): { tables: Record<string, number | null>[][]; total: Record<string, number | null> } {
  const bases = [...new Set(keys.flatMap((k) => columns[k]!.basis))];
  const everywhere = new Set<string>();
  const hiddenIn = tables.map((rows) => rows.map(() => new Set<string>()));
  for (const b of bases) {
    const t = get(total, b);
    tables.forEach((rows, ti) => {
      const hidden = secondary(
        rows.map((r) => get(r, b)),
        isSmall(t),
      );
      if (hidden === 'column') everywhere.add(b);
      else for (const i of hidden) hiddenIn[ti]![i]!.add(b);
    });
  }
  const shown = (c: Counters, hidden: Set<string>) => {
    const out: Record<string, number | null> = {};
    for (const key of keys) {
      const col = columns[key]!;
      out[key] = col.basis.some((b) => everywhere.has(b) || hidden.has(b)) ? null : col.value(c, ratePence);
    }
    return out;
  };
  const totalHidden = new Set(bases.filter((b) => isSmall(get(total, b))));
  return { tables: tables.map((rows, ti) => rows.map((r, i) => shown(r, hiddenIn[ti]![i]!))), total: shown(total, totalHidden) };
}

/**
 * Which figures of one column to hide (indexes), or 'column' when no choice of figures protects it. When the
 * total is itself hidden (small), nothing can be subtracted from it: the primary suppression is enough.
 */
function secondary(values: number[], totalHidden: boolean): number[] | 'column' {
  const hidden = values.flatMap((v, i) => (isSmall(v) ? [i] : []));
  if (!hidden.length || totalHidden) return hidden;
  const candidates = values
    .map((v, i) => ({ v, i }))
    .filter(({ v, i }) => v > 0 && !hidden.includes(i))
    .sort((a, b) => a.v - b.v || a.i - b.i);
  const sum = () => hidden.reduce((n, i) => n + values[i]!, 0);
  // The total less the figures shown gives the hidden ones' sum. It pins each of them when there is one, when
  // they sum to their number (all 1s), or when all are small and sum to the most they could be (all 4s).
  const pinned = () => hidden.length < 2 || sum() === hidden.length || (hidden.every((i) => isSmall(values[i]!)) && sum() === (smallNumberThreshold - 1) * hidden.length);
  while (pinned()) {
    const next = candidates.shift();
    if (!next) return 'column';
    hidden.push(next.i);
  }
  return hidden;
}

export function addInto(target: Counters, c: Counters): Counters {
  for (const [k, n] of Object.entries(c)) target[k] = (target[k] ?? 0) + n;
  return target;
}

/** Sums cells into rows, one per key a cell answers (a cell may count under several keys: an activity's priorities). */
export function sumBy(cells: Cell[], keysOf: (cell: Cell) => string[]): Map<string, Counters> {
  const rows = new Map<string, Counters>();
  for (const cell of cells) {
    for (const key of keysOf(cell)) rows.set(key, addInto(rows.get(key) ?? {}, cell.counters));
  }
  return rows;
}

export const sumAll = (cells: Cell[]): Counters => cells.reduce((acc, c) => addInto(acc, c.counters), {} as Counters);

export const toRows = (kind: ReportKind, sums: Map<string, Counters>, labelOf: (key: string) => string, ratePence: number, suppress: boolean): Row[] =>
  [...sums.entries()].map(([key, c]) => ({ key, label: labelOf(key), values: figuresOf(kind, c, ratePence, suppress) })).sort((a, b) => a.label.localeCompare(b.label));

// ---------- gaps ----------

export interface GapInput {
  key: string;
  priority: string;
  hubId?: string;
  counters: Counters;
}

/**
 * Where unmet demand (people left on waiting lists, referrals not yet placed) is more than the places
 * offered that nobody took: largest shortfall first. Ranked on the true figures; shown suppressed.
 */
export function rankGaps(rows: GapInput[], suppress: boolean): Omit<GapRow, 'priorityLabel' | 'hubName' | 'careCommunityId'>[] {
  const ranked = rows
    .map((r) => {
      const offered = get(r.counters, 'placesOffered');
      const free = Math.max(0, offered - get(r.counters, 'reserved'));
      const waitlisted = get(r.counters, 'waitlisted');
      const unplaced = get(r.counters, 'referralsUnplaced');
      return { r, offered, free, waitlisted, unplaced, unmet: waitlisted + unplaced, shortfall: waitlisted + unplaced - free };
    })
    .filter((g) => g.shortfall > 0)
    .sort((a, b) => b.shortfall - a.shortfall || b.unmet - a.unmet || a.r.key.localeCompare(b.r.key));
  const shown = (n: number) => (suppress && isSmall(n) ? null : n);
  return ranked.map((g) => ({
    key: g.r.key,
    priority: g.r.priority,
    ...(g.r.hubId ? { hubId: g.r.hubId } : {}),
    placesOffered: g.offered,
    placesFree: suppress && isSmall(get(g.r.counters, 'reserved')) ? null : g.free,
    waitlisted: shown(g.waitlisted),
    unplacedReferrals: shown(g.unplaced),
    // the sum of the two would give away a hidden part
    unmet: suppress && (isSmall(g.waitlisted) || isSmall(g.unplaced) || isSmall(g.unmet)) ? null : g.unmet,
    shortfall: suppress && (isSmall(g.waitlisted) || isSmall(g.unplaced) || isSmall(g.shortfall)) ? null : g.shortfall,
  }));
}

/**
 * The gaps by hub, protected as a table: a priority's hubs add up to its waiting list, so within each
 * priority, one hidden waiting list is never left for the total to give away (see protectedFigures).
 */
export function protectAreas<R extends { key: string; priority: string; waitlisted: number | null; unmet: number | null; shortfall: number | null }>(
  rows: R[],
  inputs: GapInput[],
  byPriority: Map<string, Counters>,
): R[] {
  const raw = new Map(inputs.map((i) => [i.key, get(i.counters, 'waitlisted')]));
  const hide = new Set<string>();
  for (const priority of new Set(rows.map((r) => r.priority))) {
    const mine = inputs.filter((i) => i.priority === priority);
    const values = mine.map((i) => raw.get(i.key) ?? 0);
    const hidden = secondary(values, isSmall(get(byPriority.get(priority) ?? {}, 'waitlisted')));
    for (const i of hidden === 'column' ? mine.map((_, n) => n) : hidden) hide.add(mine[i]!.key);
  }
  return rows.map((r) => (hide.has(r.key) ? { ...r, waitlisted: null, unmet: null, shortfall: null } : r));
}

// ---------- CSV ----------

/** How a hidden figure reads in a spreadsheet: the same for every one, so none says why it is hidden. */
export const suppressedMark = '[hidden]';

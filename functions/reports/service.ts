import { stringify } from 'csv-stringify/sync';
import { getHubs, getOrganisations, getPriorities, listCareCommunities, listHubs, listPriorities } from '../directory/data';
import { type Actor, hasRole, isAdmin } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Forbidden, InvalidInput } from '../lib/errors';
import { everyItem } from '../lib/pagination';
import { paths } from '../lib/paths';
import { statusLabels } from '../referrals/schema';
import { countReferralQueues } from '../referrals/service';
import { londonDate } from '../sessions/rules';
import { listShifts } from '../volunteers/service';
import { queryCells, queryDayCells } from './data';
import {
  addInto,
  addMonths,
  attendedGoalPercent,
  type Cell,
  type CheckChannel,
  type Counters,
  channelRows,
  columns,
  columnsFor,
  columnsOf,
  figuresFor,
  figuresOf,
  hubCellPrefix,
  kindColumns,
  monthLabel,
  monthOfDate,
  monthsBetween,
  noShowBaselinePercent,
  protectAreas,
  protectedFigures,
  protectedFor,
  rankGaps,
  reminderActivityColumns,
  reminderChannelColumns,
  reminderKinds,
  startedBefore,
  sumAll,
  sumBy,
} from './rules';
import {
  type ExportQuery,
  type GapsQuery,
  type GapsView,
  type Grouping,
  gapsAheadDays,
  maxMonths,
  type RemindersView,
  type ReportKind,
  type ReportQuery,
  type ReportView,
  type Row,
  smallNumberThreshold,
} from './schema';

/**
 * Reports and gaps, read from the aggregates (never the sessions, bookings or marks themselves); the gaps ahead
 * also list the shifts short of volunteers (volunteers' listShifts) and count the referral queues (referrals').
 * Who sees what: admins the whole partnership; coordinators their hubs; partners their organisations'
 * activities (and hours given to them); nobody else. Admins and coordinators (for their own hubs) see exact
 * figures: they run the service and already see the people behind them. Figures about fewer than 5 people
 * are suppressed (with the others that would give them away) for everyone else, and in anything asked for
 * "for publication".
 * What happened only: sessions (their places, bookings and marks) count once they have started by the
 * clock; later ones in the period are "booked ahead".
 */

interface Scope {
  partnership: boolean;
  hubIds: Set<string>;
  organisationIds: Set<string>;
}

/** Exact figures for admins, and for coordinators looking at their own hubs only (not a partner's activities too). */
const seesExact = (actor: Actor, scope: Scope) => scope.partnership || (hasRole(actor, 'coordinator') && !scope.organisationIds.size);

function scopeOf(actor: Actor): Scope {
  if (isAdmin(actor)) return { partnership: true, hubIds: new Set(), organisationIds: new Set() };
  const hubIds = new Set(hasRole(actor, 'coordinator') ? actor.hubIds : []);
  const organisationIds = new Set(hasRole(actor, 'partner') ? actor.organisationIds : []);
  if (!hubIds.size && !organisationIds.size) throw new Forbidden('Reports are for partnership admins, hub coordinators and partner organisations.');
  return { partnership: false, hubIds, organisationIds };
}

interface Filters {
  from?: string | undefined;
  to?: string | undefined;
  careCommunityId?: string | undefined;
  hubId?: string | undefined;
  priority?: string | undefined;
  source?: string | undefined;
  fromDate?: string | undefined;
  toDate?: string | undefined;
}

/** A period: whole months, or (a custom range) whole days, read as whole months plus the days at each end. */
interface Period {
  from: string;
  to: string;
  months: string[];
  days?: { from: string; to: string };
}

function periodOf(deps: AppDeps, f: Filters): Period {
  if (f.fromDate || f.toDate) {
    if (!f.fromDate || !f.toDate) {
      throw new InvalidInput([{ field: f.fromDate ? 'query.toDate' : 'query.fromDate', rule: 'required', message: 'give both the first and the last day of a custom range' }]);
    }
    if (f.fromDate > f.toDate) throw new InvalidInput([{ field: 'query.fromDate', rule: 'after_to', message: 'must not be after the last day' }]);
    const months = monthsBetween(monthOfDate(f.fromDate), monthOfDate(f.toDate));
    if (months.length > maxMonths) throw new InvalidInput([{ field: 'query.fromDate', rule: 'too_long', message: `the period must be at most ${maxMonths} months` }]);
    return { from: f.fromDate, to: f.toDate, months, days: { from: f.fromDate, to: f.toDate } };
  }
  const to = f.to ?? monthOfDate(londonDate(deps.clock.now()));
  const from = f.from ?? addMonths(to, -11);
  if (from > to) throw new InvalidInput([{ field: 'query.from', rule: 'after_to', message: 'must not be after to' }]);
  const months = monthsBetween(from, to);
  if (months.length > maxMonths) throw new InvalidInput([{ field: 'query.from', rule: 'too_long', message: `the period must be at most ${maxMonths} months` }]);
  return { from, to, months };
}

const lastDayOf = (month: string) => new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).toISOString().slice(0, 10);
/** The days of a month a custom range covers, when not the whole month. */
function partOf(month: string, days: Period['days']): { from: string; to: string } | undefined {
  if (!days) return undefined;
  const from = days.from > `${month}-01` ? days.from : `${month}-01`;
  const to = days.to < lastDayOf(month) ? days.to : lastDayOf(month);
  return from === `${month}-01` && to === lastDayOf(month) ? undefined : { from, to };
}

/** The hubs a filter names (one hub, or a care community's), or undefined for no hub filter. */
async function hubFilter(deps: AppDeps, scope: Scope, f: Filters): Promise<Set<string> | undefined> {
  if (f.hubId && !scope.partnership && !scope.hubIds.has(f.hubId) && !scope.organisationIds.size) {
    throw new Forbidden('You can see reports for the hubs you coordinate only.');
  }
  if (f.hubId) return new Set([f.hubId]);
  if (!f.careCommunityId) return undefined;
  const hubs = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await listHubs(deps.db, f.careCommunityId, 100, cursor);
    for (const h of page.items) hubs.add(h.id);
    cursor = page.nextCursor;
  } while (cursor);
  return hubs;
}

/** The cells a report may count, split by what they are about. */
interface Selection {
  /** activity and volunteering cells in scope and filter */
  units: Cell[];
  /** referral cells counted once per referral (all reasons, or the one reason filtered on) */
  referrals: Cell[];
  /** referral cells by reason (for figures by priority) */
  referralsByReason: Cell[];
  /** activity cells of sessions in the period that have not started yet */
  ahead: Cell[];
  notes: string[];
}

/**
 * The cells behind a period, as of now: whole months before this one from their month cells; this month's
 * sessions from their day cells, split at now into started and not yet; later months' sessions all ahead.
 */
async function readCells(deps: AppDeps, period: Period, prefixes: Set<string> | undefined): Promise<{ cells: Cell[]; ahead: Cell[] }> {
  const now = deps.clock.now();
  const today = londonDate(now);
  const thisMonth = monthOfDate(today);
  const { months } = period;
  // months read session by session: this one (split at now) and the part-months at the ends of a custom range
  const byDay = new Map(
    months.flatMap((m) => {
      const part = partOf(m, period.days);
      return part || m === thisMonth ? [[m, part ?? { from: `${m}-01`, to: lastDayOf(m) }] as const] : [];
    }),
  );
  const reads = months.flatMap((m) => (prefixes && prefixes.size <= 3 ? [...prefixes].map((h) => queryCells(deps.db, m, hubCellPrefix(h))) : [queryCells(deps.db, m)]));
  const dayReads = [...byDay].map(([m, part]) => queryDayCells(deps.db, m, { from: startedBefore(part.from, ''), before: startedBefore(part.to, '~') }));
  const [monthCells, dayCells] = await Promise.all([Promise.all(reads).then((r) => r.flat()), Promise.all(dayReads).then((r) => r.flat())]);
  const cut = startedBefore(today, now.toISOString());
  const cells: Cell[] = [];
  const ahead: Cell[] = [];
  for (const c of monthCells) {
    if (c.meta.kind !== 'activity') cells.push(c);
    else if (byDay.has(c.month)) continue;
    else (c.month < thisMonth ? cells : ahead).push(c);
  }
  for (const c of dayCells) {
    const m = c.meta as { localDate?: string; startsAt?: string; hubId?: string };
    if (prefixes && !prefixes.has(m.hubId ?? '')) continue;
    (startedBefore(m.localDate ?? '', m.startsAt ?? '') <= cut ? cells : ahead).push(c);
  }
  return { cells, ahead };
}

async function select(deps: AppDeps, scope: Scope, f: Filters, period: Period): Promise<Selection> {
  const hubs = await hubFilter(deps, scope, f);
  // Only a coordinator's own hubs (or one hub asked for) are read by prefix; otherwise whole months.
  const prefixes = hubs ?? (!scope.partnership && !scope.organisationIds.size ? scope.hubIds : undefined);
  const { cells, ahead } = await readCells(deps, period, prefixes);

  const inScope = (c: Cell) => {
    const m = c.meta as { hubId?: string; organisationId?: string };
    if (scope.partnership) return true;
    return (!!m.hubId && scope.hubIds.has(m.hubId)) || (!!m.organisationId && scope.organisationIds.has(m.organisationId));
  };
  const inHubs = (c: Cell) => !hubs || hubs.has((c.meta as { hubId?: string }).hubId ?? '');
  const wanted = (c: Cell) => {
    if (c.meta.kind === 'referral' || !inScope(c) || !inHubs(c)) return false;
    if (!f.priority) return true;
    return c.meta.kind === 'activity' && c.meta.priorities.includes(f.priority);
  };
  const units = cells.filter(wanted);
  const notes: string[] = [];
  if (period.days && period.months.some((m) => partOf(m, period.days))) {
    notes.push('Sessions, places, bookings and attendance count the exact days chosen. Referrals and volunteer hours are kept by month, so they count the whole of the first and last months.');
  }
  const referralsCounted = scope.partnership && !hubs;
  if (!scope.partnership) notes.push('Referral figures cover the whole partnership, so only partnership admins see them.');
  else if (hubs) notes.push('Referrals are not made to a hub, so they are left out when the report is filtered to hubs or a care community.');
  if (f.priority) notes.push('Volunteer hours are not given to a priority, so they are left out when the report is filtered to one.');
  const referralCells = referralsCounted ? cells.filter((c) => c.meta.kind === 'referral' && (!f.source || c.meta.source === f.source)) : [];
  const byReason = referralCells.filter((c) => c.meta.kind === 'referral' && c.meta.priority && (!f.priority || c.meta.priority === f.priority));
  const once = f.priority ? byReason : referralCells.filter((c) => c.meta.kind === 'referral' && !c.meta.priority);
  return { units, referrals: once, referralsByReason: byReason, ahead: ahead.filter(wanted), notes };
}

const sourceLabels: Record<string, string> = {
  'gp-practice': 'GP practice',
  self: 'Self-referral',
  'hospital-discharge': 'Hospital discharge',
  'community-group': 'Community group',
  other: 'Other',
};
const noHubLabel = 'Away from a hub';

/** Sums for one grouping, with the ids the labels need. */
function groupSums(sel: Selection, by: Grouping, priority: string | undefined): Map<string, Counters> {
  const activityCells = sel.units.filter((c) => c.meta.kind === 'activity');
  switch (by) {
    case 'month':
      return sumBy([...sel.units, ...sel.referrals], (c) => [c.month]);
    case 'hub':
      return sumBy(sel.units, (c) => [(c.meta as { hubId?: string }).hubId ?? '-']);
    case 'activity':
      return sumBy(activityCells, (c) => [(c.meta as { activityId: string }).activityId]);
    case 'owner':
      return sumBy(
        sel.units.filter((c) => c.meta.kind === 'volunteering'),
        (c) => [`${(c.meta as { ownerKind: string }).ownerKind}:${(c.meta as { ownerId: string }).ownerId}`],
      );
    case 'source':
      return sumBy(sel.referrals, (c) => [(c.meta as { source: string }).source]);
    case 'status':
      return sumBy(sel.referrals, (c) => [(c.meta as { status: string }).status]);
    case 'priority': {
      const sums = sumBy(activityCells, (c) => (c.meta as { priorities: string[] }).priorities.filter((p) => !priority || p === priority));
      for (const [k, v] of sumBy(sel.referralsByReason, (c) => [(c.meta as { priority: string }).priority])) {
        const row = sums.get(k) ?? {};
        for (const [n, x] of Object.entries(v)) row[n] = (row[n] ?? 0) + x;
        sums.set(k, row);
      }
      return sums;
    }
  }
}

const groupTitles: Record<Grouping, string> = {
  month: 'Month',
  hub: 'Hub',
  priority: 'Priority',
  activity: 'Activity',
  source: 'Referral source',
  status: 'Referral status',
  owner: 'Volunteering for',
};

const kindGroups: Record<ReportKind, Grouping[]> = {
  summary: ['hub', 'priority'],
  attendance: ['hub', 'priority', 'activity'],
  capacity: ['hub', 'priority', 'activity'],
  referrals: ['source', 'status', 'priority'],
  volunteering: ['owner', 'hub'],
  funnel: ['source', 'priority'],
  demand: ['hub', 'activity'],
  // one page to print: the totals only
  funder: [],
};

/** Names for the keys of the groupings asked for: one BatchGetItem each for hubs, priorities and organisations. */
async function labeller(deps: AppDeps, sel: Selection, sums: Map<Grouping, Map<string, Counters>>): Promise<(by: Grouping, key: string) => string> {
  const keys = (by: Grouping) => [...(sums.get(by)?.keys() ?? [])];
  const ownerIds = keys('owner').map((k) => k.split(':') as [string, string]);
  const hubIds = [...keys('hub'), ...ownerIds.filter(([k]) => k === 'hub').map(([, id]) => id)].filter((h) => h !== '-');
  const [hubs, priorities, orgs] = await Promise.all([
    getHubs(deps.db, [...new Set(hubIds)]),
    getPriorities(deps.db, keys('priority')),
    getOrganisations(
      deps.db,
      ownerIds.filter(([k]) => k === 'organisation').map(([, id]) => id),
    ),
  ]);
  const hubName = new Map(hubs.map((h) => [h.id, h.name]));
  const priorityLabel = new Map(priorities.map((p) => [p.id, p.label]));
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const titles = new Map(sel.units.flatMap((c) => (c.meta.kind === 'activity' ? [[c.meta.activityId, c.meta.activityTitle] as const] : [])));
  return (by, key) => {
    switch (by) {
      case 'month':
        return monthLabel(key);
      case 'hub':
        return key === '-' ? noHubLabel : (hubName.get(key) ?? key);
      case 'priority':
        return priorityLabel.get(key) ?? key;
      case 'activity':
        return titles.get(key) || key;
      case 'source':
        return sourceLabels[key] ?? key;
      case 'status':
        return statusLabels[key as keyof typeof statusLabels] ?? key;
      case 'owner': {
        const [kind, id] = key.split(':') as [string, string];
        return kind === 'hub' ? (hubName.get(id) ?? id) : (orgName.get(id) ?? id);
      }
    }
  };
}

interface Computed {
  view: ReportView;
  tables: Map<Grouping, { key: string; label: string; counters: Counters }[]>;
  total: Counters;
  /** a table's rows as shown (protected when suppressing) */
  rowsOf: (by: Grouping) => Row[];
}

async function compute(deps: AppDeps, actor: Actor, q: Filters & { kind: ReportKind; hourlyRatePence?: number | undefined }, groupsWanted: Grouping[], forPublication: boolean): Promise<Computed> {
  const scope = scopeOf(actor);
  const suppress = forPublication || !seesExact(actor, scope);
  if ((q.kind === 'referrals' || q.kind === 'funnel') && !scope.partnership) throw new Forbidden('Referral reports cover the whole partnership: only partnership admins see them.');
  const period = periodOf(deps, q);
  const { from, to, months } = period;
  const sel = await select(deps, scope, q, period);
  const rate = q.hourlyRatePence ?? deps.config.volunteerHourlyRatePence;
  const wanted = [...new Set<Grouping>(['month', ...groupsWanted])];
  const sums = new Map(wanted.map((by) => [by, groupSums(sel, by, q.priority)] as const));
  for (const m of months) if (!sums.get('month')!.has(m)) sums.get('month')!.set(m, {});
  const label = await labeller(deps, sel, sums);
  const tables = new Map(
    wanted.map((by) => {
      const rows = [...sums.get(by)!.entries()].map(([key, counters]) => ({ key, label: label(by, key), counters }));
      rows.sort((a, b) => (by === 'month' ? a.key.localeCompare(b.key) : a.label.localeCompare(b.label)));
      return [by, rows] as const;
    }),
  );
  const total = sumAll([...sel.units, ...sel.referrals]);
  // every table the answer shows, protected together against the one total they share
  const shownTables = wanted.map((by) => tables.get(by)!);
  const figures = suppress
    ? protectedFigures(
        q.kind,
        shownTables.map((rows) => rows.map((r) => r.counters)),
        total,
        rate,
      )
    : { tables: shownTables.map((rows) => rows.map((r) => figuresOf(q.kind, r.counters, rate, false))), total: figuresOf(q.kind, total, rate, false) };
  const rowsOf = (by: Grouping): Row[] => {
    const ti = wanted.indexOf(by);
    return shownTables[ti]!.map((r, i) => ({ key: r.key, label: r.label, values: figures.tables[ti]![i]! }));
  };
  const view: ReportView = {
    kind: q.kind,
    from,
    to,
    filters: {
      ...(q.careCommunityId ? { careCommunityId: q.careCommunityId } : {}),
      ...(q.hubId ? { hubId: q.hubId } : {}),
      ...(q.priority ? { priority: q.priority } : {}),
      ...(q.source ? { source: q.source } : {}),
    },
    ...(q.kind === 'funnel' ? { goalPercent: attendedGoalPercent } : {}),
    ...(q.kind === 'demand' ? { noShowBaseline: { ...noShowBaselinePercent } } : {}),
    scope: scope.partnership ? 'partnership' : 'own',
    threshold: smallNumberThreshold,
    suppressed: suppress,
    hourlyRatePence: rate,
    columns: columnsOf(q.kind),
    totals: figures.total,
    months: rowsOf('month'),
    bookedAhead: bookedAheadOf(sumAll(sel.ahead), suppress),
    asOf: deps.clock.now().toISOString(),
    groups: groupsWanted.filter((by) => by !== 'month').map((by) => ({ by, label: groupTitles[by], rows: rowsOf(by) })),
    ...(reminderKinds.includes(q.kind) ? { reminders: remindersOf(sel, total, rate, suppress) } : {}),
    notes: sel.notes,
  };
  return { view, tables, total, rowsOf };
}

const channelLabels: Record<CheckChannel, string> = { text: 'Text message', email: 'Email', phone: 'Phone call from the hub', letter: 'Letter' };

/**
 * Reminders and replies, from the same cells as the rest of the report (no more reads): by activity, the
 * activities with anything to count; by channel, text, email and phone always and letter once one was asked.
 * Each table is protected against its own total, as the report's tables are.
 */
function remindersOf(sel: Selection, total: Counters, rate: number, suppress: boolean): RemindersView {
  const titles = new Map(sel.units.flatMap((c) => (c.meta.kind === 'activity' ? [[c.meta.activityId, c.meta.activityTitle] as const] : [])));
  const counted = ['markedConfirmOn', 'markedConfirmOff', 'placesFreedByReply'];
  const activities = [...groupSums(sel, 'activity', undefined)]
    .filter(([, c]) => counted.some((k) => (c[k] ?? 0) > 0))
    .map(([key, counters]) => ({ key, label: titles.get(key) || key, counters }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const channels = channelRows(total).filter((r) => r.channel !== 'letter' || (r.counters.checksAsked ?? 0) > 0);
  const channelTotal = channels.reduce((t, r) => addInto(t, r.counters), {} as Counters);
  const figures = (keys: string[], rows: Counters[], t: Counters) =>
    suppress ? protectedFor(keys, [rows], t, rate) : { tables: [rows.map((r) => figuresFor(keys, r, rate, false))], total: figuresFor(keys, t, rate, false) };
  const a = figures(
    reminderActivityColumns,
    activities.map((r) => r.counters),
    total,
  );
  const ch = figures(
    reminderChannelColumns,
    channels.map((r) => r.counters),
    channelTotal,
  );
  return {
    columns: columnsFor(reminderActivityColumns),
    byActivity: activities.map((r, i) => ({ key: r.key, label: r.label, values: a.tables[0]![i]! })),
    total: a.total,
    channelColumns: columnsFor(reminderChannelColumns),
    byChannel: channels.map((r, i) => ({ key: r.channel, label: channelLabels[r.channel], values: ch.tables[0]![i]! })),
    channelTotal: ch.total,
  };
}

/** Sessions yet to start and what is booked on them; a count of 1 to 4 people hidden when suppressing (no total shares them). */
function bookedAheadOf(c: Counters, suppress: boolean): ReportView['bookedAhead'] {
  const people = (n: number) => (suppress && n > 0 && n < smallNumberThreshold ? null : n);
  return { sessions: c.sessions ?? 0, placesOffered: c.placesOffered ?? 0, reserved: people(c.reserved ?? 0), waitlisted: people(c.waitlisted ?? 0) };
}

export async function getReport(deps: AppDeps, actor: Actor, q: ReportQuery): Promise<ReportView> {
  if (q.raw && !isAdmin(actor)) throw new Forbidden('Only partnership admins may see figures without small-number suppression.');
  return (await compute(deps, actor, q, kindGroups[q.kind], !!q.forPublication && !q.raw)).view;
}

/** Whether a figure shown as nothing was hidden (rather than impossible to work out, like a rate of no places). */
const wasHidden = (kind: ReportKind, key: string, shown: number | null | undefined, counters: Counters, rate: number) =>
  (shown === null || shown === undefined) && figuresOf(kind, counters, rate, false)[key] !== null;

/** The heading of the column that names a row's hidden figures. */
export const suppressedColumn = 'Hidden to protect identities';

/**
 * The report as CSV: a header row, one row per month (or hub, priority ...) and a total; UTF-8 with a BOM.
 * Every figure cell is a number or empty, so a spreadsheet can add them up; a last column names the figures
 * of that row that are hidden (empty cells not named there cannot be worked out, like a rate of no places).
 * Exact for admins and coordinators unless asked for publication; protected for everyone else.
 */
export async function exportReport(deps: AppDeps, actor: Actor, q: ExportQuery): Promise<{ filename: string; csv: string }> {
  const { view, tables, total, rowsOf } = await compute(deps, actor, q, [q.by], !!q.forPublication);
  const keys = kindColumns[q.kind];
  const header = [groupTitles[q.by], ...keys.map((k) => columns[k]!.label), suppressedColumn];
  const source = tables.get(q.by)!;
  const line = (label: string, values: Record<string, number | null>, counters: Counters) => [
    label,
    ...keys.map((k) => values[k] ?? ''),
    keys
      .filter((k) => wasHidden(q.kind, k, values[k], counters, view.hourlyRatePence))
      .map((k) => columns[k]!.label)
      .join('; '),
  ];
  const rows = rowsOf(q.by).map((r, i) => line(r.label, r.values, source[i]!.counters));
  const totalRow = line('Total', view.totals, total);
  // escape_formulas: a label typed by someone (an activity title) can never run as a spreadsheet formula
  const csv = stringify([header, ...rows, totalRow], { bom: true, escape_formulas: true });
  const published = view.suppressed ? '-for-publication' : '';
  return { filename: `common-ground-${q.kind}-by-${q.by}-${view.from}-to-${view.to}${published}.csv`, csv };
}

/** Priorities (and hubs) where waiting lists and unplaced referrals outrun the free places offered. */
export async function getGaps(deps: AppDeps, actor: Actor, q: GapsQuery): Promise<GapsView> {
  if (q.raw && !isAdmin(actor)) throw new Forbidden('Only partnership admins may see figures without small-number suppression.');
  const scope = scopeOf(actor);
  const period = periodOf(deps, q);
  const { from, to } = period;
  const sel = await select(deps, scope, q, period);
  const suppress = !q.raw && !seesExact(actor, scope);
  const byPriority = groupSums(sel, 'priority', q.priority);
  const activityCells = sel.units.filter((c) => c.meta.kind === 'activity');
  const byArea = sumBy(activityCells, (c) => {
    const m = c.meta as { hubId?: string; priorities: string[] };
    return m.priorities.filter((p) => !q.priority || p === q.priority).map((p) => `${m.hubId ?? '-'}|${p}`);
  });
  const priorityRows = rankGaps(
    [...byPriority].map(([key, counters]) => ({ key, priority: key, counters })),
    suppress,
  );
  const areaInputs = [...byArea].map(([key, counters]) => {
    const [hubId, priority] = key.split('|') as [string, string];
    return { key, priority, ...(hubId !== '-' ? { hubId } : {}), counters };
  });
  const areaRows = suppress ? protectAreas(rankGaps(areaInputs, true), areaInputs, byPriority) : rankGaps(areaInputs, false);
  const hubIds = [...new Set(areaRows.flatMap((r) => (r.hubId ? [r.hubId] : [])))];
  const [hubs, priorities] = await Promise.all([getHubs(deps.db, hubIds), getPriorities(deps.db, [...new Set([...priorityRows, ...areaRows].map((r) => r.priority))])]);
  const hub = new Map(hubs.map((h) => [h.id, h]));
  const label = new Map(priorities.map((p) => [p.id, p.label]));
  const labelled = <T extends { priority: string }>(r: T) => ({ ...r, priorityLabel: label.get(r.priority) ?? r.priority });
  const placed = <T extends { priority: string; hubId?: string }>(r: T) => {
    const h = r.hubId ? hub.get(r.hubId) : undefined;
    return { ...labelled(r), hubName: r.hubId ? (h?.name ?? r.hubId) : noHubLabel, ...(h ? { careCommunityId: h.careCommunityId } : {}) };
  };
  // priorities and areas with nothing on are a whole-partnership question: not asked of a filtered view
  const wholePartnership = scope.partnership && !q.priority && !q.hubId && !q.careCommunityId;
  const [ahead, withoutActivity] = await Promise.all([gapsAhead(deps, actor, scope, q, suppress), wholePartnership ? noActivity(deps, sel) : { priorities: [], careCommunities: [] }]);
  const findings: GapsView['findings'] = [...ahead.findings];
  if (wholePartnership) {
    findings.push({
      key: 'noActivity',
      label: 'Priorities and care communities with no sessions',
      count: withoutActivity.priorities.length + withoutActivity.careCommunities.length,
      definition: 'Priorities no session in the period was for, and care communities where no hub held a session in the period.',
      href: '#no-activity',
    });
  }
  return {
    from,
    to,
    scope: scope.partnership ? 'partnership' : 'own',
    threshold: smallNumberThreshold,
    suppressed: suppress,
    byPriority: priorityRows.map(labelled),
    byArea: areaRows.map(placed),
    findings,
    fullSessions: ahead.fullSessions,
    withoutActivity,
    notes: sel.notes.filter((n) => !n.startsWith('Volunteer')),
  };
}

/**
 * What needs doing now, whatever the period: full sessions with people waiting and shifts short of volunteers
 * in the next four weeks (within the reader's hubs or organisations), and, for admins, referrals nobody has
 * picked up and referrals overdue a first contact (counted by the referrals domain, nothing personal read).
 */
async function gapsAhead(deps: AppDeps, actor: Actor, scope: Scope, f: Filters, suppress: boolean): Promise<Pick<GapsView, 'findings' | 'fullSessions'>> {
  const now = deps.clock.now();
  const until = new Date(now.getTime() + gapsAheadDays * 86_400_000);
  const [fromDay, toDay] = [londonDate(now), londonDate(until)];
  const hubs = await hubFilter(deps, scope, f);
  const cells = (
    await Promise.all(
      monthsBetween(monthOfDate(fromDay), monthOfDate(toDay)).map((m) => queryDayCells(deps.db, m, { from: startedBefore(fromDay, now.toISOString()), before: startedBefore(toDay, '~') })),
    )
  ).flat();
  const inScope = (m: { hubId?: string; organisationId?: string }) =>
    (scope.partnership || (!!m.hubId && scope.hubIds.has(m.hubId)) || (!!m.organisationId && scope.organisationIds.has(m.organisationId))) && (!hubs || hubs.has(m.hubId ?? ''));
  const full = cells.filter((c) => {
    const m = c.meta as { hubId?: string; organisationId?: string; priorities?: string[] };
    return (c.counters.waitlisted ?? 0) > 0 && inScope(m) && (!f.priority || (m.priorities ?? []).includes(f.priority)) && (c.counters.sessions ?? 0) > 0;
  });
  const people = (n: number) => (suppress && n > 0 && n < smallNumberThreshold ? null : n);
  const hubNames = new Map((await getHubs(deps.db, [...new Set(full.flatMap((c) => ((c.meta as { hubId?: string }).hubId ? [(c.meta as { hubId: string }).hubId] : [])))])).map((h) => [h.id, h.name]));
  const fullSessions = full
    .map((c) => {
      const m = c.meta as { sessionId?: string; activityId: string; activityTitle: string; hubId?: string; startsAt?: string };
      return {
        sessionId: m.sessionId ?? '',
        activityId: m.activityId,
        activityTitle: m.activityTitle,
        hubName: m.hubId ? (hubNames.get(m.hubId) ?? m.hubId) : noHubLabel,
        startsAt: m.startsAt ?? '',
        places: c.counters.placesOffered ?? 0,
        waitlisted: people(c.counters.waitlisted ?? 0),
      };
    })
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const waiting = full.reduce((n, c) => n + (c.counters.waitlisted ?? 0), 0);
  const findings: GapsView['findings'] = [
    {
      key: 'waiting',
      label: 'People on waiting lists for full sessions',
      // the per-session figures are protected one by one; their sum is shown only when none of them is hidden
      count: suppress && fullSessions.some((s) => s.waitlisted === null) ? null : waiting,
      definition: `People waiting for a place at sessions in the next ${gapsAheadDays / 7} weeks that are full.`,
      href: '#full-sessions',
    },
  ];
  const owners = scope.partnership ? [{}] : [...[...scope.hubIds].map((hubId) => ({ hubId })), ...[...scope.organisationIds].map((organisationId) => ({ organisationId }))];
  let shortShifts = 0;
  for (const owner of owners) {
    let cursor: string | undefined;
    do {
      const page = await listShifts(deps, { ...owner, gapsOnly: true, from: now.toISOString(), to: until.toISOString(), limit: 100, ...(cursor ? { cursor } : {}) });
      shortShifts += page.items.filter((s) => s.hasGaps).length;
      cursor = page.nextCursor;
    } while (cursor);
  }
  findings.push({
    key: 'shifts',
    label: 'Shifts short of volunteers',
    count: shortShifts,
    definition: `Volunteer shifts in the next ${gapsAheadDays / 7} weeks with places nobody has signed up for.`,
    href: paths.rota({}, { gaps: 1 }),
  });
  if (scope.partnership) {
    const queues = await countReferralQueues(deps, actor);
    findings.push(
      {
        key: 'unassigned',
        label: 'Referrals waiting to be picked up',
        count: queues.unassigned,
        definition: 'Referrals no link worker has taken on yet.',
        href: paths.referrals({}, { scope: 'unassigned' }),
      },
      {
        key: 'overdue',
        label: 'Referrals overdue a first contact',
        count: queues.overdue,
        definition: `Referrals still waiting for a first contact ${deps.config.referralContactDays} days after they arrived.`,
        href: paths.referrals({}, { overdue: 1 }),
      },
    );
  }
  return { findings, fullSessions };
}

/** Priorities no session in the period was for, and care communities none of whose hubs held one. */
async function noActivity(deps: AppDeps, sel: Selection): Promise<GapsView['withoutActivity']> {
  const activity = sel.units.filter((c) => c.meta.kind === 'activity' && ((c.counters.sessions ?? 0) > 0 || (c.counters.attended ?? 0) > 0));
  const covered = new Set(activity.flatMap((c) => (c.meta as { priorities: string[] }).priorities));
  const activeHubs = new Set(activity.map((c) => (c.meta as { hubId?: string }).hubId ?? ''));
  const [priorities, communities] = await Promise.all([everyItem((c) => listPriorities(deps.db, 100, c)), everyItem((c) => listCareCommunities(deps.db, 100, c))]);
  const empty = [];
  for (const cc of communities.filter((c) => !c.archived)) {
    const hubs = await everyItem((c) => listHubs(deps.db, cc.id, 100, c));
    if (!hubs.some((h) => activeHubs.has(h.id))) empty.push({ id: cc.id, name: cc.name });
  }
  return {
    priorities: priorities.filter((p) => !covered.has(p.id) && !(p as { archived?: boolean }).archived).map((p) => ({ id: p.id, label: p.label })),
    careCommunities: empty,
  };
}

import { stringify } from 'csv-stringify/sync';
import { getHubs, getOrganisations, getPriorities, listHubs } from '../directory/data';
import { hasRole, isAdmin, type Actor } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Forbidden, InvalidInput } from '../lib/errors';
import { statusLabels } from '../referrals/schema';
import { londonDate } from '../sessions/rules';
import { queryCells } from './data';
import {
  addMonths,
  columns,
  columnsOf,
  figuresOf,
  hubCellPrefix,
  kindColumns,
  monthLabel,
  monthOfDate,
  monthsBetween,
  protectAreas,
  protectedFigures,
  rankGaps,
  sumAll,
  sumBy,
  suppressedMark,
  type Cell,
  type Counters,
} from './rules';
import {
  maxMonths,
  smallNumberThreshold,
  type ExportQuery,
  type GapsQuery,
  type GapsView,
  type Grouping,
  type ReportKind,
  type ReportQuery,
  type ReportView,
  type Row,
} from './schema';

/**
 * Reports and gaps, read from the aggregates only (never the sessions, bookings or marks themselves).
 * Who sees what: admins the whole partnership; coordinators their hubs; partners their organisations'
 * activities (and hours given to them); nobody else. Figures about fewer than 5 people are suppressed in
 * every answer, export and chart; admins may ask the API for the true figures (raw=true) to check them.
 */

interface Scope {
  partnership: boolean;
  hubIds: Set<string>;
  organisationIds: Set<string>;
}

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
}

function periodOf(deps: AppDeps, f: Filters): { from: string; to: string; months: string[] } {
  const to = f.to ?? monthOfDate(londonDate(deps.clock.now()));
  const from = f.from ?? addMonths(to, -11);
  if (from > to) throw new InvalidInput([{ field: 'query.from', rule: 'after_to', message: 'must not be after to' }]);
  const months = monthsBetween(from, to);
  if (months.length > maxMonths) throw new InvalidInput([{ field: 'query.from', rule: 'too_long', message: `the period must be at most ${maxMonths} months` }]);
  return { from, to, months };
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
  notes: string[];
}

async function select(deps: AppDeps, scope: Scope, f: Filters, months: string[]): Promise<Selection> {
  const hubs = await hubFilter(deps, scope, f);
  // Only a coordinator's own hubs (or one hub asked for) are read by prefix; otherwise whole months.
  const prefixes = hubs ?? (!scope.partnership && !scope.organisationIds.size ? scope.hubIds : undefined);
  const reads = months.flatMap((m) => (prefixes && prefixes.size <= 3 ? [...prefixes].map((h) => queryCells(deps.db, m, hubCellPrefix(h))) : [queryCells(deps.db, m)]));
  const cells = (await Promise.all(reads)).flat();

  const inScope = (c: Cell) => {
    const m = c.meta as { hubId?: string; organisationId?: string };
    if (scope.partnership) return true;
    return (!!m.hubId && scope.hubIds.has(m.hubId)) || (!!m.organisationId && scope.organisationIds.has(m.organisationId));
  };
  const inHubs = (c: Cell) => !hubs || hubs.has((c.meta as { hubId?: string }).hubId ?? '');
  const units = cells.filter((c) => {
    if (c.meta.kind === 'referral' || !inScope(c) || !inHubs(c)) return false;
    if (!f.priority) return true;
    return c.meta.kind === 'activity' && c.meta.priorities.includes(f.priority);
  });
  const notes: string[] = [];
  const referralsCounted = scope.partnership && !hubs;
  if (!scope.partnership) notes.push('Referral figures cover the whole partnership, so only partnership admins see them.');
  else if (hubs) notes.push('Referrals are not made to a hub, so they are left out when the report is filtered to hubs or a care community.');
  if (f.priority) notes.push('Volunteer hours are not given to a priority, so they are left out when the report is filtered to one.');
  const referralCells = referralsCounted ? cells.filter((c) => c.meta.kind === 'referral') : [];
  const byReason = referralCells.filter((c) => c.meta.kind === 'referral' && c.meta.priority && (!f.priority || c.meta.priority === f.priority));
  const once = f.priority ? byReason : referralCells.filter((c) => c.meta.kind === 'referral' && !c.meta.priority);
  return { units, referrals: once, referralsByReason: byReason, notes };
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
};

/** Names for the keys of the groupings asked for: one BatchGetItem each for hubs, priorities and organisations. */
async function labeller(deps: AppDeps, sel: Selection, sums: Map<Grouping, Map<string, Counters>>): Promise<(by: Grouping, key: string) => string> {
  const keys = (by: Grouping) => [...(sums.get(by)?.keys() ?? [])];
  const ownerIds = keys('owner').map((k) => k.split(':') as [string, string]);
  const hubIds = [...keys('hub'), ...ownerIds.filter(([k]) => k === 'hub').map(([, id]) => id)].filter((h) => h !== '-');
  const [hubs, priorities, orgs] = await Promise.all([
    getHubs(deps.db, [...new Set(hubIds)]),
    getPriorities(deps.db, keys('priority')),
    getOrganisations(deps.db, ownerIds.filter(([k]) => k === 'organisation').map(([, id]) => id)),
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

async function compute(deps: AppDeps, actor: Actor, q: Filters & { kind: ReportKind; hourlyRatePence?: number | undefined }, groupsWanted: Grouping[], suppress: boolean): Promise<Computed> {
  const scope = scopeOf(actor);
  if (q.kind === 'referrals' && !scope.partnership) throw new Forbidden('Referral reports cover the whole partnership: only partnership admins see them.');
  const { from, to, months } = periodOf(deps, q);
  const sel = await select(deps, scope, q, months);
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
    ? protectedFigures(q.kind, shownTables.map((rows) => rows.map((r) => r.counters)), total, rate)
    : { tables: shownTables.map((rows) => rows.map((r) => figuresOf(q.kind, r.counters, rate, false))), total: figuresOf(q.kind, total, rate, false) };
  const rowsOf = (by: Grouping): Row[] => {
    const ti = wanted.indexOf(by);
    return shownTables[ti]!.map((r, i) => ({ key: r.key, label: r.label, values: figures.tables[ti]![i]! }));
  };
  const view: ReportView = {
    kind: q.kind,
    from,
    to,
    filters: { ...(q.careCommunityId ? { careCommunityId: q.careCommunityId } : {}), ...(q.hubId ? { hubId: q.hubId } : {}), ...(q.priority ? { priority: q.priority } : {}) },
    scope: scope.partnership ? 'partnership' : 'own',
    threshold: smallNumberThreshold,
    suppressed: suppress,
    hourlyRatePence: rate,
    columns: columnsOf(q.kind),
    totals: figures.total,
    months: rowsOf('month'),
    groups: groupsWanted.filter((by) => by !== 'month').map((by) => ({ by, label: groupTitles[by], rows: rowsOf(by) })),
    notes: sel.notes,
  };
  return { view, tables, total, rowsOf };
}

export async function getReport(deps: AppDeps, actor: Actor, q: ReportQuery): Promise<ReportView> {
  if (q.raw && !isAdmin(actor)) throw new Forbidden('Only partnership admins may see figures without small-number suppression.');
  return (await compute(deps, actor, q, kindGroups[q.kind], !q.raw)).view;
}

/** A figure as a spreadsheet cell: a hidden one reads [hidden] (whatever hid it); one that cannot be worked out is blank. */
function csvValue(kind: ReportKind, key: string, shown: number | null | undefined, counters: Counters, rate: number): string | number {
  if (shown !== null && shown !== undefined) return shown;
  const raw = figuresOf(kind, counters, rate, false)[key];
  return raw === null ? '' : suppressedMark;
}

/** The report as CSV: a header row, one row per month (or hub, priority ...) and a total; UTF-8 with a BOM. Always protected: it leaves the platform. */
export async function exportReport(deps: AppDeps, actor: Actor, q: ExportQuery): Promise<{ filename: string; csv: string }> {
  const { view, tables, total, rowsOf } = await compute(deps, actor, q, [q.by], true);
  const keys = kindColumns[q.kind];
  const header = [groupTitles[q.by], ...keys.map((k) => columns[k]!.label)];
  const source = tables.get(q.by)!;
  const rows = rowsOf(q.by).map((r, i) => [r.label, ...keys.map((k) => csvValue(q.kind, k, r.values[k], source[i]!.counters, view.hourlyRatePence))]);
  const totalRow = ['Total', ...keys.map((k) => csvValue(q.kind, k, view.totals[k], total, view.hourlyRatePence))];
  // escape_formulas: a label typed by someone (an activity title) can never run as a spreadsheet formula
  const csv = stringify([header, ...rows, totalRow], { bom: true, escape_formulas: true });
  return { filename: `common-ground-${q.kind}-by-${q.by}-${view.from}-to-${view.to}.csv`, csv };
}

/** Priorities (and hubs) where waiting lists and unplaced referrals outrun the free places offered. */
export async function getGaps(deps: AppDeps, actor: Actor, q: GapsQuery): Promise<GapsView> {
  if (q.raw && !isAdmin(actor)) throw new Forbidden('Only partnership admins may see figures without small-number suppression.');
  const scope = scopeOf(actor);
  const { from, to, months } = periodOf(deps, q);
  const sel = await select(deps, scope, q, months);
  const suppress = !q.raw;
  const byPriority = groupSums(sel, 'priority', q.priority);
  const activityCells = sel.units.filter((c) => c.meta.kind === 'activity');
  const byArea = sumBy(activityCells, (c) => {
    const m = c.meta as { hubId?: string; priorities: string[] };
    return m.priorities.filter((p) => !q.priority || p === q.priority).map((p) => `${m.hubId ?? '-'}|${p}`);
  });
  const priorityRows = rankGaps([...byPriority].map(([key, counters]) => ({ key, priority: key, counters })), suppress);
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
  return {
    from,
    to,
    scope: scope.partnership ? 'partnership' : 'own',
    threshold: smallNumberThreshold,
    suppressed: suppress,
    byPriority: priorityRows.map(labelled),
    byArea: areaRows.map(placed),
    notes: sel.notes.filter((n) => !n.startsWith('Volunteer')),
  };
}

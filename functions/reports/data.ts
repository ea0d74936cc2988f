import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { batchGet } from '../lib/batch-get';
import type { Db } from '../lib/db';
import { queryAll } from '../lib/query';
import { Refused, type RoledItem, type TransactItem, transactWrite } from '../lib/transact';
import { type Cell, type CellDraft, type CellMeta, type Counters, dayCellPrefix, isCounter } from './rules';

/**
 * Reports' items and access patterns (one table; see functions/lib/table.ts). Written only by the stream
 * consumer (consumers.ts); the API only reads them.
 *
 * | item         | pk                           | sk                                        | holds                                        |
 * |--------------|------------------------------|-------------------------------------------|----------------------------------------------|
 * | ReportCell   | REPORT#<yyyy-mm>             | HUB#<hubId or ->#ACT#<activityId>         | sessions, places, reserved, waitlisted, places given back (and what became of them), marks, walk-ins, marks by confirm on/off, places freed by replies, place checks by channel; activityTitle, organisationId, priorities |
 * | ReportCell   | REPORT#<yyyy-mm>             | HUB#<hubId or ->#VOL#<ownerKind>#<ownerId> | volunteer hours and entries                  |
 * | ReportCell   | REPORT#<yyyy-mm>             | REF#ALL#<source>#<status>                 | referrals, booked, attended, unplaced, ONS4 change sums |
 * | ReportCell   | REPORT#<yyyy-mm>             | REF#PRI#<priority>#<source>#<status>      | the same, for referrals giving that reason   |
 * | ReportDay    | REPORTDAY#<yyyy-mm>          | DAY#<localDate>#<startsAt>#HUB#<hubId or ->#ACT#<activityId> | the activity counters again, for one session (sessionId, startsAt): what has started by now, and whole days |
 * | ReportSource | REPORTSRC#<source pk>        | <source sk>                               | seq (the stream record last applied) and the contribution it made (JSON) |
 *
 * Granularity: one small cell per month x hub x activity (and per month x volunteering owner, per month x
 * referral source x status [x reason]). Priorities are a list on the activity cell, so a report by priority
 * or filtered to one sums the cells that carry it (an activity with two priorities counts under each; totals
 * count it once). A report Queries pk REPORT#<month> (or begins_with HUB#<hubId># for one hub) for each month
 * of its period: the items read grow with months x activities x hubs, never with the number of sessions,
 * bookings or marks behind them. Cells stay a few hundred bytes, so each counter update costs one write unit
 * and writes to different activities never contend on one item.
 *
 * Idempotence: each source item's ReportSource remembers the stream sequence number last applied and the
 * counters it added. A change adds (new contribution - remembered contribution) to the cells and replaces
 * the ReportSource in one TransactWriteItems conditioned on the ReportSource being as read. A repeated or
 * older record (sequence number not above the one applied) is skipped; a repeat of the latest adds zero anyway.
 */
export const reportPartition = (month: string) => `REPORT#${month}`;
export const dayPartition = (month: string) => `REPORTDAY#${month}`;
export const cellKey = (month: string, cell: string) => ({ pk: cell.startsWith(dayCellPrefix) ? dayPartition(month) : reportPartition(month), sk: cell });
export const sourceKey = (source: { pk: string; sk: string }) => ({ pk: `REPORTSRC#${source.pk}`, sk: source.sk });

export interface Applied {
  seq: string;
  counters: Record<string, Counters>;
}

/** What a source item has contributed so far (strongly consistent: the last write must be seen). */
export async function getApplied(db: Db, source: { pk: string; sk: string }): Promise<Applied | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: sourceKey(source), ConsistentRead: true }));
  return Item ? appliedOf(Item) : undefined;
}

/** What several source items have contributed so far, keyed by sourceId(): BatchGetItem, strongly consistent. */
export async function getAppliedMany(db: Db, sources: { pk: string; sk: string }[]): Promise<Map<string, Applied>> {
  const items = await batchGet(db, sources.map(sourceKey), { consistent: true });
  return new Map(items.map((item) => [sourceId({ pk: String(item.pk).slice('REPORTSRC#'.length), sk: String(item.sk) }), appliedOf(item)]));
}

export const sourceId = (source: { pk: string; sk: string }) => `${source.pk}\u0000${source.sk}`;
const appliedOf = (item: Record<string, unknown>): Applied => ({ seq: String(item.seq ?? ''), counters: JSON.parse(String(item.contribution ?? '{}')) });

const metaFields = [
  'kind',
  'hubId',
  'activityId',
  'activityTitle',
  'organisationId',
  'priorities',
  'ownerKind',
  'ownerId',
  'source',
  'status',
  'priority',
  'localDate',
  'startsAt',
  'sessionId',
] as const;

function cellUpdate(db: Db, id: string, draft: CellDraft | undefined, add: Counters): TransactItem {
  const [month, cell] = id.split('|') as [string, string];
  const names: Record<string, string> = { '#type': 'type', '#month': 'month' };
  const values: Record<string, unknown> = { ':type': cell.startsWith(dayCellPrefix) ? 'ReportDay' : 'ReportCell', ':month': month };
  const sets = ['#type = :type', '#month = :month'];
  if (draft) {
    for (const f of metaFields) {
      const v = (draft.meta as Record<string, unknown>)[f];
      if (v === undefined) continue;
      names[`#${f}`] = f;
      values[`:${f}`] = v;
      sets.push(`#${f} = :${f}`);
    }
  }
  const adds = Object.entries(add).map(([name, n], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = n;
    return `#c${i} :c${i}`;
  });
  return {
    Update: {
      TableName: db.tableName,
      Key: cellKey(month, cell),
      UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

export interface Contribution {
  source: { pk: string; sk: string };
  /** the ReportSource as read (undefined: none yet) */
  seen: Applied | undefined;
  next: { seq: string; counters: Record<string, Counters> };
  changes: { id: string; draft?: CellDraft; add: Counters }[];
}

/** Items one TransactWriteItems may hold. */
export const maxTransactItems = 100;

/**
 * Adds the differences to the cells and records the new contributions, all or nothing, in one
 * TransactWriteItems: one ReportSource per source and one update per cell, the adds of sources that share
 * a cell summed (markers plus distinct cells, which the consumer groups sources to keep within
 * maxTransactItems). False when a ReportSource changed since it was read (another delivery of a change to the
 * same item got there first): nothing written.
 */
export async function applyContributions(db: Db, contributions: Contribution[]): Promise<boolean> {
  const cells = new Map<string, { draft?: CellDraft; add: Counters }>();
  for (const { changes } of contributions) {
    for (const c of changes) {
      const cell = cells.get(c.id) ?? { add: {} };
      if (c.draft) cell.draft = c.draft;
      for (const [name, n] of Object.entries(c.add)) cell.add[name] = (cell.add[name] ?? 0) + n;
      cells.set(c.id, cell);
    }
  }
  const updates = [...cells].flatMap(([id, c]) => {
    const add = Object.fromEntries(Object.entries(c.add).filter(([, n]) => n !== 0)) as Counters;
    return Object.keys(add).length ? [cellUpdate(db, id, c.draft, add)] : [];
  });
  const markers: RoledItem<'source'>[] = contributions.map(({ source, seen, next }) => ({
    role: 'source',
    item: {
      Put: {
        TableName: db.tableName,
        Item: { ...sourceKey(source), type: 'ReportSource', seq: next.seq, contribution: JSON.stringify(next.counters) },
        ConditionExpression: seen ? 'seq = :seq' : 'attribute_not_exists(pk)',
        ...(seen ? { ExpressionAttributeValues: { ':seq': seen.seq } } : {}),
      },
    },
  }));
  const outcome = await transactWrite(db, [...markers, ...updates.map((item) => ({ role: 'cell' as const, item }))], { attempts: 8, baseMs: 20, capMs: 400 });
  if (outcome.ok) return true;
  if (outcome.refusedBy.includes('source')) return false;
  throw new Refused(outcome.refusedBy);
}

function cellOf(item: Record<string, unknown>): Cell {
  const counters: Counters = {};
  for (const [name, v] of Object.entries(item)) if (isCounter(name) && typeof v === 'number' && v !== 0) counters[name] = v;
  const meta: Record<string, unknown> = {};
  for (const f of metaFields) if (item[f] !== undefined) meta[f] = item[f];
  return { month: String(item.month), meta: meta as unknown as CellMeta, counters };
}

/** Every cell of a month, or only those whose name begins with a prefix (one hub's). */
export async function queryCells(db: Db, month: string, prefix?: string): Promise<Cell[]> {
  const items = await queryAll(db, {
    KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
    ExpressionAttributeValues: { ':pk': reportPartition(month), ...(prefix ? { ':prefix': prefix } : {}) },
  });
  return items.filter((item) => item.type === 'ReportCell').map(cellOf);
}

/**
 * A month's day cells (one per session) whose names fall in [from, before): what started before an instant,
 * what starts after it, or whole days of a custom range (see dayCell, startedBefore in rules.ts).
 */
export async function queryDayCells(db: Db, month: string, range: { from?: string; before?: string }): Promise<Cell[]> {
  const from = range.from ?? dayCellPrefix;
  const before = range.before ?? `${dayCellPrefix}~`;
  if (from >= before) return [];
  const items = await queryAll(db, {
    // BETWEEN is inclusive: a name equal to `before` is read and left out below
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': dayPartition(month), ':from': from, ':to': before },
  });
  return items.filter((item) => item.type === 'ReportDay' && String(item.sk) < before).map(cellOf);
}

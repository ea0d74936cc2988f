import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso/router';
import type { referralSources } from '../../../../functions/referrals/schema';
import type { Column, ReportKind, Row } from '../../../../functions/reports/schema';
import { Button } from '../../components/Button';
import { DateFields, type DateParts, emptyDate, fromIsoDate, type Option, readDate, Select } from '../../components/fields';
import { useHubs, usePriorities } from '../directory/shared';

/** The filters of a report, kept in the URL so a view can be bookmarked and shared. */
export interface Filters {
  kind?: ReportKind;
  from?: string;
  to?: string;
  hubId?: string;
  priority?: string;
  source?: (typeof referralSources)[number];
  fromDate?: string;
  toDate?: string;
}
export const filterKeys = ['kind', 'from', 'to', 'hubId', 'priority', 'source', 'fromDate', 'toDate'] as const;
const sourceOptions: Option[] = [
  { value: '', label: 'All sources' },
  { value: 'gp-practice', label: 'GP practice' },
  { value: 'self', label: 'Self-referral' },
  { value: 'hospital-discharge', label: 'Hospital discharge' },
  { value: 'community-group', label: 'Community group' },
  { value: 'other', label: 'Other' },
];

/** The filters in the address, as they are: a person can edit the address, and the API says what is wrong. */
export const filtersFrom = (query: Record<string, string>): Filters => Object.fromEntries(filterKeys.filter((k) => query[k]).map((k) => [k, query[k]])) as Filters;

const monthOptions = (): Option[] => {
  const out: Option[] = [{ value: '', label: 'Default' }];
  const now = new Date();
  for (let i = 0; i < 36; i++) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    const value = d.toISOString().slice(0, 7);
    out.push({ value, label: d.toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }) });
  }
  return out;
};

/** Period, hub and priority choices; applying them changes the URL (and so the report). */
export function FilterForm({ path, filters, kinds }: { path: string; filters: Filters; kinds?: Option[] }) {
  const { route } = useLocation();
  const [draft, setDraft] = useState<Filters>(filters);
  const hubs = (useHubs() ?? []).map((h) => ({ value: h.id, label: h.label }));
  const priorities = (usePriorities() ?? []).map((p) => ({ value: p.id, label: p.label }));
  const set = (k: keyof Filters) => (v: string) => setDraft((d) => ({ ...d, [k]: v || undefined }));
  const months = monthOptions();
  const [fromDay, setFromDay] = useState<DateParts>(filters.fromDate ? fromIsoDate(filters.fromDate) : emptyDate);
  const [toDay, setToDay] = useState<DateParts>(filters.toDate ? fromIsoDate(filters.toDate) : emptyDate);
  const [dayErrors, setDayErrors] = useState<{ from?: string; to?: string }>({});
  const filled = (d: DateParts) => !!(d.day.trim() || d.month.trim() || d.year.trim());
  return (
    <form
      class="report-filters"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        let next: Filters = { ...draft, fromDate: undefined, toDate: undefined };
        if (filled(fromDay) || filled(toDay)) {
          // exact dates: both days, read as a person typed them; they replace the months
          const a = readDate(fromDay, 'the first day');
          const b = readDate(toDay, 'the last day');
          const problems = { ...(a.problem ? { from: a.problem } : {}), ...(b.problem ? { to: b.problem } : {}) };
          if (!problems.from && !problems.to && a.iso! > b.iso!) problems.to = 'The last day must be the same as or after the first day';
          setDayErrors(problems);
          if (problems.from || problems.to) return;
          next = { ...next, from: undefined, to: undefined, fromDate: a.iso!, toDate: b.iso! };
        } else setDayErrors({});
        const qs = new URLSearchParams(Object.entries(next).filter(([, v]) => v) as [string, string][]).toString();
        route(qs ? `${path}?${qs}` : path);
      }}
    >
      {kinds && <Select id="kind" label="Report" options={kinds} value={draft.kind ?? 'summary'} onChange={set('kind')} />}
      <Select id="from" label="From" options={months} value={draft.from ?? ''} onChange={set('from')} />
      <Select id="to" label="To" options={months} value={draft.to ?? ''} onChange={set('to')} />
      <Select id="hubId" label="Hub" options={[{ value: '', label: 'All you can see' }, ...hubs]} value={draft.hubId ?? ''} onChange={set('hubId')} />
      <Select id="priority" label="Priority" options={[{ value: '', label: 'All priorities' }, ...priorities]} value={draft.priority ?? ''} onChange={set('priority')} />
      {kinds && <Select id="source" label="Referral source" options={sourceOptions} value={draft.source ?? ''} onChange={set('source')} />}
      <details open={!!(filters.fromDate || dayErrors.from || dayErrors.to)} style="flex-basis:100%">
        <summary>Choose exact dates instead of months</summary>
        <DateFields id="fromDate" label="First day" hint="For example, 27 3 2026" value={fromDay} onInput={setFromDay} error={dayErrors.from} />
        <DateFields id="toDate" label="Last day" value={toDay} onInput={setToDay} error={dayErrors.to} />
      </details>
      <Button type="submit">Show</Button>
    </form>
  );
}

/** How a figure reads: hidden ones say so in words (the same word whatever hid them, so none gives itself away). */
export function shown(v: number | null | undefined, c?: Pick<Column, 'unit'>): string {
  if (v === null || v === undefined) return 'hidden';
  if (c?.unit === 'pence') return `£${(v / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  if (c?.unit === 'percent') return `${v}%`;
  if (c?.unit === 'days') return `${v.toLocaleString('en-GB')} days`;
  return v.toLocaleString('en-GB');
}

/** A table of rows by columns, in a box that scrolls sideways on a phone (and can be reached by keyboard). */
export function FigureTable({
  caption,
  firstHeading,
  columns,
  rows,
  total,
  format,
}: {
  caption: string;
  firstHeading: string;
  columns: Column[];
  rows: Row[];
  total?: Record<string, number | null>;
  /** a cell's own wording, where the figure is not a number of the table's */
  format?: (key: string, v: number | null | undefined) => string | undefined;
}) {
  return (
    <div class="table-scroll" role="region" aria-label={caption} tabIndex={0} style="overflow-x:auto;max-width:100%">
      <table class="report-table" style="border-collapse:collapse;min-width:100%">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" style="text-align:left;padding:4px 8px;border-bottom:2px solid currentColor">
              {firstHeading}
            </th>
            {columns.map((c) => (
              <th scope="col" key={c.key} style="text-align:right;padding:4px 8px;border-bottom:2px solid currentColor">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row" style="text-align:left;padding:4px 8px;font-weight:normal;border-bottom:1px solid #b1b4b6">
                {r.label}
              </th>
              {columns.map((c) => (
                <td key={c.key} style="text-align:right;padding:4px 8px;border-bottom:1px solid #b1b4b6">
                  {format?.(c.key, r.values[c.key]) ?? shown(r.values[c.key], c)}
                </td>
              ))}
            </tr>
          ))}
          {total && (
            <tr>
              <th scope="row" style="text-align:left;padding:4px 8px">
                Total
              </th>
              {columns.map((c) => (
                <td key={c.key} style="text-align:right;padding:4px 8px;font-weight:bold">
                  {shown(total[c.key], c)}
                </td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

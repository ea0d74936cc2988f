import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import { ApiError, callApi } from '../../api';
import { Button } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { Column, ReportView, Row } from '../../../../functions/reports/schema';
import { FigureTable, FilterForm, filtersFrom, shown, type Filters } from './shared';

const kinds = [
  { value: 'summary', label: 'Summary' },
  { value: 'attendance', label: 'Attendance' },
  { value: 'capacity', label: 'Places and waiting lists' },
  { value: 'referrals', label: 'Referrals (partnership admins)' },
  { value: 'volunteering', label: 'Volunteering' },
];

/** The reports dashboard: headline numbers, a chart per figure by month (with a table and summary), CSV download. */
export default function Reports({ query }: PageProps) {
  const filters = filtersFrom(query);
  const [report, reload] = useApi('getReport', { query: filters });

  return (
    <Page title="Reports">
      <p>
        What the partnership delivers and who it reaches, by month. <a href={paths.gaps()}>See where demand goes unmet</a>.
      </p>
      <FilterForm path={paths.reports()} filters={filters} kinds={kinds} />
      <Loaded load={report} label="Working out the figures…" retry={reload} current>
        {(r) => <ReportBody report={r} filters={filters} />}
      </Loaded>
    </Page>
  );
}

function ReportBody({ report, filters }: { report: ReportView; filters: Filters }) {
  const period = `${report.months[0]?.label ?? report.from} to ${report.months[report.months.length - 1]?.label ?? report.to}`;
  return (
    <>
      <p>
        {period}. {report.scope === 'own' ? 'Only the hubs and activities you look after.' : 'The whole partnership.'} Figures about fewer than {report.threshold} people are
        hidden, and so are some others that would let them be worked out, so no one can be identified.
      </p>
      {report.notes.map((n) => (
        <p key={n} class="hint">
          {n}
        </p>
      ))}
      <h2 class="heading-l">Headline numbers</h2>
      <dl class="headlines" style="display:flex;flex-wrap:wrap;gap:16px;margin:0 0 24px">
        {report.columns.map((c) => (
          <div key={c.key} style="min-width:140px">
            <dt>{c.label}</dt>
            <dd style="margin:0;font-size:1.75rem;font-weight:bold">{shown(report.totals[c.key], c)}</dd>
          </div>
        ))}
      </dl>
      <Download filters={filters} />
      <h2 class="heading-l">By month</h2>
      {report.columns
        .filter((c) => c.unit !== 'percent')
        .map((c) => (
          <MonthChart key={c.key} column={c} rows={report.months} />
        ))}
      {report.groups.map((g) => (
        <section key={g.by} aria-labelledby={`group-${g.by}`}>
          <h2 class="heading-l" id={`group-${g.by}`}>
            By {g.label.toLowerCase()}
          </h2>
          {g.rows.length ? <FigureTable caption={`${report.kind} by ${g.label.toLowerCase()}`} firstHeading={g.label} columns={report.columns} rows={g.rows} /> : <p>Nothing to show for this period.</p>}
        </section>
      ))}
    </>
  );
}

/** A bar chart drawn by hand in SVG; screen readers get the summary and the table instead of the picture. */
export function MonthChart({ column, rows }: { column: Column; rows: Row[] }) {
  const values = rows.map((r) => r.values[column.key]);
  const known = values.filter((v): v is number => typeof v === 'number');
  const max = Math.max(1, ...known.map(Math.abs));
  const width = Math.max(280, rows.length * 28);
  const height = 140;
  const bar = width / rows.length;
  const id = `chart-${column.key}`;
  const peak = rows[values.indexOf(Math.max(...known))];
  const hidden = values.filter((v) => v === null).length;
  const summary = known.length
    ? `${column.label}: ${shown(known.reduce((a, b) => a + b, 0), column)} in all shown months${peak ? `; highest in ${peak.label} (${shown(peak.values[column.key], column)})` : ''}${hidden ? `; ${hidden} month${hidden > 1 ? 's' : ''} hidden` : ''}.`
    : `${column.label}: no figures to show for this period.`;
  return (
    <figure aria-labelledby={`${id}-title`} style="margin:0 0 32px">
      <h3 class="heading-m" id={`${id}-title`}>
        {column.label}
      </h3>
      <p id={`${id}-summary`}>{summary}</p>
      <div style="overflow-x:auto">
        <svg viewBox={`0 0 ${width} ${height + 30}`} width="100%" style={`max-width:${width}px;height:auto`} aria-hidden="true" focusable="false">
          <line x1="0" y1={height} x2={width} y2={height} stroke="currentColor" />
          {rows.map((r, i) => {
            const v = r.values[column.key];
            const h = typeof v === 'number' ? (Math.abs(v) / max) * (height - 16) : 0;
            return (
              <g key={r.key}>
                {typeof v === 'number' ? (
                  <rect x={i * bar + 3} y={height - h} width={bar - 6} height={h} fill="#1d70b8" />
                ) : (
                  <text x={i * bar + bar / 2} y={height - 4} font-size="9" text-anchor="middle">
                    &lt;5
                  </text>
                )}
                <text x={i * bar + bar / 2} y={height + 14} font-size="9" text-anchor="middle">
                  {r.label.slice(0, 3)}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <details>
        <summary>Show {column.label.toLowerCase()} as a table</summary>
        <FigureTable caption={`${column.label} by month`} firstHeading="Month" columns={[column]} rows={rows} />
      </details>
    </figure>
  );
}

/** Fetches the CSV with the person's sign-in and hands it to the browser as a file. */
function Download({ filters }: { filters: Filters }) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>();
  async function download() {
    setBusy(true);
    setProblem(undefined);
    try {
      const csv = String(await callApi('exportReport', { query: { ...filters, by: 'month' } }));
      const url = URL.createObjectURL(new Blob([csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `common-ground-${filters.kind ?? 'summary'}-by-month.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'The download did not work. Try again.');
    } finally {
      setBusy(false);
    }
  }
  return (
    <p>
      <Button variant="secondary" busy={busy} onClick={download}>
        Download as a spreadsheet (CSV)
      </Button>
      {problem && <span role="alert"> {problem}</span>}
    </p>
  );
}

import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import type { Column, ReportView, Row } from '../../../../functions/reports/schema';
import { ApiError, callApi } from '../../api';
import { Button } from '../../components/Button';
import { Select } from '../../components/fields';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { FigureTable, FilterForm, type Filters, filtersFrom, shown } from './shared';

const kinds = [
  { value: 'summary', label: 'Summary' },
  { value: 'attendance', label: 'Attendance' },
  { value: 'capacity', label: 'Places and waiting lists' },
  { value: 'referrals', label: 'Referrals (partnership admins)' },
  { value: 'volunteering', label: 'Volunteering' },
  { value: 'funnel', label: 'Referral funnel (partnership admins)' },
  { value: 'demand', label: 'No-shows and places given back' },
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
      <p>
        <a href={paths.funderSummary({}, { ...filters, kind: undefined })}>Funder summary for this period, on one page to print</a>
      </p>
      <FilterForm path={paths.reports()} filters={filters} kinds={kinds} />
      <Loaded load={report} label="Working out the figures…" retry={reload} current>
        {(r) => <ReportBody report={r} filters={filters} />}
      </Loaded>
    </Page>
  );
}

function ReportBody({ report, filters }: { report: ReportView; filters: Filters }) {
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const period = report.from.length === 10 ? `${day(report.from)} to ${day(report.to)}` : `${report.months[0]?.label ?? report.from} to ${report.months[report.months.length - 1]?.label ?? report.to}`;
  return (
    <>
      <p>
        {period}, as of {new Date(report.asOf).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' })}.{' '}
        {report.scope === 'own' ? 'Only the hubs and activities you look after.' : 'The whole partnership.'}{' '}
        {report.suppressed
          ? `Figures about fewer than ${report.threshold} people are hidden, and so are some others that would let them be worked out, so no one can be identified.`
          : 'These are the exact figures, for you to run the service with. Choose the download for publication before sharing them outside the partnership.'}
      </p>
      <p>Sessions, places, attendance and no-shows count only sessions that have started. Sessions still to come are shown separately, as booked ahead.</p>
      {report.notes.map((n) => (
        <p key={n} class="hint">
          {n}
        </p>
      ))}
      <h2 class="heading-l">Headline numbers</h2>
      <dl class="headlines" style="display:flex;flex-wrap:wrap;gap:16px;margin:0 0 24px">
        {report.columns.map((c) => (
          <div key={c.key} style="flex:1 1 200px;max-width:320px">
            <dt>{c.label}</dt>
            <dd style="margin:0;font-size:1.75rem;font-weight:bold">{shown(report.totals[c.key], c)}</dd>
            <dd class="hint" style="margin:0">
              {c.definition}
            </dd>
          </div>
        ))}
      </dl>
      {report.kind === 'funnel' ? <Funnel report={report} /> : <BookedAhead ahead={report.bookedAhead} />}
      {report.kind === 'demand' && <NoShows report={report} />}
      {report.reminders && <RemindersAndReplies reminders={report.reminders} />}
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
          {g.rows.length ? (
            <FigureTable caption={`${report.kind} by ${g.label.toLowerCase()}`} firstHeading={g.label} columns={report.columns} rows={g.rows} />
          ) : (
            <p>Nothing to show for this period.</p>
          )}
        </section>
      ))}
    </>
  );
}

/**
 * The closed loop: how many referrals reached each step, as a table (the truth) and bars drawn beside it
 * (decorative: hidden from screen readers, and described in words), with the goal for a first session.
 */
function Funnel({ report }: { report: ReportView }) {
  const t = report.totals;
  const received = t.referred ?? null;
  const steps = [
    ['Referrals received', t.referred],
    [report.columns.find((c) => c.key === 'contactedInTime')?.label ?? 'Contacted in time', t.contactedInTime],
    ['Reached a first booked place', t.referralsBooked],
    ['Reached a first attended session', t.referralsAttended],
  ] as const;
  const share = (v: number | null | undefined) => (typeof v === 'number' && typeof received === 'number' && received > 0 ? Math.round((1000 * v) / received) / 10 : null);
  const goal = report.goalPercent ?? 40;
  const reached = share(t.referralsAttended);
  const width = 320;
  return (
    <section aria-labelledby="funnel">
      <h2 class="heading-l" id="funnel">
        From referral to a first session
      </h2>
      <p>
        Goal: {goal}% of referrals reach a first attended session. This period: {reached === null ? 'not known (hidden or no referrals)' : `${reached}%`}
        {reached !== null ? (reached >= goal ? ', meeting the goal.' : ', below the goal.') : '.'}
      </p>
      <div style="display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start">
        <div class="table-scroll" role="region" aria-label="Referral funnel" tabIndex={0} style="overflow-x:auto;max-width:100%">
          <table class="report-table" style="border-collapse:collapse">
            <caption class="visually-hidden">Referral funnel</caption>
            <thead>
              <tr>
                <th scope="col" style="text-align:left;padding:4px 8px">
                  Step
                </th>
                <th scope="col" style="text-align:right;padding:4px 8px">
                  Referrals
                </th>
                <th scope="col" style="text-align:right;padding:4px 8px">
                  Share of received
                </th>
              </tr>
            </thead>
            <tbody>
              {steps.map(([label, v]) => (
                <tr key={label}>
                  <th scope="row" style="text-align:left;padding:4px 8px;font-weight:normal">
                    {label}
                  </th>
                  <td style="text-align:right;padding:4px 8px">{shown(v)}</td>
                  <td style="text-align:right;padding:4px 8px">{share(v) === null ? '—' : `${share(v)}%`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <svg viewBox={`0 0 ${width} ${steps.length * 28 + 20}`} width={width} style="max-width:100%;height:auto" aria-hidden="true" focusable="false">
          {steps.map(([label, v], i) => {
            const w = ((share(v) ?? 0) / 100) * width;
            return <rect key={label} x={(width - w) / 2} y={i * 28} width={w} height={22} fill="#1d70b8" />;
          })}
          <line x1={(width * (1 - goal / 100)) / 2} x2={(width * (1 - goal / 100)) / 2} y1={0} y2={steps.length * 28} stroke="#d4351c" stroke-dasharray="4 3" />
          <line x1={(width * (1 + goal / 100)) / 2} x2={(width * (1 + goal / 100)) / 2} y1={0} y2={steps.length * 28} stroke="#d4351c" stroke-dasharray="4 3" />
          <text x={width / 2} y={steps.length * 28 + 14} font-size="11" text-anchor="middle">
            dashed lines: the {goal}% goal
          </text>
        </svg>
      </div>
      <p class="hint">
        The bars show each step's share of referrals received, narrowing from the top; the dashed lines mark the {goal}% goal for a first attended session. The table gives the same figures.
      </p>
    </section>
  );
}

/**
 * The no-show rate month by month against the usual rate for free events: a table (the truth) and bars
 * beside it (decorative: hidden from screen readers, described in words), the usual range drawn as a band.
 */
function NoShows({ report }: { report: ReportView }) {
  const column = report.columns.find((c) => c.key === 'noShowRate')!;
  const base = report.noShowBaseline ?? { low: 20, high: 25 };
  const rate = report.totals.noShowRate;
  const compared = typeof rate !== 'number' ? 'not known (hidden, or nobody marked on a register)' : `${rate}%, ${rate > base.high ? 'above' : rate < base.low ? 'below' : 'within'} the usual range`;
  const width = Math.max(280, report.months.length * 28);
  const height = 140;
  const bar = width / report.months.length;
  const y = (percent: number) => height - (Math.min(100, percent) / 100) * height;
  return (
    <section aria-labelledby="no-shows">
      <h2 class="heading-l" id="no-shows">
        No-shows against the usual rate
      </h2>
      <p>
        Free events usually see {base.low}% to {base.high}% of bookings not turned up to. This period: {compared}.
      </p>
      <div style="display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start">
        <FigureTable
          caption="No-show rate by month"
          firstHeading="Month"
          columns={[column, { key: 'baseline', label: 'Usual for free events', unit: 'count', people: false, definition: '' }]}
          rows={report.months.map((m) => ({ ...m, values: { ...m.values, baseline: null } }))}
          format={(key) => (key === 'baseline' ? `${base.low}% to ${base.high}%` : undefined)}
        />
        <svg viewBox={`0 0 ${width} ${height + 30}`} width={width} style="max-width:100%;height:auto" aria-hidden="true" focusable="false">
          <rect x="0" y={y(base.high)} width={width} height={y(base.low) - y(base.high)} fill="#f3d5b5" />
          <line x1="0" y1={height} x2={width} y2={height} stroke="currentColor" />
          {report.months.map((m, i) => {
            const v = m.values.noShowRate;
            return (
              <g key={m.key}>
                {typeof v === 'number' ? <rect x={i * bar + 3} y={y(v)} width={bar - 6} height={height - y(v)} fill="#1d70b8" /> : null}
                <text x={i * bar + bar / 2} y={height + 14} font-size="9" text-anchor="middle">
                  {m.label.slice(0, 3)}
                </text>
              </g>
            );
          })}
          <text x={width / 2} y={height + 27} font-size="10" text-anchor="middle">
            shaded: the usual {base.low}% to {base.high}%
          </text>
        </svg>
      </div>
      <p class="hint">
        The bars show each month's no-show rate; the shaded band marks the {base.low}% to {base.high}% usual for free events. The table gives the same figures. Places given back, and what became of
        them, are in the headline numbers above and the tables by hub and by activity below.
      </p>
    </section>
  );
}

/** What asking people "are you still coming?" does: no-shows with and without it, places freed, answers by channel. */
function RemindersAndReplies({ reminders }: { reminders: NonNullable<ReportView['reminders']> }) {
  const definitions = [...reminders.columns, ...reminders.channelColumns];
  return (
    <section aria-labelledby="reminders-and-replies">
      <h2 class="heading-l" id="reminders-and-replies">
        Reminders and replies
      </h2>
      <p>
        Some activities ask people to confirm they are coming: the reminder asks them to answer Yes or No by a time, by text, by the link in an email, or when someone from the hub phones them. A No
        frees the place for someone on the waiting list. These figures count the sessions that have started.
      </p>
      {reminders.byActivity.length ? (
        <FigureTable caption="Reminders and replies: no-shows and places freed, by activity" firstHeading="Activity" columns={reminders.columns} rows={reminders.byActivity} total={reminders.total} />
      ) : (
        <p>No registers taken or places freed by a reply in this period.</p>
      )}
      <FigureTable
        caption="Reminders and replies: answers, by how people were asked"
        firstHeading="Asked by"
        columns={reminders.channelColumns}
        rows={reminders.byChannel}
        total={reminders.channelTotal}
      />
      <details>
        <summary>What these figures count</summary>
        <dl>
          {definitions.map((c) => (
            <div key={c.key}>
              <dt>{c.label}</dt>
              <dd class="hint">{c.definition}</dd>
            </div>
          ))}
        </dl>
      </details>
    </section>
  );
}

/** Sessions in the period still to come: kept apart from what happened. */
function BookedAhead({ ahead }: { ahead: ReportView['bookedAhead'] }) {
  return (
    <section aria-labelledby="booked-ahead">
      <h2 class="heading-l" id="booked-ahead">
        Booked ahead
      </h2>
      <p>Sessions in this period that have not started yet, and the bookings on them. They are not in the figures above until they start.</p>
      {ahead.sessions === 0 ? (
        <p>No sessions still to come in this period.</p>
      ) : (
        <dl class="headlines" style="display:flex;flex-wrap:wrap;gap:16px;margin:0 0 24px">
          {(
            [
              ['Sessions to come', ahead.sessions],
              ['Places offered', ahead.placesOffered],
              ['Places booked ahead', ahead.reserved],
              ['On waiting lists', ahead.waitlisted],
            ] as const
          ).map(([label, v]) => (
            <div key={label} style="min-width:140px">
              <dt>{label}</dt>
              <dd style="margin:0;font-size:1.5rem;font-weight:bold">{shown(v)}</dd>
            </div>
          ))}
        </dl>
      )}
    </section>
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
    ? `${column.label}: ${shown(
        known.reduce((a, b) => a + b, 0),
        column,
      )} in all shown months${peak ? `; highest in ${peak.label} (${shown(peak.values[column.key], column)})` : ''}${hidden ? `; ${hidden} month${hidden > 1 ? 's' : ''} hidden` : ''}.`
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
                    hidden
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
  const [busy, setBusy] = useState<'exact' | 'publication' | undefined>();
  const [by, setBy] = useState<'month' | 'hub' | 'priority'>('month');
  const [problem, setProblem] = useState<string | undefined>();
  async function download(forPublication: boolean) {
    setBusy(forPublication ? 'publication' : 'exact');
    setProblem(undefined);
    try {
      const csv = String(await callApi('exportReport', { query: { ...filters, by, ...(forPublication ? { forPublication: 'true' } : {}) } }));
      const url = URL.createObjectURL(new Blob([csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`], { type: 'text/csv;charset=utf-8' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = `common-ground-${filters.kind ?? 'summary'}-by-${by}${forPublication ? '-for-publication' : ''}.csv`;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
    } catch (err) {
      setProblem(err instanceof ApiError ? err.detail : 'The download did not work. Try again.');
    } finally {
      setBusy(undefined);
    }
  }
  return (
    <div>
      <Select
        id="download-by"
        label="One row in the spreadsheet for each"
        options={[
          { value: 'month', label: 'Month' },
          { value: 'hub', label: 'Hub' },
          { value: 'priority', label: 'Priority' },
        ]}
        value={by}
        onChange={setBy}
      />
      <p style="display:flex;flex-wrap:wrap;gap:8px">
        <Button variant="secondary" busy={busy === 'exact'} onClick={() => download(false)}>
          Download as a spreadsheet (CSV)
        </Button>
        <Button variant="secondary" busy={busy === 'publication'} onClick={() => download(true)}>
          Download for publication (CSV)
        </Button>
        {problem && <span role="alert"> {problem}</span>}
      </p>
      <p class="hint">The download for publication hides figures about fewer than 5 people, and any others that would let them be worked out. A last column names the hidden figures in each row.</p>
    </div>
  );
}

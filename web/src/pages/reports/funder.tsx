import { paths } from '../../../../functions/lib/paths';
import type { ReportView } from '../../../../functions/reports/schema';
import { Button } from '../../components/Button';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import { filtersFrom, shown } from './shared';

/**
 * One page for a funder: attendance, referrals, volunteer hours and their value, and wellbeing outcomes, for
 * the period and filters chosen on the reports page. Printed (or saved as a PDF) from the browser: the print
 * stylesheet leaves out the site's header, footer and buttons.
 */
export default function FunderSummary({ query }: PageProps) {
  const filters = { ...filtersFrom(query), kind: 'funder' as const };
  const [report, reload] = useApi('getReport', { query: filters });
  const back = paths.reports({}, { ...filtersFrom(query), kind: undefined });
  return (
    <Page title="Funder summary">
      <p class="no-print">
        <a href={back}>Back to reports</a>
      </p>
      <Loaded load={report} label="Working out the figures…" retry={reload} current>
        {(r) => <Summary report={r} filtered={!!(filters.hubId || filters.priority || filters.source)} />}
      </Loaded>
    </Page>
  );
}

function Summary({ report, filtered }: { report: ReportView; filtered: boolean }) {
  const t = report.totals;
  const col = (key: string) => report.columns.find((c) => c.key === key)!;
  const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const period = report.from.length === 10 ? `${day(report.from)} to ${day(report.to)}` : `${report.months[0]?.label ?? report.from} to ${report.months[report.months.length - 1]?.label ?? report.to}`;
  const rate = `£${(report.hourlyRatePence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const referralsShown = report.scope === 'partnership' && !report.filters.hubId && !report.filters.careCommunityId;
  const figure = (key: string, label?: string) => (
    <div key={key} class="funder-figure">
      <dt>{label ?? col(key).label}</dt>
      <dd class="funder-value">{shown(t[key], col(key))}</dd>
      <dd class="hint">{col(key).definition}</dd>
    </div>
  );
  return (
    <>
      <p>
        <strong>{period}</strong>. {report.scope === 'own' ? 'The hubs and activities you look after.' : 'The whole partnership.'} {filtered ? 'Filtered as chosen on the reports page.' : ''} Worked
        out on {new Date(report.asOf).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'long', timeStyle: 'short' })}.
      </p>
      <p class="no-print">
        <Button variant="secondary" onClick={() => window.print()}>
          Print or save as PDF
        </Button>
      </p>
      {report.suppressed && <p>Figures about fewer than {report.threshold} people are hidden, and so are some others that would let them be worked out, so no one can be identified.</p>}
      {!report.suppressed && <p class="hint">These are exact figures. Check before you share them outside the partnership: small numbers could identify people.</p>}
      <h2 class="heading-m">Attendance</h2>
      <dl class="funder-figures">{['sessions', 'attended', 'walkIns', 'noShowRate'].map((k) => figure(k))}</dl>
      <h2 class="heading-m">Referrals</h2>
      {referralsShown ? (
        <dl class="funder-figures">
          {figure('referred')}
          {figure('referralsAttended')}
          {figure('attendedRate')}
        </dl>
      ) : (
        <p>Referrals are made to the partnership, not to a hub, so they are counted for the whole partnership only, by partnership admins.</p>
      )}
      <h2 class="heading-m">Volunteering</h2>
      <dl class="funder-figures">
        {figure('volunteerHours')}
        {figure('volunteerValuePence', `Value of those hours, at ${rate} an hour`)}
      </dl>
      <h2 class="heading-m">Outcomes: wellbeing</h2>
      {referralsShown ? (
        <dl class="funder-figures">{['ons4Pairs', 'ons4LifeSatisfactionChange', 'ons4WorthwhileChange', 'ons4HappinessChange', 'ons4AnxietyChange'].map((k) => figure(k))}</dl>
      ) : (
        <p>Wellbeing is scored on referrals, so it is shown for the whole partnership only.</p>
      )}
      {report.notes.map((n) => (
        <p key={n} class="hint">
          {n}
        </p>
      ))}
    </>
  );
}

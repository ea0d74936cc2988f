import { paths } from '../../../../functions/lib/paths';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { GapRow } from '../../../../functions/reports/schema';
import { FilterForm, filtersFrom, shown } from './shared';

/** Where demand goes unmet: priorities (and hubs) whose waiting lists and unplaced referrals outrun the free places. */
export default function Gaps({ query }: PageProps) {
  const filters = filtersFrom(query);
  const { kind: _kind, ...rest } = filters;
  const [load, reload] = useApi('getGaps', { query: rest });
  return (
    <Page title="Gaps in provision">
      <p>
        Where more people are waiting (on waiting lists, or referred and not yet placed) than there are free places. Largest gap first. <a href={paths.reports()}>Back to reports</a>.
      </p>
      <FilterForm path={paths.gaps()} filters={filters} />
      <Loaded load={load} label="Working out the gaps…" retry={reload} current>
        {(gaps) => (
          <>
            {gaps.notes.map((n) => (
              <p key={n} class="hint">
                {n}
              </p>
            ))}
            <h2 class="heading-l">By priority</h2>
            <GapList rows={gaps.byPriority} place={false} />
            <h2 class="heading-l">By hub and priority</h2>
            <GapList rows={gaps.byArea} place />
          </>
        )}
      </Loaded>
    </Page>
  );
}

function GapList({ rows, place }: { rows: GapRow[]; place: boolean }) {
  if (!rows.length) return <p>No gaps in this period: there were enough free places for everyone waiting.</p>;
  return (
    <ol>
      {rows.map((r) => (
        <li key={r.key} style="margin-bottom:12px">
          <strong>
            {r.priorityLabel}
            {place ? ` at ${r.hubName}` : ''}
          </strong>
          : {shown(r.unmet)} people waiting ({shown(r.waitlisted)} on waiting lists{place ? '' : `, ${shown(r.unplacedReferrals)} referrals not yet placed`}) for {shown(r.placesFree)} free places out of {shown(r.placesOffered)} offered. Gap:{' '}
          {shown(r.shortfall)}.
        </li>
      ))}
    </ol>
  );
}

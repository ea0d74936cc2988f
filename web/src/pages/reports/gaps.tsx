import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import type { PageProps } from '../../routes';
import type { GapRow, GapsView } from '../../../../functions/reports/schema';
import { FilterForm, filtersFrom, shown } from './shared';

/** Where demand goes unmet: priorities (and hubs) whose waiting lists and unplaced referrals outrun the free places. */
export default function Gaps({ query }: PageProps) {
  const filters = filtersFrom(query);
  const key = JSON.stringify(filters);
  const [gaps, setGaps] = useState<GapsView | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    setGaps(undefined);
    setProblem(undefined);
    const { kind: _kind, ...rest } = filters;
    api<GapsView>('/gaps', { query: { ...rest } })
      .then(setGaps)
      .catch((err) => setProblem(err instanceof ApiError ? err.detail : 'We could not work out the gaps. Try again.'));
  }, [key]);
  return (
    <Page title="Gaps in provision">
      <p>
        Where more people are waiting (on waiting lists, or referred and not yet placed) than there are free places. Largest gap first. <a href="/reports">Back to reports</a>.
      </p>
      <FilterForm path="/reports/gaps" filters={filters} />
      {problem && <Notice tone="warning" title="There is a problem">{problem}</Notice>}
      {!gaps && !problem && <Loading label="Working out the gaps…" />}
      {gaps && (
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

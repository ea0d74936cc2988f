import { paths } from '../../../../functions/lib/paths';
import type { GapRow, GapsView } from '../../../../functions/reports/schema';
import { Loaded, useApi } from '../../components/load';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
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
            <Findings gaps={gaps} />
            <h2 class="heading-l">By priority</h2>
            <GapList rows={gaps.byPriority} place={false} />
            <h2 class="heading-l">By hub and priority</h2>
            <GapList rows={gaps.byArea} place />
            <FullSessions gaps={gaps} />
            {gaps.findings.some((f) => f.key === 'noActivity') && <NoActivity gaps={gaps} />}
          </>
        )}
      </Loaded>
    </Page>
  );
}

function GapList({ rows, place }: { rows: GapRow[]; place: boolean }) {
  if (!rows.length) return <p>None in this period: there were enough free places for everyone waiting.</p>;
  return (
    <ol>
      {rows.map((r) => (
        <li key={r.key} style="margin-bottom:12px">
          <strong>
            {r.priorityLabel}
            {place ? ` at ${r.hubName}` : ''}
          </strong>
          : {shown(r.unmet)} people waiting ({shown(r.waitlisted)} on waiting lists{place ? '' : `, ${shown(r.unplacedReferrals)} referrals not yet placed`}) for {shown(r.placesFree)} free places out
          of {shown(r.placesOffered)} offered. Gap: {shown(r.shortfall)}.
        </li>
      ))}
    </ol>
  );
}

/** The gaps to act on now, each a link to the list behind it. */
function Findings({ gaps }: { gaps: GapsView }) {
  return (
    <section aria-labelledby="to-act-on">
      <h2 class="heading-l" id="to-act-on">
        Gaps to act on
      </h2>
      <ul class="list-plain">
        {gaps.findings.map((f) => (
          <li key={f.key} style="margin-bottom:12px">
            <a href={f.href}>
              {f.label}: {shown(f.count)}
            </a>
            <br />
            <span class="hint">{f.definition}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FullSessions({ gaps }: { gaps: GapsView }) {
  return (
    <section aria-labelledby="full-sessions">
      <h2 class="heading-l" id="full-sessions" tabIndex={-1}>
        Full sessions with people waiting
      </h2>
      {gaps.fullSessions.length ? (
        <div class="table-scroll" role="region" aria-label="Full sessions with people waiting" tabIndex={0} style="overflow-x:auto;max-width:100%">
          <table class="report-table" style="border-collapse:collapse;min-width:100%">
            <caption class="visually-hidden">Full sessions with people waiting</caption>
            <thead>
              <tr>
                <th scope="col" style="text-align:left;padding:4px 8px">
                  Activity
                </th>
                <th scope="col" style="text-align:left;padding:4px 8px">
                  When
                </th>
                <th scope="col" style="text-align:left;padding:4px 8px">
                  Where
                </th>
                <th scope="col" style="text-align:right;padding:4px 8px">
                  Places
                </th>
                <th scope="col" style="text-align:right;padding:4px 8px">
                  Waiting
                </th>
              </tr>
            </thead>
            <tbody>
              {gaps.fullSessions.map((s) => (
                <tr key={s.sessionId}>
                  <th scope="row" style="text-align:left;padding:4px 8px;font-weight:normal">
                    <a href={paths.activity({ id: s.activityId })}>{s.activityTitle}</a>
                  </th>
                  <td style="padding:4px 8px">{formatDateTime(s.startsAt)}</td>
                  <td style="padding:4px 8px">{s.hubName}</td>
                  <td style="text-align:right;padding:4px 8px">{s.places}</td>
                  <td style="text-align:right;padding:4px 8px">{shown(s.waitlisted)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>No full sessions with people waiting in the next four weeks.</p>
      )}
    </section>
  );
}

function NoActivity({ gaps }: { gaps: GapsView }) {
  const { priorities, careCommunities } = gaps.withoutActivity;
  return (
    <section aria-labelledby="no-activity">
      <h2 class="heading-l" id="no-activity" tabIndex={-1}>
        Priorities and care communities with no sessions
      </h2>
      {!priorities.length && !careCommunities.length && <p>Every priority and care community had at least one session in this period.</p>}
      {priorities.length > 0 && (
        <>
          <h3 class="heading-m">Priorities</h3>
          <ul>
            {priorities.map((p) => (
              <li key={p.id}>
                <a href={paths.activities({}, { priority: p.id })}>{p.label}</a>
              </li>
            ))}
          </ul>
        </>
      )}
      {careCommunities.length > 0 && (
        <>
          <h3 class="heading-m">Care communities</h3>
          <ul>
            {careCommunities.map((c) => (
              <li key={c.id}>
                <a href={paths.careCommunities()}>{c.name}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

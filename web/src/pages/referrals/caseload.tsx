import { useState } from 'preact/hooks';
import { paths } from '../../../../functions/lib/paths';
import { ons4Questions, type ReferralListItem } from '../../../../functions/referrals/schema';
import { ApiError, callApi } from '../../api';
import { hasRole, me } from '../../auth';
import { Button, ButtonLink } from '../../components/Button';
import { Checkboxes } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Loaded, useApi } from '../../components/load';
import { NeedsFlag } from '../../components/NeedsFlag';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateOf } from '../../format';
import type { PageProps } from '../../routes';
import { CaseTags, labelOf, type Priority, sourceLabels, usePriorities } from './parts';

/**
 * The link worker's caseload, in the order to work it (overdue first contact, then follow-ups due), with the
 * cases due today at the top and how the caseload is going at the foot; and the queue of referrals nobody has
 * picked up yet.
 */
export default function Caseload({ pageTitle, query }: PageProps) {
  // ?scope=unassigned: the queue (the sub-menu below, and the admins' home page, link to it); ?overdue=1: only those overdue
  const queue = query.scope === 'unassigned';
  const linkWorker = hasRole('linkworker');
  if (me.value === undefined)
    return (
      <Page title={pageTitle}>
        <Loading />
      </Page>
    );
  if (!hasRole('linkworker', 'admin')) {
    return (
      <Page title={pageTitle}>
        <p>
          Only link workers can see referrals. If you would like support for yourself, <a href={paths.askForSupport()}>ask for support</a>.
        </p>
      </Page>
    );
  }
  return (
    <Page title={pageTitle}>
      {linkWorker && (
        <>
          <ButtonLink href={paths.newReferral()}>New referral</ButtonLink>
          <nav class="sub-nav" aria-label="Which referrals">
            <ul class="sub-nav-list">
              <li class="sub-nav-item">
                <a href={paths.referrals()} aria-current={!queue ? 'page' : undefined}>
                  My caseload
                </a>
              </li>
              <li class="sub-nav-item">
                <a href={paths.referrals({}, { scope: 'unassigned' })} aria-current={queue ? 'page' : undefined}>
                  Waiting to be picked up
                </a>
              </li>
            </ul>
          </nav>
        </>
      )}
      {linkWorker && !queue ? <MyCaseload /> : <Queue scope={linkWorker || queue ? 'unassigned' : 'all'} overdue={query.overdue === '1'} />}
    </Page>
  );
}

function MyCaseload() {
  const [closed, setClosed] = useState<string[]>([]);
  const priorities = usePriorities();
  const [list, reload] = useApi('listReferrals', { query: { scope: 'mine', includeClosed: closed.length ? true : undefined, limit: 50 } });
  return (
    <>
      <Loaded load={list} label="Loading your caseload…" retry={reload}>
        {({ items }) => {
          const due = items.filter((r) => r.followUpDue);
          return (
            <>
              <h2 class="heading-l" id="due-today">
                Due today
              </h2>
              {due.length === 0 ? <p>No follow-ups are due today.</p> : <Cases items={due} priorities={priorities} labelledBy="due-today" />}
              <h2 class="heading-l" id="my-caseload">
                My caseload
              </h2>
              <Checkboxes id="closed" label="Which cases" values={closed} onChange={setClosed} options={[{ value: 'yes', label: 'Show closed and declined cases too' }]} />
              {items.length === 0 ? (
                <p>You have no open cases. Take one from the referrals waiting to be picked up, or make a new referral.</p>
              ) : (
                <Cases items={items} priorities={priorities} labelledBy="my-caseload" />
              )}
            </>
          );
        }}
      </Loaded>
      <Outcomes />
    </>
  );
}

function Cases({ items, priorities, labelledBy, take }: { items: ReferralListItem[]; priorities: Priority[]; labelledBy: string; take?: (r: ReferralListItem) => void }) {
  return (
    <ul class="card-list" aria-labelledby={labelledBy}>
      {items.map((r) => (
        <li class="card" key={r.id}>
          <h3 class="heading-m card-title">{r.personName ? <a href={paths.referral({ id: r.id })}>{r.personName}</a> : <a href={paths.referral({ id: r.id })}>Referral {r.reference}</a>}</h3>
          <p class="card-meta">
            Reference <strong>{r.reference}</strong> · {sourceLabels[r.source] ?? r.source} · received {formatDateOf(r.createdAt)}
          </p>
          <p>
            <CaseTags r={r} />
          </p>
          {r.communicationNeeds && (
            <p>
              <NeedsFlag needs={r.communicationNeeds} />
            </p>
          )}
          <p>Reasons: {r.reasons.map((x) => labelOf(priorities, x)).join(', ') || 'not given'}</p>
          {take && (
            <Button variant="secondary" onClick={() => take(r)}>
              Take this referral<span class="visually-hidden"> ({r.reference})</span>
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

function Queue({ scope, overdue }: { scope: 'unassigned' | 'all'; overdue: boolean }) {
  const priorities = usePriorities();
  const [list, reload] = useApi('listReferrals', { query: { scope, overdue: overdue || undefined, limit: 50 } });
  const [message, setMessage] = useState<{ tone: 'success' | 'warning'; text: string } | null>(null);
  const take = async (r: ReferralListItem) => {
    try {
      await callApi('assignReferral', { params: { id: r.id }, body: {} });
      setMessage({ tone: 'success', text: `Referral ${r.reference} is now on your caseload.` });
      reload();
    } catch (err) {
      setMessage({ tone: 'warning', text: err instanceof ApiError ? err.detail : 'We could not take that referral.' });
    }
  };
  return (
    <>
      <h2 class="heading-l" id="queue">
        {scope === 'all' ? 'Every referral' : 'Waiting to be picked up'}
        {overdue ? ': overdue' : ''}
      </h2>
      <div aria-live="polite">{message && <Notice tone={message.tone}>{message.text}</Notice>}</div>
      <Loaded load={list} label="Loading referrals…" retry={reload}>
        {({ items }) =>
          items.length === 0 ? (
            <p>There are no referrals waiting.</p>
          ) : (
            <Cases items={items} priorities={priorities} labelledBy="queue" take={scope === 'unassigned' && hasRole('linkworker') ? take : undefined} />
          )
        }
      </Loaded>
    </>
  );
}

const questionWords: Record<(typeof ons4Questions)[number], string> = {
  lifeSatisfaction: 'Life satisfaction',
  worthwhile: 'Feeling things are worthwhile',
  happiness: 'Happiness',
  anxiety: 'Anxiety (lower is better)',
};

/** How the caseload is going: first sessions reached, how soon, and the wellbeing change. */
function Outcomes() {
  const [load, reload] = useApi('getCaseloadOutcomes');
  return (
    <section aria-labelledby="outcomes">
      <h2 class="heading-l" id="outcomes">
        How your caseload is going
      </h2>
      <Loaded load={load} label="Loading outcomes…" retry={reload}>
        {(o) => (
          <>
            <dl class="stats">
              <div class="stat">
                <dt>Referrals</dt>
                <dd>{o.referrals}</dd>
              </div>
              <div class="stat">
                <dt>Reached a first session</dt>
                <dd>
                  {o.reachedFirstSession}
                  {o.referrals ? ` (${Math.round((o.reachedFirstSession / o.referrals) * 100)}%)` : ''}
                </dd>
              </div>
              <div class="stat">
                <dt>Median days to a first session</dt>
                <dd>{o.medianDaysToFirstSession ?? 'None yet'}</dd>
              </div>
            </dl>
            <h3 class="heading-s">Wellbeing (ONS4), start to close</h3>
            {o.wellbeing.suppressed || !o.wellbeing.questions ? (
              <p>
                {o.wellbeing.people ?? 0} {o.wellbeing.people === 1 ? 'person has' : 'people have'} scores at the start and the close. The change is shown from {o.suppressionThreshold} people, so no
                one can be picked out.
              </p>
            ) : (
              <>
                <p>Over {o.wellbeing.people} people with scores at the start and the close (0 to 10):</p>
                <ul class="list list-bullet">
                  {ons4Questions.map((q) => {
                    const s = o.wellbeing.questions![q]!;
                    return (
                      <li key={q}>
                        {questionWords[q]}: {s.meanStart} to {s.meanEnd} ({s.meanChange > 0 ? '+' : ''}
                        {s.meanChange})
                      </li>
                    );
                  })}
                </ul>
              </>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}

import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { hasRole, me } from '../../auth';
import { Button } from '../../components/Button';
import { Checkboxes, Select } from '../../components/fields';
import { Loading } from '../../components/Loading';
import { Notice } from '../../components/Notice';
import { Page } from '../../components/Page';
import { formatDateTime } from '../../format';
import type { PageProps } from '../../routes';
import { referralStatuses, statusLabels, type ReferralListItem } from '../../../../functions/referrals/schema';
import { labelOf, sourceLabels, useApi, usePriorities } from './parts';

type Scope = 'mine' | 'unassigned';

/** The link worker's caseload and the queue of referrals nobody has picked up yet. */
export default function Caseload({ pageTitle, query }: PageProps) {
  // the admins' home page links here for the unassigned queue (?scope=unassigned) and the overdue (?overdue=1)
  const [scope, setScope] = useState<Scope>(query.scope === 'unassigned' ? 'unassigned' : 'mine');
  const [status, setStatus] = useState('');
  const [overdue, setOverdue] = useState<string[]>(query.overdue === '1' ? ['yes'] : []);
  const [reload, setReload] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const priorities = usePriorities();
  const allowed = hasRole('linkworker', 'admin');
  const list = useApi<{ items: ReferralListItem[] }>(allowed ? '/referrals' : null, reload, {
    scope: hasRole('linkworker') || scope === 'unassigned' ? scope : 'all',
    status: status || undefined,
    overdue: overdue.length ? true : undefined,
    limit: 50,
  });

  if (me.value === undefined) return <Loading />;
  if (!allowed) {
    return (
      <Page title={pageTitle}>
        <p>Only link workers can see referrals. If you would like support for yourself, <a href="/ask-for-support">ask for support</a>.</p>
      </Page>
    );
  }

  const take = async (id: string) => {
    try {
      await api(`/referrals/${id}/assign`, { method: 'POST', body: {} });
      setMessage('The referral is now on your caseload.');
      setReload((n) => n + 1);
    } catch (err) {
      setMessage(err instanceof ApiError ? err.detail : 'We could not take that referral.');
    }
  };

  return (
    <Page title={pageTitle}>
      {message && <Notice tone="success">{message}</Notice>}
      {hasRole('linkworker') && (
        <nav aria-label="Which referrals">
          <ul class="tags">
            <li>
              <a href="#mine" aria-current={scope === 'mine' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setScope('mine'); }}>
                My caseload
              </a>
            </li>
            <li>
              <a href="#queue" aria-current={scope === 'unassigned' ? 'page' : undefined} onClick={(e) => { e.preventDefault(); setScope('unassigned'); }}>
                Waiting to be picked up
              </a>
            </li>
          </ul>
        </nav>
      )}
      <h2 class="heading-l">{scope === 'mine' && hasRole('linkworker') ? 'My caseload' : 'Waiting to be picked up'}</h2>
      <Select
        id="status"
        label="Show"
        value={status}
        onChange={setStatus}
        options={[{ value: '', label: 'Every status' }, ...referralStatuses.map((s) => ({ value: s, label: statusLabels[s] }))]}
      />
      <Checkboxes id="overdue" label="Overdue" values={overdue} onChange={setOverdue} options={[{ value: 'yes', label: 'Only those not contacted in time' }]} />

      {list.state === 'loading' && <Loading label="Loading referrals…" />}
      {list.state === 'failed' && <p>{list.message}</p>}
      {list.state === 'ready' && list.value.items.length === 0 && <p>There are no referrals here.</p>}
      {list.state === 'ready' && list.value.items.length > 0 && (
        <ul class="activity-list">
          {list.value.items.map((r) => (
            <li class="activity" key={r.id}>
              <h3 class="heading-m activity-title">
                <a href={`/referrals/${r.id}`}>{r.personName ?? `Referral ${r.id.slice(-6)}`}</a>
              </h3>
              <dl class="facts">
                <div class="fact">
                  <dt>Status</dt>
                  <dd>
                    {r.statusLabel}
                    {r.overdue && <strong class="tag"> Overdue: not contacted yet</strong>}
                  </dd>
                </div>
                <div class="fact">
                  <dt>From</dt>
                  <dd>{sourceLabels[r.source] ?? r.source}</dd>
                </div>
                <div class="fact">
                  <dt>Reasons</dt>
                  <dd>{r.reasons.map((x) => labelOf(priorities, x)).join(', ') || 'Not given'}</dd>
                </div>
                <div class="fact">
                  <dt>Received</dt>
                  <dd>{formatDateTime(r.createdAt)}</dd>
                </div>
              </dl>
              {!r.assignedTo && hasRole('linkworker') && (
                <Button variant="secondary" onClick={() => take(r.id)}>
                  Take this referral<span class="visually-hidden"> received {formatDateTime(r.createdAt)}</span>
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

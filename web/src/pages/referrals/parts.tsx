/** Small pieces the referral pages share: the priorities' names, where a referral came from, its status tag. */
import type { ReferralListItem, ReferralView } from '../../../../functions/referrals/schema';
import { Tag } from '../../components/SummaryList';
import { useApi } from '../../components/load';
import { formatDay } from '../../format';

export interface Priority {
  id: string;
  label: string;
}

/** The priorities taxonomy, for choosing reasons and showing their names (one spelling: the taxonomy's). */
export function usePriorities(): Priority[] {
  const [loaded] = useApi<{ items: Priority[] }>('/priorities', { limit: 100 });
  return loaded.state === 'ready' ? loaded.data.items : [];
}

export const labelOf = (priorities: Priority[], id: string) => priorities.find((p) => p.id === id)?.label ?? id;

export const sourceLabels: Record<string, string> = {
  'gp-practice': 'GP practice',
  self: 'Self-referral',
  'hospital-discharge': 'Hospital discharge team',
  'community-group': 'Community group',
  other: 'Other',
};

/** The tags beside a case: overdue first contact, a follow-up due, finished. */
export function CaseTags({ r }: { r: Pick<ReferralListItem | ReferralView, 'overdue' | 'followUpDue' | 'followUpOn' | 'status' | 'statusLabel'> }) {
  return (
    <>
      <Tag tone={r.status === 'closed' || r.status === 'declined' ? 'grey' : 'blue'}>{r.statusLabel}</Tag>{' '}
      {r.overdue && (
        <>
          <Tag tone="red">Overdue: not contacted yet</Tag>{' '}
        </>
      )}
      {r.followUpDue && r.followUpOn && <Tag tone="yellow">Follow up due: {formatDay(r.followUpOn)}</Tag>}
    </>
  );
}

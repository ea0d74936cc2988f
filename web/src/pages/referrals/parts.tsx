/** Small pieces the referral pages share: the priorities' names, where a referral came from, its status tag. */
import type { contactMethods, ReferralListItem, ReferralView } from '../../../../functions/referrals/schema';
import type { Option } from '../../components/fields';
import { Tag } from '../../components/SummaryList';
import { formatDay } from '../../format';
import { type Named, usePriorities as usePriorityList } from '../directory/shared';

export type Priority = Named;

export type ContactMethod = (typeof contactMethods)[number];

/** The ways a person may ask to be contacted, in their words. */
export const contactOptions: Option<ContactMethod>[] = [
  { value: 'phone', label: 'Phone call' },
  { value: 'text', label: 'Text message' },
  { value: 'email', label: 'Email' },
  { value: 'letter', label: 'Letter' },
  { value: 'in-person', label: 'In person' },
];

/** The priorities taxonomy, for choosing reasons and showing their names (one spelling: the taxonomy's). */
export const usePriorities = (): Priority[] => usePriorityList() ?? [];

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

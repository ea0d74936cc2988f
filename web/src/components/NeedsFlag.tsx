import { type CommunicationNeed, communicationNeedLabels } from '../../../functions/accounts/communication-needs';
import { Tag } from './SummaryList';

/** A person's communication needs, flagged wherever staff see them: the register, a caseload, who is booked. */
export function NeedsFlag({ needs }: { needs: readonly string[] | undefined }) {
  if (!needs?.length) return null;
  return (
    <>
      <Tag tone="yellow">Communication needs</Tag> {needs.map((n) => communicationNeedLabels[n as CommunicationNeed] ?? n).join(', ')}
    </>
  );
}

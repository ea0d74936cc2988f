import type { Application } from '../../../../functions/volunteers/schema';
import { Tag } from '../../components/SummaryList';

/** An application's status in a few words, for a tag. */
export function StatusTag({ status }: { status: Application['status'] }) {
  const [tone, words] = (
    {
      submitted: ['blue', 'Waiting for a decision'],
      'more-info-requested': ['yellow', 'More information needed'],
      approved: ['green', 'Approved'],
      declined: ['red', 'Not offered'],
      withdrawn: ['grey', 'Withdrawn'],
    } as const
  )[status];
  return <Tag tone={tone}>{words}</Tag>;
}

/** What an application's status means for the volunteer, in a sentence or two. */
export function statusText(a: Application): string {
  switch (a.status) {
    case 'submitted':
      return a.under18 && !a.guardianConsent
        ? "The coordinator will look at your application. Because you are under 18, they will also need your parent or guardian's consent before you can start: they will contact you about this."
        : 'The coordinator will look at your application and contact you, usually within 2 weeks.';
    case 'more-info-requested':
      return `The coordinator asked: "${a.question ?? 'for a little more information'}". Please reply to their email or ask at the hub.`;
    case 'approved':
      return 'You are approved. You can sign up for shifts once any checks the role needs are recorded.';
    case 'declined':
      return `This time we cannot offer you the role${a.decisionReason ? `: ${a.decisionReason}` : '.'}`;
    default:
      return 'You withdrew this application.';
  }
}

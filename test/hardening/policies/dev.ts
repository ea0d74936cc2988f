import { newId } from '../../../functions/lib/ids';
import type { Policy } from '../policy';

/** The dev mailbox and its reply form: local runtime only (never mounted in a Lambda nor in the synthesised API; a test proves it). */
export const devPolicies: Policy[] = [
  { operationId: 'devMailbox', allowed: ['everyone'], note: 'local only, by design open', request: async () => ({}) },
  {
    operationId: 'devReplyByText',
    allowed: ['everyone'],
    ok: [200],
    note: 'local only, by design open: stands in for the phone network (on AWS, the SNS topic the number publishes replies to)',
    // a question from a number nobody was asked from: it goes to the partnership's texts for a person to read
    request: async ({ w }) => ({
      body: { originationNumber: `+4477009${String(w.seq() % 100_000).padStart(5, '0')}`, destinationNumber: '+447700900000', messageBody: 'What time does it start?', inboundMessageId: newId() },
    }),
  },
];

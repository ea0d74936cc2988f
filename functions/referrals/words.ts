/**
 * The referral workflow's word lists, apart from the zod schemas (./schema) so the reads other domains make
 * through the referrals port (./port) do not bundle every schema into their Lambdas.
 */
export const referralStatuses = ['received', 'contacted', 'plan-agreed', 'connected', 'attended', 'closed', 'declined', 'unable-to-contact'] as const;

/** ONS4 personal wellbeing: the four questions, in the order they are asked. */
export const ons4Questions = ['lifeSatisfaction', 'worthwhile', 'happiness', 'anxiety'] as const;

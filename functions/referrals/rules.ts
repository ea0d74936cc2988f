import type { Role } from '../lib/actor';
import type { FieldProblem } from '../lib/errors';
import type { Consent, Ons4Record, Referral, ReferralStatus, SharingScope } from './schema';
import { ons4Questions } from './words';

/**
 * The referral workflow and the other pure decisions of social prescribing. No I/O.
 *
 * received -> contacted -> plan-agreed -> connected (booked) -> attended -> closed (with outcome)
 * and from the open statuses: declined, or unable to contact (which can reopen when the person gets in touch).
 */
const transitions: Record<ReferralStatus, readonly ReferralStatus[]> = {
  received: ['contacted', 'declined', 'unable-to-contact'],
  contacted: ['plan-agreed', 'declined', 'unable-to-contact', 'closed'],
  'plan-agreed': ['connected', 'declined', 'closed'],
  connected: ['attended', 'declined', 'closed'],
  attended: ['closed'],
  'unable-to-contact': ['contacted', 'closed'],
  closed: [],
  declined: [],
};

export function canMove(from: ReferralStatus, to: ReferralStatus): boolean {
  return transitions[from].includes(to);
}

export function nextStatuses(from: ReferralStatus): readonly ReferralStatus[] {
  return transitions[from];
}

/** What the referral must have for a move to `to`, given the change requested with it. */
export interface MoveFacts {
  plan: unknown[];
  bookings: unknown[];
  outcome?: string | undefined;
  declinedReason?: string | undefined;
  attendedCount: number;
}

/** Problems with a requested move; empty when it may happen. */
export function checkMove(from: ReferralStatus, to: ReferralStatus, facts: MoveFacts): FieldProblem[] {
  if (from === to) return [];
  if (!canMove(from, to)) {
    const allowed = transitions[from];
    return [
      { field: 'body.status', rule: 'invalid_transition', message: `cannot move from ${from} to ${to}${allowed.length ? ` (next can be: ${allowed.join(', ')})` : ' (the referral is finished)'}` },
    ];
  }
  const problems: FieldProblem[] = [];
  if (to === 'plan-agreed' && facts.plan.length === 0) problems.push({ field: 'body.plan', rule: 'required', message: 'agree at least one activity before the plan is agreed' });
  if (to === 'connected' && facts.bookings.length === 0) problems.push({ field: 'body.status', rule: 'no_booking', message: 'book at least one place before marking the referral connected' });
  if (to === 'attended' && facts.attendedCount === 0) problems.push({ field: 'body.status', rule: 'no_attendance', message: 'attended needs at least one session marked attended' });
  if (to === 'closed' && !facts.outcome) problems.push({ field: 'body.outcome', rule: 'required', message: 'give the outcome when closing a referral' });
  if (to === 'declined' && !facts.declinedReason) problems.push({ field: 'body.declinedReason', rule: 'required', message: 'say why the referral was declined' });
  return problems;
}

/**
 * A referral's reference: the last eight characters of its id (its random part, in letters and digits nobody
 * confuses: no I, L, O or U) in two groups, "7K3M-9QXA". The same on the confirmation page, in the email, in
 * the link workers' queue and on the referral, so a person on the phone and the link worker mean the same one.
 */
export const referenceOf = (id: string): string => `${id.slice(-8, -4)}-${id.slice(-4)}`;

/** Referrals that are finished: hidden from a caseload unless asked for. */
export const finishedStatuses: readonly ReferralStatus[] = ['closed', 'declined'];
export const isFinished = (status: ReferralStatus): boolean => finishedStatuses.includes(status);

/** The follow-up date has come (today in London, or passed), on a case still open. */
export const isFollowUpDue = (r: Pick<Referral, 'status' | 'followUpOn'>, today: string): boolean => !!r.followUpOn && r.followUpOn <= today && !isFinished(r.status);

/**
 * A link worker's caseload in the order to work it: overdue first contact, then follow-ups due, then the rest
 * (finished last); oldest first within each.
 */
export function caseloadOrder(a: { overdue: boolean; followUpDue: boolean; status: ReferralStatus; createdAt: string }, b: typeof a): number {
  const rank = (r: typeof a) => (r.overdue ? 0 : r.followUpDue ? 1 : isFinished(r.status) ? 3 : 2);
  return rank(a) - rank(b) || a.createdAt.localeCompare(b.createdAt);
}

/** Does the consent, as it stands now, cover sharing with this scope? A withdrawn scope no longer does. */
export function sharesWith(consent: Pick<Consent, 'sharing' | 'withdrawals'> | undefined, scope: SharingScope): boolean {
  return !!consent && consent.sharing.includes(scope) && !consent.withdrawals?.some((w) => w.scope === scope);
}

/** Accounts a closing letter may go to: the professionals of the partnership, never a resident's or a volunteer's own. */
export const professionalRoles: readonly Role[] = ['linkworker', 'coordinator', 'partner', 'admin'];
export const isProfessional = (roles: readonly Role[]): boolean => roles.some((r) => professionalRoles.includes(r));

/** The median of some numbers (null for none). */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A referral still waiting for first contact after `days` days is overdue. */
export function isOverdue(referral: Pick<Referral, 'status' | 'createdAt'>, now: Date, days: number): boolean {
  return referral.status === 'received' && now.getTime() - Date.parse(referral.createdAt) > days * 86_400_000;
}

/** Referrals created before this instant and still received are overdue. */
export function overdueBefore(now: Date, days: number): string {
  return new Date(now.getTime() - days * 86_400_000).toISOString();
}

/** When a finished referral's personal details are purged (epoch seconds, for DynamoDB TTL). */
export function purgeAt(finishedAt: Date, retentionDays: number): number {
  return Math.floor(finishedAt.getTime() / 1000) + retentionDays * 86_400;
}

// ---------- outcomes ----------

/** Cells counting fewer people than this are suppressed in every report. */
export const suppressionThreshold = 5;

export const suppress = (count: number): number | null => (count < suppressionThreshold ? null : count);

export interface WellbeingSummary {
  people: number | null;
  suppressed: boolean;
  questions?: Record<string, { meanStart: number; meanEnd: number; meanChange: number }>;
}

/** Mean ONS4 scores at start and close, and the mean change, over referrals that have both; suppressed under the threshold. */
export function summariseWellbeing(pairs: { start: Ons4Record; end: Ons4Record }[]): WellbeingSummary {
  if (pairs.length < suppressionThreshold) return { people: null, suppressed: true };
  const mean = (xs: number[]) => Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100;
  const questions = Object.fromEntries(
    ons4Questions.map((q) => {
      const meanStart = mean(pairs.map((p) => p.start[q]));
      const meanEnd = mean(pairs.map((p) => p.end[q]));
      return [q, { meanStart, meanEnd, meanChange: Math.round((meanEnd - meanStart) * 100) / 100 }];
    }),
  );
  return { people: pairs.length, suppressed: false, questions };
}

/** Counts per key with small cells suppressed. */
export function countBy<T>(items: T[], key: (item: T) => string, keys: readonly string[]): Record<string, number | null> {
  const counts: Record<string, number> = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).map(([k, n]) => [k, suppress(n)]));
}

// ---------- self-referral spam resistance ----------

/** Self-referrals allowed per sender (signed-in user, or network address) per window. */
export const selfReferralLimit = { limit: 5, windowSeconds: 3600 };

/** A filled-in honeypot means a bot: answer as if accepted, save nothing. */
export const isBot = (honeypot: string | undefined): boolean => !!honeypot && honeypot.trim().length > 0;

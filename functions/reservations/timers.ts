import type { AppDeps } from '../lib/deps';
import { expireOffers, sendSessionReminders } from './service';

/**
 * The periodic work: offers whose hold ran out move on, and reminders go 24 hours ahead. On AWS an
 * EventBridge schedule runs functions/lambda/reminders.ts; locally functions/local/platform.ts runs a timer.
 * Both parts are idempotent, so overlapping or repeated runs do no harm.
 */
export async function runReservationTimers(deps: AppDeps): Promise<{ expired: number; reminded: number }> {
  const expired = await expireOffers(deps);
  const reminded = await sendSessionReminders(deps);
  return { expired, reminded };
}

/** How often the local timer runs (and the EventBridge rate the lead should use). */
export const timerIntervalMs = 5 * 60_000;

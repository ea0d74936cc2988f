import type { ScheduledJob } from '../lib/jobs';
import { expireOffers } from './service';

/**
 * Scheduled work of reservations (register in functions/jobs.ts): offers whose hold ran out move on to the
 * next person (reminders are in functions/reminders/jobs.ts). Idempotent: a repeated run sends nothing twice.
 */
export const reservationJobs: ScheduledJob[] = [{ name: 'reservation-offer-expiry', schedule: 'rate(5 minutes)', everyMs: 5 * 60_000, run: expireOffers }];

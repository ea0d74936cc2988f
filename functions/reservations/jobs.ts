import type { ScheduledJob } from '../lib/jobs';
import { expireOffers, sendSessionReminders } from './service';

/**
 * Scheduled work of reservations (register in functions/jobs.ts): offers whose hold ran out move on to the
 * next person, and reminders go about 24 hours ahead. Both idempotent: a repeated run sends nothing twice.
 */
export const reservationJobs: ScheduledJob[] = [
  { name: 'reservation-offer-expiry', schedule: 'rate(5 minutes)', everyMs: 5 * 60_000, run: expireOffers },
  { name: 'session-reminders', schedule: 'rate(15 minutes)', everyMs: 15 * 60_000, run: sendSessionReminders },
];

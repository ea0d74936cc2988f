import type { ScheduledJob } from '../lib/jobs';
import { expireOffers, sendSessionReminders } from './service';

/** Offers whose hold ran out move on to the next person; reminders go 24 hours ahead. Both idempotent. */
export const reservationJobs: ScheduledJob[] = [
  { name: 'expire-offers', schedule: 'rate(5 minutes)', everyMs: 5 * 60_000, run: expireOffers },
  { name: 'session-reminders', schedule: 'rate(15 minutes)', everyMs: 15 * 60_000, run: sendSessionReminders },
];

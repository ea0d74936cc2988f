import type { ScheduledJob } from '../lib/jobs';
import { sendCheckExpiryReminders, sendShiftReminders } from './service';

/** Scheduled work of the volunteers domain: one message per check per threshold, one reminder per sign-up. */

export const volunteerJobs: ScheduledJob[] = [
  { name: 'volunteer-check-expiry-reminders', schedule: 'cron(0 7 * * ? *)', everyMs: 24 * 3_600_000, run: sendCheckExpiryReminders },
  { name: 'volunteer-shift-reminders', schedule: 'rate(1 hour)', everyMs: 3_600_000, run: sendShiftReminders },
];

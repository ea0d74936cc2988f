import type { AppDeps } from '../lib/deps';
import { sendCheckExpiryReminders, sendShiftReminders } from './service';

/**
 * Scheduled work of the volunteers domain. On AWS each is an EventBridge Scheduler rule invoking
 * functions/lambda/volunteer-jobs.ts with { job: name }; locally a timer runs it (functions/local/scheduler.ts).
 * Each is idempotent (one message per check per threshold, one reminder per sign-up), so a repeat is harmless.
 */
export interface ScheduledJob {
  name: string;
  /** EventBridge schedule expression */
  schedule: string;
  everyMs: number;
  run(deps: AppDeps): Promise<number>;
}

export const volunteerJobs: ScheduledJob[] = [
  { name: 'volunteer-check-expiry-reminders', schedule: 'cron(0 7 * * ? *)', everyMs: 24 * 3_600_000, run: sendCheckExpiryReminders },
  { name: 'volunteer-shift-reminders', schedule: 'rate(1 hour)', everyMs: 3_600_000, run: sendShiftReminders },
];

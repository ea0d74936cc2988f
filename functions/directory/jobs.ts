import type { ScheduledJob } from '../lib/jobs';
import { refreshPassedSchedules, sendReviewReminders } from './service';

/**
 * Scheduled work of the directory: keep the day / time / date facets true as sessions pass (just after
 * midnight, London time in winter and summer), and flag entries not reviewed for six months.
 */
export const directoryJobs: ScheduledJob[] = [
  { name: 'directory-schedule-refresh', schedule: 'cron(5 0 * * ? *)', everyMs: 24 * 3_600_000, run: refreshPassedSchedules },
  { name: 'directory-review-reminders', schedule: 'cron(0 8 * * ? *)', everyMs: 24 * 3_600_000, run: async (deps) => (await sendReviewReminders(deps)).flagged },
];

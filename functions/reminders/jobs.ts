import type { ScheduledJob } from '../lib/jobs';
import { actOnDeadlines, sendReminders } from './service';

/**
 * Reminders go at each activity's reminder times (they replace the old single 24-hour reminder); places
 * nobody confirmed are freed or flagged at the reply-by time. Both idempotent: a repeated run does nothing new.
 */
export const reminderJobs: ScheduledJob[] = [
  { name: 'session-reminders', schedule: 'rate(15 minutes)', everyMs: 15 * 60_000, run: sendReminders },
  { name: 'place-check-deadlines', schedule: 'rate(15 minutes)', everyMs: 15 * 60_000, run: actOnDeadlines },
];

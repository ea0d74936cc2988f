import type { ScheduledJob } from '../lib/jobs';
import { actOnDeadlines, askShiftVolunteers, sendReminders } from './service';

/**
 * Reminders go at each activity's reminder times (they replace the old single 24-hour reminder); volunteers
 * are asked two days before a shift whether they are still coming; places nobody confirmed are freed or
 * flagged at the reply-by time. All idempotent: a repeated run does nothing new.
 */
export const reminderJobs: ScheduledJob[] = [
  { name: 'session-reminders', schedule: 'rate(15 minutes)', everyMs: 15 * 60_000, run: sendReminders },
  { name: 'shift-confirmations', schedule: 'rate(15 minutes)', everyMs: 15 * 60_000, run: askShiftVolunteers },
  { name: 'place-check-deadlines', schedule: 'rate(15 minutes)', everyMs: 15 * 60_000, run: actOnDeadlines },
];

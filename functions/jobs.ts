import { directoryJobs } from './directory/jobs';
import type { ScheduledJob } from './lib/jobs';
import { reminderJobs } from './reminders/jobs';
import { reservationJobs } from './reservations/jobs';
import { volunteerJobs } from './volunteers/jobs';

/** Every domain's scheduled jobs. The jobs Lambda and the local scheduler both run this list. */
export const scheduledJobs: ScheduledJob[] = [...reservationJobs, ...volunteerJobs, ...directoryJobs, ...reminderJobs];

import type { AppDeps } from './deps';

/**
 * Work that runs on a schedule rather than on a request or a table change (reminders, offer expiry).
 * On AWS an EventBridge rule invokes functions/lambda/jobs.ts with { job: name }; locally a timer runs it
 * (functions/local/scheduler.ts). Each must be idempotent: a repeated run sends nothing twice.
 */
export interface ScheduledJob {
  name: string;
  /** EventBridge schedule expression */
  schedule: string;
  /** how often the local timer runs it */
  everyMs: number;
  /** returns how many things it did (messages sent, offers expired), for the log */
  run(deps: AppDeps): Promise<number>;
}

import type { AppDeps } from '../lib/deps';
import type { ScheduledJob } from '../lib/jobs';

/**
 * The local stand-in for EventBridge schedules: runs each job shortly after start and then on its interval.
 * Jobs are idempotent, so a restart that runs them again sends nothing twice.
 */
export function startScheduledJobs(deps: AppDeps, jobs: ScheduledJob[], firstRunAfterMs = 5_000): { stop(): void } {
  const timers: NodeJS.Timeout[] = [];
  for (const job of jobs) {
    const run = () =>
      job.run(deps).then(
        (sent) => deps.log.info('scheduled job done', { job: job.name, sent }),
        (err) => deps.log.error('scheduled job failed', { job: job.name, error: String(err) }),
      );
    const first = setTimeout(() => {
      void run();
      timers.push(setInterval(run, job.everyMs).unref());
    }, firstRunAfterMs);
    timers.push(first.unref());
  }
  return { stop: () => timers.forEach((t) => clearTimeout(t)) };
}

import { scheduledJobs } from '../jobs';
import { lambdaDeps } from './deps';

const deps = lambdaDeps();

/** Invoked by one EventBridge rule per job with { job: '<name>' } (functions/jobs.ts lists them). */
export const handler = async (event: { job?: string }): Promise<{ job: string; done: number }> => {
  const job = scheduledJobs.find((j) => j.name === event.job);
  if (!job) throw new Error(`Unknown scheduled job: ${String(event.job)}`);
  const done = await job.run(deps);
  deps.log.info('scheduled job done', { job: job.name, done });
  return { job: job.name, done };
};

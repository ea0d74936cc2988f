import { volunteerJobs } from '../volunteers/jobs';
import { lambdaDeps } from './deps';

const deps = lambdaDeps();

/** Invoked by the scheduled rules with { job: '<name>' } (see functions/volunteers/jobs.ts). */
export const handler = async (event: { job?: string }): Promise<{ job: string; sent: number }> => {
  const job = volunteerJobs.find((j) => j.name === event.job);
  if (!job) throw new Error(`Unknown scheduled job: ${String(event.job)}`);
  const sent = await job.run(deps);
  deps.log.info('scheduled job done', { job: job.name, sent });
  return { job: job.name, sent };
};

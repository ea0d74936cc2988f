import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { ApiFunction } from './api-function';

export interface ScheduledJobsProps {
  entry: string;
  projectRoot: string;
  table: ITable;
  environment: Record<string, string>;
  /** from functions/jobs.ts: each job's name and EventBridge schedule expression */
  jobs: { name: string; schedule: string }[];
}

/** One function runs every scheduled job (reminders, offer expiry); one EventBridge rule per job invokes it. */
export class ScheduledJobs extends Construct {
  readonly function: ApiFunction;

  constructor(scope: Construct, id: string, props: ScheduledJobsProps) {
    super(scope, id);
    this.function = new ApiFunction(this, 'Handler', {
      entry: props.entry,
      projectRoot: props.projectRoot,
      table: props.table,
      tableAccess: 'readWrite',
      environment: props.environment,
    });
    for (const job of props.jobs) {
      new Rule(this, `Rule-${job.name}`, {
        description: `Common Ground scheduled job: ${job.name}`,
        schedule: Schedule.expression(job.schedule),
        targets: [new LambdaFunction(this.function.fn, { event: RuleTargetInput.fromObject({ job: job.name }), retryAttempts: 2 })],
      });
    }
  }
}

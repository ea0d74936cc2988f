import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ApiFunction } from './api-function';

export interface StreamProcessorProps {
  entry: string;
  projectRoot: string;
  table: ITable;
  environment: Record<string, string>;
  /** The From address of notification email; the SES identity (address or its domain) must be verified. */
  fromAddress: string;
}

/**
 * The table's stream handler (report aggregates, notification outbox, waitlist promotion).
 * Batches that keep failing are split to isolate the bad record, retried a few times, then recorded in a DLQ.
 */
export class StreamProcessor extends Construct {
  readonly function: ApiFunction;
  readonly deadLetterQueue: Queue;

  constructor(scope: Construct, id: string, props: StreamProcessorProps) {
    super(scope, id);

    this.function = new ApiFunction(this, 'Handler', {
      entry: props.entry,
      projectRoot: props.projectRoot,
      table: props.table,
      tableAccess: 'readWrite',
      timeout: Duration.seconds(60),
      environment: { ...props.environment, FROM_ADDRESS: props.fromAddress },
    });
    const { fn } = this.function;

    this.deadLetterQueue = new Queue(this, 'FailedBatches', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    fn.addEventSource(
      new DynamoEventSource(props.table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 5,
        maxRecordAge: Duration.days(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.deadLetterQueue),
      }),
    );

    // Email through SES: only from the configured sender, whether SES verified the address or its domain.
    const { partition, region, account } = Stack.of(this);
    const fromDomain = props.fromAddress.split('@')[1] ?? props.fromAddress;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [props.fromAddress, fromDomain].map((identity) => `arn:${partition}:ses:${region}:${account}:identity/${identity}`),
        conditions: { StringEquals: { 'ses:FromAddress': props.fromAddress } },
      }),
    );
    // SMS goes straight to phone numbers, which have no ARN: sns:Publish cannot be scoped to a resource,
    // so the statement denies publishing to topics instead (only direct SMS is needed).
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
    fn.addToRolePolicy(
      new PolicyStatement({
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [`arn:${partition}:sns:*:*:*`],
      }),
    );

    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Two actions that have no resource-level permissions: dynamodb:ListStreams (added by the DynamoDB event ' +
        'source) and sns:Publish to a phone number (SMS). Publishing to topics is explicitly denied.',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is itself the on-failure destination of the stream event source; it needs no DLQ.',
    });
  }
}

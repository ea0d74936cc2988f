import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  api: IHttpApi;
  functions: Record<string, IFunction>;
  streamFunction: IFunction;
  deadLetterQueue: IQueue;
  /** Optional address subscribed to the alarm topic. */
  alarmEmail?: string;
}

/** Alarms on what should never happen: 5xx answers, function errors and throttles, a stream falling behind. */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);

    // Not KMS-encrypted: CloudWatch cannot publish to a topic under the AWS-managed SNS key, a customer key is a
    // fixed monthly cost, and alarm messages carry no personal data.
    this.topic = new Topic(this, 'AlarmTopic', { enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const period = Duration.minutes(5);
    this.add('Api5xx', props.api.metricServerError({ period, statistic: 'Sum' }), 1);
    for (const [name, fn] of Object.entries(props.functions)) {
      this.add(`${name}-Errors`, fn.metricErrors({ period, statistic: 'Sum' }), 1);
      this.add(`${name}-Throttles`, fn.metricThrottles({ period, statistic: 'Sum' }), 1);
    }
    this.add('StreamIteratorAge', props.streamFunction.metric('IteratorAge', { period, statistic: 'Maximum' }), Duration.minutes(5).toMilliseconds());
    this.add('StreamFailedBatches', props.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: 'Maximum' }), 1);
  }

  private add(id: string, metric: Metric, threshold: number) {
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}

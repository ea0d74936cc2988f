import { Stack, Validations } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { CfnOptOutList, CfnPhoneNumber } from 'aws-cdk-lib/aws-smsvoice';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { table as tableDefinition } from '../../functions/lib/table';
import { ApiFunction } from './api-function';

export interface TwoWayTextsProps {
  /** functions/lambda/texts-inbound.ts */
  entry: string;
  projectRoot: string;
  table: ITable;
  environment: Record<string, string>;
  /** the stream handler that sends messages: it texts from the two-way number */
  sender: LambdaFunction;
  /** the From address of email; SES must verify it (the identity below starts that) */
  fromAddress: string;
}

/**
 * The only table actions replying by text needs (functions/reminders/service.ts handleInboundText): read and
 * write the reply's claim, the question it answers, the opt-out list, the hub's inbox and the outbox, and
 * free a place (the reservations service's transaction: Update items). Query only the index that finds the
 * questions asked to a number (gsi1). No Scan, no BatchWrite, no other index.
 */
export const inboundTextActions = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:Query'];

/**
 * Two-way text messages and email on AWS: a UK long number with two-way enabled (AWS End User Messaging SMS)
 * whose replies are published to an SNS topic, a Lambda subscribed to it that handles each reply once, the
 * number's opt-out list (STOP), and the SES identity email is sent from. Buying the number and registering the
 * sender happen in the account (see README); the stack declares what uses them.
 */
export class TwoWayTexts extends Construct {
  readonly inboundTopic: Topic;
  readonly inbound: ApiFunction;
  readonly phoneNumber: CfnPhoneNumber;
  readonly optOutList: CfnOptOutList;
  readonly emailIdentity: EmailIdentity;

  constructor(scope: Construct, id: string, props: TwoWayTextsProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.inboundTopic = new Topic(this, 'InboundTexts', { displayName: 'Replies to Common Ground text messages', enforceSSL: true });
    // End User Messaging publishes each reply to the topic, for this account only
    this.inboundTopic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('sms-voice.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.inboundTopic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );

    this.optOutList = new CfnOptOutList(this, 'OptOutList', { optOutListName: `${stack.stackName}-texts`.slice(0, 64) });
    this.phoneNumber = new CfnPhoneNumber(this, 'Number', {
      isoCountryCode: 'GB',
      numberType: 'LONG_CODE',
      numberCapabilities: ['SMS'],
      mandatoryKeywords: {
        help: { message: 'Common Ground reminders. Reply YES to keep your place, NO to free it, STOP to stop texts. To talk to someone, call your hub.' },
        stop: { message: 'You will get no more texts from Common Ground. Reply START to have them again.' },
      },
      optOutListName: this.optOutList.ref, // (the list's name) so the list is made first
      twoWay: { enabled: true, channelArn: this.inboundTopic.topicArn },
    });

    this.inbound = new ApiFunction(this, 'InboundHandler', {
      entry: props.entry,
      projectRoot: props.projectRoot,
      table: props.table,
      tableAccess: 'none',
      environment: props.environment,
    });
    this.inbound.fn.addToRolePolicy(new PolicyStatement({ actions: inboundTextActions, resources: [props.table.tableArn, `${props.table.tableArn}/index/${tableDefinition.indexes[0]!.name}`] }));
    this.inboundTopic.addSubscription(new LambdaSubscription(this.inbound.fn));

    // the stream handler texts from the two-way number, and only from it
    props.sender.addEnvironment('TEXTS_FROM', this.phoneNumber.attrArn);
    props.sender.addToRolePolicy(new PolicyStatement({ effect: Effect.ALLOW, actions: ['sms-voice:SendTextMessage'], resources: [this.phoneNumber.attrArn] }));

    this.emailIdentity = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.fromAddress) });

    Validations.of(this.inboundTopic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason: 'Replies are short texts already carried over the phone network; a KMS key would need a key policy for sms-voice to publish. In transit TLS is enforced (SNS3).',
    });
  }
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../../functions/domains';
import { scheduledJobs } from '../../functions/jobs';
import { table as definition } from '../../functions/lib/table';
import { sensitiveOperations } from '../../functions/routes';
import { gatewayPath, signUpTriggerActions } from '../../infra/api-stack';
import { buildApp, projectRoot } from '../../infra/app-builder';
import { ApiFunction, tableActions, tableWriteActions } from '../../infra/constructs/api-function';
import { userGroups } from '../../infra/constructs/auth';
import { inboundTextActions } from '../../infra/constructs/two-way-texts';

// Skip esbuild bundling: these tests look at the template, not at the bundles (`npm run synth` builds those).
const noBundling = { 'aws:cdk:bundling-stacks': [] };

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };

let webAssets: string;
let built: ReturnType<typeof buildApp>;
let api: Template;
let data: Template;

beforeAll(() => {
  webAssets = mkdtempSync(join(tmpdir(), 'cg-infra-web-'));
  writeFileSync(join(webAssets, 'index.html'), '<!doctype html><title>test</title>');
  built = buildApp({ context: noBundling, webAssetsPath: webAssets });
  api = Template.fromStack(built.api);
  data = Template.fromStack(built.data);
});

afterAll(() => rmSync(webAssets, { recursive: true, force: true }));

function resourcesOf(template: Template, type: string): [string, Resource][] {
  return Object.entries(template.findResources(type)) as [string, Resource][];
}

function logicalIdOf(stack: Stack, fn: { node: { defaultChild?: unknown } }): string {
  return stack.getLogicalId(fn.node.defaultChild as CfnFunction);
}

/** Every action of every policy statement attached to a function's role. */
function actionsOf(stack: Stack, template: Template, fn: { role?: unknown; node: { defaultChild?: unknown } }) {
  const roleRef = (fn.node.defaultChild as CfnFunction).role;
  const roleLogicalId = resourcesOf(template, 'AWS::IAM::Role').find(([id]) => JSON.stringify(stack.resolve(roleRef)).includes(`"${id}"`))?.[0];
  expect(roleLogicalId).toBeDefined();
  const statements = resourcesOf(template, 'AWS::IAM::Policy')
    .filter(([, policy]) => JSON.stringify(policy.Properties.Roles).includes(`"${roleLogicalId}"`))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[] }[]);
  return statements.filter((s) => s.Effect === 'Allow').flatMap((s) => [s.Action].flat());
}

describe('data stack', () => {
  it('declares the table exactly as functions/lib/table.ts does', () => {
    data.resourceCountIs('AWS::DynamoDB::Table', 1);
    const attributes = [definition.partitionKey, definition.sortKey, ...definition.indexes.flatMap((i) => [i.partitionKey, i.sortKey])];
    data.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: definition.partitionKey, KeyType: 'HASH' },
        { AttributeName: definition.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith(attributes.map((name) => ({ AttributeName: name, AttributeType: 'S' }))),
      GlobalSecondaryIndexes: definition.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: definition.stream },
      TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
    });
  });

  it('has no provisioned capacity', () => {
    for (const [, table] of resourcesOf(data, 'AWS::DynamoDB::Table')) {
      expect(table.Properties.ProvisionedThroughput).toBeUndefined();
      for (const index of table.Properties.GlobalSecondaryIndexes ?? []) expect(index.ProvisionedThroughput).toBeUndefined();
    }
  });

  it('retains the table (and the user pool) only in prod', () => {
    data.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Delete' });
    const prod = buildApp({ context: { ...noBundling, stage: 'prod' }, webAssetsPath: webAssets });
    Template.fromStack(prod.data).hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtectionEnabled: true }),
    });
    Template.fromStack(prod.api).hasResource('AWS::Cognito::UserPool', { DeletionPolicy: 'Retain' });
  });
});

describe('functions', () => {
  it('runs every scheduled job on its own EventBridge rule, naming the job', () => {
    const rules = resourcesOf(api, 'AWS::Events::Rule');
    expect(rules.map(([, r]) => r.Properties.ScheduleExpression).sort()).toEqual(scheduledJobs.map((j) => j.schedule).sort());
    const inputs = rules.map(([, r]) => JSON.parse(r.Properties.Targets[0].Input).job).sort();
    expect(inputs).toEqual(scheduledJobs.map((j) => j.name).sort());
  });

  it('makes one function per registry domain plus the stream handler, the scheduled jobs, the sign-up trigger and the text replies, all Node 24 on arm64', () => {
    const ours = resourcesOf(api, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment?.Variables?.TABLE_NAME);
    expect(ours).toHaveLength(domains.length + 4);
    const trigger = logicalIdOf(built.api, built.api.signUpTrigger);
    const texts = logicalIdOf(built.api, built.api.textsInbound);
    for (const [id, fn] of ours) {
      expect(fn.Properties.Runtime).toBe('nodejs24.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
      // The trigger alone has no pool ids: the pool already depends on it.
      const poolIds = id === trigger || id === texts ? [] : ['USER_POOL_ID', 'USER_POOL_CLIENT_ID'];
      expect(Object.keys(fn.Properties.Environment.Variables)).toEqual(expect.arrayContaining(['TABLE_NAME', 'NODE_OPTIONS', ...poolIds]));
      if (id === trigger) expect(fn.Properties.Environment.Variables.USER_POOL_ID).toBeUndefined();
      expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
      expect(fn.Properties.LoggingConfig?.LogGroup).toBeDefined();
    }
    expect(Object.keys(built.api.functions).sort()).toEqual(domains.map((d) => d.name).sort());
  });

  it.each(domains)('gives $name exactly the table actions of its access level ($tableAccess)', (domain) => {
    const fn = built.api.functions[domain.name]!;
    const dynamo = actionsOf(built.api, api, fn).filter((a) => a.startsWith('dynamodb:'));
    expect(new Set(dynamo)).toEqual(new Set(tableActions(domain.tableAccess)));
  });

  it('a read-only function gets no write action; a none function no dynamodb action; no index wildcard', () => {
    const stack = new Stack(new App({ context: noBundling }), 'Grants');
    const table = new Table(stack, 'T', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      sortKey: { name: 'sk', type: AttributeType.STRING },
    });
    const entry = join(projectRoot, 'functions', 'lambda', 'meta.ts');
    const make = (id: string, tableAccess: 'none' | 'read' | 'readWrite') => new ApiFunction(stack, id, { entry, projectRoot, table, tableAccess }).fn;
    const reader = make('Reader', 'read');
    const none = make('None', 'none');
    const writer = make('Writer', 'readWrite');
    const template = Template.fromStack(stack);

    const readerActions = actionsOf(stack, template, reader);
    expect(readerActions).toContain('dynamodb:Query');
    for (const write of [...tableWriteActions, 'dynamodb:*']) expect(readerActions).not.toContain(write);
    expect(actionsOf(stack, template, none).filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
    expect(actionsOf(stack, template, writer)).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:UpdateItem']));
    expect(JSON.stringify(template.toJSON())).not.toContain('/index/*');
  });

  it('gives no function the managed basic-execution policy (each writes only to its own log group)', () => {
    const ours = resourcesOf(api, 'AWS::Lambda::Function').filter(([, fn]) => fn.Properties.Environment?.Variables?.TABLE_NAME);
    const roles = new Set(ours.map(([, fn]) => JSON.stringify(fn.Properties.Role)));
    for (const [id, role] of resourcesOf(api, 'AWS::IAM::Role')) {
      if (![...roles].some((r) => r.includes(`"${id}"`))) continue;
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it('feeds the stream to its handler with bisect, bounded retries and a failure queue', () => {
    api.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 25,
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 5,
      StartingPosition: 'TRIM_HORIZON',
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    api.resourceCountIs('AWS::SQS::Queue', 1);
  });
});

describe('text messages and email', () => {
  it('has a UK number with two-way texts published to an SNS topic, its opt-out list, and the SES identity email comes from', () => {
    const [[topicId]] = resourcesOf(api, 'AWS::SNS::Topic') as [[string, Resource]];
    api.hasResourceProperties('AWS::SMSVOICE::PhoneNumber', {
      IsoCountryCode: 'GB',
      NumberCapabilities: ['SMS'],
      TwoWay: { Enabled: true, ChannelArn: { Ref: topicId } },
      MandatoryKeywords: { STOP: { Message: Match.stringLikeRegexp('no more texts') }, HELP: { Message: Match.anyValue() } },
      OptOutListName: Match.anyValue(),
    });
    api.resourceCountIs('AWS::SMSVOICE::OptOutList', 1);
    api.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'sms-voice.amazonaws.com' }, Action: 'sns:Publish', Effect: 'Allow' })]) },
    });
    api.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'no-reply@example.org' });
  });

  it('hands each reply to the inbound Lambda, which may only read and write items and query the one index replies are matched by', () => {
    const fnId = logicalIdOf(built.api, built.api.textsInbound);
    api.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    api.hasResourceProperties('AWS::Lambda::Permission', { Action: 'lambda:InvokeFunction', FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] }, Principal: 'sns.amazonaws.com' });
    const allowed = actionsOf(built.api, api, built.api.textsInbound);
    expect(new Set(allowed.filter((a) => a.startsWith('dynamodb:')))).toEqual(new Set(inboundTextActions));
    expect(allowed.filter((a) => !a.startsWith('dynamodb:') && !a.startsWith('logs:'))).toEqual([]);
    const roleRef = JSON.stringify(built.api.resolve((built.api.textsInbound.node.defaultChild as CfnFunction).role));
    const statements = resourcesOf(api, 'AWS::IAM::Policy')
      .filter(([, p]) => roleRef.includes(`"${(p.Properties.Roles[0] as { Ref: string }).Ref}"`))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    const resources = JSON.stringify(statements.map((st) => st.Resource));
    expect(resources).toContain('/index/gsi1');
    expect(resources).not.toMatch(/\/index\/(gsi2|gsi3|\*)/);
  });

  it('sends texts from the two-way number only', () => {
    const stream = built.api.node.findAll().find((c) => c.node.path.endsWith('Stream/Handler/Function'));
    expect(stream).toBeDefined();
    const sendStatements = resourcesOf(api, 'AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((st) => [st.Action].flat().includes('sms-voice:SendTextMessage'));
    expect(sendStatements).toHaveLength(1);
    const [[numberId]] = resourcesOf(api, 'AWS::SMSVOICE::PhoneNumber') as [[string, Resource]];
    expect(sendStatements[0]!.Resource).toEqual({ 'Fn::GetAtt': [numberId, 'Arn'] });
  });
});

describe('HTTP API and sign-in', () => {
  const routeKeys = () => resourcesOf(api, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties as { RouteKey: string; AuthorizationType?: string });

  it('has a Cognito user pool with every role group', () => {
    api.resourceCountIs('AWS::Cognito::UserPool', 1);
    api.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
    });
    for (const groupName of userGroups) api.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: groupName });
    expect(userGroups).toEqual(['resident', 'volunteer', 'coordinator', 'partner', 'linkworker', 'admin']);
  });

  it('runs the sign-up trigger after each confirmation; it may only put and update items of the table, its logs kept a month', () => {
    const trigger = logicalIdOf(built.api, built.api.signUpTrigger);
    api.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: { PostConfirmation: { 'Fn::GetAtt': [trigger, 'Arn'] } } });
    api.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { 'Fn::GetAtt': [trigger, 'Arn'] },
      Principal: 'cognito-idp.amazonaws.com',
    });
    const dynamo = actionsOf(built.api, api, built.api.signUpTrigger).filter((a) => a.startsWith('dynamodb:'));
    expect(new Set(dynamo)).toEqual(new Set(signUpTriggerActions));
    const roleRef = JSON.stringify(built.api.resolve((built.api.signUpTrigger.node.defaultChild as CfnFunction).role));
    const statements = resourcesOf(api, 'AWS::IAM::Policy')
      .filter(([, p]) => roleRef.includes(`"${(p.Properties.Roles[0] as { Ref: string }).Ref}"`))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[])
      .filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    expect(statements).toHaveLength(1);
    expect(JSON.stringify(statements[0]!.Resource)).not.toContain('/index/');
    expect([statements[0]!.Resource].flat()).toHaveLength(1); // the table itself: writes to an index need no grant
    const fn = api.toJSON().Resources[trigger] as Resource;
    const logGroupId = (fn.Properties.LoggingConfig.LogGroup as { Ref: string }).Ref;
    expect((api.toJSON().Resources[logGroupId] as Resource).Properties.RetentionInDays).toBe(30);
  });

  it('has a public SPA client: authorisation code flow only, no secret', () => {
    api.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
    });
  });

  it('has a JWT authorizer on every route of a signed-in-only domain, and only there', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { AuthorizerType: 'JWT' });
    const routes = routeKeys();
    for (const domain of domains) {
      for (const prefix of domain.prefixes) {
        for (const key of [`ANY ${prefix}`, `ANY ${prefix}/{proxy+}`]) {
          const route = routes.find((r) => r.RouteKey === key);
          expect(route, key).toBeDefined();
          expect(route!.AuthorizationType ?? 'NONE', key).toBe(domain.signedInOnly ? 'JWT' : 'NONE');
        }
      }
    }
    // and each operation marked sensitive has a route of its own in its domain, guarded the same way
    for (const op of sensitiveOperations()) {
      const domain = domains.find((d) => d.prefixes.some((p) => op.path === p || op.path.startsWith(`${p}/`)))!;
      const route = routes.find((r) => r.RouteKey === `${op.method.toUpperCase()} ${gatewayPath(op.path)}`);
      expect(route, op.operationId).toBeDefined();
      expect(route!.AuthorizationType ?? 'NONE', op.operationId).toBe(domain.signedInOnly ? 'JWT' : 'NONE');
    }
    expect(routes).toHaveLength(domains.reduce((n, d) => n + d.prefixes.length * 2, 0) + sensitiveOperations().length);
  });

  it('exposes no dev sign-in route', () => {
    for (const { RouteKey } of routeKeys()) expect(RouteKey).not.toMatch(/\/api\/dev\b/);
  });

  it('throttles the default stage and logs access', () => {
    api.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });

  it('throttles the operations marked sensitive on their routes harder than the stage: booking a place, self-referral', () => {
    const [stage] = Object.values(api.findResources('AWS::ApiGatewayV2::Stage')) as { Properties: { RouteSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> } }[];
    const settings = stage!.Properties.RouteSettings;
    // derived from the marks: the booking routes themselves (not /api/reservations, which cancels), and self-referral
    expect(Object.keys(settings).sort()).toEqual(['POST /api/courses/{activityId}/reservations', 'POST /api/self-referrals', 'POST /api/session-reservations/{sessionId}']);
    expect(Object.keys(settings).sort()).toEqual(
      sensitiveOperations()
        .map((o) => `${o.method.toUpperCase()} ${gatewayPath(o.path)}`)
        .sort(),
    );
    for (const s of Object.values(settings)) expect(s).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
    expect(settings['ANY /api/reservations/{proxy+}']).toBeUndefined();
  });
});

describe('web site', () => {
  it('keeps the bucket private and TLS-only', () => {
    api.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    api.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    api.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('serves index.html at the root and sends /api/* to the API uncached with viewer headers (not Host)', () => {
    api.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        CacheBehaviors: Match.arrayWith([
          Match.objectLike({
            PathPattern: '/api/*',
            CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
            OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac', // Managed-AllViewerExceptHostHeader
            AllowedMethods: Match.arrayWith(['PUT', 'PATCH', 'POST', 'DELETE']),
          }),
        ]),
      }),
    });
    api.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionCode: Match.stringLikeRegexp('/index.html'),
    });
  });

  it('keeps content-hashed files a year and revalidates everything else; unknown addresses are 404s', () => {
    const behaviours = (resourcesOf(api, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig.CacheBehaviors as { PathPattern: string }[]).map((b) => b.PathPattern);
    expect(behaviours).toEqual(expect.arrayContaining(['/chunks/*', '/main-*', '/styles-*']));
    const json = JSON.stringify(api.toJSON());
    expect(json).toContain('public, max-age=31536000, immutable');
    api.hasResourceProperties('AWS::CloudFront::Function', { FunctionCode: Match.stringLikeRegexp('statusCode: 404') });
  });

  it('sends HSTS and a CSP forbidding framing', () => {
    api.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: Match.objectLike({
          StrictTransportSecurity: Match.objectLike({ AccessControlMaxAgeSec: Match.anyValue() }),
          ContentSecurityPolicy: Match.objectLike({
            ContentSecurityPolicy: Match.objectLike({ 'Fn::Join': Match.anyValue() }),
          }),
        }),
      }),
    });
    expect(JSON.stringify(api.toJSON())).toContain("frame-ancestors 'none'");
  });

  it('deploys the built site, and beside it the config.json that tells the web app to sign in through Cognito', () => {
    const deployments = resourcesOf(api, 'Custom::CDKBucketDeployment').map(([, d]) => d.Properties);
    expect(deployments).toHaveLength(2);
    const [site, config] = [deployments.find((d) => d.Prune !== false)!, deployments.find((d) => d.Prune === false)!];
    expect(site.Exclude).toEqual(['config.json']); // its pruning leaves the config in place
    expect(config.DistributionPaths).toEqual(['/config.json']);
    // the client id and the site's address are filled in as it deploys
    expect(JSON.stringify(config.SourceMarkers)).toContain('AuthUserPoolSpaClient');
  });
});

describe('operations', () => {
  it('alarms on API 5xx, function errors and throttles, and stream lag', () => {
    const alarms = resourcesOf(api, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.some((a) => a.MetricName === '5xx' && a.Namespace === 'AWS/ApiGateway')).toBe(true);
    expect(alarms.some((a) => a.MetricName === 'IteratorAge')).toBe(true);
    // every domain's function, the stream, the jobs, the sign-up trigger and the text replies
    expect(alarms.filter((a) => a.MetricName === 'Errors' && a.Namespace === 'AWS/Lambda')).toHaveLength(domains.length + 4);
    expect(alarms.filter((a) => a.MetricName === 'Throttles' && a.Namespace === 'AWS/Lambda')).toHaveLength(domains.length + 4);
    for (const alarm of alarms) expect(alarm.AlarmActions).toHaveLength(1);
  });

  it('has nothing that costs money while idle', () => {
    const types = new Set([...Object.values(api.toJSON().Resources), ...Object.values(data.toJSON().Resources)].map((r: any) => r.Type));
    for (const costly of [
      'AWS::EC2::NatGateway',
      'AWS::EC2::VPC',
      'AWS::EC2::Instance',
      'AWS::RDS::DBInstance',
      'AWS::ElastiCache::CacheCluster',
      'AWS::KMS::Key',
      'AWS::WAFv2::WebACL',
      'AWS::ElasticLoadBalancingV2::LoadBalancer',
      'AWS::Lambda::Alias',
    ]) {
      expect(types.has(costly), costly).toBe(false);
    }
    for (const [, fn] of resourcesOf(api, 'AWS::Lambda::Version')) {
      expect(fn.Properties.ProvisionedConcurrencyConfig).toBeUndefined();
    }
  });

  it('publishes the URLs and pool ids', () => {
    for (const output of ['ApiUrl', 'SiteUrl', 'UserPoolId', 'UserPoolClientId']) api.hasOutput(output, {});
  });
});

describe('checks', () => {
  it('cdk-nag AwsSolutions finds nothing unacknowledged', () => {
    const report = new AwsSolutionsChecks().validateScope(built.app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('CDK itself reports no errors or warnings', () => {
    for (const stack of [built.data, built.api]) {
      expect(Annotations.fromStack(stack).findError('*', Match.anyValue())).toEqual([]);
      expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
    }
  });
});

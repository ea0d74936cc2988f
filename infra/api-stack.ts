import { join } from 'node:path';
import { CfnOutput, Fn, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { type CfnStage, HttpApi, HttpMethod, type HttpRoute, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { DomainInfo } from '../functions/domains';
import { paths } from '../functions/lib/paths';
import type { Sensitive } from '../functions/lib/route';
import type { SensitiveOperation } from '../functions/routes';
import { ApiFunction, type ExtraFile } from './constructs/api-function';
import { Auth } from './constructs/auth';
import { Monitoring } from './constructs/monitoring';
import { ScheduledJobs } from './constructs/scheduled-jobs';
import { StreamProcessor } from './constructs/stream-processor';
import { TwoWayTexts } from './constructs/two-way-texts';
import { WebSite } from './constructs/web-site';

export interface ApiStackProps extends StackProps {
  table: ITable;
  /** The registry from functions/domains.ts: one function per entry, routed by its prefixes. */
  domains: DomainInfo[];
  projectRoot: string;
  webAssetsPath: string;
  authDomainPrefix: string;
  fromAddress: string;
  alarmEmail?: string;
  retain: boolean;
  /** from functions/jobs.ts: each scheduled job's name and schedule */
  scheduledJobs: { name: string; schedule: string }[];
  /** Files to place beside a domain's bundled handler, by domain name. */
  extraFiles?: Record<string, ExtraFile[]>;
  /** from functions/routes.ts: the operations whose routes are marked sensitive, each throttled harder */
  sensitiveOperations: SensitiveOperation[];
}

/** The sign-up trigger's only table actions (functions/accounts/cognito-trigger.ts). */
export const signUpTriggerActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem'];

/** Per-stage API rate limits: generous for a community service, low enough to blunt abuse. */
const throttle = { rateLimit: 50, burstLimit: 100 };

/**
 * Tighter limits on the operations people could abuse to flood others, by the mark on their route
 * (functions/lib/route.ts `sensitive`): a few requests a second for the whole API, on top of the per-person
 * limits in the services (429 + Retry-After). Each marked operation gets its own API Gateway route (its
 * method and path), more specific than its domain's catch-all, so the limit holds it and nothing else.
 * Sign-in itself is Cognito's, which has its own limits (the mark is on the local dev sign-in only).
 */
export const sensitiveRouteThrottle: Record<Sensitive, { rateLimit: number; burstLimit: number }> = {
  booking: { rateLimit: 5, burstLimit: 10 },
  'self-referral': { rateLimit: 5, burstLimit: 10 },
  'sign-in': { rateLimit: 5, burstLimit: 10 },
};

/** A Hono path (/api/session-reservations/:sessionId) as an API Gateway route path (/api/session-reservations/{sessionId}). */
export const gatewayPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** Stateless: functions, HTTP API, sign-in, site. Everything here can be replaced without losing data. */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: Record<string, IFunction> = {};
  /** Cognito's post-confirmation trigger: creates each new person's profile. */
  readonly signUpTrigger: IFunction;
  /** Replies to text messages (functions/lambda/texts-inbound.ts), subscribed to the two-way SNS topic. */
  readonly textsInbound: IFunction;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const lambdaDir = join(props.projectRoot, 'functions', 'lambda');

    this.api = new HttpApi(this, 'HttpApi', { createDefaultStage: false });
    const accessLogs = new LogGroup(this, 'ApiAccessLogs', { retention: RetentionDays.ONE_MONTH });
    const stage = this.api.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: accessLogFormat() },
    });
    // https://<id>.execute-api.<region>.amazonaws.com -> the host name alone, for the CloudFront origin.
    const apiDomainName = Fn.select(2, Fn.split('/', this.api.apiEndpoint));

    // Created before the user pool client, which needs the site URL for its OAuth callback.
    const authDomainPrefix = props.authDomainPrefix;
    const authBaseUrl = `https://${authDomainPrefix}.auth.${this.region}.amazoncognito.com`;
    const site = new WebSite(this, 'Site', {
      assetsPath: props.webAssetsPath,
      apiDomainName,
      connectSources: [authBaseUrl],
      retain: props.retain,
    });

    // Gets only the table (not the pool's id, which would make the pool and the function depend on each other)
    // and only the two writes it makes: PutItem to create a profile, UpdateItem to add a missing email.
    const signUp = new ApiFunction(this, 'SignUpTrigger', {
      entry: join(lambdaDir, 'cognito-trigger.ts'),
      projectRoot: props.projectRoot,
      table: props.table,
      tableAccess: 'none',
      environment: { LOG_LEVEL: 'info' },
    });
    signUp.fn.addToRolePolicy(new PolicyStatement({ actions: signUpTriggerActions, resources: [props.table.tableArn] }));
    this.signUpTrigger = signUp.fn;

    const auth = new Auth(this, 'Auth', {
      postConfirmation: signUp.fn,
      domainPrefix: authDomainPrefix,
      callbackUrls: [`${site.url}${paths.authCallback()}`],
      logoutUrls: [`${site.url}${paths.home()}`],
      retain: props.retain,
    });
    const authorizer = new HttpUserPoolAuthorizer('CognitoJwt', auth.userPool, { userPoolClients: [auth.client] });
    // How the web app signs people in: Cognito's hosted page, code flow with PKCE (web/src/cognito.ts). Without
    // this file the deployed app offered the local demo sign-in, which the deployed API does not have.
    site.publishConfig({
      signIn: 'cognito',
      cognito: {
        authorizeUrl: `${authBaseUrl}/oauth2/authorize`,
        tokenUrl: `${authBaseUrl}/oauth2/token`,
        logoutUrl: `${authBaseUrl}/logout`,
        clientId: auth.client.userPoolClientId,
        redirectUri: `${site.url}${paths.authCallback()}`,
        logoutRedirectUri: `${site.url}${paths.home()}`,
        scope: 'openid email profile',
      },
    });

    const environment = {
      USER_POOL_ID: auth.userPool.userPoolId,
      USER_POOL_CLIENT_ID: auth.client.userPoolClientId,
      SITE_ORIGIN: site.url,
      LOG_LEVEL: 'info',
    };

    const routed = new Set<string>();
    const sensitiveRoutes: { key: string; sensitive: Sensitive; route: HttpRoute }[] = [];
    for (const domain of props.domains) {
      const { fn } = new ApiFunction(this, `Domain-${domain.name}`, {
        entry: join(lambdaDir, `${domain.name}.ts`),
        projectRoot: props.projectRoot,
        table: props.table,
        tableAccess: domain.tableAccess,
        environment,
        extraFiles: props.extraFiles?.[domain.name],
      });
      this.functions[domain.name] = fn;

      const integration = new HttpLambdaIntegration(`${domain.name}-Integration`, fn);
      for (const prefix of domain.prefixes) {
        for (const path of [prefix, `${prefix}/{proxy+}`]) {
          if (routed.has(path)) throw new Error(`Route ${path} is claimed by two domains (second: ${domain.name})`);
          routed.add(path);
          const routes = this.api.addRoutes({
            path,
            methods: [HttpMethod.ANY],
            integration,
            ...(domain.signedInOnly ? { authorizer } : {}),
          });
          if (!domain.signedInOnly) routes.forEach((route) => acknowledgePublicRoute(route, domain.name));
        }
      }
      const own = (path: string) => domain.prefixes.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
      for (const op of props.sensitiveOperations.filter((o) => own(o.path))) {
        const path = gatewayPath(op.path);
        const method = op.method.toUpperCase() as HttpMethod;
        const routes = this.api.addRoutes({ path, methods: [method], integration, ...(domain.signedInOnly ? { authorizer } : {}) });
        if (!domain.signedInOnly) routes.forEach((route) => acknowledgePublicRoute(route, domain.name));
        sensitiveRoutes.push(...routes.map((route) => ({ key: `${method} ${path}`, sensitive: op.sensitive, route })));
      }
    }
    const unrouted = props.sensitiveOperations.filter((o) => !sensitiveRoutes.some((r) => r.key === `${o.method.toUpperCase()} ${gatewayPath(o.path)}`));
    if (unrouted.length) throw new Error(`Sensitive operations outside every domain's prefixes: ${unrouted.map((o) => o.operationId).join(', ')}`);

    const cfnStage = stage.node.defaultChild as CfnStage;
    // RouteSettings is passed to CloudFormation as written (PascalCase)
    cfnStage.routeSettings = Object.fromEntries(
      sensitiveRoutes.map(({ key, sensitive }) => [key, { ThrottlingRateLimit: sensitiveRouteThrottle[sensitive].rateLimit, ThrottlingBurstLimit: sensitiveRouteThrottle[sensitive].burstLimit }]),
    );
    sensitiveRoutes.forEach(({ route }) => cfnStage.node.addDependency(route)); // a route setting needs its route first

    const stream = new StreamProcessor(this, 'Stream', {
      entry: join(lambdaDir, 'stream.ts'),
      projectRoot: props.projectRoot,
      table: props.table,
      environment,
      fromAddress: props.fromAddress,
    });

    // replies to text messages, the number they come to, and the email sender (functions/reminders)
    const texts = new TwoWayTexts(this, 'Texts', {
      entry: join(lambdaDir, 'texts-inbound.ts'),
      projectRoot: props.projectRoot,
      table: props.table,
      environment: { SITE_ORIGIN: site.url, LOG_LEVEL: 'info' },
      sender: stream.function.fn,
      fromAddress: props.fromAddress,
    });
    this.textsInbound = texts.inbound.fn;

    const jobs = new ScheduledJobs(this, 'Jobs', {
      entry: join(lambdaDir, 'jobs.ts'),
      projectRoot: props.projectRoot,
      table: props.table,
      environment,
      jobs: props.scheduledJobs,
    });

    new Monitoring(this, 'Monitoring', {
      api: this.api,
      functions: { ...this.functions, stream: stream.function.fn, jobs: jobs.function.fn, signUp: signUp.fn, textsInbound: texts.inbound.fn },
      streamFunction: stream.function.fn,
      deadLetterQueue: stream.deadLetterQueue,
      alarmEmail: props.alarmEmail,
    });

    new CfnOutput(this, 'ApiUrl', { value: stage.url });
    new CfnOutput(this, 'SiteUrl', { value: site.url });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: auth.client.userPoolClientId });
    new CfnOutput(this, 'AuthDomainUrl', { value: auth.domain.baseUrl() });
  }
}

function accessLogFormat() {
  return AccessLogFormat.custom(
    JSON.stringify({
      requestId: '$context.requestId',
      time: '$context.requestTime',
      ip: '$context.identity.sourceIp',
      method: '$context.httpMethod',
      routeKey: '$context.routeKey',
      status: '$context.status',
      latencyMs: '$context.responseLatency',
      responseLength: '$context.responseLength',
      integrationError: '$context.integrationErrorMessage',
      authorizerError: '$context.authorizer.error',
    }),
  );
}

function acknowledgePublicRoute(route: Construct, domain: string) {
  const reason =
    `Public by design: domain "${domain}" has signedInOnly=false in functions/domains.ts (e.g. health, API ` +
    'docs, the public directory); its service authorises any operation that needs a signed-in user.';
  Validations.of(route).acknowledge({ id: 'AwsSolutions-APIG4', reason });
}

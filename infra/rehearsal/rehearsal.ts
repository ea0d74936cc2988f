import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, UpdateTimeToLiveCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { localCredentials, localRegion } from '../../functions/lib/db';
import { AwsEndpoint, readBody, type SentMessage } from './aws-endpoint';
import { CloudFront } from './cloudfront';
import { UserPool } from './cognito';
import { StreamEventSource } from './event-source';
import { HttpApi } from './http-api';
import { Iam } from './iam';
import { LambdaService } from './lambda';
import { Scheduler } from './scheduler';
import { type Stack, Templates } from './template';

/**
 * The deploy rehearsal: the synthesised templates and bundles of a cdk.out directory, run on this machine as AWS
 * would run them, over DynamoDB Local. One HTTP port plays the CloudFront distribution (the web app from the
 * deployed assets, `/api/*` to the HTTP API, which invokes the functions' bundles); the table's stream feeds the
 * stream function through its event source mapping; the scheduled rules invoke the jobs function; the user
 * pool's sign-up runs the post-confirmation trigger. Every AWS call a function makes is checked against its role.
 */

export const rehearsalAccount = '000000000000';
/** Where the rehearsal serves its stand-in for Cognito's hosted sign-in page. */
export const hostedUiPath = '/_cognito';
export const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface RehearsalOptions {
  /** the cdk synth output directory */
  cdkOut: string;
  /** DynamoDB Local's URL */
  dynamoEndpoint: string;
  /** the table's name here (the Data stack's table); created from the template when missing */
  tableName: string;
  port?: number;
  host?: string;
  /** a changed copy of the templates (tests: a policy with an action removed) */
  stacks?: Stack[];
  /** the time a test has set, for the functions' clocks; undefined = real time */
  now?: () => Date | undefined;
  /** every log line: the functions' own (CloudWatch Logs), the API's access log and the rehearsal's */
  log?: (line: string) => void;
  /** hand the stream function nothing written before start (a table loaded from a snapshot) */
  streamFromNow?: boolean;
  /** tests that must not wait for batches to gather: overrides the template's batching window */
  batchingWindowMs?: number;
  maxEnvironments?: number;
  /** told of each email or text message the functions send */
  onSent?: (message: SentMessage) => Promise<void>;
  /** sees each stream batch before the stream function does */
  observeStream?: (records: DynamoDBStreamEvent['Records']) => void;
}

export interface Rehearsal {
  url: string;
  templates: Templates;
  iam: Iam;
  aws: AwsEndpoint;
  lambda: LambdaService;
  api: HttpApi;
  site: CloudFront;
  userPool: UserPool;
  stream: StreamEventSource;
  scheduler: Scheduler;
  /** a summary of what ran: requests by route, functions invoked, AWS calls, stream batches, refusals */
  summary(): RehearsalSummary;
  stop(): Promise<void>;
}

export interface RehearsalSummary {
  requestsByRoute: Record<string, number>;
  /** the operations of the deployed OpenAPI document a function answered, by operationId */
  operations: Record<string, number>;
  invocations: Record<string, { count: number; errors: number; coldStarts: number }>;
  awsCalls: Record<string, number>;
  stream: StreamEventSource['stats'] & { failedBatches: number };
  scheduledRulesFired: string[];
  signUps: number;
  accessDenied: { function: string; action: string; resource: string }[];
}

export async function startRehearsal(opts: RehearsalOptions): Promise<Rehearsal> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const client = new DynamoDBClient({ endpoint: opts.dynamoEndpoint, region: localRegion, credentials: localCredentials });
  const server: Server = createServer();
  server.keepAliveTimeout = 65_000; // as API Gateway and CloudFront: past any client's reuse window (functions/local/platform.ts)
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const workDir = mkdtempSync(join(tmpdir(), 'cg-rehearsal-'));

  const templates = new Templates(opts.cdkOut, { region: localRegion, account: rehearsalAccount }, opts.stacks);
  const tables = templates.ofType('AWS::DynamoDB::Table');
  if (tables.length !== 1) throw new Error(`The rehearsal expects one table, found ${tables.length}`);
  const table = tables[0]!;
  templates.setRef(table.id, opts.tableName);
  const streamArn = await ensureTable(client, opts.tableName, templates.resolve(table.resource.Properties, table.stack));
  templates.setAttribute(table.id, 'StreamArn', streamArn);
  // The site's own address: what CloudFront's domain name resolves to, so SITE_ORIGIN and the callback URLs name it.
  for (const { id } of templates.ofType('AWS::CloudFront::Distribution')) templates.setAttribute(id, 'DomainName', `localhost:${port}`);
  // A user pool domain's Ref is its prefix: https://<prefix>.auth.<region>.amazoncognito.com is the hosted UI.
  const hostedUis = templates.ofType('AWS::Cognito::UserPoolDomain').map(({ id, stack, resource }) => {
    const prefix = String(templates.resolve(resource.Properties?.Domain, stack));
    templates.setRef(id, prefix);
    return `https://${prefix}.auth.${templates.region}.amazoncognito.com`;
  });

  const iam = new Iam(templates);
  let userPool: UserPool | undefined;
  const now = () => opts.now?.() ?? new Date();
  const aws = new AwsEndpoint({
    iam,
    region: templates.region,
    account: templates.account,
    dynamoEndpoint: opts.dynamoEndpoint,
    dynamoCredentials: localCredentials,
    jwks: () => userPool!.jwks,
    now,
    ...(opts.onSent ? { onSent: opts.onSent } : {}),
  });
  await aws.start();
  const lambda = new LambdaService({
    templates,
    endpoint: aws,
    workDir,
    nodeModules: join(projectRoot, 'node_modules'),
    log: (_name, line) => log(line),
    now: () => opts.now?.()?.getTime(),
    ...(opts.maxEnvironments ? { maxEnvironments: opts.maxEnvironments } : {}),
  });
  userPool = await UserPool.create(templates, lambda);
  const api = new HttpApi(templates, lambda, () => userPool!.jwks, log);
  // What cannot work here as deployed, changed in what the bucket serves (config.json): the site is served over
  // plain HTTP, and Cognito's hosted sign-in page is the rehearsal's stand-in (as a hosts-file entry would point it).
  const served = { https: `https://localhost:${port}`, http: `http://localhost:${port}` };
  const sameSite = (text: string) => text.split(served.https).join(served.http);
  // Which operation each answered request was, from the OpenAPI document the meta function serves.
  const operations = new Map<string, number>();
  const operationOf = operationMatcher(openApiDocument(templates));
  api.answered = (method, path) => {
    const id = operationOf(method, path);
    if (id) operations.set(id, (operations.get(id) ?? 0) + 1);
  };
  const site = new CloudFront(templates, api, (text) => hostedUis.reduce((t, ui) => t.split(ui).join(`${served.http}${hostedUiPath}`), sameSite(text)));
  const stream = new StreamEventSource({
    templates,
    lambda,
    iam,
    client,
    endpoint: opts.dynamoEndpoint,
    tableName: opts.tableName,
    streamArn,
    log,
    skipExisting: opts.streamFromNow ?? false,
    ...(opts.observeStream ? { observe: opts.observeStream } : {}),
    ...(opts.batchingWindowMs !== undefined ? { batchingWindowMs: opts.batchingWindowMs } : {}),
  });
  await stream.start();
  const scheduler = new Scheduler(templates, lambda, log, now);

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const body = await readBody(req);
        const request = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, sourceIp: req.socket.remoteAddress ?? '127.0.0.1' };
        const answer = request.url.startsWith(`${hostedUiPath}/`) ? await userPool!.hostedUi(request, hostedUiPath, sameSite) : await site.handle(request);
        const headers: Record<string, string | string[]> = {};
        for (const [name, value] of answer.headers) {
          const existing = headers[name];
          headers[name] = existing === undefined ? value : [existing, value].flat();
        }
        res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
        res.end(req.method === 'HEAD' ? undefined : answer.body);
      } catch (err) {
        log(JSON.stringify({ level: 'error', msg: 'rehearsal request failed', error: String((err as Error).stack ?? err) }));
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end('The rehearsal failed to answer: see its log');
      }
    })();
  });

  const url = `http://localhost:${port}`;
  return {
    url,
    templates,
    iam,
    aws,
    lambda,
    api,
    site,
    userPool,
    stream,
    scheduler,
    summary: () => ({
      requestsByRoute: Object.fromEntries(api.served),
      operations: Object.fromEntries(operations),
      invocations: Object.fromEntries(lambda.invocations),
      awsCalls: Object.fromEntries(aws.calls),
      stream: { ...stream.stats, failedBatches: stream.failedBatches.length },
      scheduledRulesFired: [...new Set(scheduler.fired.map((f) => f.rule))],
      signUps: userPool!.triggerInvocations.length,
      accessDenied: iam.denials.map((d) => ({ function: d.functionId, action: d.action, resource: d.resource })),
    }),
    stop: async () => {
      scheduler.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections?.();
      await stream.stop();
      await lambda.stop();
      await aws.stop();
      client.destroy();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

/** Creates the table as the template declares it (keys, indexes, stream, TTL) unless it is there. Answers its stream ARN. */
async function ensureTable(client: DynamoDBClient, tableName: string, props: Record<string, any>): Promise<string> {
  const describe = async () => (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  let table = await describe().catch((err) => {
    if ((err as Error).name !== 'ResourceNotFoundException') throw err;
    return undefined;
  });
  if (!table) {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        AttributeDefinitions: props.AttributeDefinitions,
        KeySchema: props.KeySchema,
        BillingMode: props.BillingMode ?? 'PAY_PER_REQUEST',
        ...(props.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: props.GlobalSecondaryIndexes } : {}),
        ...(props.StreamSpecification ? { StreamSpecification: { StreamEnabled: true, StreamViewType: props.StreamSpecification.StreamViewType } } : {}),
      }),
    );
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
    if (props.TimeToLiveSpecification?.Enabled) {
      await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: props.TimeToLiveSpecification }));
    }
    table = await describe();
  }
  if (!table?.LatestStreamArn) throw new Error(`Table ${tableName} has no stream: the stream function would never run`);
  return table.LatestStreamArn;
}

/** method + path -> operationId, by the document's path templates (`/api/activities/{id}`). */
function operationMatcher(document: ReturnType<typeof openApiDocument>): (method: string, path: string) => string | undefined {
  const operations = Object.entries(document?.paths ?? {}).flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, op]) => ({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
      fixed: template.split('{')[0]!.length,
      id: op.operationId,
    })),
  );
  // the most literal template first: /api/hubs/mine before /api/hubs/{id}
  operations.sort((a, b) => b.fixed - a.fixed);
  return (method, path) => operations.find((o) => o.method === method && o.pattern.test(path))?.id;
}

/** The OpenAPI document the meta function serves, from its bundle's directory. */
export function openApiDocument(templates: Templates): { paths: Record<string, Record<string, { operationId: string }>> } | undefined {
  for (const { stack, resource } of templates.ofType('AWS::Lambda::Function')) {
    const key = resource.Properties?.Code?.S3Key;
    if (!key) continue;
    try {
      return JSON.parse(readFileSync(join(templates.assetDir(templates.resolve(key, stack)), 'openapi.json'), 'utf8'));
    } catch {
      /* not the meta function */
    }
  }
  return undefined;
}

import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Iam, IamRequest, Principal } from './iam';

/**
 * The AWS service endpoints the functions' SDK clients reach (through AWS_ENDPOINT_URL, which the rehearsal's
 * Lambda runtime sets as it sets the execution role's credentials). Each call is signed with its function's own
 * access key, so the endpoint knows who is calling; it checks the call's IAM action and resource against that
 * function's role before anything happens, and answers a refusal exactly as the service does (the SDK raises the
 * same AccessDeniedException / AuthorizationError it would on AWS).
 *
 * - DynamoDB: checked, then passed to DynamoDB Local (re-signed with the local key, so it is the same database).
 * - SES v2 SendEmail, SNS Publish, End User Messaging SMS SendTextMessage: checked, then kept as sent messages.
 * - Cognito's JWKS for the user pool: the rehearsal's signing key.
 * Nothing else is rehearsed: any other call gets an error naming it, so no code path reaches real AWS.
 */

export interface SentMessage {
  messageId: string;
  channel: 'email' | 'sms';
  from: string;
  to: string[];
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; content: string }[];
  sentAt: string;
  /** the function that sent it */
  functionName: string;
}

export interface AwsEndpointOptions {
  iam: Iam;
  region: string;
  account: string;
  /** DynamoDB Local's URL */
  dynamoEndpoint: string;
  /** the access key and secret DynamoDB Local's database is kept under */
  dynamoCredentials: { accessKeyId: string };
  jwks: () => unknown;
  /** the clock the messages are stamped with (the test clock, when a test moves time) */
  now: () => Date;
  /** told of each message as it is accepted (tests keep them where the local runtime's dev mailbox is) */
  onSent?: (message: SentMessage) => Promise<void>;
}

export class AwsEndpoint {
  readonly sent: SentMessage[] = [];
  /** addresses SES refuses (MessageRejected), to rehearse a delivery that keeps failing */
  readonly rejectedAddresses = new Set<string>();
  /** calls by service and operation, for the report of what ran */
  readonly calls = new Map<string, number>();
  private principals = new Map<string, Principal>();
  private server?: Server;
  private agent = new Agent({ keepAlive: true, maxSockets: 64 });
  url = '';

  constructor(private opts: AwsEndpointOptions) {}

  /** Each function's environments sign with the access key registered here. */
  register(accessKeyId: string, principal: Principal) {
    this.principals.set(accessKeyId, principal);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`rehearsal endpoint failed: ${String(err)}`);
      });
    });
    this.server.keepAliveTimeout = 65_000; // as AWS's endpoints: past any client's reuse window (functions/local/platform.ts)
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop() {
    this.agent.destroy();
    if (this.server) await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  private count(key: string) {
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const body = await readBody(req);
    const url = req.url ?? '/';
    if (req.method === 'GET' && url.startsWith('/cognito-idp/') && url.endsWith('/.well-known/jwks.json')) {
      this.count('cognito-idp:GetJWKS');
      return send(res, 200, { 'content-type': 'application/json' }, JSON.stringify(this.opts.jwks()));
    }
    const credential = /Credential=([^/]+)\/\d+\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
    const principal = credential ? this.principals.get(credential[1]!) : undefined;
    if (!credential || !principal) {
      return send(res, 403, { 'content-type': 'application/json' }, JSON.stringify({ message: 'The security token included in the request is invalid.' }));
    }
    const service = credential[3]!;
    const target = String(req.headers['x-amz-target'] ?? '');
    if (service === 'dynamodb') return this.dynamodb(req, res, body, principal, target, credential[1]!);
    if (service === 'ses' && req.method === 'POST' && url.startsWith('/v2/email/outbound-emails')) return this.sesSendEmail(res, body, principal);
    if (service === 'sns') return this.sns(res, body, principal);
    if (service === 'sms-voice' && target.endsWith('.SendTextMessage')) return this.smsSendText(res, body, principal);
    this.count(`${service}:${target || `${req.method} ${url}`}`);
    return send(
      res,
      400,
      { 'content-type': 'application/json', 'x-amzn-errortype': 'NotRehearsed' },
      JSON.stringify({ message: `The rehearsal does not stand in for ${service} ${target || `${req.method} ${url}`}; add it to infra/rehearsal/aws-endpoint.ts` }),
    );
  }

  private async accept(message: SentMessage) {
    this.sent.push(message);
    await this.opts.onSent?.(message);
  }

  private tableArn(name: string) {
    return name.startsWith('arn:') ? name : `arn:aws:dynamodb:${this.opts.region}:${this.opts.account}:table/${name}`;
  }

  /** The IAM requests one DynamoDB call makes: transactions and batches are authorised per item or table. */
  private dynamoRequests(operation: string, input: any): IamRequest[] {
    const table = (name: string, index?: string) => (index ? `${this.tableArn(name)}/index/${index}` : this.tableArn(name));
    switch (operation) {
      case 'TransactWriteItems':
        return (input.TransactItems ?? []).map((item: any) => {
          const [kind, op] = Object.entries(item)[0] as [string, any];
          const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind] ?? kind;
          return { action: `dynamodb:${action}`, resource: table(op.TableName) };
        });
      case 'TransactGetItems':
        return (input.TransactItems ?? []).map((item: any) => ({ action: 'dynamodb:GetItem', resource: table(item.Get.TableName) }));
      case 'BatchGetItem':
      case 'BatchWriteItem':
        return Object.keys(input.RequestItems ?? {}).map((name) => ({ action: `dynamodb:${operation}`, resource: table(name) }));
      case 'Query':
      case 'Scan':
        return [{ action: `dynamodb:${operation}`, resource: table(input.TableName, input.IndexName) }];
      case 'DescribeStream':
      case 'GetShardIterator':
        return [{ action: `dynamodb:${operation}`, resource: input.StreamArn }];
      case 'GetRecords':
        return [{ action: 'dynamodb:GetRecords', resource: String(input.ShardIterator ?? '*') }];
      case 'ListTables':
      case 'ListStreams':
        return [{ action: `dynamodb:${operation}`, resource: '*' }];
      default:
        return [{ action: `dynamodb:${operation}`, resource: input.TableName ? table(input.TableName) : '*' }];
    }
  }

  private async dynamodb(req: IncomingMessage, res: ServerResponse, body: Buffer, principal: Principal, target: string, accessKeyId: string) {
    const operation = target.split('.')[1] ?? '';
    this.count(`dynamodb:${operation}`);
    const input = body.length ? JSON.parse(body.toString('utf8')) : {};
    for (const request of this.dynamoRequests(operation, input)) {
      const denial = await this.opts.iam.check(principal, request);
      if (denial) {
        return send(
          res,
          400,
          { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': randomUUID() },
          JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: denial.message }),
        );
      }
    }
    // Passed on as sent, signed under the local key: DynamoDB Local keeps one database per key and region.
    const upstream = new URL(this.opts.dynamoEndpoint);
    const headers: Record<string, string | string[] | undefined> = { ...req.headers, host: upstream.host };
    headers.authorization = String(req.headers.authorization).replace(`Credential=${accessKeyId}/`, `Credential=${this.opts.dynamoCredentials.accessKeyId}/`);
    delete headers['x-amz-security-token'];
    await new Promise<void>((resolve, reject) => {
      const forward = httpRequest({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent: this.agent }, (answer) => {
        res.writeHead(answer.statusCode ?? 500, answer.headers);
        answer.pipe(res);
        answer.on('end', resolve);
        answer.on('error', reject);
      });
      forward.on('error', reject);
      forward.end(body);
    });
  }

  private async sesSendEmail(res: ServerResponse, body: Buffer, principal: Principal) {
    this.count('ses:SendEmail');
    const input = JSON.parse(body.toString('utf8') || '{}');
    const from = String(input.FromEmailAddress ?? '');
    const to: string[] = input.Destination?.ToAddresses ?? [];
    const address = /<([^>]+)>/.exec(from)?.[1] ?? from;
    // SES authorises the identity that sends: the rehearsal's account has verified the From address itself.
    const denial = await this.opts.iam.check(principal, {
      action: 'ses:SendEmail',
      resource: `arn:aws:ses:${this.opts.region}:${this.opts.account}:identity/${address}`,
      context: { 'ses:FromAddress': address, 'ses:Recipients': to, 'ses:ApiVersion': '2' },
    });
    if (denial) return send(res, 403, { 'content-type': 'application/json', 'x-amzn-errortype': 'AccessDeniedException' }, JSON.stringify({ message: denial.message }));
    const rejected = to.find((a) => this.rejectedAddresses.has(a.toLowerCase()));
    if (rejected) {
      return send(
        res,
        400,
        { 'content-type': 'application/json', 'x-amzn-errortype': 'MessageRejected' },
        JSON.stringify({ message: `Email address is not verified. The following identities failed the check in region ${this.opts.region.toUpperCase()}: ${rejected}` }),
      );
    }
    const simple = input.Content?.Simple ?? {};
    const messageId = `${randomUUID()}-rehearsal`;
    await this.accept({
      messageId,
      channel: 'email',
      from,
      to,
      subject: String(simple.Subject?.Data ?? ''),
      text: String(simple.Body?.Text?.Data ?? ''),
      attachments: (simple.Attachments ?? []).map((a: any) => ({
        filename: String(a.FileName),
        contentType: String(a.ContentType ?? 'application/octet-stream'),
        content: Buffer.from(String(a.RawContent ?? ''), 'base64').toString('utf8'),
      })),
      sentAt: this.opts.now().toISOString(),
      functionName: principal.functionName,
    });
    return send(res, 200, { 'content-type': 'application/json' }, JSON.stringify({ MessageId: messageId }));
  }

  private async sns(res: ServerResponse, body: Buffer, principal: Principal) {
    const form = new URLSearchParams(body.toString('utf8'));
    const action = form.get('Action') ?? '';
    this.count(`sns:${action}`);
    const xml = (status: number, inner: string) => send(res, status, { 'content-type': 'text/xml' }, inner);
    if (action !== 'Publish') {
      return xml(400, errorXml('Sender', 'InvalidAction', `The rehearsal does not stand in for SNS ${action}`));
    }
    const topic = form.get('TopicArn') ?? form.get('TargetArn');
    // A text message straight to a phone number names no resource: IAM evaluates it against "*".
    const denial = await this.opts.iam.check(principal, { action: 'sns:Publish', resource: topic ?? '*' });
    if (denial) return xml(403, errorXml('Sender', 'AuthorizationError', denial.message));
    const phone = form.get('PhoneNumber');
    if (!topic && !phone) return xml(400, errorXml('Sender', 'InvalidParameter', 'Invalid parameter: PhoneNumber or TopicArn or TargetArn must be specified'));
    const messageId = randomUUID();
    const text = form.get('Message') ?? '';
    await this.accept({
      messageId,
      channel: 'sms',
      from: 'SNS',
      to: [phone ?? topic!],
      subject: form.get('Subject') ?? '',
      text,
      attachments: [],
      sentAt: this.opts.now().toISOString(),
      functionName: principal.functionName,
    });
    return xml(
      200,
      `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${messageId}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
    );
  }

  private async smsSendText(res: ServerResponse, body: Buffer, principal: Principal) {
    this.count('sms-voice:SendTextMessage');
    const input = JSON.parse(body.toString('utf8') || '{}');
    const origin = String(input.OriginationIdentity ?? '');
    const denial = await this.opts.iam.check(principal, { action: 'sms-voice:SendTextMessage', resource: origin.startsWith('arn:') ? origin : '*' });
    if (denial) return send(res, 400, { 'content-type': 'application/x-amz-json-1.0' }, JSON.stringify({ __type: 'AccessDeniedException', Message: denial.message }));
    const messageId = randomUUID();
    await this.accept({
      messageId,
      channel: 'sms',
      from: origin,
      to: [String(input.DestinationPhoneNumber)],
      subject: '',
      text: String(input.MessageBody ?? ''),
      attachments: [],
      sentAt: this.opts.now().toISOString(),
      functionName: principal.functionName,
    });
    return send(res, 200, { 'content-type': 'application/x-amz-json-1.0' }, JSON.stringify({ MessageId: messageId }));
  }
}

function errorXml(type: string, code: string, message: string) {
  const escaped = message.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escaped}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`;
}

function send(res: ServerResponse, status: number, headers: Record<string, string>, body: string) {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, getProfile } from '../../functions/accounts/data';
import { createDeps } from '../../functions/deps';
import { domains } from '../../functions/domains';
import { scheduledJobs } from '../../functions/jobs';
import { localVerifier } from '../../functions/lib/auth';
import { createDb } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { outboxKey, outboxPut } from '../../functions/lib/outbox';
import { createLocalSigner } from '../../functions/local/keys';
import { demoUsers, seedUsers } from '../../functions/local/seed/users';
import { type Rehearsal, startRehearsal } from '../../infra/rehearsal/rehearsal';
import type { Stack } from '../../infra/rehearsal/template';
import { dynamoEndpoint } from '../helpers/dynamo';
import { type CallOptions, request } from '../helpers/platform';
import { synthesised } from '../helpers/synth';

/**
 * The deploy rehearsal itself (infra/rehearsal/): the synthesised templates and bundles, run as AWS would run
 * them. Each point of issue 23 is proven here against the real cdk synth output; the API tests prove the rest
 * by running through it (test/rehearsal/smoke*.test.ts, or any API test with CG_PLATFORM=rehearsal).
 */

let out: string;
let endpoint: string;
let r: Rehearsal;
const logs: string[] = [];
const started: Rehearsal[] = [];
const admin = demoUsers.find((u) => u.roles.includes('admin'))!;
const resident = demoUsers.find((u) => u.email === 'resident@example.org')!;

/** A rehearsal on a fresh table with the demo people (profiles, and users in the pool with their groups). */
async function rehearse(options: { stacks?: Stack[]; batchingWindowMs?: number; log?: string[]; people?: false } = {}) {
  const tableName = `rehearsal-${randomUUID()}`;
  const rehearsal = await startRehearsal({
    cdkOut: out,
    dynamoEndpoint: endpoint,
    tableName,
    log: (line) => (options.log ?? logs).push(line),
    ...(options.stacks ? { stacks: options.stacks } : {}),
    ...(options.batchingWindowMs !== undefined ? { batchingWindowMs: options.batchingWindowMs } : {}),
  });
  started.push(rehearsal);
  const db = createDb({ tableName, endpoint });
  const deps = createDeps({ db, verifier: localVerifier({ keys: [] } as never), log: createLogger('silent') });
  if (options.people !== false) await seedUsers(deps);
  for (const u of demoUsers) rehearsal.userPool.addUser({ sub: u.userId, email: u.email, groups: u.roles });
  return { rehearsal, db, deps };
}

/** The synthesised templates, to change a copy of. */
function copyOfStacks(): Stack[] {
  return structuredClone(r.templates.stacks);
}
function resourceIn(stacks: Stack[], logicalId: string) {
  for (const s of stacks) if (s.template.Resources[logicalId]) return s.template.Resources[logicalId]!;
  throw new Error(`no ${logicalId}`);
}
const functionId = (stacks: Stack[], prefix: string) =>
  stacks.flatMap((s) => Object.entries(s.template.Resources)).find(([id, res]) => res.Type === 'AWS::Lambda::Function' && id.startsWith(prefix))![0];
/** The role policy attached to a function's role. */
function policyOf(stacks: Stack[], fnId: string) {
  const roleId = (resourceIn(stacks, fnId).Properties!.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0];
  return stacks.flatMap((s) => Object.values(s.template.Resources)).find((res) => res.Type === 'AWS::IAM::Policy' && JSON.stringify(res.Properties!.Roles).includes(`"${roleId}"`))!;
}
function removeAction(stacks: Stack[], fnId: string, action: string) {
  for (const statement of policyOf(stacks, fnId).Properties!.PolicyDocument.Statement as { Action: string | string[] }[]) {
    if (Array.isArray(statement.Action)) statement.Action = statement.Action.filter((a) => a !== action);
  }
}

const call = (target: Rehearsal, method: string, path: string, opts: CallOptions = {}) => request(target.url, method, path, opts);
const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 60_000) => {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 100));
  }
};

beforeAll(async () => {
  out = await synthesised();
  endpoint = await dynamoEndpoint();
  // The template's own batching window (1 second), so batches gather as they would on AWS.
  ({ rehearsal: r } = await rehearse());
}, 600_000);
afterAll(async () => {
  for (const x of started) await x.stop();
});

/** Invocations of the API's functions (the stream function runs whenever the table changes). */
const apiInvocations = (target: Rehearsal) => JSON.stringify(Object.entries(target.summary().invocations).filter(([name]) => name.startsWith('Domain')));

describe('the HTTP API, as the template declares it', () => {
  it('answers a path no route matches as API Gateway does, invoking nothing', async () => {
    const before = apiInvocations(r);
    const answer = await call(r, 'GET', '/api/no-such-thing');
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.body).toEqual({ message: 'Not Found' });
    expect(answer.headers.get('apigw-requestid')).toBeTruthy();
    // nor a route the local runtime has: the deployed API has no dev sign-in
    expect((await call(r, 'POST', '/api/dev/sign-in', { body: { email: admin.email } })).body).toEqual({ message: 'Not Found' });
    expect(apiInvocations(r)).toBe(before);
  });

  it("sends every domain prefix, and the paths under it ({proxy+}), to that domain's function", async () => {
    const token = await r.userPool.signIn(admin.email);
    const seen: { routeKey: string; fn: string; proxy?: string }[] = [];
    r.api.observe = (event: any, fn) => seen.push({ routeKey: event.routeKey, fn: fn.id, proxy: event.pathParameters?.proxy });
    try {
      for (const domain of domains) {
        for (const prefix of domain.prefixes) {
          seen.length = 0;
          await call(r, 'GET', prefix, { token });
          await call(r, 'GET', `${prefix}/some/thing`, { token });
          expect(seen, prefix).toEqual([
            { routeKey: `ANY ${prefix}`, fn: expect.stringMatching(new RegExp(`^Domain${domain.name}Function`)), proxy: undefined },
            { routeKey: `ANY ${prefix}/{proxy+}`, fn: expect.stringMatching(new RegExp(`^Domain${domain.name}Function`)), proxy: 'some/thing' },
          ]);
        }
      }
    } finally {
      r.api.observe = undefined;
    }
    expect(r.iam.denials).toEqual([]);
  });

  it('has the JWT authorizer refuse a missing, expired, foreign or tampered token before any function runs', async () => {
    const signedIn = domains.find((d) => d.signedInOnly)!.prefixes[0]!;
    const before = apiInvocations(r);
    const expired = await r.userPool.signer.signAccessToken({ userId: admin.userId, roles: ['admin'] }, -60);
    const otherPool = await createLocalSigner(undefined, { issuer: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Elsewhere', clientId: r.userPool.clientId });
    const otherClient = await createLocalSigner(undefined, { issuer: r.userPool.issuer, clientId: 'another-client' });
    const { privateKey } = await generateKeyPair('RS256');
    const wrongKey = await new SignJWT({ client_id: r.userPool.clientId, token_use: 'access' })
      .setProtectedHeader({ alg: 'RS256', kid: 'x' })
      .setSubject(admin.userId)
      .setIssuer(r.userPool.issuer)
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
    const good = await r.userPool.signIn(admin.email);
    const [h, payload, s] = good.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), 'cognito:groups': ['admin', 'coordinator'] })).toString('base64url')}.${s}`;
    for (const token of [
      undefined,
      expired,
      await otherPool.signAccessToken({ userId: admin.userId, roles: ['admin'] }),
      await otherClient.signAccessToken({ userId: admin.userId, roles: ['admin'] }),
      wrongKey,
      tampered,
    ]) {
      const answer = await call(r, 'GET', signedIn, token ? { token } : {});
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual({ message: 'Unauthorized' });
      expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
    }
    expect(apiInvocations(r)).toBe(before);
  });

  it('builds payload 2.0 events: claims as strings, lower-cased headers, cookies apart, the query string, base64 bodies', async () => {
    const token = await r.userPool.signIn(admin.email);
    const events: any[] = [];
    r.api.observe = (event) => events.push(event);
    try {
      const json = await call(r, 'GET', '/api/me?b=2&a=1&a=3', { token, headers: { 'X-Custom-Thing': 'Yes', Cookie: 'first=1; second=2' } });
      expect(json.status).toBe(200);
      const form = await call(r, 'PUT', '/api/me/access-needs', { token, body: 'needs=Someone', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      // the bundle decoded the base64 body and refused the content type, as a problem
      expect(form.status).toBe(415);
      expect(form.headers.get('content-type')).toContain('application/problem+json');
      const badJson = await call(r, 'PUT', '/api/me/access-needs', { token, body: '{"needs": ' });
      expect(badJson.status).toBe(400);
      expect(badJson.body.errors[0]).toMatchObject({ field: 'body', rule: 'invalid_json' });
      const big = await call(r, 'PUT', '/api/me/access-needs', { token, body: { needs: 'x'.repeat(70_000) } });
      expect(big.status).toBe(413);
    } finally {
      r.api.observe = undefined;
    }
    const [get, form] = events;
    expect(get).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /api/me',
      rawPath: '/api/me',
      rawQueryString: 'b=2&a=1&a=3',
      queryStringParameters: { a: '1,3', b: '2' },
      cookies: ['first=1', 'second=2'],
      isBase64Encoded: false,
      requestContext: {
        stage: '$default',
        http: { method: 'GET', path: '/api/me' },
        authorizer: { jwt: { claims: { sub: admin.userId, 'cognito:groups': '[admin]', client_id: r.userPool.clientId, token_use: 'access' }, scopes: expect.arrayContaining(['openid']) } },
      },
    });
    expect(get.headers['x-custom-thing']).toBe('Yes');
    expect(get.headers.cookie).toBeUndefined();
    expect(get.headers.host).toBe(r.api.domainName);
    expect(Object.keys(get.headers).every((k: string) => k === k.toLowerCase())).toBe(true);
    expect(form).toMatchObject({ routeKey: 'ANY /api/me/{proxy+}', pathParameters: { proxy: 'access-needs' }, isBase64Encoded: true });
    expect(Buffer.from(form.body, 'base64').toString()).toBe('needs=Someone');
  });

  it("answers a function that cannot start (here: an environment variable missing from a copy of the template) with API Gateway's 500", async () => {
    const stacks = copyOfStacks();
    const accounts = functionId(stacks, 'Domainaccounts');
    delete resourceIn(stacks, accounts).Properties!.Environment.Variables.USER_POOL_ID;
    const { rehearsal: broken } = await rehearse({ stacks, batchingWindowMs: 0 });
    const answer = await call(broken, 'GET', '/api/me', { token: await broken.userPool.signIn(admin.email) });
    expect(answer.status).toBe(500);
    expect(answer.body).toEqual({ message: 'Internal Server Error' });
    expect(broken.summary().invocations[broken.lambda.functions.get(accounts)!.name]).toMatchObject({ errors: 1 });
    await broken.stop();
  });
});

describe('the site, as CloudFront serves it', () => {
  it("gives client-side routes index.html from the deployed assets, with the template's security headers", async () => {
    const page = await call(r, 'GET', '/activities/some-activity');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(page.body).toMatch(/^<!doctype html>/i);
    expect(page.headers.get('content-security-policy')).toMatch(/^default-src 'self'; script-src 'self'/);
    expect(page.headers.get('content-security-policy')).toContain('.amazoncognito.com');
    expect(page.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect((await call(r, 'GET', '/')).body).toBe(page.body);
  });

  it("answers a file that is not in the bucket with S3's 403, and methods the site does not take with 403", async () => {
    const missing = await call(r, 'GET', '/no-such-file.js');
    expect(missing.status).toBe(403);
    expect(missing.body).toContain('<Code>AccessDenied</Code>');
    expect((await call(r, 'POST', '/', { body: {} })).status).toBe(403);
  });

  it('publishes the config.json that signs people in through the hosted page, with the deploy-time values filled in', async () => {
    const config = await call(r, 'GET', '/config.json');
    expect(config.status).toBe(200);
    const { cognito } = config.body;
    expect(config.body.signIn).toBe('cognito');
    // the client id and the site's address were markers in the staged asset; here as the deployment fills them in
    expect(cognito).toMatchObject({ clientId: r.userPool.clientId, redirectUri: `${r.url}/auth/callback`, logoutRedirectUri: `${r.url}/`, scope: 'openid email profile' });
    expect(cognito.authorizeUrl).toBe(`${r.url}/_cognito/oauth2/authorize`); // the stand-in for https://<domain>.auth.<region>.amazoncognito.com
    // the code exchange needs the verifier whose challenge began the sign-in, and a callback the app client lists
    const authorize = new URLSearchParams({
      response_type: 'code',
      client_id: cognito.clientId,
      redirect_uri: cognito.redirectUri,
      scope: cognito.scope,
      state: 's',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    expect((await call(r, 'GET', `/_cognito/oauth2/authorize?${new URLSearchParams({ ...Object.fromEntries(authorize), redirect_uri: 'https://evil.example/cb' })}`)).status).toBe(400);
    const signedIn = await fetch(cognito.authorizeUrl, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...Object.fromEntries(authorize), email: admin.email }),
    });
    const code = new URL(signedIn.headers.get('location')!).searchParams.get('code')!;
    const exchange = (verifier: string) =>
      fetch(cognito.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: cognito.clientId, code, redirect_uri: cognito.redirectUri, code_verifier: verifier }),
      });
    expect((await exchange('not-the-verifier')).status).toBe(400);
  });

  it("passes /api/* to the HTTP API, keeping the API's own Content-Security-Policy and adding the other headers", async () => {
    const health = await call(r, 'GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.headers.get('content-security-policy')).not.toContain('amazoncognito');
    expect(health.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains');
    expect(health.headers.get('via')).toContain('CloudFront');
  });
});

describe('IAM, checked on every call', () => {
  it('checks each AWS call of each function against its role, and the synthesised roles allow what the code does', async () => {
    expect(r.iam.checked.get('dynamodb:GetItem')).toBeGreaterThan(0);
    expect(r.iam.denials).toEqual([]);
  });

  it('lets anyone signed in use the public routes of a function with no table access (the meta function)', async () => {
    for (const who of demoUsers) {
      const token = await r.userPool.signIn(who.email);
      for (const path of ['/api/health', '/api/openapi.json', '/api/docs']) expect((await call(r, 'GET', path, { token })).status, `${who.email} ${path}`).toBe(200);
    }
    expect(r.iam.denials).toEqual([]);
  });

  it('lets the stream function text a phone number from the two-way number (End User Messaging SMS), and denies it publishing to an SNS topic, as its policy says', async () => {
    const db = createDb({ tableName: r.templates.resolve({ Ref: r.templates.ofType('AWS::DynamoDB::Table')[0]!.id }), endpoint });
    const texter = { ...resident, userId: randomUUID(), email: 'texts@example.org', phone: '+447700900456', contactPreference: 'sms' as const };
    await createProfile(db, texter, new Date());
    const put = outboxPut(db.tableName, { toUserId: texter.userId, kind: 'test.sms', subject: 'Reminder', text: 'See you on Tuesday' }, new Date());
    await db.doc.send(new PutCommand(put.Put));
    await until(() => r.aws.sent.some((m) => m.channel === 'sms' && m.to[0] === texter.phone), 'the text message');
    expect(r.aws.sent.find((m) => m.to[0] === texter.phone)).toMatchObject({
      text: 'See you on Tuesday',
      from: expect.stringMatching(/^arn:aws:sms-voice:.*:phone-number\//),
      functionName: r.stream.fn.name,
    });
    const topic = await r.iam.check(r.stream.fn.principal, { action: 'sns:Publish', resource: `arn:aws:sns:${r.templates.region}:${r.templates.account}:some-topic` });
    expect(topic).toMatchObject({ explicit: true, message: expect.stringContaining('with an explicit deny in an identity-based policy') });
    r.iam.denials.splice(r.iam.denials.indexOf(topic!), 1); // asked for here, not a fault
    expect(r.iam.denials).toEqual([]);
  });

  it('refuses, with AccessDenied naming the function and the action, what a copy of the template no longer allows', async () => {
    const stacks = copyOfStacks();
    const accounts = functionId(stacks, 'Domainaccounts');
    const trigger = functionId(stacks, 'SignUpTrigger');
    const stream = functionId(stacks, 'StreamHandler');
    removeAction(stacks, accounts, 'dynamodb:GetItem');
    removeAction(stacks, trigger, 'dynamodb:PutItem');
    // a wrong sender address: the policy lets the stream function send only as the configured one
    resourceIn(stacks, stream).Properties!.Environment.Variables.FROM_ADDRESS = 'someone@elsewhere.example';
    const functionLogs: string[] = [];
    const { rehearsal: tight, db } = await rehearse({ stacks, batchingWindowMs: 0, log: functionLogs });

    // the API: getMe reads the profile (GetItem), refused
    const me = await call(tight, 'GET', '/api/me', { token: await tight.userPool.signIn(admin.email) });
    expect(me.status).toBe(500);
    const accountsName = tight.lambda.functions.get(accounts)!.name;
    expect(tight.iam.denials).toContainEqual(expect.objectContaining({ functionId: accounts, action: 'dynamodb:GetItem' }));
    // the function's own log carries the SDK's AccessDeniedException with AWS's wording
    expect(functionLogs.some((l) => l.includes(`assumed-role/`) && l.includes(`/${accountsName} is not authorized to perform: dynamodb:GetItem`))).toBe(true);

    // sign-up: the post-confirmation trigger cannot create the profile, so Cognito's confirmation fails
    await expect(tight.userPool.signUp('new.person@example.org')).rejects.toThrow(/PostConfirmation failed with error .*not authorized to perform: dynamodb:PutItem/);
    expect(tight.iam.denials).toContainEqual(expect.objectContaining({ functionId: trigger, action: 'dynamodb:PutItem' }));

    // the stream: an email from a sender the policy does not name is refused by SES's condition
    const put = outboxPut(db.tableName, { toUserId: resident.userId, kind: 'test.sender', subject: 'From whom?', text: 'Sent from the wrong address' }, new Date());
    await db.doc.send(new PutCommand(put.Put));
    await until(() => tight.iam.denials.some((d) => d.functionId === stream && d.action === 'ses:SendEmail'), 'the SES refusal');
    expect(tight.iam.denials.find((d) => d.action === 'ses:SendEmail')!.message).toContain('because no identity-based policy allows the ses:SendEmail action');
    expect(tight.aws.sent.filter((m) => m.subject === 'From whom?')).toEqual([]);
    await tight.stop();
  });
});

describe('the stream, as the event source mapping delivers it', () => {
  it('takes its settings from the template and hands over records as Lambda does', async () => {
    expect(r.stream.settings).toMatchObject({ batchSize: 25, batchingWindowMs: 1000, bisect: true, maxRetries: 5, reportBatchItemFailures: true, startingPosition: 'TRIM_HORIZON' });
    expect(r.stream.settings.onFailure).toMatch(/^arn:aws:sqs:/);
    const batches: any[][] = [];
    const { stream } = r;
    const tap = stream.observe;
    stream.observe = (records: any[]) => batches.push(records);
    try {
      const now = new Date();
      const db = createDb({ tableName: r.templates.resolve({ Ref: r.templates.ofType('AWS::DynamoDB::Table')[0]!.id }), endpoint });
      for (let i = 0; i < 3; i++) {
        const put = outboxPut(db.tableName, { toUserId: resident.userId, kind: 'test.shape', subject: `Shape ${i}`, text: 'Checking the event' }, now);
        await db.doc.send(new PutCommand(put.Put));
      }
      await r.stream.idle();
    } finally {
      stream.observe = tap;
    }
    const records = batches.flat().filter((rec) => rec.eventName === 'INSERT' && rec.dynamodb?.NewImage?.kind?.S === 'test.shape');
    // written together, gathered into one batch by the window
    expect(batches.find((b) => b.includes(records[0]))).toEqual(expect.arrayContaining(records));
    expect(records).toHaveLength(3);
    for (const rec of records) {
      expect(rec).toMatchObject({ eventName: 'INSERT', eventSource: 'aws:dynamodb', awsRegion: expect.any(String), eventSourceARN: r.stream.streamArn });
      expect(rec.dynamodb).toMatchObject({ Keys: { pk: { S: expect.stringMatching(/^OUTBOX#/) }, sk: { S: 'MESSAGE' } }, SequenceNumber: expect.any(String), StreamViewType: 'NEW_AND_OLD_IMAGES' });
    }
    await until(() => r.aws.sent.filter((m) => m.subject.startsWith('Shape ')).length === 3, 'three emails');
  });

  it('retries a batch with one failing record from that record, as often as the template says, then gives it to the on-failure queue and goes on', async () => {
    const { rehearsal: s, db } = await rehearse({ batchingWindowMs: 1000 });
    const bounce = { ...resident, userId: randomUUID(), email: 'bounce@example.org', name: 'Bea Bounce' };
    await createProfile(db, bounce, new Date());
    await s.stream.idle();
    s.aws.rejectedAddresses.add(bounce.email); // SES answers MessageRejected for this address, every time
    const handed = new Map<string, number>(); // new outbox messages handed to the function, by subject
    s.stream.observe = (records: any[]) => {
      for (const rec of records) {
        const subject = rec.eventName === 'INSERT' ? rec.dynamodb?.NewImage?.subject?.S : undefined;
        if (subject) handed.set(subject, (handed.get(subject) ?? 0) + 1);
      }
    };
    const now = new Date();
    const ids: string[] = [];
    for (const [to, subject] of [
      [resident.userId, 'Before'],
      [bounce.userId, 'Bounces'],
      [resident.userId, 'After'],
    ] as const) {
      const put = outboxPut(db.tableName, { toUserId: to, kind: 'test.retry', subject, text: `${subject}: retry test` }, now);
      ids.push(String(put.Put.Item.id));
      await db.doc.send(new PutCommand(put.Put));
    }
    await until(() => s.stream.failedBatches.length === 1, 'the failed batch', 120_000);
    const [failed] = s.stream.failedBatches;
    expect(failed!.destination).toBe(s.stream.settings.onFailure);
    expect(failed!.message).toMatchObject({
      requestContext: { condition: 'RetryAttemptsExhausted', functionArn: s.stream.fn.arn, approximateInvokeCount: 1 + s.stream.settings.maxRetries },
      DDBStreamBatchInfo: { batchSize: 2, streamArn: expect.stringContaining(':table/') },
    });
    // written together, they came in one batch; the failing record was reported, so only it and what follows it
    // were retried: five times (MaximumRetryAttempts), then given up from the failing record on
    expect(Object.fromEntries(handed)).toEqual({ Before: 1, Bounces: 1 + s.stream.settings.maxRetries, After: 1 + s.stream.settings.maxRetries });
    const state = async (id: string) => (await db.doc.send(new GetCommand({ TableName: db.tableName, Key: outboxKey(id), ConsistentRead: true }))).Item?.state;
    expect(await Promise.all(ids.map(state))).toEqual(['sent', 'failed', 'sent']);
    // retried with the failing record, yet sent once: the outbox claims each message once
    expect(
      s.aws.sent
        .filter((m) => m.subject === 'Before' || m.subject === 'After')
        .map((m) => m.subject)
        .sort(),
    ).toEqual(['After', 'Before']);
    // and the stream goes on
    const next = outboxPut(db.tableName, { toUserId: resident.userId, kind: 'test.retry', subject: 'Later', text: 'After the failure' }, new Date());
    await db.doc.send(new PutCommand(next.Put));
    await s.stream.idle();
    expect(s.aws.sent.filter((m) => m.subject === 'Later')).toHaveLength(1);
    await s.stop();
  });

  it('splits a batch whose invocation fails outright in two, and gives each record up after the retries', async () => {
    const stacks = copyOfStacks();
    const stream = functionId(stacks, 'StreamHandler');
    delete resourceIn(stacks, stream).Properties!.Environment.Variables.TABLE_NAME; // the handler cannot start
    const { rehearsal: s, db } = await rehearse({ stacks, batchingWindowMs: 1000, people: false });
    const sizes: number[] = [];
    s.stream.observe = (records: any[]) => sizes.push(records.length);
    for (let i = 0; i < 2; i++) await db.doc.send(new PutCommand({ TableName: db.tableName, Item: { pk: `TEST#bisect-${i}`, sk: 'ITEM' } }));
    await until(() => s.stream.stats.recordsDiscarded >= 2, 'every record given up', 120_000);
    // both together; the failure splits the batch, each half carrying the attempts so far, and each single
    // record is retried until the fifth retry: one batch of 2, then 2 records tried 5 times each
    expect(sizes[0]).toBe(2);
    expect(sizes.slice(1)).toEqual(Array.from({ length: 2 * s.stream.settings.maxRetries }, () => 1));
    expect(s.stream.failedBatches.map((f) => [f.message.requestContext.approximateInvokeCount, f.message.DDBStreamBatchInfo.batchSize])).toEqual([
      [1 + s.stream.settings.maxRetries, 1],
      [1 + s.stream.settings.maxRetries, 1],
    ]);
    await s.stop();
  });
});

describe('the scheduled jobs and the sign-up trigger', () => {
  it('has a rule for every scheduled job, each invoking the jobs function with its input, and every job runs', async () => {
    expect(r.scheduler.rules.map((rule) => JSON.parse(rule.targets[0]!.input!).job).sort()).toEqual(scheduledJobs.map((j) => j.name).sort());
    for (const job of scheduledJobs) {
      const [fired] = await r.scheduler.fire(job.name);
      expect(fired!.event).toEqual({ job: job.name });
      expect(fired!.result.error).toBeUndefined();
      expect(fired!.result.payload).toEqual({ job: job.name, done: expect.any(Number) });
      expect(fired!.attempts).toBe(1);
    }
    expect(r.iam.denials).toEqual([]);
  });

  it("sends EventBridge's scheduled event to a target without an input, and retries a failed invocation twice", async () => {
    const stacks = copyOfStacks();
    const rule = stacks.flatMap((st) => Object.values(st.template.Resources)).find((res) => res.Type === 'AWS::Events::Rule')!;
    delete rule.Properties!.Targets[0].Input;
    const { rehearsal: s } = await rehearse({ stacks, batchingWindowMs: 0 });
    const bare = s.scheduler.rules.find((x) => x.targets[0]!.input === undefined)!;
    const [fired] = await s.scheduler.fire(bare.id);
    expect(fired!.event).toMatchObject({ version: '0', 'detail-type': 'Scheduled Event', source: 'aws.events', resources: [bare.arn], detail: {} });
    expect(fired!.result.error?.errorMessage).toContain('Unknown scheduled job');
    expect(fired!.attempts).toBe(3);
    await s.stop();
  });

  it("runs the post-confirmation trigger with Cognito's event when someone signs up: they get a profile and are a resident", async () => {
    const person = await r.userPool.signUp('sam.okafor@example.org', { name: 'Sam Okafor', phone_number: '+447700900123' });
    expect(r.userPool.triggerInvocations.at(-1)).toMatchObject({ triggerSource: 'PostConfirmation_ConfirmSignUp', userName: person.sub, ok: true });
    const me = await call(r, 'GET', '/api/me', { token: await r.userPool.signIn('sam.okafor@example.org') });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: person.sub, name: 'Sam Okafor', email: 'sam.okafor@example.org', phone: '+447700900123', roles: ['resident'] });
    const db = createDb({ tableName: r.templates.resolve({ Ref: r.templates.ofType('AWS::DynamoDB::Table')[0]!.id }), endpoint });
    expect((await getProfile(db, person.sub))?.email).toBe('sam.okafor@example.org');
  });
});

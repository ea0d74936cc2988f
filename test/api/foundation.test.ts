import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { domains } from '../../functions/domains';
import { outboxPut } from '../../functions/lib/outbox';
import { demoActivities } from '../../functions/local/seed/directory';
import { demoIds } from '../../functions/local/seed/ids';
import { demoUsers } from '../../functions/local/seed/users';
import { listMailbox } from '../../functions/messages/data';
import { routesByDomain } from '../../functions/routes';
import { newActivity } from '../helpers/bodies';
import { eventually, onRehearsal, startPlatform, type TestPlatform } from '../helpers/platform';

let p: TestPlatform;
beforeAll(async () => {
  p = await startPlatform({ seed: true });
});
afterAll(() => p?.stop());

const expectProblem = (answer: { status: number; headers: Headers; body: any }, status: number) => {
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toContain('application/problem+json');
  expect(answer.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String) });
};
/**
 * Deployed, API Gateway answers some requests itself, before any function runs: a path no route matches, and a
 * signed-in-only route whose JWT authorizer refuses the token. Its answer is its own JSON, not a problem.
 */
const expectRefused = (answer: { status: number; headers: Headers; body: any }, status: 401 | 404) => {
  if (!onRehearsal()) return expectProblem(answer, status);
  expect(answer.status).toBe(status);
  expect(answer.headers.get('content-type')).toBe('application/json');
  expect(answer.body).toEqual({ message: status === 401 ? 'Unauthorized' : 'Not Found' });
};
/** The local runtime's dev sign-in: not in the deployed API (the rehearsal signs in through its user pool). */
const devOnly = it.skipIf(onRehearsal());

describe('API foundation', () => {
  it('answers getHealth', async () => {
    const answer = await p.op('getHealth');
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('ok');
    expect(answer.headers.get('x-request-id')).toBeTruthy();
  });

  it('describes itself as OpenAPI 3.1 with an operationId on every operation', async () => {
    const { status, body } = await p.call('GET', '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toBe('3.1.0');
    const operations = Object.values(body.paths as Record<string, Record<string, { operationId: string }>>).flatMap((o) => Object.values(o));
    expect(operations.length).toBeGreaterThan(3);
    const ids = operations.map((o) => o.operationId);
    expect(ids).toEqual(expect.arrayContaining(['getHealth', 'getMe']));
    // the deployed document (the meta function's openapi.json, made at synth) never lists the dev sign-in
    expect(ids.includes('devSignIn')).toBe(!onRehearsal());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves interactive docs', async () => {
    const answer = await p.op('getApiDocs');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/html');
    expect(answer.body).toContain('/api/openapi.json');
  });

  it("answers an unknown route with a 404 problem (deployed: API Gateway's own 404)", async () => {
    expectRefused(await p.call('GET', '/api/no-such-thing'), 404);
  });

  devOnly('refuses bodies over the limit, bad JSON and the wrong content type, with problems', async () => {
    expectProblem(await p.op('devSignIn', { body: { email: `${'x'.repeat(70_000)}@example.org` } }), 413);
    const badJson = await p.call('POST', '/api/dev/sign-in', { body: '{"email": ' });
    expectProblem(badJson, 400);
    expect(badJson.body.errors[0]).toMatchObject({ field: 'body', rule: 'invalid_json' });
    expectProblem(await p.call('POST', '/api/dev/sign-in', { body: 'email=a', headers: { 'content-type': 'text/plain' } }), 415);
  });

  devOnly('names the field and the rule when input is wrong', async () => {
    const answer = await p.call('POST', '/api/dev/sign-in', { body: { email: 'not an email', admin: true } });
    expectProblem(answer, 400);
    const fields = answer.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.email', 'body.admin']));
    expect(answer.body.errors.find((e: { field: string }) => e.field === 'body.email')).toMatchObject({ rule: 'invalid_email', message: 'must be an email address' });
  });

  it('sets security headers', async () => {
    const answer = await p.op('getHealth');
    expect(answer.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(answer.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('sign-in', () => {
  it.each(demoUsers.map((u) => [u.email, u] as const))('signs in %s and getMe returns who they are', async (email, user) => {
    const token = await p.tokenFor(email);
    const me = await p.op('getMe', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ userId: user.userId, name: user.name, email, roles: user.roles, hubIds: user.hubIds });
  });

  it('creates a new resident for an unknown @example.org email, and refuses other domains', async () => {
    const token = await p.tokenFor('new.person@example.org');
    const me = await p.op('getMe', { token });
    expect(me.body).toMatchObject({ name: 'New Person', roles: ['resident'] });
    if (!onRehearsal()) expectProblem(await p.op('devSignIn', { body: { email: 'someone@gmail.com' } }), 403);
  });

  it('refuses getMe without a token, with a malformed header or a tampered token', async () => {
    expectRefused(await p.op('getMe'), 401);
    expectRefused(await p.op('getMe', { headers: { authorization: 'Basic abc' } }), 401);
    const token = await p.tokenFor('admin@example.org');
    const [h, payload, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, 'cognito:groups': ['admin', 'coordinator'] })).toString('base64url');
    expectRefused(await p.op('getMe', { token: `${h}.${forged}.${s}` }), 401);
    const expired = await p.signer.signAccessToken({ userId: claims.sub, roles: ['admin'] }, -60);
    expectRefused(await p.op('getMe', { token: expired }), 401);
  });
});

describe('domains', () => {
  it('keeps every route under its own domain prefixes, so API Gateway sends it to the right Lambda', () => {
    for (const [name, routes] of Object.entries(routesByDomain)) {
      const domain = domains.find((d) => d.name === name);
      expect(domain, `domain ${name} is in functions/domains.ts`).toBeDefined();
      for (const route of routes) {
        const ok = domain!.prefixes.some((prefix) => route.path === prefix || route.path.startsWith(`${prefix}/`));
        expect(ok, `${route.operationId} ${route.path} is under ${domain!.prefixes.join(', ')}`).toBe(true);
      }
    }
  });
});

describe('stream', () => {
  it('feeds table changes to the stream handler: an outbox message reaches the dev mailbox once', async () => {
    const now = new Date();
    const put = outboxPut(p.deps.db.tableName, { toUserId: demoUsers[0]!.userId, kind: 'test.hello', subject: 'Hello', text: 'Testing the outbox' }, now);
    await p.deps.db.doc.send(new PutCommand(put.Put));
    const mail = await eventually(async () => {
      // only this test's message: the demo seed sends its own (e.g. volunteer approvals)
      const items = (await listMailbox(p.deps.db, 500)).filter((m) => m.kind === 'test.hello');
      expect(items.length).toBe(1);
      return items;
    });
    expect(mail[0]).toMatchObject({ subject: 'Hello', address: 'resident@example.org', channel: 'email' });
    await p.stream.idle();
    expect((await listMailbox(p.deps.db, 500)).filter((m) => m.kind === 'test.hello').length).toBe(1);
  });

  it('carries items with empty maps through the stream without stalling what comes after', async () => {
    const now = new Date();
    await p.deps.db.doc.send(new PutCommand({ TableName: p.deps.db.tableName, Item: { pk: 'TEST#empty', sk: 'MAP', m: {}, n: { a: {} }, l: [] } }));
    const put = outboxPut(p.deps.db.tableName, { toUserId: demoUsers[0]!.userId, kind: 'test.after-empty-map', subject: 'After', text: 'After an empty map' }, now);
    await p.deps.db.doc.send(new PutCommand(put.Put));
    await eventually(async () => {
      const items = await listMailbox(p.deps.db);
      expect(items.some((m) => m.kind === 'test.after-empty-map')).toBe(true);
    });
    expect(p.logLines.some((l) => l.includes('stream poll failed'))).toBe(false);
  });
});

/** One Idempotency-Key mechanism (functions/lib/idempotency.ts): one header rule, one record, older records honoured. */
describe('Idempotency-Key', () => {
  const activity = (title: string) => newActivity({ title });

  it('replays the first answer, refuses the same key with a different request (422 naming the header) and checks the one rule', async () => {
    const partner = await p.tokenFor('partner@example.org');
    const headers = { 'idempotency-key': 'kernel-create-1' };
    const first = await p.call('POST', '/api/activities', { token: partner, body: activity('Stretch and Chat'), headers });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const again = await p.call('POST', '/api/activities', { token: partner, body: activity('Stretch and Chat'), headers });
    expect(again.body.id).toBe(first.body.id);
    const other = await p.call('POST', '/api/activities', { token: partner, body: activity('Something else'), headers });
    expectProblem(other, 422);
    expect(other.body.errors[0].field).toBe('header.idempotency-key');
    const tooLong = await p.call('POST', '/api/activities', { token: partner, body: activity('Too long'), headers: { 'idempotency-key': 'k'.repeat(65) } });
    expectProblem(tooLong, 400);
    expect(tooLong.body.errors[0].field).toBe('header.idempotency-key');
  });

  it('honours a record written in the older format until it expires', async () => {
    const partner = await p.tokenFor('partner@example.org');
    const own = demoActivities.find((a) => a.organisationId === demoIds.organisations.ageWell)!;
    // the directory's format before lib/idempotency.ts: IDEM#directory#<user>#<key>, holding the activity's id
    await p.deps.db.doc.send(
      new PutCommand({
        TableName: p.deps.db.tableName,
        Item: { pk: `IDEM#directory#${demoIds.users.partner}#kernel-old-1`, sk: 'IDEM', type: 'Idempotency', activityId: own.id, expiresAt: Math.floor(Date.now() / 1000) + 3600 },
      }),
    );
    const retried = await p.call('POST', '/api/activities', { token: partner, body: activity('Made before the change'), headers: { 'idempotency-key': 'kernel-old-1' } });
    expect(retried.status, JSON.stringify(retried.body)).toBe(201);
    expect(retried.body.id).toBe(own.id);
  });
});

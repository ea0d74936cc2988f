import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { base64url, exportSPKI, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile } from '../../functions/accounts/data';
import { localClientId, localIssuer } from '../../functions/lib/auth';
import { createLogger } from '../../functions/lib/log';
import { type LocalPlatform, startPlatform } from '../../functions/local/platform';
import { demoIds } from '../../functions/local/seed/ids';
import { demoUsers } from '../../functions/local/seed/users';
import { dynamoEndpoint } from '../helpers/dynamo';
import { request } from '../helpers/platform';
import { recordCount } from './counts';

/**
 * OWASP API2 (broken authentication): every kind of bad token is a 401, on a signed-in route and on a
 * public one (a bad token is never treated as anonymous). Tokens are minted with the platform's own key
 * material, read from the key file the local runtime keeps (no production code exposes the private key).
 */
let platform: LocalPlatform;
let dir: string;
let privateJwk: JWK;
const admin = demoIds.users.admin;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cg-tokens-'));
  const keyFile = join(dir, 'signing-key.json');
  platform = await startPlatform({
    endpoint: await dynamoEndpoint(),
    tableName: `test-${randomUUID()}`,
    port: 0,
    seed: false,
    keyFile,
    log: createLogger('error', () => undefined),
  });
  privateJwk = JSON.parse(readFileSync(keyFile, 'utf8')) as JWK;
  await createProfile(platform.deps.db, demoUsers.find((u) => u.userId === admin)!, new Date());
});
afterAll(async () => {
  await platform?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const now = () => Math.floor(Date.now() / 1000);
const claims = (over: Record<string, unknown> = {}) => ({
  sub: admin,
  'cognito:groups': ['admin'],
  client_id: localClientId,
  token_use: 'access',
  scope: 'openid',
  username: admin,
  iss: localIssuer,
  iat: now(),
  exp: now() + 3600,
  ...over,
});

async function sign(payload: Record<string, unknown>, header: Record<string, unknown> = {}, jwk: JWK = privateJwk): Promise<string> {
  const key = await importJWK(jwk, 'RS256');
  return new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: jwk.kid as string, ...header }).sign(key);
}

const b64json = (o: unknown) => base64url.encode(JSON.stringify(o));

async function badTokens(): Promise<Record<string, string>> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const publicPem = await exportSPKI((await importJWK({ ...publicJwk, alg: 'RS256' } as JWK, 'RS256', { extractable: true })) as CryptoKey);
  const hs256 = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: privateJwk.kid as string }).sign(new TextEncoder().encode(publicPem));
  const hs256Jwk = await new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: privateJwk.kid as string }).sign(new TextEncoder().encode(JSON.stringify(publicJwk)));
  const { privateKey: stranger } = await generateKeyPair('RS256', { extractable: true });
  const { exportJWK } = await import('jose');
  const strangerJwk = { ...(await exportJWK(stranger)), kid: 'someone-elses-key', alg: 'RS256' };
  const valid = await sign(claims({ 'cognito:groups': ['resident'] }));
  const [h, , s] = valid.split('.');
  return {
    expired: await sign(claims({ iat: now() - 7200, exp: now() - 60 })),
    'not yet valid (nbf in the future)': await sign(claims({ nbf: now() + 3600 })),
    'issued in the future (iat)': await sign(claims({ iat: now() + 3600, exp: now() + 7200 })),
    'wrong issuer': await sign(claims({ iss: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_evil' })),
    'wrong client_id': await sign(claims({ client_id: 'someone-elses-app' })),
    'no client_id': await sign(claims({ client_id: undefined })),
    'ID token (token_use id, aud)': await sign(claims({ token_use: 'id', aud: localClientId, client_id: undefined, email: 'admin@example.org' })),
    'no token_use': await sign(claims({ token_use: undefined })),
    'no expiry': await sign(claims({ exp: undefined })),
    'alg none': `${b64json({ alg: 'none', typ: 'JWT' })}.${b64json(claims())}.`,
    'alg none with kid': `${b64json({ alg: 'none', kid: privateJwk.kid })}.${b64json(claims())}.`,
    'HS256 signed with the public key (PEM)': hs256,
    'HS256 signed with the public key (JWK)': hs256Jwk,
    'unknown key id': await sign(claims(), {}, strangerJwk as JWK),
    'right key id, another key': await sign(claims(), { kid: privateJwk.kid }, { ...strangerJwk, kid: privateJwk.kid } as JWK),
    'tampered payload (resident made admin)': `${h}.${b64json(claims({ 'cognito:groups': ['admin'] }))}.${s}`,
    'tampered signature': `${h}.${valid.split('.')[1]}.${s!.slice(0, -4)}AAAA`,
    'not a JWT': 'not-a-token',
    'empty segments': '..',
  };
}

describe('tokens', () => {
  it('accepts a properly signed access token (the control)', async () => {
    const answer = await request(platform.url, 'GET', '/api/me', { token: await sign(claims()) });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  });

  it('answers 401 problem+json to every bad token, on signed-in and public routes alike', async () => {
    const tokens = await badTokens();
    const failures: string[] = [];
    let sent = 0;
    for (const [name, token] of Object.entries(tokens)) {
      for (const path of ['/api/me', '/api/referrals/outcomes', `/api/hubs/${demoIds.hubs.oakRoadCentre}`]) {
        const answer = await request(platform.url, 'GET', path, { token });
        sent++;
        if (answer.status !== 401) failures.push(`${name} on ${path}: ${answer.status}`);
        else if (!(answer.headers.get('content-type') ?? '').startsWith('application/problem+json')) failures.push(`${name} on ${path}: not problem+json`);
        else if (/stack|at \w+ \(|Jwt|Jws|jose|aws-jwt-verify/i.test(JSON.stringify(answer.body)))
          failures.push(`${name} on ${path}: the answer leaks verifier internals: ${JSON.stringify(answer.body)}`);
      }
    }
    for (const header of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer  two spaces', `bearer ${await sign(claims())} extra`]) {
      const answer = await request(platform.url, 'GET', '/api/me', { headers: { authorization: header } });
      sent++;
      if (answer.status !== 401) failures.push(`Authorization: ${header.slice(0, 20)}…: ${answer.status}`);
    }
    recordCount('tokens', { badTokens: Object.keys(tokens).length, requests: sent });
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

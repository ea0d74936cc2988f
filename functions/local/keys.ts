import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { exportJWK, generateKeyPair, importJWK, type JWK, SignJWT } from 'jose';
import type { Role } from '../lib/actor';
import { localClientId, localIssuer } from '../lib/auth';

/**
 * The local runtime's stand-in for Cognito: an RSA key that signs access tokens shaped like Cognito's
 * (sub, cognito:groups, client_id, token_use), verified by the same middleware as on AWS.
 */
export interface LocalSigner {
  jwks: Jwks;
  signAccessToken(user: { userId: string; roles: Role[] }, ttlSeconds?: number): Promise<string>;
}

/** Whose tokens these look like: the local runtime's issuer by default; the deploy rehearsal names its user pool. */
export interface TokenShape {
  issuer?: string;
  clientId?: string;
  scope?: string;
}

export async function createLocalSigner(keyFile?: string, shape: TokenShape = {}): Promise<LocalSigner> {
  const privateJwk = keyFile && existsSync(keyFile) ? (JSON.parse(readFileSync(keyFile, 'utf8')) as JWK) : await newPrivateJwk();
  if (keyFile && !existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    writeFileSync(keyFile, JSON.stringify(privateJwk), { mode: 0o600 });
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const key = await importJWK(privateJwk, 'RS256');
  return {
    jwks: { keys: [{ ...publicJwk, use: 'sig', alg: 'RS256' }] } as unknown as Jwks,
    signAccessToken: ({ userId, roles }, ttlSeconds = 8 * 3600) =>
      // Cognito leaves cognito:groups out of the token of someone in no group.
      new SignJWT({ ...(roles.length ? { 'cognito:groups': roles } : {}), client_id: shape.clientId ?? localClientId, token_use: 'access', scope: shape.scope ?? 'openid', username: userId })
        .setProtectedHeader({ alg: 'RS256', kid: privateJwk.kid as string })
        .setSubject(userId)
        .setIssuer(shape.issuer ?? localIssuer)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key),
  };
}

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return { ...jwk, kid: `local-${Date.now().toString(36)}`, alg: 'RS256' };
}

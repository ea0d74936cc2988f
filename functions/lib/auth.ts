import { CognitoJwtVerifier, JwtVerifier } from 'aws-jwt-verify';
import type { Jwks } from 'aws-jwt-verify/jwk';
import { type Actor, type Role, roles } from './actor';

/** The claims we rely on, as Cognito puts them in an access token. */
export interface AccessClaims {
  sub: string;
  'cognito:groups'?: string[];
  client_id?: string;
  token_use?: string;
  iat?: number;
}

/** Verifies a bearer token and returns its claims, or throws. The only part that knows Cognito from local. */
export interface TokenVerifier {
  verify(token: string): Promise<AccessClaims>;
}

/**
 * aws-jwt-verify checks exp only when present and never looks at iat: a token must carry an expiry and
 * must not claim to be issued in the future (beyond a little clock skew). Found by test/hardening/tokens.
 */
const clockSkewSeconds = 60;
export function checkTokenTimes(payload: { exp?: unknown; iat?: unknown }, nowSeconds = Date.now() / 1000): void {
  if (typeof payload.exp !== 'number') throw new Error('token has no expiry');
  if (typeof payload.iat !== 'number' || payload.iat > nowSeconds + clockSkewSeconds) throw new Error('token issued in the future');
}

/** On AWS: Cognito access tokens, keys from the user pool's JWKS. */
export function cognitoVerifier(userPoolId: string, clientId: string): TokenVerifier {
  const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: 'access', customJwtCheck: ({ payload }) => checkTokenTimes(payload) });
  return { verify: async (token) => (await verifier.verify(token)) as unknown as AccessClaims };
}

export const localIssuer = 'https://common-ground.local/issuer';
export const localClientId = 'common-ground-local';

/**
 * Locally: the same Cognito-shaped access tokens, signed by a local key whose JWKS is preloaded,
 * checked the way Cognito's are (issuer, client_id, token_use, expiry, RS256 only).
 */
export function localVerifier(jwks: Jwks): TokenVerifier {
  const verifier = JwtVerifier.create({
    issuer: localIssuer,
    audience: null,
    // Never fetched: every local key is preloaded below, so an unknown key id fails at once.
    jwksUri: 'http://127.0.0.1:9/jwks.json',
    customJwtCheck: ({ payload }) => {
      checkTokenTimes(payload);
      if (payload.token_use !== 'access') throw new Error('not an access token');
      if (payload.client_id !== localClientId) throw new Error('wrong client');
    },
  });
  verifier.cacheJwks(jwks);
  return { verify: async (token) => (await verifier.verify(token)) as unknown as AccessClaims };
}

export interface Memberships {
  hubIds: string[];
  organisationIds: string[];
}

/**
 * Roles come from the token's groups; hubs and organisations from the person's profile (they change more often).
 * Someone in no group signed themselves up, so they are a resident: the least any signed-in person can do.
 */
export async function actorFromClaims(claims: AccessClaims, membershipsOf: (userId: string) => Promise<Memberships>): Promise<Actor> {
  const known = (claims['cognito:groups'] ?? []).filter((g): g is Role => (roles as readonly string[]).includes(g));
  const groups: Role[] = known.length ? known : ['resident'];
  const needsMemberships = groups.some((g) => g === 'coordinator' || g === 'partner');
  const memberships = needsMemberships ? await membershipsOf(claims.sub) : { hubIds: [], organisationIds: [] };
  return { userId: claims.sub, roles: groups, ...memberships, ...(typeof claims.iat === 'number' ? { tokenIssuedAt: claims.iat } : {}) };
}

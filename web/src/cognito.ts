/**
 * Signing in on AWS: Cognito's hosted sign-in page, with the authorisation code flow and PKCE (RFC 7636), as a
 * public client that keeps no secret. The sign-in page sends the person there; they come back to /auth/callback
 * with a code, which is exchanged for their access token here, in the browser.
 */
import { acceptToken, type Me } from './auth';
import type { CognitoConfig } from './config';

const pendingKey = 'commonground.signin';

function randomText(bytes: number): string {
  const data = crypto.getRandomValues(new Uint8Array(bytes));
  return base64url(data);
}

function base64url(data: Uint8Array): string {
  let text = '';
  for (const b of data) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Goes to the hosted sign-in page; `next` is where to come back to once signed in. */
export async function startCognitoSignIn(config: CognitoConfig, next: string): Promise<void> {
  const verifier = randomText(48);
  const state = randomText(16);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  sessionStorage.setItem(pendingKey, JSON.stringify({ verifier, state, next }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: config.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${config.authorizeUrl}?${query}`);
}

export class SignInFailed extends Error {}

/** Back from the hosted sign-in page: exchanges the code for the access token. Answers who signed in and where to go. */
export async function finishCognitoSignIn(config: CognitoConfig, search: URLSearchParams): Promise<{ person: Me | null; next: string }> {
  const pending = JSON.parse(sessionStorage.getItem(pendingKey) ?? 'null') as { verifier: string; state: string; next: string } | null;
  sessionStorage.removeItem(pendingKey);
  if (search.get('error')) throw new SignInFailed(search.get('error_description') || 'The sign-in page did not sign you in.');
  const code = search.get('code');
  if (!pending || !code || search.get('state') !== pending.state) {
    throw new SignInFailed('This sign-in link has already been used or has expired.');
  }
  const res = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', client_id: config.clientId, code, redirect_uri: config.redirectUri, code_verifier: pending.verifier }),
  }).catch(() => {
    throw new SignInFailed('We could not reach the sign-in service. Check your internet connection and try again.');
  });
  if (!res.ok) throw new SignInFailed('The sign-in could not be completed.');
  const { access_token: token } = (await res.json()) as { access_token?: string };
  if (!token) throw new SignInFailed('The sign-in could not be completed.');
  return { person: await acceptToken(token), next: pending.next };
}

/** Cognito's sign-out, which comes back to the home page. */
export function cognitoSignOutUrl(config: CognitoConfig): string {
  return `${config.logoutUrl}?${new URLSearchParams({ client_id: config.clientId, logout_uri: config.logoutRedirectUri })}`;
}

import { createHash, randomUUID } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { Role } from '../../functions/lib/actor';
import { createLocalSigner, type LocalSigner } from '../../functions/local/keys';
import type { GatewayRequest, GatewayResponse } from './http-api';
import type { LambdaService } from './lambda';
import { Templates } from './template';

/**
 * The template's Cognito user pool, as far as the rehearsal needs one: its id and app client id (what the
 * functions' USER_POOL_ID and USER_POOL_CLIENT_ID and the JWT authorizer's issuer and audience resolve to), a
 * signing key whose key set Cognito's JWKS address serves, people with their groups, and sign-up that runs the
 * pool's post-confirmation trigger with Cognito's event, waiting as Cognito waits (5 seconds at most).
 *
 * `hostedUi` stands in for the hosted sign-in page's OAuth endpoints (authorize, token with PKCE, logout), so the
 * web app's own side of signing in runs: the app client's callback and sign-out URLs are checked as Cognito checks
 * them. The page itself only lets you choose a person or sign up by email: passwords, MFA and email verification
 * are Cognito's and are not rehearsed.
 */

export interface PoolUser {
  sub: string;
  email: string;
  groups: Role[];
  attributes: Record<string, string>;
}

/** Cognito gives a trigger 5 seconds, whatever the function's own timeout. */
const triggerTimeoutMs = 5_000;

export class UserPool {
  readonly poolId: string;
  readonly clientId: string;
  readonly issuer: string;
  readonly users = new Map<string, PoolUser>();
  readonly triggerInvocations: { triggerSource: string; userName: string; ok: boolean; error?: string }[] = [];
  private codes = new Map<string, { sub: string; redirectUri: string; challenge: string; scope: string; expires: number }>();
  private constructor(
    private templates: Templates,
    private lambda: LambdaService,
    readonly signer: LocalSigner,
    private postConfirmation: unknown,
    ids: { poolId: string; clientId: string; issuer: string; callbackUrls: string[]; logoutUrls: string[] },
  ) {
    this.poolId = ids.poolId;
    this.clientId = ids.clientId;
    this.issuer = ids.issuer;
    this.callbackUrls = ids.callbackUrls;
    this.logoutUrls = ids.logoutUrls;
  }
  /** the app client's allowed callback and sign-out URLs, as the template gives them */
  readonly callbackUrls: string[];
  readonly logoutUrls: string[];

  static async create(templates: Templates, lambda: LambdaService): Promise<UserPool> {
    const pools = templates.ofType('AWS::Cognito::UserPool');
    if (pools.length !== 1) throw new Error(`The rehearsal expects one user pool, found ${pools.length}`);
    const { id, stack, resource } = pools[0]!;
    const clients = templates.ofType('AWS::Cognito::UserPoolClient').filter(({ resource: c }) => Templates.target(c.Properties?.UserPoolId) === id);
    if (clients.length !== 1) throw new Error(`The rehearsal expects one app client, found ${clients.length}`);
    const poolId = templates.resolve({ Ref: id }, stack) as string;
    const clientId = templates.resolve({ Ref: clients[0]!.id }, stack) as string;
    const issuer = `https://cognito-idp.${templates.region}.amazonaws.com/${poolId}`;
    const scope = (clients[0]!.resource.Properties?.AllowedOAuthScopes ?? []).join(' ') || 'aws.cognito.signin.user.admin';
    const signer = await createLocalSigner(undefined, { issuer, clientId, scope });
    const client = templates.resolve(clients[0]!.resource.Properties, clients[0]!.stack);
    return new UserPool(templates, lambda, signer, resource.Properties?.LambdaConfig?.PostConfirmation, {
      poolId,
      clientId,
      issuer,
      callbackUrls: client.CallbackURLs ?? [],
      logoutUrls: client.LogoutURLs ?? [],
    });
  }

  get jwks(): JSONWebKeySet {
    return this.signer.jwks as unknown as JSONWebKeySet;
  }

  /** A person an administrator created and put in groups (the demo people, whose profiles the seed made). */
  addUser(user: { sub: string; email: string; groups: Role[] }) {
    this.users.set(user.email.toLowerCase(), { ...user, email: user.email.toLowerCase(), attributes: { sub: user.sub, email: user.email.toLowerCase(), email_verified: 'true' } });
  }

  /**
   * Self sign-up, confirmed: the person is in no group, and the post-confirmation trigger runs with Cognito's
   * event. A trigger that fails or takes too long fails the confirmation, as Cognito reports it.
   */
  async signUp(email: string, attributes: Record<string, string> = {}): Promise<PoolUser> {
    const sub = randomUUID();
    const user: PoolUser = { sub, email: email.toLowerCase(), groups: [], attributes: { sub, email: email.toLowerCase(), email_verified: 'true', ...attributes } };
    if (this.postConfirmation) {
      const fn = this.lambda.byReference(this.postConfirmation);
      const event = {
        version: '1',
        region: this.templates.region,
        userPoolId: this.poolId,
        userName: sub,
        callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: this.clientId },
        triggerSource: 'PostConfirmation_ConfirmSignUp',
        request: { userAttributes: { ...user.attributes, 'cognito:user_status': 'CONFIRMED' } },
        response: {},
      };
      const result = await this.lambda.invoke(fn, event);
      // Cognito's limit counts a cold start too; this machine's cold starts are not Lambda's, so the handler's
      // own time is what is held to it.
      const error = result.handlerMs > triggerTimeoutMs ? `Sign-up trigger timed out after ${triggerTimeoutMs / 1000} seconds` : result.error?.errorMessage;
      this.triggerInvocations.push({ triggerSource: event.triggerSource, userName: sub, ok: !error, ...(error ? { error } : {}) });
      if (error) throw new Error(`PostConfirmation failed with error ${error}.`);
      if ((result.payload as { userName?: string } | null)?.userName !== sub) {
        throw new Error('PostConfirmation invocation failed due to error: the trigger did not return the event.');
      }
    }
    this.users.set(user.email, user);
    return user;
  }

  /** An access token as the hosted UI's code exchange would give it (sign-in itself is not rehearsed). */
  async signIn(email: string): Promise<string> {
    const user = this.users.get(email.toLowerCase());
    if (!user) throw new Error(`No user ${email} in the rehearsal's user pool`);
    return this.signer.signAccessToken({ userId: user.sub, roles: user.groups }, 3600);
  }

  /**
   * The hosted UI's endpoints, under the path the rehearsal serves them at (`base`). `sameSite` maps a URL the
   * template names (https://<site>) to the one this machine serves (the rehearsal has no TLS).
   */
  async hostedUi(req: GatewayRequest, base: string, sameSite: (url: string) => string): Promise<GatewayResponse> {
    const url = new URL(req.url, 'http://rehearsal.invalid');
    const path = url.pathname.slice(base.length);
    const form = req.method === 'POST' ? new URLSearchParams(req.body.toString('utf8')) : url.searchParams;
    const allowed = (list: string[], uri: string | null) => !!uri && list.map(sameSite).includes(uri);
    const page = (status: number, title: string, body: string): GatewayResponse => ({
      status,
      headers: [
        ['content-type', 'text/html; charset=utf-8'],
        ['cache-control', 'no-store'],
      ],
      body: Buffer.from(
        `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`,
      ),
    });
    const redirect = (location: string): GatewayResponse => ({
      status: 302,
      headers: [
        ['location', location],
        ['cache-control', 'no-store'],
      ],
      body: Buffer.alloc(0),
    });
    const json = (status: number, body: unknown): GatewayResponse => ({
      status,
      headers: [
        ['content-type', 'application/json'],
        ['cache-control', 'no-store'],
      ],
      body: Buffer.from(JSON.stringify(body)),
    });

    if (path === '/oauth2/token' && req.method === 'POST') {
      const code = this.codes.get(form.get('code') ?? '');
      this.codes.delete(form.get('code') ?? '');
      if (form.get('grant_type') !== 'authorization_code') return json(400, { error: 'unsupported_grant_type' });
      if (form.get('client_id') !== this.clientId) return json(400, { error: 'invalid_client' });
      const verifier = form.get('code_verifier') ?? '';
      const challenge = createHash('sha256').update(verifier).digest('base64url');
      if (!code || code.expires < Date.now() || code.redirectUri !== form.get('redirect_uri') || code.challenge !== challenge) return json(400, { error: 'invalid_grant' });
      const user = [...this.users.values()].find((u) => u.sub === code.sub)!;
      const accessToken = await this.signer.signAccessToken({ userId: user.sub, roles: user.groups }, 3600);
      // Cognito also returns an ID token (and a refresh token); the web app uses the access token alone.
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600 });
    }
    if (path === '/logout') {
      if (url.searchParams.get('client_id') !== this.clientId || !allowed(this.logoutUrls, url.searchParams.get('logout_uri')))
        return page(400, 'Sign-out address not allowed', '<p>The app client does not list this sign-out address.</p>');
      return redirect(url.searchParams.get('logout_uri')!);
    }
    // authorize (GET), and the stand-in page's own forms (POST to authorize): the request's parameters carried along
    const params = ['response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'code_challenge', 'code_challenge_method'];
    const redirectUri = form.get('redirect_uri');
    if (path !== '/oauth2/authorize') return page(404, 'Not found', '');
    if (form.get('client_id') !== this.clientId) return page(400, 'An error was encountered with the requested page', '<p>Invalid client id.</p>');
    if (!allowed(this.callbackUrls, redirectUri)) return page(400, 'An error was encountered with the requested page', '<p>The redirect address is not one the app client allows.</p>');
    if (form.get('response_type') !== 'code' || form.get('code_challenge_method') !== 'S256' || !form.get('code_challenge')) {
      return redirect(`${redirectUri}?error=invalid_request&state=${encodeURIComponent(form.get('state') ?? '')}`);
    }
    const hidden = params.map((p) => `<input type="hidden" name="${p}" value="${esc(form.get(p) ?? '')}">`).join('');
    let problem = '';
    if (req.method === 'POST') {
      const email = (form.get('email') ?? '').trim().toLowerCase();
      try {
        let user = this.users.get(email);
        if (form.get('action') === 'sign-up') {
          if (user) throw new Error('An account with the given email already exists.');
          if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error('Enter an email address.');
          user = await this.signUp(email, form.get('name') ? { name: form.get('name')! } : {});
        }
        if (!user) throw new Error('Incorrect username or password.');
        const code = randomUUID();
        this.codes.set(code, { sub: user.sub, redirectUri: redirectUri!, challenge: form.get('code_challenge')!, scope: form.get('scope') ?? '', expires: Date.now() + 5 * 60_000 });
        return redirect(`${redirectUri}?code=${code}&state=${encodeURIComponent(form.get('state') ?? '')}`);
      } catch (err) {
        problem = `<div role="alert"><h2>There is a problem</h2><p>${esc((err as Error).message)}</p></div>`;
      }
    }
    const people = [...this.users.values()]
      .map((u) => `<li><form method="post"><input type="hidden" name="email" value="${esc(u.email)}">${hidden}<button type="submit">Sign in as ${esc(u.email)}</button></form></li>`)
      .join('');
    return page(
      problem ? 400 : 200,
      'Sign in',
      `${problem}<p>The deploy rehearsal's stand-in for Cognito's hosted sign-in page: choose a person (no password), or sign up.</p>` +
        `<ul>${people}</ul>` +
        `<h2>Sign up</h2><form method="post">${hidden}<input type="hidden" name="action" value="sign-up">` +
        `<p><label for="email">Email address</label><br><input id="email" name="email" type="email" autocomplete="email"></p>` +
        `<p><label for="name">Name</label><br><input id="name" name="name" autocomplete="name"></p>` +
        `<p><button type="submit">Sign up</button></p></form>`,
    );
  }
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

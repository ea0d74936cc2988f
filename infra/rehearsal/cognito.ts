import { randomUUID } from 'node:crypto';
import type { JSONWebKeySet } from 'jose';
import type { Role } from '../../functions/lib/actor';
import { createLocalSigner, type LocalSigner } from '../../functions/local/keys';
import type { LambdaService } from './lambda';
import { Templates } from './template';

/**
 * The template's Cognito user pool, as far as the rehearsal needs one: its id and app client id (what the
 * functions' USER_POOL_ID and USER_POOL_CLIENT_ID and the JWT authorizer's issuer and audience resolve to), a
 * signing key whose key set Cognito's JWKS address serves, people with their groups, and sign-up that runs the
 * pool's post-confirmation trigger with Cognito's event, waiting as Cognito waits (5 seconds at most). Sign-in
 * itself (the hosted UI, passwords, MFA, email verification) is Cognito's own and is not rehearsed.
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
  private constructor(
    private templates: Templates,
    private lambda: LambdaService,
    readonly signer: LocalSigner,
    private postConfirmation: unknown,
    ids: { poolId: string; clientId: string; issuer: string },
  ) {
    this.poolId = ids.poolId;
    this.clientId = ids.clientId;
    this.issuer = ids.issuer;
  }

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
    return new UserPool(templates, lambda, signer, resource.Properties?.LambdaConfig?.PostConfirmation, { poolId, clientId, issuer });
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
}

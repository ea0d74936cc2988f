import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccountRecovery, FeaturePlan, Mfa, OAuthScope, UserPool, type UserPoolClient, UserPoolClientIdentityProvider, type UserPoolDomain } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

/** The roles of DESIGN.md; the app reads them from the `cognito:groups` claim. */
export const userGroups = ['resident', 'volunteer', 'coordinator', 'partner', 'linkworker', 'admin'] as const;

export interface AuthProps {
  /** Globally unique Cognito hosted-UI prefix. */
  domainPrefix: string;
  /** Where the SPA receives the authorisation code (and where sign-out returns to). */
  callbackUrls: string[];
  logoutUrls: string[];
  retain: boolean;
  /** Runs after each confirmation (sign-up, password reset): gives the person their profile. */
  postConfirmation?: IFunction;
}

/** Cognito user pool with the role groups, a hosted sign-in domain and a public SPA client (auth code + PKCE). */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;

  constructor(scope: Construct, id: string, props: AuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: true,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Length over complexity (NCSC password guidance); see the COG1 acknowledgement below.
      passwordPolicy: {
        minLength: 12,
        requireLowercase: false,
        requireUppercase: false,
        requireDigits: false,
        requireSymbols: false,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: props.retain,
      removalPolicy: props.retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      ...(props.postConfirmation ? { lambdaTriggers: { postConfirmation: props.postConfirmation } } : {}),
    });

    userGroups.forEach((groupName) => this.userPool.addGroup(`Group-${groupName}`, { groupName }));

    this.domain = this.userPool.addDomain('Domain', { cognitoDomain: { domainPrefix: props.domainPrefix } });

    // No secret: a browser cannot keep one. Cognito enforces PKCE on the code exchange for public clients.
    this.client = this.userPool.addClient('SpaClient', {
      generateSecret: false,
      authFlows: {},
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL, OAuthScope.PROFILE],
        callbackUrls: props.callbackUrls,
        logoutUrls: props.logoutUrls,
      },
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
    });

    Validations.of(this.userPool).acknowledge(
      {
        id: 'AwsSolutions-COG1',
        reason:
          'Deliberate: 12+ characters with no composition rules, per NCSC password guidance. Many residents are ' +
          'older or have low digital confidence; composition rules push them to weaker, reused passwords.',
      },
      {
        id: 'AwsSolutions-COG2',
        reason: 'MFA is optional (TOTP). Mandatory MFA would lock out residents without a smartphone, who are a core ' + 'audience of a social-isolation service; staff are encouraged to enrol.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason: 'Threat protection needs the Cognito Plus feature plan, billed per monthly active user; out of budget for ' + 'community partnerships. Revisit if the partnership funds it.',
      },
    );
  }
}

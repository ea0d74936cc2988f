/**
 * Settings that differ between the local runtime and AWS, read from `/config.json` (published beside
 * index.html by the deployment: infra/constructs/web-site.ts; no inline script, so the Content-Security-Policy
 * can forbid them). When the file is missing we are on the local runtime and use the dev sign-in.
 *
 * {
 *   "signIn": "cognito",
 *   "cognito": {
 *     "authorizeUrl": "https://<domain>.auth.<region>.amazoncognito.com/oauth2/authorize",
 *     "tokenUrl": "https://<domain>.auth.<region>.amazoncognito.com/oauth2/token",
 *     "logoutUrl": "https://<domain>.auth.<region>.amazoncognito.com/logout",
 *     "clientId": "…", "redirectUri": "https://<site>/auth/callback", "logoutRedirectUri": "https://<site>/",
 *     "scope": "openid email profile"
 *   }
 * }
 */
export interface CognitoConfig {
  authorizeUrl: string;
  tokenUrl: string;
  logoutUrl: string;
  clientId: string;
  redirectUri: string;
  logoutRedirectUri: string;
  scope: string;
}

export interface AppConfig {
  signIn: 'dev' | 'cognito';
  cognito?: CognitoConfig;
}

const localDefault: AppConfig = { signIn: 'dev' };
let loading: Promise<AppConfig> | undefined;

const cognitoKeys: (keyof CognitoConfig)[] = ['authorizeUrl', 'tokenUrl', 'logoutUrl', 'clientId', 'redirectUri', 'logoutRedirectUri', 'scope'];

export function loadConfig(): Promise<AppConfig> {
  loading ??= fetch('/config.json', { headers: { Accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok || !(res.headers.get('Content-Type') ?? '').includes('json')) return localDefault;
      const body = (await res.json()) as { signIn?: unknown; cognito?: Record<string, unknown> };
      const c = body.cognito;
      if (body.signIn === 'cognito' && c && cognitoKeys.every((k) => typeof c[k] === 'string' && c[k])) {
        return { signIn: 'cognito', cognito: c as unknown as CognitoConfig } as AppConfig;
      }
      return localDefault;
    })
    .catch(() => localDefault);
  return loading;
}

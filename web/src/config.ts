/**
 * Settings that differ between the local runtime and AWS, read from `/config.json` (written beside
 * index.html by the deployment; no inline script, so the Content-Security-Policy can forbid them).
 * When the file is missing we are on the local runtime and use the dev sign-in.
 *
 * {
 *   "signIn": "dev" | "cognito",
 *   "signInUrl": "https://<domain>.auth.<region>.amazoncognito.com/login?...",   (cognito only)
 *   "signOutUrl": "https://..."                                                  (cognito only, optional)
 * }
 */
export interface AppConfig {
  signIn: 'dev' | 'cognito';
  signInUrl?: string;
  signOutUrl?: string;
}

const localDefault: AppConfig = { signIn: 'dev' };
let loading: Promise<AppConfig> | undefined;

export function loadConfig(): Promise<AppConfig> {
  loading ??= fetch('/config.json', { headers: { Accept: 'application/json' } })
    .then(async (res) => {
      if (!res.ok || !(res.headers.get('Content-Type') ?? '').includes('json')) return localDefault;
      const body = (await res.json()) as Partial<AppConfig>;
      if (body.signIn === 'cognito' && typeof body.signInUrl === 'string') {
        return { signIn: 'cognito', signInUrl: body.signInUrl, signOutUrl: typeof body.signOutUrl === 'string' ? body.signOutUrl : undefined } as AppConfig;
      }
      return localDefault;
    })
    .catch(() => localDefault);
  return loading;
}

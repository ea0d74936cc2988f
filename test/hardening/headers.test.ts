import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../functions/app';
import { createDeps } from '../../functions/deps';
import { createDb } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { routesByDomain } from '../../functions/routes';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/** Security headers and CORS, locally and as on AWS (an app built with config.local = false). */
let p: TestPlatform;
beforeAll(async () => {
  p = await startPlatform();
});
afterAll(() => p?.stop());

const awsApp = () =>
  createApp(
    createDeps({
      db: createDb({ tableName: 'unused', endpoint: 'http://127.0.0.1:9' }),
      verifier: { verify: async () => Promise.reject(new Error('no')) },
      log: createLogger('silent'),
      config: { local: false, siteOrigin: 'https://hubs.example.org' },
    }),
    Object.values(routesByDomain).flat(),
  );

function cspDirectives(header: string | null): Map<string, string[]> {
  return new Map(
    (header ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([k, ...v]) => [k!, v]),
  );
}

describe('security headers', () => {
  it('sends a CSP without unsafe-inline scripts, frame-ancestors none, and nosniff', async () => {
    for (const path of ['/api/health', '/', '/api/nothing-here']) {
      const res = await fetch(p.url + path);
      const csp = cspDirectives(res.headers.get('content-security-policy'));
      const scripts = csp.get('script-src') ?? csp.get('default-src') ?? [];
      expect(scripts.length, `${path} has a script policy`).toBeGreaterThan(0);
      expect(scripts).not.toContain("'unsafe-inline'");
      expect(scripts).not.toContain("'unsafe-eval'");
      expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('sends HSTS on AWS and not locally (plain http)', async () => {
    const res = await awsApp().request('/api/health');
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}; includeSubDomains/);
    expect((await fetch(`${p.url}/api/health`)).headers.get('strict-transport-security')).toBeNull();
  });
});

describe('CORS', () => {
  const preflight = (path: string, origin: string) =>
    awsApp().request(path, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });

  it('allows only the site origin on the API', async () => {
    const mine = await preflight('/api/self-referrals', 'https://hubs.example.org');
    expect(mine.headers.get('access-control-allow-origin')).toBe('https://hubs.example.org');
    for (const origin of ['https://evil.example.com', 'https://hubs.example.org.evil.com', 'null']) {
      const res = await preflight('/api/me', origin);
      expect(res.headers.get('access-control-allow-origin'), origin).not.toBe(origin);
      expect(res.headers.get('access-control-allow-origin'), origin).not.toBe('*');
      const get = await awsApp().request('/api/health', { headers: { origin } });
      expect(get.headers.get('access-control-allow-origin'), origin).not.toBe(origin);
      expect(get.headers.get('access-control-allow-credentials')).not.toBe('true');
    }
  });

  it('opens the open-data feeds to every origin', async () => {
    for (const path of ['/api/openreferral/services', '/api/ical/hubs/01JDEM0HVB0000000000000001']) {
      const res = await fetch(p.url + path, { headers: { origin: 'https://someone-elses-directory.example' } });
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
  });
});

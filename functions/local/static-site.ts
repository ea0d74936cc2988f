import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono } from 'hono';
import { compress } from 'hono/compress';
import { isPagePath } from '../lib/paths';

/**
 * The built web app as the local server serves it, the way CloudFront serves it deployed (infra/constructs/
 * web-site.ts): content-hashed files cached for a year (a new build has new names), index.html and other
 * fixed names revalidated each time, the app's pages answered with index.html, and anything else a 404 (a
 * missing file plainly; an address that is no page with the app's "Page not found" and a 404 status), and
 * compressed as CloudFront compresses them (a slow phone's first page is a third of the bytes).
 */
export const hashedFile = /-[A-Z0-9]{8}\.(js|css)$/;
export const immutable = 'public, max-age=31536000, immutable';

// biome-ignore lint/suspicious/noExplicitAny: the local server's app and the rehearsal's, whatever their environment
export function serveSite(app: Hono<any>, root: string): void {
  const compressed = compress();
  app.use('*', (c, next) => (c.req.path.startsWith('/api/') ? next() : compressed(c, next)));
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    return serveStatic({
      root,
      onFound: (path, ctx) => {
        ctx.header('Cache-Control', hashedFile.test(path) ? immutable : 'no-cache');
      },
    })(c, next);
  });
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    // the deployment publishes /config.json (Cognito sign-in); locally there is none: the app signs in the dev way
    if (c.req.path === '/config.json') return c.json({ signIn: 'dev' }, 200, { 'Cache-Control': 'no-cache' });
    const last = c.req.path.slice(c.req.path.lastIndexOf('/') + 1);
    if (last.includes('.')) return c.text('Not found', 404, { 'Cache-Control': 'no-cache' });
    const page = isPagePath(c.req.path);
    const answer = await serveStatic({
      root,
      path: 'index.html',
      onFound: (_p, ctx) => {
        ctx.header('Cache-Control', 'no-cache');
      },
    })(c, next);
    if (page || !answer) return answer;
    return new Response(answer.body, { status: 404, headers: answer.headers });
  });
}

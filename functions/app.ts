import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { AccessClaims } from './lib/auth';
import type { AppDeps } from './lib/deps';
import { DomainError, NotFound, Unauthorized } from './lib/errors';
import { type AppEnv, type MountOptions, mountRoutes } from './lib/mount';
import { problemResponse, toProblem } from './lib/problem';
import type { AnyRoute } from './lib/route';

/** Paths whose data is open to any web site (open data feeds, calendars). Everything else: our own origin only. */
const openDataPaths = ['/api/openreferral', '/api/ical'];

export interface AppOptions extends MountOptions {
  /** adds handlers after the API's (the local server serves the web app this way) */
  extend?: (app: Hono<AppEnv>) => void;
}

/**
 * The API: the same app whether it runs in a Lambda (one domain's routes), in the local server
 * (every domain) or in tests. Only the routes passed in (and, locally, the answers' checking) differ.
 */
export function createApp(deps: AppDeps, routes: AnyRoute[], options: AppOptions = {}): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: 'x-request-id' }));
  app.use(accessLog(deps));
  app.use(
    secureHeaders({
      overwrite: false,
      strictTransportSecurity: deps.config.local ? false : 'max-age=63072000; includeSubDomains',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
    }),
  );
  app.use('/api/*', async (c, next) => {
    const open = openDataPaths.some((p) => c.req.path.startsWith(p));
    return cors({ origin: open ? '*' : deps.config.siteOrigin, exposeHeaders: ['retry-after', 'x-request-id'], maxAge: 600 })(c, next);
  });
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: deps.config.maxBodyBytes,
      onError: (c) => problemResponse(c, new DomainError(413, 'Request too large', `The request body is over the limit of ${deps.config.maxBodyBytes} bytes.`)),
    }),
  );
  app.use('/api/*', noStore);
  app.use('/api/*', authenticate(deps));
  mountRoutes(app, routes, deps, options);
  options.extend?.(app);
  app.notFound((c) => problemResponse(c, new NotFound(`Nothing at ${c.req.method} ${c.req.path} (see /api/docs for the operations). This`)));
  app.onError((err, c) => toProblem(err, c, deps.log));
  return app;
}

/**
 * Answers are not kept by browsers or proxies (a shared computer at a hub, a library PC): most carry someone's
 * data, and an answer about a person must not outlive the page. A route that serves open data says how long
 * it may be kept itself (the public calendar feeds).
 */
async function noStore(c: import('hono').Context<AppEnv>, next: () => Promise<void>) {
  await next();
  if (!c.res.headers.has('cache-control')) c.res.headers.set('cache-control', 'no-store');
}

/**
 * A bearer token, if sent, must be valid: a bad token is a 401 even on a public route. Who the caller is (their
 * hubs and organisations, read from the table) is worked out per route, and never for a public one.
 */
function authenticate(deps: AppDeps) {
  return async (c: import('hono').Context<AppEnv>, next: () => Promise<void>) => {
    const header = c.req.header('authorization');
    c.set('claims', undefined);
    c.set('actor', undefined);
    if (!header) return next();
    const token = /^Bearer ([A-Za-z0-9_\-.=]+)$/.exec(header)?.[1];
    if (!token) throw new Unauthorized('The Authorization header must be "Bearer <token>".');
    let claims: AccessClaims;
    try {
      claims = await deps.verifier.verify(token);
    } catch {
      throw new Unauthorized('Your sign-in has expired or is not valid. Please sign in again.');
    }
    c.set('claims', claims);
    return next();
  };
}

function accessLog(deps: AppDeps) {
  return async (c: import('hono').Context<AppEnv>, next: () => Promise<void>) => {
    const started = performance.now();
    await next();
    if (!c.req.path.startsWith('/api/')) return;
    deps.log.info('request', {
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(performance.now() - started),
      userId: c.get('actor')?.userId,
    });
  };
}

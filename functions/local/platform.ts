import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type ServerType, serve } from '@hono/node-server';
import { createApp } from '../app';
import { createDeps } from '../deps';
import { scheduledJobs } from '../jobs';
import { localVerifier } from '../lib/auth';
import type { Clock } from '../lib/clock';
import { createDb, localCredentials, localRegion } from '../lib/db';
import type { AppDeps } from '../lib/deps';
import { createLogger, type Logger } from '../lib/log';
import { devMailboxSender } from '../messages/dev-mailbox';
import { metaRoutes } from '../meta/routes';
import { buildOpenApiDocument } from '../openapi-document';
import { routesByDomain } from '../routes';
import { streamConsumers } from '../stream/consumers';
import { createStreamHandler } from '../stream/handler';
import { ensureTable } from './bootstrap';
import { devRoutes } from './dev-routes';
import { createLocalSigner, type LocalSigner } from './keys';
import { startScheduledJobs } from './scheduler';
import { seedDemoData } from './seed';
import { serveSite } from './static-site';
import { type StreamPoller, startStreamPoller } from './stream-poller';

export interface PlatformOptions {
  /** DynamoDB Local's URL */
  endpoint: string;
  tableName: string;
  /** 0 picks a free port */
  port: number;
  host?: string;
  seed?: boolean;
  /** where the local signing key is kept between runs; omitted = a new key each start */
  keyFile?: string;
  clock?: Clock;
  log?: Logger;
  /** the built web app; served with a fallback to index.html for the app's own routes */
  webDir?: string;
  /** run the scheduled jobs (reminders) on timers, as EventBridge does on AWS; off in tests, which call them directly */
  scheduledJobs?: boolean;
  /** the table was loaded from a snapshot of a settled platform: hand the stream handler only later writes */
  streamFromNow?: boolean;
}

export interface LocalPlatform {
  url: string;
  deps: AppDeps;
  signer: LocalSigner;
  stream: StreamPoller;
  stop(): Promise<void>;
}

/**
 * The whole platform in one process: the same app and stream handler as on AWS, over DynamoDB Local.
 * `npm start` and the tests both start it through here.
 */
export async function startPlatform(opts: PlatformOptions): Promise<LocalPlatform> {
  const log = opts.log ?? createLogger('info');
  const client = new DynamoDBClient({ endpoint: opts.endpoint, region: localRegion, credentials: localCredentials });
  await ensureTable(client, opts.tableName);
  const signer = await createLocalSigner(opts.keyFile);
  const db = createDb({ tableName: opts.tableName, endpoint: opts.endpoint });
  const host = opts.host ?? '127.0.0.1';
  const deps = createDeps({
    db,
    verifier: localVerifier(signer.jwks),
    ...(opts.clock ? { clock: opts.clock } : {}),
    log,
    config: { local: true, siteOrigin: `http://localhost:${opts.port}` },
  });
  if (opts.seed) await seedDemoData(deps);

  const stream = await startStreamPoller({
    client,
    endpoint: opts.endpoint,
    tableName: opts.tableName,
    handler: createStreamHandler(deps, streamConsumers({ sender: devMailboxSender(db, deps.clock) })),
    log,
    skipExisting: opts.streamFromNow ?? false,
  });

  const openApi = buildOpenApiDocument({ includeDev: true });
  const routes = [...metaRoutes(() => openApi), ...Object.values(routesByDomain).flat(), ...devRoutes(signer)];
  const app = createApp(deps, routes, {
    checkResponses: true,
    extend: (a) => {
      if (opts.webDir && existsSync(opts.webDir)) {
        const root = relative(process.cwd(), resolve(opts.webDir));
        serveSite(a, root);
      }
    },
  });

  const scheduler = opts.scheduledJobs ? startScheduledJobs(deps, scheduledJobs) : undefined;
  const server = await listen(app.fetch, opts.port, host);
  const port = (server.address() as { port: number }).port;
  const url = `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  deps.config.siteOrigin = url.replace('127.0.0.1', 'localhost');

  return {
    url,
    deps,
    signer,
    stream,
    stop: async () => {
      scheduler?.stop();
      await new Promise<void>((r) => server.close(() => r()));
      await stream.stop();
      client.destroy();
      db.doc.destroy();
    },
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>, port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolvePromise(server));
    // Node closes a keep-alive connection after 5 s idle by default, and a client that sends on it at that moment
    // (fetch reuses connections for up to about 4 s) gets ECONNRESET when its event loop runs late, as on a busy
    // machine. API Gateway keeps connections for 60 s; so does this server, well past any client's reuse window.
    (server as import('node:http').Server).keepAliveTimeout = 65_000;
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new Error(`Port ${port} is already in use: stop whatever is using it, or start with PORT=3001 npm start.`) : err),
    );
  });
}

/**
 * `npm start`: the whole platform on this machine. DynamoDB Local (data kept in DATA_DIR, default .data/),
 * the table, demo data, the API and the web app on one port (PORT, default 3000), and the stream handler.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { buildWeb, distDir } from '../../web/build';
import { createLogger, type LogLevel } from '../lib/log';
import { type DynamoLocal, javaProblem, startDynamoLocal } from './dynamo';
import { type LocalPlatform, startPlatform } from './platform';
import { demoUsers } from './seed/users';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const started = performance.now();
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.DATA_DIR ?? '.data');
const log = createLogger((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'warn');

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

async function portIsFree(p: number): Promise<boolean> {
  return new Promise((r) => {
    const s = createServer();
    s.once('error', () => r(false));
    s.listen(p, () => s.close(() => r(true)));
  });
}

async function main() {
  const java = javaProblem();
  if (java) fail(java);
  if (!(await portIsFree(port))) fail(`Port ${port} is already in use: stop whatever is using it, or choose another with PORT=3001 npm start.`);

  mkdirSync(dataDir, { recursive: true });
  process.stdout.write('Building the web app…\n');
  await buildWeb({ minify: true });
  process.stdout.write(`Starting DynamoDB Local (data in ${dataDir})…\n`);

  let dynamo: DynamoLocal | undefined;
  let platform: LocalPlatform | undefined;
  const shutdown = async (code = 0) => {
    await platform?.stop().catch(() => undefined);
    await dynamo?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  try {
    dynamo = await startDynamoLocal({ dataDir });
    platform = await startPlatform({
      endpoint: dynamo.endpoint,
      tableName: 'common-ground',
      port,
      host: process.env.HOST ?? '127.0.0.1',
      seed: true,
      keyFile: resolve(dataDir, 'local-signing-key.json'),
      log,
      webDir: distDir,
      scheduledJobs: true,
    });
  } catch (err) {
    await shutdown(1).catch(() => undefined);
    fail(String((err as Error).message ?? err));
  }

  const url = platform.url.replace('127.0.0.1', 'localhost');
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    [
      '',
      `Common Ground is running at ${url}  (ready in ${seconds} s)`,
      `API docs: ${url}/api/docs`,
      '',
      'Sign in at /sign-in as any of these demo users (no password locally):',
      ...demoUsers.map((u) => `  ${u.email.padEnd(26)} ${u.name} (${u.roles.join(', ')})`),
      '',
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

void main();

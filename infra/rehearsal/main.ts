/**
 * `npm run rehearse`: the deploy rehearsal. Builds the web app, runs `cdk synth` (offline, every function bundled
 * by esbuild into cdk.out/), then runs what was synthesised as AWS would: CloudFront and the web app from the
 * deployed assets, the HTTP API and its JWT authorizer, each function's bundle with the template's environment,
 * every AWS call checked against the function's role, the table's stream through the event source mapping, and
 * the scheduled rules. Over DynamoDB Local with the demo data. Nothing calls AWS.
 *
 *   npm run rehearse                     synthesise and rehearse on http://localhost:3100
 *   PORT=3200 npm run rehearse           another port
 *   CG_CDK_OUT=cdk.out npm run rehearse  rehearse what is already synthesised there (no build, no synth)
 */
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { createDeps } from '../../functions/deps';
import { localVerifier } from '../../functions/lib/auth';
import { createDb } from '../../functions/lib/db';
import { createLogger, type LogLevel } from '../../functions/lib/log';
import { type DynamoLocal, javaProblem, startDynamoLocal } from '../../functions/local/dynamo';
import { seedDemoData } from '../../functions/local/seed';
import { demoUsers } from '../../functions/local/seed/users';
import { buildWeb } from '../../web/build';
import { projectRoot, type Rehearsal, startRehearsal } from './rehearsal';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const port = Number(process.env.PORT ?? 3100);
const verbose = (process.env.LOG_LEVEL as LogLevel | undefined) === 'debug' || process.env.LOG_LEVEL === 'info';

function fail(message: string): never {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

async function main() {
  const java = javaProblem();
  if (java) fail(java);
  let cdkOut = process.env.CG_CDK_OUT ? resolve(process.env.CG_CDK_OUT) : undefined;
  if (!cdkOut) {
    process.stdout.write('Building the web app…\n');
    await buildWeb({ minify: true });
    process.stdout.write('Synthesising (cdk synth, every function bundled by esbuild)…\n');
    cdkOut = resolve(projectRoot, 'cdk.out');
    execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', cdkOut], { cwd: projectRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  process.stdout.write('Starting DynamoDB Local (in memory)…\n');
  let dynamo: DynamoLocal | undefined;
  let rehearsal: Rehearsal | undefined;
  const shutdown = async (code = 0) => {
    rehearsal?.scheduler.stop();
    if (rehearsal) process.stdout.write(`\nWhat ran through the rehearsal:\n${JSON.stringify(rehearsal.summary(), null, 2)}\n`);
    await rehearsal?.stop().catch(() => undefined);
    await dynamo?.stop().catch(() => undefined);
    process.exit(code);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  try {
    dynamo = await startDynamoLocal();
    const tableName = `rehearsal-${randomUUID().slice(0, 8)}`;
    rehearsal = await startRehearsal({
      cdkOut,
      dynamoEndpoint: dynamo.endpoint,
      tableName,
      port,
      log: (line) => {
        // the functions' and the API's logs are what CloudWatch would hold; refusals and failures always show
        if (verbose || /AccessDenied|"level":"(warn|error)"|rehearsal/.test(line)) process.stdout.write(`${line}\n`);
      },
    });
    process.stdout.write('Loading the demo data (its stream records go through the stream function)…\n');
    const deps = createDeps({ db: createDb({ tableName, endpoint: dynamo.endpoint }), verifier: localVerifier({ keys: [] } as never), log: createLogger('warn') });
    await seedDemoData(deps);
    for (const u of demoUsers) rehearsal.userPool.addUser({ sub: u.userId, email: u.email, groups: u.roles });
    await rehearsal.stream.idle();
    rehearsal.scheduler.start();
  } catch (err) {
    await shutdown(1).catch(() => undefined);
    fail(String((err as Error).stack ?? err));
  }

  const tokens = await Promise.all(demoUsers.map(async (u) => `  ${u.email.padEnd(26)} ${await rehearsal!.userPool.signIn(u.email)}`));
  process.stdout.write(
    [
      '',
      `The synthesised stacks are running at ${rehearsal.url} (CloudFront), API through ${rehearsal.url}/api/…`,
      `  ${rehearsal.lambda.functions.size} functions from ${cdkOut}; ${rehearsal.api.routeKeys.length} routes; ${rehearsal.scheduler.rules.length} scheduled rules; IAM checked on every call.`,
      '',
      `Sign in on the site: it sends you to the rehearsal's stand-in for Cognito's hosted page (${rehearsal.url}/_cognito/…),`,
      'where you choose a demo person or sign up (which runs the sign-up trigger).',
      '',
      'Access tokens from the rehearsal\'s user pool (an hour each), for curl -H "Authorization: Bearer <token>":',
      ...tokens,
      '',
      'Press Ctrl-C to stop and see what ran (requests, invocations, AWS calls, stream batches, refusals).',
      '',
    ].join('\n'),
  );
}

void main();

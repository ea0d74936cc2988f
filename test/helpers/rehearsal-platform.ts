import { randomUUID } from 'node:crypto';
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { findProfileByEmail, getProfile } from '../../functions/accounts/data';
import { nameFromEmail } from '../../functions/accounts/rules';
import { createDeps } from '../../functions/deps';
import { type AccessClaims, checkTokenTimes } from '../../functions/lib/auth';
import { type Clock, systemClock } from '../../functions/lib/clock';
import { createDb, localCredentials, localRegion } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { startPlatform as startLocalPlatform } from '../../functions/local/platform';
import { demoUsers } from '../../functions/local/seed/users';
import { listMailbox, putMailboxItem } from '../../functions/messages/data';
import { streamConsumers } from '../../functions/stream/consumers';
import type { SentMessage } from '../../infra/rehearsal/aws-endpoint';
import { type Rehearsal, startRehearsal } from '../../infra/rehearsal/rehearsal';
import { dynamoEndpoint } from './dynamo';
import { type ApiAnswer, type CallOptions, operationsThrough, request, type TestPlatform } from './platform';
import { loadSnapshot, saveSnapshot, snapshotFile, snapshotOrTurnToSeed } from './seed-snapshot';
import { synthesised } from './synth';

/**
 * The same TestPlatform the API tests use, served by the deploy rehearsal (infra/rehearsal/): the bundles cdk
 * synth made, behind the template's CloudFront, HTTP API and authorizer, with IAM checked on every AWS call.
 * Chosen with CG_PLATFORM=rehearsal (test/helpers/platform.ts).
 *
 * The deployed API has no /api/dev routes. Two stand in for the world outside AWS, here in the helper and never
 * on the rehearsal's port: POST /api/dev/sign-in signs in through the rehearsal's user pool (an address the
 * table does not know signs up, which runs the post-confirmation trigger), and GET /api/dev/mailbox lists the
 * email and texts SES and SNS accepted, kept as MAILBOX items (where the local runtime keeps its dev mailbox)
 * with the outbox message they came from. Any other /api/dev path reaches the rehearsal, which answers 404.
 * Stopping fails the test file if any function was refused an AWS call (AccessDenied).
 */
const coverageDir = fileURLToPath(new URL('../.tmp', import.meta.url));
const safely = (f: () => boolean) => {
  try {
    return f();
  } catch {
    return false;
  }
};

export async function startRehearsalPlatform(options: { seed?: boolean; clock?: Clock; keepLogs?: boolean } = {}): Promise<TestPlatform & { rehearsal: Rehearsal }> {
  const started = performance.now();
  const logLines: string[] = [];
  const write = (line: string) => {
    if (options.keepLogs !== false) logLines.push(line);
    if (process.env.TEST_LOG === '1') process.stdout.write(`${line}\n`);
    else if (/rehearsal stream|"level":"error"/.test(line)) process.stderr.write(`${line}\n`);
  };
  const clock = options.clock ?? systemClock;
  const endpoint = await dynamoEndpoint();
  const tableName = `test-${randomUUID()}`;
  const snapshot = options.seed ? snapshotFile(clock.now(), !options.clock) : undefined;
  const items = snapshot ? await snapshotOrTurnToSeed(snapshot) : undefined;
  if (items) await loadSnapshot(tableName, items);
  else if (snapshot) {
    // The demo data is set-up, not the test: it is settled by the local runtime (the same stream handler as the
    // stream bundle, without the template's 25-record batches, which make a seed half as long again), kept as the
    // run's snapshot, and the rehearsal takes the table over from there.
    const local = await startLocalPlatform({ endpoint, tableName, port: 0, seed: true, ...(options.clock ? { clock: options.clock } : {}), log: createLogger('warn', write) });
    await local.stream.idle();
    await local.stop();
    await saveSnapshot(tableName, snapshot);
  }
  const db = createDb({ tableName, endpoint });

  // Which stream consumers the records handed to the stream function were for (each consumer's own wants()).
  const consumers = streamConsumers({ sender: { send: async () => undefined } });
  const consumersHanded = new Map<string, number>();
  // Outbox messages, by what they say, as the stream carries them: a sent email or text is matched to its message
  // (several people can be sent the same words: the one whose contact details it went to).
  const outbox = new Map<string, { id: string; toUserId: string; kind: string }[]>();
  const onSent = async (m: SentMessage) => {
    const candidates = outbox.get(m.channel === 'sms' ? m.text : `${m.subject}\n${m.text}`) ?? [];
    let known: (typeof candidates)[number] | undefined;
    for (const c of candidates) {
      const profile = await getProfile(db, c.toUserId);
      if (profile && [profile.email, profile.phone].includes(m.to[0])) {
        known = c;
        candidates.splice(candidates.indexOf(c), 1);
        break;
      }
    }
    await putMailboxItem(
      db,
      {
        id: known?.id ?? m.messageId,
        toUserId: known?.toUserId ?? '',
        kind: known?.kind ?? 'unknown',
        channel: m.channel,
        address: m.to[0] ?? '',
        subject: m.subject,
        text: m.text,
        ...(m.attachments.length ? { attachments: m.attachments } : {}),
      } as never,
      new Date(m.sentAt),
    );
  };
  const synthStarted = performance.now();
  const cdkOut = await synthesised();
  const synthSeconds = (performance.now() - synthStarted) / 1000;
  const rehearsal = await startRehearsal({
    cdkOut,
    dynamoEndpoint: endpoint,
    tableName,
    ...(options.clock ? { now: () => clock.now() } : {}),
    log: write,
    streamFromNow: !!snapshot,
    // Batches still hold what arrives together; the tests do not wait a second for each to gather.
    batchingWindowMs: Number(process.env.CG_REHEARSAL_BATCH_WINDOW_MS ?? 0),
    onSent,
    observeStream: (records) => {
      for (const r of records) {
        const change = {
          eventId: r.eventID ?? '',
          eventName: r.eventName ?? 'MODIFY',
          ...(r.dynamodb?.NewImage ? { newImage: unmarshall(r.dynamodb.NewImage as never) } : {}),
          ...(r.dynamodb?.OldImage ? { oldImage: unmarshall(r.dynamodb.OldImage as never) } : {}),
        };
        for (const c of consumers) if (safely(() => c.wants(change))) consumersHanded.set(c.name, (consumersHanded.get(c.name) ?? 0) + 1);
        const image = r.eventName === 'INSERT' && r.dynamodb?.NewImage ? unmarshall(r.dynamodb.NewImage as never) : undefined;
        if (image && String(image.pk).startsWith('OUTBOX#')) {
          const key = `${image.subject}\n${image.text}`;
          const id = String(image.id ?? String(image.pk).slice(7));
          const list = outbox.get(key) ?? [];
          if (!list.some((c) => c.id === id)) list.push({ id, toUserId: String(image.toUserId), kind: String(image.kind) });
          outbox.set(key, list);
        }
      }
    },
  });

  const { userPool } = rehearsal;
  const verifier = CognitoJwtVerifier.create({ userPoolId: userPool.poolId, clientId: userPool.clientId, tokenUse: 'access', customJwtCheck: ({ payload }) => checkTokenTimes(payload) });
  verifier.cacheJwks(userPool.jwks as never);
  const deps = createDeps({
    db,
    verifier: { verify: async (token) => (await verifier.verify(token)) as unknown as AccessClaims },
    clock,
    log: createLogger('info', write),
    config: { local: false, siteOrigin: `https://localhost:${new URL(rehearsal.url).port}` },
  });
  // The demo people, as an administrator would have created them in the user pool with their groups.
  for (const user of demoUsers) userPool.addUser({ sub: user.userId, email: user.email, groups: user.roles });
  process.stdout.write(
    `[rehearsal] ready in ${((performance.now() - started) / 1000).toFixed(1)} s (waiting for cdk synth ${synthSeconds.toFixed(1)} s; ${options.seed ? (items ? 'demo data from the snapshot' : 'demo data settled by the local runtime') : 'no demo data'})\n`,
  );

  const tokens = new Map<string, string>();
  const tokenFor = async (email: string) => {
    const known = tokens.get(email);
    if (known) return known;
    if (!userPool.users.has(email.toLowerCase())) {
      const profile = await findProfileByEmail(db, email);
      if (profile) userPool.addUser({ sub: profile.userId, email, groups: profile.roles });
      else await userPool.signUp(email, { name: nameFromEmail(email) });
    }
    const token = await userPool.signIn(email);
    tokens.set(email, token);
    return token;
  };

  const call = async (method: string, path: string, opts: CallOptions = {}): Promise<ApiAnswer> => {
    if (method === 'POST' && path === '/api/dev/sign-in') {
      const email = String((opts.body as { email?: unknown } | undefined)?.email ?? '');
      return { status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: { token: await tokenFor(email) } };
    }
    if (method === 'GET' && path.startsWith('/api/dev/mailbox')) {
      const toUserId = new URL(path, 'http://x').searchParams.get('toUserId');
      const mail = await listMailbox(db, 200);
      return { status: 200, headers: new Headers({ 'content-type': 'application/json' }), body: { items: toUserId ? mail.filter((m) => m.toUserId === toUserId) : mail } };
    }
    return request(rehearsal.url, method, path, opts);
  };

  const stop = async () => {
    const summary = rehearsal.summary();
    await rehearsal.stop();
    const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
    db.doc.destroy();
    const routes = Object.values(summary.requestsByRoute).reduce((a, b) => a + b, 0);
    // kept for the closing count of what ran through the rehearsal (test/.tmp is not committed)
    mkdirSync(coverageDir, { recursive: true });
    appendFileSync(
      join(coverageDir, 'rehearsal-coverage.jsonl'),
      `${JSON.stringify({ at: new Date().toISOString(), operations: Object.keys(summary.operations), consumers: [...consumersHanded.keys()], summary })}\n`,
    );
    process.stdout.write(
      `[rehearsal] ${routes} API requests: ${Object.keys(summary.operations).length} operations answered by functions, ` +
        `records for ${consumersHanded.size} of ${consumers.length} stream consumers, ` +
        `${Object.values(summary.invocations).reduce((a, b) => a + b.count, 0)} invocations of ${Object.keys(summary.invocations).length} functions, ` +
        `${summary.stream.invocations} stream batches (${summary.stream.recordsDelivered} records), ${summary.signUps} sign-ups, ` +
        `${Object.values(summary.awsCalls).reduce((a, b) => a + b, 0)} AWS calls checked, ${summary.accessDenied.length} refused\n`,
    );
    if (summary.accessDenied.length) {
      throw new Error(`The rehearsal refused AWS calls (AccessDenied):\n${rehearsal.iam.denials.map((d) => `${d.functionId}: ${d.action} on ${d.resource}`).join('\n')}`);
    }
  };

  return {
    kind: 'rehearsal',
    url: rehearsal.url,
    deps,
    signer: userPool.signer,
    stream: rehearsal.stream,
    logLines,
    call,
    op: operationsThrough(call),
    tokenFor,
    stop,
    rehearsal,
  };
}

import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type Clock, systemClock } from '../../functions/lib/clock';
import { localCredentials, localRegion } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { type LocalPlatform, startPlatform as startLocalPlatform } from '../../functions/local/platform';
import type { OperationId } from '../../functions/routes';
import { type AnswerOf, type CallArgs, type InputOf, operationUrl } from '../../web/src/api';
import { operations } from '../../web/src/operations';
import { dynamoEndpoint } from './dynamo';
import { loadSnapshot, saveSnapshot, snapshotFile, snapshotOrTurnToSeed } from './seed-snapshot';

/**
 * Which platform the tests run against: the Node server (default), or with CG_PLATFORM=rehearsal the deploy
 * rehearsal (the synthesised Lambda bundles behind the template's CloudFront, HTTP API and authorizer, with
 * IAM checked: test/helpers/rehearsal-platform.ts). The same test code runs on both.
 */
export type PlatformKind = 'node' | 'rehearsal';
export const platformKind = (): PlatformKind => (process.env.CG_PLATFORM === 'rehearsal' ? 'rehearsal' : 'node');
export const onRehearsal = () => platformKind() === 'rehearsal';

export interface TestPlatform extends LocalPlatform {
  kind: PlatformKind;
  /** every log line the platform wrote (JSON strings), for tests that check what is (not) logged */
  logLines: string[];
  /** a real HTTP request to the platform (for requests no client would make: malformed bodies, bad tokens) */
  call: (method: string, path: string, options?: CallOptions) => Promise<ApiAnswer>;
  /**
   * An operation by its operationId, with typed params, query and body and a typed answer, as the web calls it:
   * `p.op('reserveSeat', { params: { sessionId }, body: { companion: false }, token, headers })`.
   */
  op: <K extends OperationId>(op: K, ...[input]: OpArgs<K>) => Promise<OpAnswer<AnswerOf<K>>>;
  /** signs in through the real dev sign-in endpoint and returns the bearer token */
  tokenFor: (email: string) => Promise<string>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiAnswer<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** The problem+json an operation answers when it refuses (RFC 9457, functions/lib/problem.ts). */
export interface Problem {
  title: string;
  status: number;
  detail: string;
  /** on a 400 (read as present: a test asking for them expects them) */
  errors: { field: string; rule: string; message: string }[];
  code: string;
  retryAfterSeconds?: number;
  [extra: string]: any; // a refusal's own details (clashes, nearestFree …), read as the test needs
}

/** An operation's answer: `body` typed as its success, `problem` the same JSON read as a refusal. */
export interface OpAnswer<T> extends ApiAnswer<T> {
  problem: Problem;
}

export type OpInput<K extends OperationId> = InputOf<K> & Omit<CallOptions, 'body'>;
// biome-ignore lint/complexity/noBannedTypes: `{} extends` asks whether the input requires nothing
export type OpArgs<K extends OperationId> = {} extends InputOf<K> ? [input?: OpInput<K>] : [input: OpInput<K>];

/**
 * The real platform (same app, same stream handler) on a fresh table in the worker's DynamoDB Local
 * (test/helpers/dynamo.ts), listening on a free port. Each test file starts its own.
 */
export async function startPlatform(options: { seed?: boolean; clock?: Clock; keepLogs?: boolean } = {}): Promise<TestPlatform> {
  if (onRehearsal()) return (await import('./rehearsal-platform')).startRehearsalPlatform(options);
  const logLines: string[] = [];
  const tableName = `test-${randomUUID()}`;
  const seedTime = (options.clock ?? systemClock).now();
  // a test clock that starts at the real time seeds what a real clock would: the day's snapshot serves it
  const asToday = !options.clock || Math.abs(seedTime.getTime() - Date.now()) < 60_000;
  const snapshot = options.seed ? snapshotFile(seedTime, asToday) : undefined;
  const items = snapshot ? await snapshotOrTurnToSeed(snapshot) : undefined;
  if (items) await loadSnapshot(tableName, items);
  const platform = await startLocalPlatform({
    endpoint: await dynamoEndpoint(),
    tableName,
    port: 0,
    seed: !items && (options.seed ?? false),
    streamFromNow: !!items,
    ...(options.clock ? { clock: options.clock } : {}),
    log: createLogger(process.env.TEST_LOG === '1' ? 'debug' : 'info', (line) => {
      if (options.keepLogs !== false) logLines.push(line); // a soak measures the server's heap, not the test's copy of its logs
      if (process.env.TEST_LOG === '1') process.stdout.write(`${line}\n`);
      else if (/"msg":"stream /.test(line)) process.stderr.write(`${line}\n`); // a stuck stream explains a slow test
    }),
    webDir: fileURLToPath(new URL('../../web/dist', import.meta.url)),
  });
  // Tests start from a settled platform, as npm start leaves it: the seed's stream work (directory index,
  // messages) done, so a test's own stream effects are not queued behind it.
  if (options.seed) await platform.stream.idle();
  if (snapshot && !items) await saveSnapshot(tableName, snapshot);
  const call = (method: string, path: string, opts: CallOptions = {}) => request(platform.url, method, path, opts);
  const op = operationsThrough(call);
  const tokens = new Map<string, string>();
  const tokenFor = async (email: string) => {
    const known = tokens.get(email);
    if (known) return known;
    const answer = await op('devSignIn', { body: { email } });
    if (answer.status !== 200) throw new Error(`sign-in as ${email} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    tokens.set(email, answer.body.token);
    return answer.body.token;
  };
  // Each file's table is dropped when it is done, so the run's one DynamoDB Local does not grow file by file.
  const stop = async () => {
    await platform.stop();
    const client = new DynamoDBClient({ endpoint: await dynamoEndpoint(), region: localRegion, credentials: localCredentials });
    await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
    client.destroy();
  };
  return { ...platform, kind: 'node', stop, logLines, call, op, tokenFor };
}

/** `op` for a platform: each operation by its operationId, as a request through the platform's `call`. */
export function operationsThrough(call: TestPlatform['call']): TestPlatform['op'] {
  return async <K extends OperationId>(id: K, ...[input]: OpArgs<K>): Promise<OpAnswer<AnswerOf<K>>> => {
    const { token, headers, body } = (input ?? {}) as CallOptions;
    const answer = await call(operations[id][0], operationUrl(id, ...([input] as CallArgs<K>)), {
      ...(token ? { token } : {}),
      ...(headers ? { headers } : {}),
      ...(body !== undefined ? { body } : {}),
    });
    return { ...answer, problem: answer.body as Problem };
  };
}

export async function request(baseUrl: string, method: string, path: string, opts: CallOptions = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(baseUrl + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  if (/json/.test(res.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Polls until `check` stops throwing (for effects that arrive through the stream). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

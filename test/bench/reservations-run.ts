/**
 * Until the harness (branch `bench`) is merged: `npx tsx test/bench/reservations-run.ts` prints the
 * reserveSeat figures on its own — p50/p99 through HTTP against the raw DynamoDB calls beneath (interleaved),
 * DynamoDB requests per reservation, and the 500-resident burst rate.
 */
import { randomUUID } from 'node:crypto';
import { createDb } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { startDynamoLocal } from '../../functions/local/dynamo';
import { startPlatform } from '../../functions/local/platform';
import { request } from '../helpers/platform';
import { burst, reserveSeat } from './reservations';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const pairs = Number(process.env.PAIRS ?? 400);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

const dynamo = await startDynamoLocal();
const platform = await startPlatform({ endpoint: dynamo.endpoint, tableName: `bench-${randomUUID()}`, port: 0, seed: true, log: createLogger('error') });
let requests = 0;
platform.deps.db.doc.middlewareStack.add(
  (next) => async (args) => {
    requests++;
    return next(args);
  },
  { step: 'initialize', name: 'countRequests' },
);
const raw = createDb({ tableName: platform.deps.db.tableName, endpoint: dynamo.endpoint });
const http = (req: { method: string; path: string; token?: string; body?: unknown; headers?: Record<string, string> }) => request(platform.url, req.method, req.path, req);
const tokens = new Map<string, string>();
const ctx = {
  platform,
  raw,
  http,
  tokenFor: async (email: string) => tokens.get(email) ?? (await http({ method: 'POST', path: '/api/dev/sign-in', body: { email } })).body.token,
};
await platform.stream.idle();

const state = await reserveSeat.setup(ctx as never, pairs + 20);
for (let i = 0; i < 20; i++) await http(reserveSeat.request(state, i)); // warm up
const httpMs: number[] = [];
const rawMs: number[] = [];
const perCall: number[] = [];
for (let i = 20; i < pairs + 20; i++) {
  const before = requests;
  let t = performance.now();
  const answer = await http(reserveSeat.request(state, i));
  httpMs.push(performance.now() - t);
  if (answer.status !== 201) throw new Error(`reserveSeat ${answer.status} ${JSON.stringify(answer.body)}`);
  perCall.push(requests - before);
  t = performance.now();
  await reserveSeat.raw(ctx as never, state, i);
  rawMs.push(performance.now() - t);
}
console.log(`reserveSeat over HTTP: p50 ${pct(httpMs, 50).toFixed(1)} ms, p99 ${pct(httpMs, 99).toFixed(1)} ms`);
console.log(`raw DynamoDB beneath (GetItem + TransactWriteItems): p50 ${pct(rawMs, 50).toFixed(1)} ms, p99 ${pct(rawMs, 99).toFixed(1)} ms`);
console.log(`ratio p50 ${(pct(httpMs, 50) / pct(rawMs, 50)).toFixed(2)}, p99 ${(pct(httpMs, 99) / pct(rawMs, 99)).toFixed(2)} (target <= 1.5)`);
console.log(
  `DynamoDB requests per confirmed reservation: min ${Math.min(...perCall)}, median ${pct(perCall, 50)} (design minimum 2; the counter also sees the stream handler's work when it overlaps)`,
);

const sessionId = await burst.createSession(ctx as never, 20);
const residents = await Promise.all(
  Array.from({ length: 500 }, () =>
    platform.signer.signAccessToken({
      userId: randomUUID()
        .replace(/-/g, '')
        .slice(0, 26)
        .toUpperCase()
        .replace(/[ILOU]/g, 'A'),
      roles: ['resident'],
    }),
  ),
);
const before = requests;
const t0 = performance.now();
const answers = await Promise.all(residents.map((token, i) => http({ method: 'POST', path: `/api/session-reservations/${sessionId}`, token, headers: { 'idempotency-key': `b${i}` }, body: {} })));
const ms = performance.now() - t0;
const count = (s: string) => answers.filter((a) => a.body?.status === s).length;
console.log(
  `burst: 500 residents, 20 places: ${count('confirmed')} confirmed, ${count('waitlisted')} waitlisted, ${answers.filter((a) => a.status !== 201).length} other answers, in ${ms.toFixed(0)} ms = ${(500 / (ms / 1000)).toFixed(0)} reservations/s; ${((requests - before) / 500).toFixed(2)} DynamoDB requests per reservation in the burst (stream work included)`,
);
await platform.stop();
await dynamo.stop();
process.exit(0);

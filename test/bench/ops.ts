/**
 * The helpers a bench section is made of: figures with targets and verdicts, percentiles, database work of one
 * request, and interleaved latency sampling. A new section is usually about 20 lines of these.
 */
import type { DbWork } from './db-meter';
import type { Answer, BenchContext, BenchOperation, BenchRequest, Figure, Target, Unit } from './types';

/** A figure with its ratio to the target and PASS/OVER (INFO when there is no target). */
export function figure(key: string, label: string, value: number | null, unit: Unit, target?: Target, detail?: string): Figure {
  const out: Figure = { key, label, value, unit, verdict: 'INFO' };
  if (detail) out.detail = detail;
  if (!target || value === null) return out;
  out.target = target;
  const epsilon = 1e-9;
  if (target.equal !== undefined) {
    out.ratio = target.equal === 0 ? (value === 0 ? 1 : Infinity) : value / target.equal;
    out.verdict = Math.abs(value - target.equal) <= epsilon ? 'PASS' : 'OVER';
  } else if (target.max !== undefined) {
    if (target.max !== 0) out.ratio = value / target.max;
    out.verdict = value <= target.max + epsilon ? 'PASS' : 'OVER';
  } else if (target.min !== undefined) {
    if (target.min !== 0) out.ratio = value / target.min;
    out.verdict = value >= target.min - epsilon ? 'PASS' : 'OVER';
  }
  return out;
}

export const notBuilt = (key: string, label: string, detail = 'not built yet'): Figure => ({ key, label, value: null, unit: 'count', verdict: 'NOT BUILT', detail });
export const todo = (key: string, label: string, detail: string): Figure => ({ key, label, value: null, unit: 'count', verdict: 'TODO', detail });

/** Nearest-rank percentile (p in 0..100) of unsorted values. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}
export const median = (values: number[]) => percentile(values, 50);

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
}
export const percentiles = (values: number[]): Percentiles => ({
  n: values.length,
  p50: percentile(values, 50),
  p95: percentile(values, 95),
  p99: percentile(values, 99),
});

/** Runs fn over items with at most `limit` at once, results in order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await fn();
  return { result, ms: performance.now() - started };
}

/** Fails loudly when an answer is not the one the operation should give: a figure from a failing request means nothing. */
export function expectStatus(req: BenchRequest, answer: Answer): Answer {
  if (answer.status !== req.expectStatus) {
    throw new Error(`${req.method} ${req.path} answered ${answer.status} (expected ${req.expectStatus}): ${JSON.stringify(answer.body).slice(0, 300)}`);
  }
  return answer;
}

/** One request in process on the metered client: the database work it caused and how long the handler took. */
export async function measure(ctx: BenchContext, req: BenchRequest): Promise<{ work: DbWork; ms: number; answer: Answer }> {
  const { result, work } = await ctx.inProcessMeter.during(() => timed(() => ctx.inProcess(req)));
  expectStatus(req, result.result);
  return { work, ms: result.ms, answer: result.result };
}

export interface LatencyComparison {
  http: Percentiles;
  raw: Percentiles;
}

/**
 * Latency of `http(i)` against `raw(i)`, interleaved (alternating which goes first) so both share the machine's
 * noise; `warmup` pairs are run first and dropped.
 */
export async function sampleLatency(opts: { n: number; warmup: number; http: (i: number) => Promise<unknown>; raw: (i: number) => Promise<unknown> }): Promise<LatencyComparison> {
  const http: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < opts.warmup + opts.n; i++) {
    const first = i % 2 === 0 ? 'http' : 'raw';
    for (const which of first === 'http' ? (['http', 'raw'] as const) : (['raw', 'http'] as const)) {
      const { ms } = await timed(() => opts[which](i));
      if (i >= opts.warmup) (which === 'http' ? http : raw).push(ms);
    }
  }
  return { http: percentiles(http), raw: percentiles(raw) };
}

/** The latency section's figures for one comparison: p50/p95 ratios as INFO, p99 ratio against the target. */
export function latencyFigures(key: string, label: string, cmp: LatencyComparison, p99Target = 1.5): Figure[] {
  const ms = (p: Percentiles) => `${p.p50.toFixed(1)} / ${p.p95.toFixed(1)} / ${p.p99.toFixed(1)} ms`;
  const detail = `HTTP ${ms(cmp.http)}; raw ${ms(cmp.raw)} (p50/p95/p99, n=${cmp.http.n})`;
  return [
    figure(`${key}.http.p50`, `${label} HTTP p50`, cmp.http.p50, 'ms'),
    figure(`${key}.http.p99`, `${label} HTTP p99`, cmp.http.p99, 'ms'),
    figure(`${key}.raw.p99`, `${label} raw DynamoDB p99`, cmp.raw.p99, 'ms'),
    figure(`${key}.ratio.p50`, `${label} HTTP/raw at p50`, cmp.http.p50 / cmp.raw.p50, 'ratio'),
    figure(`${key}.ratio.p95`, `${label} HTTP/raw at p95`, cmp.http.p95 / cmp.raw.p95, 'ratio'),
    figure(`${key}.ratio.p99`, `${label} HTTP/raw at p99`, cmp.http.p99 / cmp.raw.p99, 'ratio', { max: p99Target }, detail),
  ];
}

/** Is this operation ready to measure? Otherwise the figure that says why not. */
export function readiness(ctx: BenchContext, op: BenchOperation, key: string): Figure | undefined {
  if (!ctx.hasOperation(op.operationId)) return notBuilt(key, op.name);
  if (!op.request || !op.expected) return todo(key, op.name, `${op.operationId} is in the API: fill in its bench part in test/bench/operations/`);
  return undefined;
}

/** A short, unique, valid @example.org address for a bench resident. */
export const benchEmail = (tag: string, i: number) => `bench.${tag}.${i}.${Date.now().toString(36)}@example.org`;

/** A stable key for an operation's figures: "getMe (resident)" → "getMe-resident". */
export const opKey = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '');

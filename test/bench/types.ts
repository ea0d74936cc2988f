import type { Db } from '../../functions/lib/db';
import type { LocalPlatform } from '../../functions/local/platform';
import type { DbMeter, DbWork } from './db-meter';

/** PASS/OVER against a target; INFO has none; NOT BUILT when the domain has not landed; TODO when it has but its bench part is missing. */
export type Verdict = 'PASS' | 'OVER' | 'INFO' | 'NOT BUILT' | 'TODO';
export type Unit = 'bytes' | 'ms' | 'count' | 'units' | 'ratio' | 'usd' | 'per s' | 'flag';

/** A target: value at most `max`, at least `min`, or exactly `equal`. */
export interface Target {
  max?: number;
  min?: number;
  equal?: number;
}

/** One measured figure, as printed and as written to bench-results.json. `key` stays stable so runs compare. */
export interface Figure {
  key: string;
  label: string;
  value: number | null;
  unit: Unit;
  target?: Target;
  /** value as a share of its target (1 = exactly on target) */
  ratio?: number;
  verdict: Verdict;
  detail?: string;
}

export interface SectionResult {
  id: string;
  title: string;
  figures: Figure[];
  notes: string[];
  /** set when the section itself failed (a bug in the platform or the bench, never a slow figure) */
  error?: string;
  ms: number;
}

/** One request to the API, run either over HTTP (latency, contention) or in-process (database work, handler time). */
export interface BenchRequest {
  method: string;
  path: string;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** the status a correct answer has; anything else fails the section */
  expectStatus: number;
}

export interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

export interface BenchContext {
  /** tiny sizes (the smoke test in npm test) */
  smoke: boolean;
  /** repository root */
  root: string;
  /** DynamoDB Local's URL */
  endpoint: string;
  /** the platform (seeded) listening on a free port: the HTTP side of every comparison */
  platform: LocalPlatform;
  /** a real HTTP request to the platform */
  http(req: Omit<BenchRequest, 'expectStatus'>): Promise<Answer>;
  /** the same app in this process on its own metered DynamoDB client (same table): database work and handler time */
  inProcess(req: Omit<BenchRequest, 'expectStatus'>): Promise<Answer>;
  inProcessMeter: DbMeter;
  /** a plain document client on the same table, metered: the "raw DynamoDB call beneath" each operation */
  raw: Db;
  rawMeter: DbMeter;
  /** signs in through the real dev sign-in (an unknown @example.org email becomes a new resident) */
  tokenFor(email: string): Promise<string>;
  /** is this operationId in the running API's OpenAPI document? */
  hasOperation(operationId: string): boolean;
  /** `full` normally, `smoke` in the smoke run */
  size(full: number, smoke: number): number;
  /** a progress line on stderr */
  progress(message: string): void;
  /** what earlier sections measured, for later ones (the cost model reads database work and handler time) */
  measured: Map<string, MeasuredOperation>;
}

export interface MeasuredOperation {
  operationId: string;
  work: DbWork;
  /** median time the handler took in process, ms (Lambda duration proxy) */
  handlerMs: number;
}

/** A part of the bench. Register it in registry.ts; sections run in order. */
export interface Section {
  id: string;
  title: string;
  run(ctx: BenchContext): Promise<{ figures: Figure[]; notes?: string[] }>;
}

/** Thrown (or returned as a figure) when what a section measures has not been built yet. */
export class NotBuiltYet extends Error {}

/** The least database work an operation needs, as its design says. */
export interface ExpectedWork {
  requests: number;
  readUnits: number;
  writeUnits: number;
  /** the design, in a few words: which items, which calls */
  why: string;
}

/**
 * A main operation, measured by the database-work, latency and cost sections. A domain adds its own in
 * test/bench/operations/<domain>.ts (about 20 lines): until `request` is filled in it prints "not built yet"
 * (or TODO once the operationId is in the API).
 */
export interface BenchOperation<S = any> {
  /** the label printed, e.g. "getMe (resident)" */
  name: string;
  operationId: string;
  expected?: ExpectedWork;
  /** prepares the data `calls` requests need (people, sessions); runs once per section */
  setup?(ctx: BenchContext, calls: number): Promise<S>;
  /** the i-th request (i < calls): distinct data per i where the operation is not repeatable */
  request?(state: S, i: number): BenchRequest;
  /** the DynamoDB call(s) beneath the i-th request, sent with ctx.raw */
  raw?(ctx: BenchContext, state: S, i: number): Promise<unknown>;
}

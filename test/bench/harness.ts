/**
 * Runs the bench: starts DynamoDB Local (unless given one) and the seeded platform, then each registered
 * section in order. A section that fails is recorded with its error and the rest still run.
 */

import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from '../../functions/app';
import { createDeps } from '../../functions/deps';
import { localVerifier } from '../../functions/lib/auth';
import { createDb } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { devRoutes } from '../../functions/local/dev-routes';
import { type DynamoLocal, startDynamoLocal } from '../../functions/local/dynamo';
import { startPlatform } from '../../functions/local/platform';
import { metaRoutes } from '../../functions/meta/routes';
import { buildOpenApiDocument } from '../../functions/openapi-document';
import { routesByDomain } from '../../functions/routes';
import { meterDb } from './db-meter';
import { sections as registered } from './registry';
import type { Answer, BenchContext, BenchRequest, SectionResult } from './types';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');

export interface BenchOptions {
  smoke?: boolean;
  /** an already running DynamoDB Local (the smoke test passes vitest's) */
  endpoint?: string;
  /** run only these section ids */
  only?: string[];
  progress?: (message: string) => void;
}

export interface BenchResults {
  version: 1;
  mode: 'full' | 'smoke';
  startedAt: string;
  ms: number;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  sections: SectionResult[];
}

const quietLog = createLogger('error', (line) => process.stderr.write(`${line}\n`));

export async function runBench(options: BenchOptions = {}): Promise<BenchResults> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const progress = options.progress ?? ((m: string) => process.stderr.write(`  … ${m}\n`));
  let dynamo: DynamoLocal | undefined;
  if (!options.endpoint) {
    progress('starting DynamoDB Local');
    dynamo = await startDynamoLocal();
  }
  const endpoint = options.endpoint ?? dynamo!.endpoint;
  const tableName = `bench-${randomUUID()}`;
  const platform = await startPlatform({ endpoint, tableName, port: 0, seed: true, log: quietLog, webDir: join(repoRoot, 'web/dist') });
  const inProcessDb = createDb({ tableName, endpoint });
  const raw = createDb({ tableName, endpoint });
  const inProcessMeter = meterDb(inProcessDb.doc);
  const rawMeter = meterDb(raw.doc);
  const app = createApp(createDeps({ db: inProcessDb, verifier: localVerifier(platform.signer.jwks), log: quietLog, config: { local: true } }), [
    ...metaRoutes(() => buildOpenApiDocument({ includeDev: true })),
    ...Object.values(routesByDomain).flat(),
    ...devRoutes(platform.signer),
  ]);

  const http = (req: Omit<BenchRequest, 'expectStatus'>) => send((url, init) => fetch(platform.url + url, init), req);
  const inProcess = (req: Omit<BenchRequest, 'expectStatus'>) => send((url, init) => app.request(url, init), req);
  const openApi = (await http({ method: 'GET', path: '/api/openapi.json' })).body as { paths: Record<string, Record<string, { operationId?: string }>> };
  const operationIds = new Set(Object.values(openApi.paths).flatMap((methods) => Object.values(methods).map((m) => m.operationId)));
  const tokens = new Map<string, string>();

  const ctx: BenchContext = {
    smoke: options.smoke ?? false,
    root: repoRoot,
    endpoint,
    platform,
    http,
    inProcess,
    inProcessMeter,
    raw,
    rawMeter,
    async tokenFor(email) {
      const known = tokens.get(email);
      if (known) return known;
      const answer = await http({ method: 'POST', path: '/api/dev/sign-in', body: { email } });
      if (answer.status !== 200) throw new Error(`sign-in as ${email} failed: ${answer.status}`);
      tokens.set(email, answer.body.token);
      return answer.body.token as string;
    },
    hasOperation: (id) => operationIds.has(id),
    size: (full, smoke) => (options.smoke ? smoke : full),
    progress,
    measured: new Map(),
  };

  const results: SectionResult[] = [];
  try {
    for (const section of registered.filter((s) => !options.only || options.only.includes(s.id))) {
      progress(`${section.title}`);
      const t0 = performance.now();
      const result: SectionResult = { id: section.id, title: section.title, figures: [], notes: [], ms: 0 };
      try {
        const out = await section.run(ctx);
        result.figures = out.figures;
        result.notes = out.notes ?? [];
      } catch (err) {
        result.error = (err as Error).stack ?? String(err);
      }
      result.ms = Math.round(performance.now() - t0);
      results.push(result);
    }
  } finally {
    await platform.stop();
    inProcessDb.doc.destroy();
    raw.doc.destroy();
    await dynamo?.stop();
  }
  return {
    version: 1,
    mode: options.smoke ? 'smoke' : 'full',
    startedAt,
    ms: Math.round(performance.now() - started),
    machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform}-${process.arch}` },
    sections: results,
  };
}

async function send(fetcher: (path: string, init: RequestInit) => Response | Promise<Response>, req: Omit<BenchRequest, 'expectStatus'>): Promise<Answer> {
  const headers: Record<string, string> = { ...req.headers };
  if (req.token) headers.authorization = `Bearer ${req.token}`;
  let body: string | undefined;
  if (req.body !== undefined) {
    body = JSON.stringify(req.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetcher(req.path, { method: req.method, headers, body });
  const text = await res.text();
  const parsed = /json/.test(res.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
  return { status: res.status, body: parsed, headers: res.headers };
}

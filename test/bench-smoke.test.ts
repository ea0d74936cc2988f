/**
 * The bench at tiny sizes, so `npm run bench` cannot rot: every section runs without error, every figure is
 * well formed, and the figures that are exact (database work, local-only code in Lambda bundles) are on target.
 * Timing figures are never asserted here: this machine is shared and noisy.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb, localCredentials, localRegion } from '../functions/lib/db';
import { ensureTable } from '../functions/local/bootstrap';
import { meterDb } from './bench/db-meter';
import { type BenchResults, repoRoot, runBench } from './bench/harness';
import { figure, percentile, sampleLatency } from './bench/ops';
import { sections } from './bench/registry';
import { formatComparison, formatResults } from './bench/report';
import { lambdaBuildOptions } from './bench/sections/bundles';
import { dynamoEndpoint } from './helpers/dynamo';

let results: BenchResults;

beforeAll(async () => {
  results = await runBench({ smoke: true, endpoint: await dynamoEndpoint(), progress: () => undefined });
  // where this file's minutes go, for whoever next makes the suite faster
  console.log(`[bench-smoke] ${results.sections.map((s) => `${s.id} ${(s.ms / 1000).toFixed(1)} s`).join(', ')}; in all ${(results.ms / 1000).toFixed(1)} s`);
}, 1_200_000); // about a minute alone; up to ten beside a concurrency file on a busy machine

describe('bench smoke run', () => {
  it('runs every section, in order, without an error', () => {
    expect(results.sections.map((s) => s.id)).toEqual(sections.map((s) => s.id));
    for (const s of results.sections) expect(s.error, `${s.title}: ${s.error}`).toBeUndefined();
  });

  it('gives every figure a unique key, a verdict, and a number unless not built', () => {
    const figures = results.sections.flatMap((s) => s.figures);
    expect(new Set(figures.map((f) => f.key)).size).toBe(figures.length);
    for (const f of figures) {
      if (f.verdict === 'NOT BUILT' || f.verdict === 'TODO') continue;
      expect(Number.isFinite(f.value), f.key).toBe(true);
      if (f.target) expect(['PASS', 'OVER']).toContain(f.verdict);
    }
  });

  it('keeps local-only code (dev sign-in) out of every Lambda bundle', () => {
    const bundles = results.sections.find((s) => s.id === 'bundles')!.figures.filter((f) => f.key.endsWith('.localOnly'));
    expect(bundles.length).toBeGreaterThanOrEqual(3);
    for (const f of bundles) expect(f.value, `${f.label}: ${f.detail}`).toBe(0);
  });

  it('measures database work equal to what each built operation declares', () => {
    const db = results.sections.find((s) => s.id === 'db')!.figures.filter((f) => /\.(requests|readUnits|writeUnits)$/.test(f.key));
    expect(db.map((f) => f.key)).toContain('db.getMe-resident.requests');
    for (const f of db) expect(f.verdict, `${f.label}: ${f.value} (expected ${f.target?.equal}) ${f.detail ?? ''}`).toBe('PASS');
  });

  it('prints a table and compares with an earlier run', () => {
    const text = formatResults(results);
    for (const s of sections) expect(text).toContain(s.title);
    const comparison = formatComparison(results, results);
    expect(comparison).toContain('+0.0%');
  });
});

describe('bench helpers', () => {
  it('builds Lambda bundles with the options the CDK stack uses', () => {
    const construct = readFileSync(join(repoRoot, 'infra/constructs/api-function.ts'), 'utf8');
    expect(construct).toContain(lambdaBuildOptions.banner.js);
    expect(construct).toContain(`target: '${lambdaBuildOptions.target}'`);
    expect(construct).toContain('bundleAwsSDK: false');
    expect(construct).toContain('minify: true');
  });

  it('meters DynamoDB requests and the capacity AWS would charge for them', async () => {
    const endpoint = await dynamoEndpoint();
    const tableName = `bench-meter-${randomUUID()}`;
    const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
    await ensureTable(client, tableName);
    const db = createDb({ tableName, endpoint });
    const meter = meterDb(db.doc);
    try {
      const put = await meter.during(() => db.doc.send(new PutCommand({ TableName: tableName, Item: { pk: 'a', sk: 'b' } })));
      expect(put.work).toMatchObject({ requests: 1, readUnits: 0, writeUnits: 1, byCommand: { PutItem: 1 } });
      const get = await meter.during(() => db.doc.send(new GetCommand({ TableName: tableName, Key: { pk: 'a', sk: 'b' } })));
      expect(get.work).toMatchObject({ requests: 1, readUnits: 0.5, writeUnits: 0 });
      // two small items, one of them also written to gsi1: AWS charges 2 × (1 + 2) = 6 write units
      const items = [
        { pk: 'c', sk: 'd' },
        { pk: 'e', sk: 'd', gsi1pk: 'x', gsi1sk: 'y' },
      ];
      const tx = await meter.during(() => db.doc.send(new TransactWriteCommand({ TransactItems: items.map((Item) => ({ Put: { TableName: tableName, Item } })) })));
      expect(tx.work).toMatchObject({ requests: 1, writeUnits: 6 });
      expect(meter.total().requests).toBe(3);
    } finally {
      db.doc.destroy();
      client.destroy();
    }
  });

  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([7], 99)).toBe(7);
  });

  it('judges figures against their targets', () => {
    expect(figure('a', 'a', 410, 'bytes', { max: 400 })).toMatchObject({ verdict: 'OVER', ratio: 410 / 400 });
    expect(figure('b', 'b', 1, 'count', { equal: 1 })).toMatchObject({ verdict: 'PASS', ratio: 1 });
    expect(figure('c', 'c', 0, 'count', { max: 0 }).verdict).toBe('PASS');
    expect(figure('d', 'd', 2, 'count', { equal: 1 }).verdict).toBe('OVER');
    expect(figure('e', 'e', 5, 'ms').verdict).toBe('INFO');
  });

  it('interleaves the two sides of a latency comparison', async () => {
    const order: string[] = [];
    await sampleLatency({ n: 2, warmup: 1, http: async () => order.push('h'), raw: async () => order.push('r') });
    expect(order.join('')).toBe('hrrhhr');
  });
});

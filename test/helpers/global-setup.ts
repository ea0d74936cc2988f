import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../functions/local/dynamo';
import { buildWeb } from '../../web/build';

/**
 * One in-memory DynamoDB Local per test worker (each file makes its own table in its worker's). One shared
 * instance was the suite's bottleneck: it works one request at a time on one core, so a file firing hundreds
 * of requests stalled the file running beside it.
 */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const workers = Math.max(1, Number(project.config.maxWorkers) || 1);
  // The browser tests and the platform's static files need the built web app.
  const [dynamos] = await Promise.all([Promise.all(Array.from({ length: workers }, () => startDynamoLocal())), buildWeb({ minify: true })]);
  project.provide('dynamoEndpoints', dynamos.map((d) => d.endpoint));
  // seeded tables, settled, for later test files to copy (test/helpers/seed-snapshot.ts)
  const snapshotDir = mkdtempSync(join(tmpdir(), 'cg-seed-'));
  project.provide('snapshotDir', snapshotDir);
  return async () => {
    rmSync(snapshotDir, { recursive: true, force: true });
    await Promise.all(dynamos.map((d) => d.stop()));
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoints: string[];
    snapshotDir: string;
  }
}

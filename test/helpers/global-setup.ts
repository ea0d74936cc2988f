import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../functions/local/dynamo';
import { buildWeb } from '../../web/build';

/**
 * Once per run: the built web app, a DynamoDB Local for each worker (test/helpers/dynamo.ts), and a folder for
 * seed snapshots.
 */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const workers = Math.max(1, Number(project.vitest.config.maxWorkers) || 1);
  const dynamos = Promise.all(Array.from({ length: workers }, () => startDynamoLocal()));
  // The browser tests and the platform's static files need the built web app.
  await buildWeb({ minify: true });
  const started = await dynamos;
  project.provide(
    'dynamoEndpoints',
    started.map((d) => d.endpoint),
  );
  // seeded tables, settled, for later test files to copy (test/helpers/seed-snapshot.ts)
  const snapshotDir = mkdtempSync(join(tmpdir(), 'cg-seed-'));
  project.provide('snapshotDir', snapshotDir);
  return async () => {
    await Promise.all(started.map((d) => d.stop()));
    rmSync(snapshotDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    snapshotDir: string;
    dynamoEndpoints: string[];
  }
}

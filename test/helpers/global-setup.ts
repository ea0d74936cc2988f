import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildWeb } from '../../web/build';

/**
 * Once per run: the built web app, and a folder for seed snapshots. Each test file starts its own DynamoDB
 * Local (test/helpers/dynamo.ts).
 */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The browser tests and the platform's static files need the built web app.
  await buildWeb({ minify: true });
  // seeded tables, settled, for later test files to copy (test/helpers/seed-snapshot.ts)
  const snapshotDir = mkdtempSync(join(tmpdir(), 'cg-seed-'));
  project.provide('snapshotDir', snapshotDir);
  return async () => {
    rmSync(snapshotDir, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    snapshotDir: string;
  }
}

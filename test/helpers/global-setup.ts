import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startDynamoLocal } from '../../functions/local/dynamo';
import { buildWeb } from '../../web/build';

/** One DynamoDB Local (in memory) for the whole run; each test file makes its own table in it. */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // The browser tests and the platform's static files need the built web app.
  const [dynamo] = await Promise.all([startDynamoLocal(), buildWeb({ minify: true })]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  // seeded tables, settled, for later test files to copy (test/helpers/seed-snapshot.ts)
  const snapshotDir = mkdtempSync(join(tmpdir(), 'cg-seed-'));
  project.provide('snapshotDir', snapshotDir);
  return async () => {
    rmSync(snapshotDir, { recursive: true, force: true });
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    snapshotDir: string;
  }
}

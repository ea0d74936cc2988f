import { inject } from 'vitest';

/**
 * The DynamoDB Local this test file uses: each of vitest's workers has its own, started once for the run
 * (test/helpers/global-setup.ts) and used by the files that worker runs one after another, each on tables of its
 * own. One per file cost each file a Java start and a cold JIT (several CPU-seconds, more than many files' own
 * work), and was only needed while DynamoDB Local slowed down with every table it had held (it scanned the
 * stream records of all of them on each request; the launcher now indexes them: functions/local/java).
 */
export async function dynamoEndpoint(): Promise<string> {
  const endpoints = inject('dynamoEndpoints');
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  return endpoints[(worker - 1) % endpoints.length]!;
}

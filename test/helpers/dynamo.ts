import { inject } from 'vitest';

/** This worker's DynamoDB Local (global-setup.ts starts one per worker). */
export function dynamoEndpoint(): string {
  const endpoints = inject('dynamoEndpoints');
  const worker = Number(process.env.VITEST_POOL_ID ?? 1);
  return endpoints[(worker - 1) % endpoints.length]!;
}

import type { BenchOperation } from '../types';

// Directory (issue #3): fill in expected, setup, request and raw (see accounts.ts for the shape).
export const listActivities: BenchOperation = { name: 'listActivities', operationId: 'listActivities' };

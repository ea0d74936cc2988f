import type { BenchOperation } from '../types';

// Reports (issue #9): fill in expected, setup, request and raw (see accounts.ts for the shape).
export const getReport: BenchOperation = { name: 'getReport', operationId: 'getReport' };

import type { BenchOperation } from '../types';

// Sessions (issue #4): fill in expected, setup, request and raw (see accounts.ts for the shape).
export const getSession: BenchOperation = { name: 'getSession', operationId: 'getSession' };

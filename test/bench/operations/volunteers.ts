import type { BenchOperation } from '../types';

// Volunteers (issue #6): fill in expected, setup, request and raw (see accounts.ts for the shape).
export const signUpForShift: BenchOperation = { name: 'signUpForShift', operationId: 'signUpForShift' };

import type { BenchOperation } from '../types';

// Attendance (issue #7): fill in expected, setup, request and raw (see accounts.ts for the shape).
export const recordAttendance: BenchOperation = { name: 'recordAttendance', operationId: 'recordAttendance' };

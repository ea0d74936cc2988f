import type { BenchOperation } from '../types';

// Rooms (issue #5): fill in expected, setup, request and raw (see accounts.ts for the shape).
export const requestRoomBooking: BenchOperation = { name: 'requestRoomBooking', operationId: 'requestRoomBooking' };

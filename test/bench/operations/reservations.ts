import type { BenchContext, BenchOperation } from '../types';

// Sessions and reservations engineer (issue #4): fill these in. `expected` is the least work your design
// needs (e.g. reserveSeat: one TransactWriteItems of session update + reservation + idempotency + outbox),
// `setup` makes the sessions and residents, `request` the i-th call, `raw` the DynamoDB call(s) beneath it.

export const reserveSeat: BenchOperation = { name: 'reserveSeat', operationId: 'reserveSeat' };
export const cancelReservation: BenchOperation = { name: 'cancelReservation', operationId: 'cancelReservation' };

/**
 * The contention burst (section 4) needs a session with `capacity` places that residents may reserve.
 * Fill this in with the API calls (or data.ts functions) that make one; answer its id.
 */
export const burst: { createSession?: (ctx: BenchContext, capacity: number) => Promise<string> } = {};

import { monotonicFactory } from 'ulid';

const next = monotonicFactory();

/** Sortable ids (ULID): time-ordered, so "newest first" is a key order, not a sort. */
export const newId = (at?: Date): string => next(at?.getTime());

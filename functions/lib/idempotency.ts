import { createHash } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { InvalidInput, RuleViolation } from './errors';
import type { HeaderSpec } from './route';
import type { TransactItem } from './transact';

/**
 * One Idempotency-Key mechanism for every retried write.
 *
 * The header rule (one for every route): 1 to 64 letters, digits, - or _. It is the rule most routes already
 * used, the web's keys (a UUID) and every existing client satisfy it, and it bounds the record's key. A route
 * declares `idempotency: 'required' | 'optional'`; the mount reads and checks the header and hands the key to
 * the handler.
 *
 * The record (one format): `IDEM#<operation>#<actor>#<key>` / `IDEM`, holding a hash of the request and the
 * first answer, kept a day (TTL). A retry with the same request gets the first answer; the same key with a
 * different request is a 422 naming Idempotency-Key. Records written in a domain's older format are still read
 * (the owner passes its old key) until they expire, a day after this change.
 */
export const idempotencyRule = /^[A-Za-z0-9_-]{1,64}$/;

/** The Idempotency-Key header as routes document it. */
export const idempotencyHeader = (required: boolean): HeaderSpec => ({
  name: 'Idempotency-Key',
  required,
  description: 'Any unique string (1 to 64 letters, digits, - or _), made once per action and sent again on a retry: a retry gets the first answer and changes nothing.',
});

/** Reads and checks the Idempotency-Key header (a bad or, where required, missing key is a 400). */
export function idempotencyKeyOf(header: (name: string) => string | undefined, required = false): string | undefined {
  const key = header('idempotency-key');
  if (key === undefined && required) {
    throw new InvalidInput([{ field: 'header.idempotency-key', rule: 'required', message: 'is required: send a unique key so a retry is not done twice' }]);
  }
  if (key !== undefined && !idempotencyRule.test(key)) {
    throw new InvalidInput([{ field: 'header.idempotency-key', rule: 'invalid_format', message: 'must be 1 to 64 letters, digits, - or _' }]);
  }
  return key;
}

/** A stable fingerprint of a request (same key + same request = same answer; a different request is refused). */
export const fingerprint = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex');

/** How long a key's first answer is kept: a day. */
export const idempotencyTtlSeconds = 86_400;

/** One use of a key: which operation, by whom, the key, the request's fingerprint and when the record expires. */
export interface Idempotency {
  operation: string;
  actorId: string;
  key: string;
  hash: string;
  expiresAt: number;
}

export interface IdempotencyRecord {
  hash?: string;
  answer: unknown;
  expiresAt: number;
}

/** The use of a key for a request at `now`, or undefined when no key was sent. */
export const idempotencyOf = (operation: string, actorId: string, key: string | undefined, request: unknown, now: Date): Idempotency | undefined =>
  key ? { operation, actorId, key, hash: fingerprint(request), expiresAt: Math.floor(now.getTime() / 1000) + idempotencyTtlSeconds } : undefined;

export const idempotencyRecordKey = (i: Pick<Idempotency, 'operation' | 'actorId' | 'key'>) => ({ pk: `IDEM#${i.operation}#${i.actorId}#${i.key}`, sk: 'IDEM' });

/** The record as a transaction item, written with the change it guards; it fails if the key was used already. */
export const idempotencyPut = (db: Db, i: Idempotency, answer: unknown): TransactItem => ({
  Put: {
    TableName: db.tableName,
    Item: { ...idempotencyRecordKey(i), type: 'Idempotency', operation: i.operation, actorId: i.actorId, hash: i.hash, answer, expiresAt: i.expiresAt },
    ConditionExpression: 'attribute_not_exists(pk)',
  },
});

/** Writes the record alone (after a change that has its own guard); false when the key was used already. */
export async function putIdempotency(db: Db, i: Idempotency, answer: unknown): Promise<boolean> {
  try {
    await db.doc.send(new PutCommand(idempotencyPut(db, i, answer).Put!));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** A record in a domain's format from before this change: its key and how its item gives the first answer. */
export interface LegacyIdempotency<T> {
  key: { pk: string; sk: string };
  answerOf(item: Record<string, unknown>): T | undefined;
}

/**
 * The first answer to this key, if it was used: from the record, or from the domain's older record while one
 * lives. The same key with a different request is a 422 naming the header (an older record without a hash
 * cannot tell, so it answers as before).
 */
export async function firstAnswer<T>(db: Db, i: Idempotency, legacy?: LegacyIdempotency<T>): Promise<T | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: idempotencyRecordKey(i), ConsistentRead: true }));
  if (Item) {
    if (Item.hash !== undefined && Item.hash !== i.hash) throw keyReused();
    return Item.answer as T;
  }
  return legacy ? olderAnswer(db, i, legacy) : undefined;
}

/**
 * The first answer kept in a domain's older record, read before the write (the new record's condition cannot
 * see it). Costs one read per keyed write while such records may live: remove with the old formats after
 * 2026-12-04, when every record written before this change has expired.
 */
export async function olderAnswer<T>(db: Db, i: Idempotency, legacy: LegacyIdempotency<T>): Promise<T | undefined> {
  const old = await db.doc.send(new GetCommand({ TableName: db.tableName, Key: legacy.key, ConsistentRead: true }));
  if (!old.Item) return undefined;
  if (typeof old.Item.hash === 'string' && old.Item.hash !== i.hash) throw keyReused();
  return legacy.answerOf(old.Item);
}

export const keyReused = () => new RuleViolation('This Idempotency-Key was already used for a different request. Use a new key for a new request.', 'idempotency_key_reused', 'header.idempotency-key');

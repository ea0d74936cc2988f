import { Unavailable } from './errors';

/** DynamoDB errors we expect and turn into domain answers; anything else is a real fault (500). */
const retryable = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TransactionConflictException',
  'TransactionInProgressException',
  'InternalServerError',
  'ServiceUnavailable',
  'TimeoutError',
]);

const nameOf = (err: unknown): string => (err as { name?: string } | null)?.name ?? '';

export const isConditionFailure = (err: unknown): boolean => nameOf(err) === 'ConditionalCheckFailedException';

/** Awaits a conditional write: true when it was made, false when its condition did not hold (other errors go on). */
export async function conditionHeld(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if (isConditionFailure(err)) return false;
    throw err;
  }
}

/**
 * DynamoDB refused a Query's ExclusiveStartKey: a forged or altered cursor that decodes to a key of the wrong
 * shape, index or partition. That is the request's fault (400), not ours.
 */
export const isBadStartKey = (err: unknown): boolean => nameOf(err) === 'ValidationException' && /starting key|exclusive ?start ?key/i.test((err as Error).message ?? '');

/**
 * For a cancelled transaction, the reason code of each item in order ('None', 'ConditionalCheckFailed',
 * 'TransactionConflict', ...), so the caller knows which condition failed without reading first.
 */
export function cancellationReasons(err: unknown): string[] | undefined {
  if (nameOf(err) !== 'TransactionCanceledException') return undefined;
  const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((r) => r.Code ?? 'None');
}

/** A throttle or conflict that is worth retrying after a pause. */
export function isRetryable(err: unknown): boolean {
  if (retryable.has(nameOf(err))) return true;
  const reasons = cancellationReasons(err);
  return !!reasons && reasons.some((r) => r === 'TransactionConflict' || r === 'ThrottlingError' || r === 'ProvisionedThroughputExceeded');
}

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/**
 * A database fault that is not the request's fault and may pass: a throttle or conflict that ran out of
 * retries outside withRetry (reads, for instance), a timeout, or the database being unreachable. The one
 * error mapper answers these with 503 + Retry-After instead of a 500.
 */
export function isTransient(err: unknown): boolean {
  if (isRetryable(err)) return true;
  const e = err as { name?: string; code?: string; cause?: { code?: string }; $metadata?: { httpStatusCode?: number } } | null;
  if (!e) return false;
  if (e.name === 'TimeoutError' || e.name === 'RequestTimeout' || e.name === 'NetworkingError') return true;
  if (networkCodes.has(e.code ?? '') || networkCodes.has(e.cause?.code ?? '')) return true;
  return (e.$metadata?.httpStatusCode ?? 0) >= 500;
}

/**
 * Runs a write, retrying throttles and transaction conflicts with capped, jittered backoff.
 * When retries run out the caller gets a 503 with Retry-After, never a 500. The write must be idempotent
 * (its conditions make a repeat harmless), which every conditional write here is.
 */
export async function withRetry<T>(write: () => Promise<T>, attempts = 5, baseMs = 20, capMs = 400): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isRetryable(err)) throw err;
      if (attempt >= attempts) throw new Unavailable();
      const ceiling = Math.min(capMs, baseMs * 2 ** attempt);
      await new Promise((r) => setTimeout(r, Math.random() * ceiling));
    }
  }
}

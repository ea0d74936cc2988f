import { createHash } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { isConditionFailure, withRetry } from './dynamo-errors';
import { TooManyRequests } from './errors';

/**
 * A fixed-window rate limit shared by every Lambda: one counter item per sender per window, raised by a
 * conditional update (no read first), removed by TTL once the window has passed.
 *
 *   pk RATE#<scope>#<sha256(sender)>  sk <window start, epoch seconds>  count, expiresAt
 *
 * The sender (a user id or a network address) is stored only as a hash: addresses are personal data.
 */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

export const rateLimitKey = (scope: string, sender: string, windowStart: number) => ({
  pk: `RATE#${scope}#${createHash('sha256').update(sender).digest('hex').slice(0, 32)}`,
  sk: String(windowStart),
});

/** Counts one request from `sender`; throws TooManyRequests (429 + Retry-After) when the window is full. */
export async function takeRateLimit(db: Db, scope: string, sender: string, { limit, windowSeconds }: RateLimit, now: Date): Promise<void> {
  const seconds = Math.floor(now.getTime() / 1000);
  const windowStart = seconds - (seconds % windowSeconds);
  const windowEnd = windowStart + windowSeconds;
  try {
    await withRetry(() =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.tableName,
          Key: rateLimitKey(scope, sender, windowStart),
          UpdateExpression: 'ADD #count :one SET expiresAt = :expires, #type = :type',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#type': 'type' },
          ExpressionAttributeValues: { ':one': 1, ':limit': limit, ':expires': windowEnd + 60, ':type': 'RateLimit' },
        }),
      ),
    );
  } catch (err) {
    if (!isConditionFailure(err)) throw err;
    throw new TooManyRequests('Too many requests from here. Please try again later.', Math.max(1, windowEnd - seconds));
  }
}

/** Limits for the endpoints people could hammer; each service takes its own with limitCaller. */
export const rateLimits = {
  /** sign-in attempts per email address (local dev sign-in; on AWS, Cognito limits its own) */
  signIn: { limit: 20, windowSeconds: 60 },
  /** reservation writes (reserve, cancel, join a waitlist) per person */
  reservation: { limit: 30, windowSeconds: 60 },
} satisfies Record<string, RateLimit>;

/**
 * The generic, middleware-free limiter a service calls first thing: counts one request by this person (or,
 * signed out, this network address) against `scope`, and throws TooManyRequests (429 + Retry-After) when
 * the window is full. Reservations: call `limitCaller(deps, 'reservation', { userId: actor.userId }, rateLimits.reservation)`
 * at the start of reserveSeat / cancelReservation / joinWaitlist.
 */
export async function limitCaller(deps: { db: Db; clock: { now(): Date } }, scope: string, caller: { userId?: string; address?: string; email?: string }, limit: RateLimit): Promise<void> {
  const sender = caller.userId ? `user:${caller.userId}` : caller.email ? `email:${caller.email.toLowerCase()}` : `address:${caller.address ?? 'unknown'}`;
  await takeRateLimit(deps.db, scope, sender, limit, deps.clock.now());
}

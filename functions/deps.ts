import { getMemberships } from './accounts/data';
import type { TokenVerifier } from './lib/auth';
import { type Clock, systemClock } from './lib/clock';
import type { Db } from './lib/db';
import { type AppConfig, type AppDeps, defaultConfig } from './lib/deps';
import { createLogger, type Logger } from './lib/log';
import { referralsPort } from './referrals/port';
import { sessionsPort } from './sessions/port';

/** Wires the app's dependencies. Lambda (functions/lambda/deps.ts) and the local runtime both call this. */
export function createDeps(parts: { db: Db; verifier: TokenVerifier; clock?: Clock; log?: Logger; config?: Partial<AppConfig> }): AppDeps {
  return {
    db: parts.db,
    verifier: parts.verifier,
    clock: parts.clock ?? systemClock,
    log: parts.log ?? createLogger(),
    membershipsOf: (userId) => getMemberships(parts.db, userId),
    config: { ...defaultConfig, ...parts.config },
    referrals: referralsPort(parts.db),
    sessions: sessionsPort(parts.db),
  };
}

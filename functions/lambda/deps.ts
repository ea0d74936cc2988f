import { createDeps } from '../deps';
import { cognitoVerifier } from '../lib/auth';
import { createDb } from '../lib/db';
import type { LogLevel } from '../lib/log';
import { createLogger } from '../lib/log';

/** Reads the Lambda's environment once, at cold start. */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

export function lambdaDeps() {
  return createDeps({
    db: createDb({ tableName: required('TABLE_NAME') }),
    verifier: cognitoVerifier(required('USER_POOL_ID'), required('USER_POOL_CLIENT_ID')),
    log: createLogger((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info'),
    config: {
      local: false,
      siteOrigin: process.env.SITE_ORIGIN ?? 'https://example.org',
      ...(process.env.VOLUNTEER_HOURLY_RATE_PENCE ? { volunteerHourlyRatePence: Number(process.env.VOLUNTEER_HOURLY_RATE_PENCE) } : {}),
    },
  });
}

import { systemClock } from '../lib/clock';
import { createDb } from '../lib/db';
import { createLogger, type LogLevel } from '../lib/log';

/** Reads the Lambda's environment once, at cold start. */
export function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`Environment variable ${name} is not set`);
  return value;
}

/**
 * What every Lambda needs: the table, the clock and the log. Its own module, so the Cognito trigger (which
 * needs only this) does not bundle the API's token verifier.
 */
export function tableDeps() {
  return { db: createDb({ tableName: required('TABLE_NAME') }), clock: systemClock, log: createLogger((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info') };
}

import { postConfirmationHandler } from '../accounts/cognito-trigger';
import { systemClock } from '../lib/clock';
import { createDb } from '../lib/db';
import { createLogger, type LogLevel } from '../lib/log';

// Only the table: the user pool's id would make the pool and this function depend on each other.
export const handler = postConfirmationHandler({
  db: createDb({ tableName: tableName() }),
  clock: systemClock,
  log: createLogger((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info'),
});

function tableName(): string {
  if (!process.env.TABLE_NAME) throw new Error('Environment variable TABLE_NAME is not set');
  return process.env.TABLE_NAME;
}

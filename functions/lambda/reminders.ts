import { runReservationTimers } from '../reservations/timers';
import { lambdaDeps } from './deps';

/** EventBridge Scheduler target (every 5 minutes): expire offers, send 24-hour reminders. */
const deps = lambdaDeps();

export const handler = async (): Promise<{ expired: number; reminded: number }> => {
  const result = await runReservationTimers(deps);
  deps.log.info('reservation timers', result);
  return result;
};

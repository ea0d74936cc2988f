/**
 * The main operations, measured in this order by the database-work, latency and cost sections.
 * Each domain keeps its own in operations/<domain>.ts.
 */
import type { BenchOperation } from '../types';
import { getMeCoordinator, getMeResident } from './accounts';
import { recordAttendance } from './attendance';
import { listActivities } from './directory';
import { getReport } from './reports';
import { cancelReservation, reserveSeat } from './reservations';
import { requestRoomBooking } from './rooms';
import { getSession, scheduleSessions } from './sessions';
import { signUpForShift } from './volunteers';

export const operations: BenchOperation[] = [
  getMeResident,
  getMeCoordinator,
  reserveSeat,
  cancelReservation,
  listActivities,
  getSession,
  signUpForShift,
  recordAttendance,
  requestRoomBooking,
  getReport,
  scheduleSessions,
];

import type { AppDeps } from '../lib/deps';
import { type ItemType, withoutKeys } from '../lib/personal-data';
import { listAllPersonReservations } from '../reservations/data';
import { getShift, listMyShifts } from '../volunteers/data';
import * as data from './data';
import type { MarkRole } from './schema';

/**
 * A person's marks: one per role on the registers of the sessions they booked (as resident and companion)
 * and of the sessions their shifts helped run (as volunteer). Found through the bookings and sign-ups, so
 * erasure deals with marks before those lose their person index.
 */
async function marksOf(deps: AppDeps, personId: string) {
  const [reservations, shifts] = await Promise.all([listAllPersonReservations(deps.db, personId), listMyShifts(deps.db, personId, '')]);
  const sessionsRun = (await Promise.all(shifts.map((s) => getShift(deps.db, s.shiftId)))).flatMap((s) => (s?.activitySessionId ? [s.activitySessionId] : []));
  const keys = [
    ...reservations.flatMap((r) => (['resident', 'companion'] as MarkRole[]).map((role) => ({ sessionId: r.sessionId, role, personId }))),
    ...sessionsRun.map((sessionId) => ({ sessionId, role: 'volunteer' as MarkRole, personId })),
  ];
  return keys.length ? data.getMarks(deps.db, keys) : [];
}

/** The attendance domain's items in the personal-data registry (see functions/lib/personal-data.ts). */
export const attendanceItemTypes: ItemType[] = [
  {
    name: 'attendanceMark',
    label: 'Attendance mark',
    owner: 'attendance',
    key: /^REGISTER#[^ ]+ MARK#/,
    personal: true,
    holds: 'whether the person came to a session (or left early, or did not come), who marked it and when, and the referral the place came from',
    erasure: 'anonymised: the referral and the no-show lists go; the mark itself stays so the register and reports still add up',
    retention: 'kept as the session’s history',
    collect: async (deps, personId) => (await marksOf(deps, personId)).map((m) => withoutKeys(m as unknown as Record<string, unknown>)),
    erase: async ({ deps, personId, now }) => {
      let n = 0;
      for (const m of await marksOf(deps, personId)) if (await data.anonymiseMark(deps.db, m, now)) n++;
      return n;
    },
  },
  {
    name: 'walkIn',
    label: 'Walk-in',
    owner: 'attendance',
    key: /^REGISTER#[^ ]+ WALKIN#/,
    personal: true,
    holds: 'that a known resident came to a session without booking',
    erasure: 'anonymised: it stays a count, of nobody in particular',
    retention: 'kept as the session’s history',
    collect: async (deps, personId) => (await data.listWalkInsOf(deps.db, personId)).map((w) => withoutKeys(w as unknown as Record<string, unknown>)),
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const w of await data.listWalkInsOf(deps.db, personId)) if (await data.anonymiseWalkIn(deps.db, w)) n++;
      return n;
    },
  },
];

import { updateHub } from '../../../functions/directory/service';
import type { Actor } from '../../../functions/lib/actor';
import { newId } from '../../../functions/lib/ids';
import { demoIds } from '../../../functions/local/seed/ids';
import { readForSignUp, takePlace } from '../../../functions/volunteers/data';
import { addDays, londonDate } from '../../../functions/volunteers/rules';
import { applyForRole, createRole, reviewApplication } from '../../../functions/volunteers/service';
import { createShift } from '../../../functions/volunteers/shifts';
import type { BenchOperation } from '../types';

const coordinator: Actor = { userId: demoIds.users.coordinator, roles: ['coordinator'], hubIds: [demoIds.hubs.oakRoadCentre], organisationIds: [] };
const oak = { kind: 'hub' as const, id: demoIds.hubs.oakRoadCentre };

interface ShiftState {
  roleId: string;
  shiftIds: string[];
  perShift: number;
  volunteers: { userId: string; token: string }[];
  rawVolunteers: string[];
}

/** `n` people approved for the role (through the volunteers service, as a coordinator would approve them). */
async function approvedVolunteers(deps: Parameters<typeof createRole>[0], roleId: string, n: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: n }, async () => {
      const userId = newId();
      const person: Actor = { userId, roles: ['volunteer'], hubIds: [], organisationIds: [] };
      await applyForRole(deps, person, roleId, { availability: 'Weekdays', statement: 'Bench volunteer', dateOfBirth: '1980-01-01', days: [] });
      await reviewApplication(deps, coordinator, roleId, userId, { decision: 'approve' });
      return userId;
    }),
  );
}

/**
 * An approved volunteer takes a place on a shift: one BatchGetItem (shift, role, their record) and one
 * TransactWriteItems (the shift's places, the sign-up, the record's version and times). Setup makes a role with
 * no checks, a series of daily shifts and two groups of approved volunteers (HTTP and raw), each volunteer
 * taking one place on each shift in turn, so their records stay the size a real volunteer's has.
 */
export const signUpForShift: BenchOperation<ShiftState> = {
  name: 'signUpForShift',
  operationId: 'signUpForShift',
  expected: {
    requests: 2,
    readUnits: 1.5,
    writeUnits: 12,
    why: 'BatchGetItem of shift, role and volunteer record (0.5 each) + TransactWriteItems of 3 items counted double, 4 units each: the shift (its places by role, 1-2 KB), the sign-up with its gsi1 entry, the record (approvals, checks, times: 1-2 KB)',
  },
  setup: async (ctx, calls) => {
    const deps = ctx.platform.deps;
    const role = await createRole(deps, coordinator, {
      owner: oak,
      status: 'open',
      title: 'Bench helper',
      description: 'Sets out chairs.',
      location: 'Oak Road Centre',
      commitment: 'An hour',
      minimumAge: 16,
      requirements: { dbs: 'none', training: [], references: false },
      skills: [],
      days: [],
    });
    const perShift = Math.max(10, Math.ceil(calls / 60)); // a series holds at most 60 shifts
    const count = Math.ceil(calls / perShift);
    // daily at 07:00, before Oak Road opens and on the days it is closed: the coordinator goes ahead with a
    // reason, and the hub opens every day for the bench (a series leaves out the days a hub is closed)
    await updateHub(deps, coordinator, oak.id, {
      openOnBankHolidays: true,
      openingHours: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, opens: '09:00', closes: '21:00' })),
    });
    const { items } = await createShift(deps, coordinator, {
      owner: oak,
      title: 'Bench set-up',
      location: 'Oak Road Centre',
      date: addDays(londonDate(deps.clock.now()), 2),
      startTime: '07:00',
      endTime: '08:00',
      rrule: `FREQ=DAILY;COUNT=${count}`,
      places: [{ roleId: role.roleId, places: 2 * perShift }],
      outsideHoursReason: 'Setting out chairs before opening',
    });
    const [people, rawVolunteers] = await Promise.all([approvedVolunteers(deps, role.roleId, perShift), approvedVolunteers(deps, role.roleId, perShift)]);
    const volunteers = await Promise.all(people.map(async (userId) => ({ userId, token: await ctx.platform.signer.signAccessToken({ userId, roles: ['volunteer'] }) })));
    return { roleId: role.roleId, shiftIds: items.map((s) => s.shiftId), perShift, volunteers, rawVolunteers };
  },
  request: (s, i) => ({
    method: 'POST',
    path: `/api/shifts/${s.shiftIds[Math.floor(i / s.perShift)]}/sign-up`,
    token: s.volunteers[i % s.perShift]!.token,
    body: { roleId: s.roleId },
    expectStatus: 201,
  }),
  raw: async (ctx, s, i) => {
    const shiftId = s.shiftIds[Math.floor(i / s.perShift)]!;
    const volunteerId = s.rawVolunteers[i % s.perShift]!;
    const { shift, record } = await readForSignUp(ctx.raw, shiftId, s.roleId, volunteerId);
    const signUp = {
      shiftId,
      volunteerId,
      volunteerName: record!.volunteerName,
      roleId: s.roleId,
      roleTitle: 'Bench helper',
      title: shift!.title,
      location: shift!.location,
      startsAt: shift!.startsAt,
      endsAt: shift!.endsAt,
      signedUpAt: new Date().toISOString(),
      createdBy: shift!.createdBy,
    };
    const outcome = await takePlace(ctx.raw, signUp, record!.version, []);
    if (outcome !== 'done') throw new Error(`raw sign-up ${i}: ${outcome}`);
  },
};

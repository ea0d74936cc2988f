import { expect } from 'vitest';
import { createProfile } from '../../functions/accounts/data';
import type { MarkStatus } from '../../functions/attendance/schema';
import { newId } from '../../functions/lib/ids';
import { demoActivities } from '../../functions/local/seed/directory';
import { demoIds } from '../../functions/local/seed/ids';
import type { Body } from './bodies';
import type { TestPlatform } from './platform';

type Mark = Body<'recordAttendance'>['marks'][number];

/** Test data for attendance, made through the API as people would (a session today, bookings, a shift). */
export const lunchClub = demoActivities.find((a) => a.title === 'Lunch Club')!; // Age Well at Oak Road Centre

export function attendanceFixtures(p: TestPlatform) {
  const coordinator = () => p.tokenFor('coordinator@example.org');

  async function person(email: string) {
    const token = await p.tokenFor(email);
    const me = await p.op('getMe', { token });
    return { token, userId: me.body.userId, email, name: me.body.name };
  }

  /** A resident with a name (and, optionally, access needs they may choose to share), made before they first sign in. */
  async function named(email: string, name: string, accessNeeds?: { text: string; shared: boolean }) {
    const profile = { userId: newId(), name, email, contactPreference: 'email' as const, roles: ['resident' as const], hubIds: [], organisationIds: [] };
    const needs = accessNeeds ? { accessNeeds: accessNeeds.text, accessNeedsShared: accessNeeds.shared } : {};
    await createProfile(p.deps.db, { ...profile, ...needs }, p.deps.clock.now());
    return person(email);
  }

  /** A coordinator of another hub (St Mary's Hall), made directly as an admin would. */
  async function otherHubCoordinator() {
    await createProfile(
      p.deps.db,
      { userId: newId(), name: 'Olu Other', email: 'other.coordinator@example.org', contactPreference: 'email', roles: ['coordinator'], hubIds: [demoIds.hubs.stMarysHall], organisationIds: [] },
      p.deps.clock.now(),
    );
    return person('other.coordinator@example.org');
  }

  /** A one-off Lunch Club session on a date at a London time. */
  async function session(date: string, startTime = '14:00', durationMinutes = 90) {
    const answer = await p.op('scheduleSessions', {
      token: await coordinator(),
      params: { activityId: lunchClub.id },
      // dates relative to today can fall on a day the hub is closed: the coordinator goes ahead anyway
      body: { startDate: date, startTime, durationMinutes, capacity: 30, outsideHoursReason: 'Test session, whatever day it is' },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.sessions[0]!;
  }

  async function book(who: { token: string }, sessionId: string, companion = false) {
    const answer = await p.op('reserveSeat', { token: who.token, params: { sessionId }, body: { companion }, headers: { 'idempotency-key': newId() } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const mine = await p.op('listMyReservations', { token: who.token });
    return mine.body.items.find((x) => x.sessionId === sessionId)!;
  }

  /** A volunteer approved for a role, signed up to a shift that helps run the session. */
  async function volunteerOnShift(email: string, s: { id: string; localDate: string }) {
    const role = await p.op('createRole', {
      token: await coordinator(),
      body: {
        owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
        title: 'Lunch Club helper',
        description: 'Set tables, serve lunch and chat with guests.',
        location: 'Oak Road Centre',
        commitment: 'Thursday lunchtimes',
        minimumAge: 16,
        requirements: { dbs: 'none', training: [], references: false },
        skills: [],
        days: ['thu'],
      },
    });
    expect(role.status, JSON.stringify(role.body)).toBe(201);
    const roleId = role.body.roleId;
    const vol = await person(email);
    const applied = await p.op('applyForRole', {
      token: vol.token,
      params: { roleId },
      body: { availability: 'Lunchtimes', statement: 'I like cooking for people.', dateOfBirth: '1975-02-01' },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const reviewed = await p.op('reviewApplication', { token: await coordinator(), params: { roleId, volunteerId: vol.userId }, body: { decision: 'approve' } });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
    const shift = await p.op('createShift', {
      token: await coordinator(),
      body: {
        owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
        title: 'Lunch Club',
        location: 'Oak Road Centre, main hall',
        activitySessionId: s.id,
        date: s.localDate,
        startTime: '13:30',
        endTime: '16:00',
        places: [{ roleId, places: 2 }],
      },
    });
    expect(shift.status, JSON.stringify(shift.body)).toBe(201);
    const shiftId = shift.body.items[0]!.shiftId;
    const signed = await p.op('signUpForShift', { token: vol.token, params: { shiftId }, body: { roleId } });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    return { ...vol, shiftId, roleId };
  }

  let n = 0;
  /** A mark as a device makes it: its own id, the time it was made. */
  const mark = (personId: string, status: MarkStatus, markedAt: string, extra: Partial<Mark> = {}): Mark => ({
    markId: `m-${Date.now().toString(36)}-${++n}-${Math.random().toString(36).slice(2, 8)}`,
    personId,
    status,
    markedAt,
    ...extra,
  });

  return { coordinator, person, named, otherHubCoordinator, session, book, volunteerOnShift, mark };
}

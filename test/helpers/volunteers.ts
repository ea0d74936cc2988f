import { expect } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { addDays, londonDate } from '../../functions/volunteers/rules';
import type { TestPlatform } from './platform';

/** Test data for the volunteers domain, made through the API as a coordinator would. */
export const oakRoad = demoIds.hubs.oakRoadCentre;

export function volunteerFixtures(p: TestPlatform) {
  const coordinator = () => p.tokenFor('coordinator@example.org');

  async function person(email: string) {
    const token = await p.tokenFor(email);
    const me = await p.call('GET', '/api/me', { token });
    return { token, userId: me.body.userId as string, email };
  }

  async function role(overrides: Record<string, unknown> = {}) {
    const answer = await p.call('POST', '/api/volunteer-roles', {
      token: await coordinator(),
      body: {
        owner: { kind: 'hub', id: oakRoad },
        title: 'Café host',
        description: 'Welcome people to the Friday community café and keep the tea flowing.',
        location: 'Oak Road Centre',
        commitment: 'Two hours a week',
        minimumAge: 16,
        requirements: { dbs: 'basic', training: [], references: false },
        skills: ['Hospitality'],
        days: ['fri'],
        ...overrides,
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body as { roleId: string; title: string };
  }

  async function apply(who: { token: string }, roleId: string, dateOfBirth = '1980-05-01') {
    return p.call('POST', `/api/volunteer-roles/${roleId}/applications`, {
      token: who.token,
      body: { availability: 'Friday mornings', statement: 'I ran a café for ten years.', dateOfBirth },
    });
  }

  async function approve(who: { token: string; userId: string }, roleId: string) {
    const applied = await apply(who, roleId);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const reviewed = await p.call('POST', `/api/volunteer-roles/${roleId}/applications/${who.userId}/review`, {
      token: await coordinator(),
      body: { decision: 'approve' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  }

  async function check(volunteerId: string, type: string, checkedOn: string, expiresOn?: string, extra: Record<string, unknown> = {}) {
    const answer = await p.call('POST', '/api/volunteer-checks', {
      token: await coordinator(),
      body: { volunteerId, type, outcome: 'clear', checkedOn, ...(expiresOn ? { expiresOn } : {}), ...extra },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  }

  /** A shift `inDays` from today, London wall-clock times. */
  async function shift(places: { roleId: string; places: number }[], opts: { inDays?: number; startTime?: string; endTime?: string; rrule?: string; date?: string } = {}) {
    const answer = await p.call('POST', '/api/shifts', {
      token: await coordinator(),
      body: {
        owner: { kind: 'hub', id: oakRoad },
        title: 'Friday café',
        location: 'Oak Road Centre, main hall',
        date: opts.date ?? addDays(londonDate(p.deps.clock.now()), opts.inDays ?? 7),
        startTime: opts.startTime ?? '10:00',
        endTime: opts.endTime ?? '12:00',
        places,
        ...(opts.rrule ? { rrule: opts.rrule } : {}),
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.items as { shiftId: string; startsAt: string; endsAt: string }[];
  }

  const today = () => londonDate(p.deps.clock.now());
  return { coordinator, person, role, apply, approve, check, shift, today };
}

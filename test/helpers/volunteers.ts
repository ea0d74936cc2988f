import { expect } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { addDays, londonDate } from '../../functions/volunteers/rules';
import type { InputOf } from '../../web/src/api';
import type { TestPlatform } from './platform';

/** Test data for the volunteers domain, made through the API as a coordinator would. */
export const oakRoad = demoIds.hubs.oakRoadCentre;

export function volunteerFixtures(p: TestPlatform) {
  const coordinator = () => p.tokenFor('coordinator@example.org');

  async function person(email: string) {
    const token = await p.tokenFor(email);
    const me = await p.op('getMe', { token });
    return { token, userId: me.body.userId, email };
  }

  async function role(overrides: Partial<InputOf<'createRole'>['body']> = {}) {
    const answer = await p.op('createRole', {
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
    return answer.body;
  }

  async function apply(who: { token: string }, roleId: string, dateOfBirth = '1980-05-01') {
    return p.op('applyForRole', {
      token: who.token,
      params: { roleId },
      body: { availability: 'Friday mornings', statement: 'I ran a café for ten years.', dateOfBirth },
    });
  }

  async function approve(who: { token: string; userId: string }, roleId: string) {
    const applied = await apply(who, roleId);
    expect(applied.status, JSON.stringify(applied.body)).toBe(201);
    const reviewed = await p.op('reviewApplication', {
      token: await coordinator(),
      params: { roleId, volunteerId: who.userId },
      body: { decision: 'approve' },
    });
    expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
  }

  type Check = InputOf<'recordVolunteerCheck'>['body'];
  async function check(volunteerId: string, type: Check['type'], checkedOn: string, expiresOn?: string, extra: Partial<Check> = {}) {
    const answer = await p.op('recordVolunteerCheck', {
      token: await coordinator(),
      body: { volunteerId, type, outcome: 'clear', checkedOn, ...(expiresOn ? { expiresOn } : {}), ...extra },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  }

  /** A shift `inDays` from today, London wall-clock times. */
  async function shift(places: { roleId: string; places: number }[], opts: { inDays?: number; startTime?: string; endTime?: string; rrule?: string; date?: string } = {}) {
    const answer = await p.op('createShift', {
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
        // a week from today is a Sunday when the tests run on one, and Oak Road is closed on Sundays
        ...(opts.date ? {} : { outsideHoursReason: 'A week from today, whatever day that is' }),
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body.items;
  }

  const today = () => londonDate(p.deps.clock.now());
  return { coordinator, person, role, apply, approve, check, shift, today };
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { addDays, londonDate } from '../../functions/volunteers/rules';
import type { Body } from '../helpers/bodies';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Issue 17, point 6: a parent's consent cannot be sidestepped. The date of birth is held once, on the
 * volunteer's profile; a re-application with a different one keeps the under-18 path until a coordinator
 * (not the volunteer) confirms the correction.
 */
let p: TestPlatform;
let coordinator: string;
let young: string;
let youngId: string;
const today = () => londonDate(new Date());

async function newRole(title: string): Promise<string> {
  const made = await p.op('createRole', {
    token: coordinator,
    body: {
      owner: { kind: 'hub', id: demoIds.hubs.oakRoadCentre },
      title,
      description: 'Help at the hub.',
      location: 'Main hall',
      commitment: 'Two hours a week',
      minimumAge: 16,
      requirements: { dbs: 'none', training: [], references: false },
    },
  });
  expect(made.status).toBe(201);
  return made.body.roleId;
}
const apply = (roleId: string, dateOfBirth?: string) =>
  p.op('applyForRole', { params: { roleId }, token: young, body: { availability: 'Saturdays', statement: 'I would like to help.', ...(dateOfBirth ? { dateOfBirth } : {}) } });
const review = (roleId: string, body: Body<'reviewApplication'>, token = coordinator) => p.op('reviewApplication', { params: { roleId, volunteerId: youngId }, token, body });

beforeAll(async () => {
  p = await startPlatform({ seed: true });
  coordinator = await p.tokenFor('coordinator@example.org');
  young = await p.tokenFor('sam.seventeen@example.org');
  youngId = (await p.op('getMe', { token: young })).body.userId;
});
afterAll(() => p?.stop());

describe('a date of birth held once', () => {
  const seventeen = () => addDays(today(), -17 * 365 - 30);
  const grownUp = '1990-06-01';
  let first: string;

  it('asks for it the first time and keeps it on the volunteer’s profile', async () => {
    first = await newRole('Saturday café helper');
    expect((await apply(first)).problem.errors?.[0]?.field).toBe('body.dateOfBirth');
    const made = await apply(first, seventeen());
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ under18: true, dateOfBirth: seventeen() });
    const mine = await p.op('getMyVolunteering', { token: young });
    expect(mine.body.dateOfBirth).toBe(seventeen());
  });

  it('does not ask again: a second application uses the one held', async () => {
    const second = await newRole('Garden helper');
    const made = await apply(second);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ under18: true, dateOfBirth: seventeen() });
  });

  it('keeps the under-18 path when a re-application gives an adult’s date of birth, until a coordinator confirms it', async () => {
    expect((await review(first, { decision: 'decline', reason: 'We need a parent to agree first.' })).status).toBe(200);
    const again = await apply(first, grownUp);
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ under18: true, dateOfBirth: seventeen(), dateOfBirthToConfirm: grownUp });
    // approval without a parent's consent is still refused
    const approve = await review(first, { decision: 'approve' });
    expect(approve.status).toBe(422);
    expect(approve.problem.code).toBe('guardian_consent_needed');
    // the volunteer cannot confirm their own correction
    expect((await p.op('decideDateOfBirth', { params: { roleId: first, volunteerId: youngId }, token: young, body: { decision: 'confirm' } })).status).toBe(403);
    // a coordinator who has seen proof of age confirms it: the applications still waiting follow
    const confirmed = await p.op('decideDateOfBirth', { params: { roleId: first, volunteerId: youngId }, token: coordinator, body: { decision: 'confirm' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body).toMatchObject({ under18: false, dateOfBirth: grownUp });
    expect(confirmed.body.dateOfBirthToConfirm).toBeUndefined();
    expect((await review(first, { decision: 'approve' })).status).toBe(200);
  });
});

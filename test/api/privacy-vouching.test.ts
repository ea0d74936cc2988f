import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, profileKey } from '../../functions/accounts/data';
import { newId } from '../../functions/lib/ids';
import { addDays } from '../../functions/volunteers/rules';
import { hubH1, orgOwn, startWorld, type World } from '../hardening/world';

/**
 * Issue 17, point 1: no one vouches for themselves. Wherever one person approves another (checks, hours,
 * applications and a parent's consent, room bookings, referrals), the actor as the target of their own
 * approval is refused; and a check counts only for the roles of whoever recorded it.
 */
let w: World;
type Person = { token: string; userId: string };
const hub = { kind: 'hub' as const, id: hubH1 };
const org = { kind: 'organisation' as const, id: orgOwn };

async function newStaff(email: string, roles: ('partner' | 'coordinator' | 'linkworker')[], extra: { hubIds?: string[]; organisationIds?: string[] } = {}): Promise<Person> {
  const userId = newId();
  await createProfile(
    w.p.deps.db,
    { userId, name: email.split('@')[0]!, email, contactPreference: 'email', roles, hubIds: extra.hubIds ?? [], organisationIds: extra.organisationIds ?? [] },
    w.clock.now(),
  );
  return { token: await w.p.tokenFor(email), userId };
}

beforeAll(async () => {
  w = await startWorld();
}, 900_000);
afterAll(async () => {
  await w?.p.stop();
});

const strict = { dbs: 'enhanced', training: [], references: true };

describe('volunteer checks', () => {
  it('refuses a check a volunteer records for themself, and counts a check only for the roles of whoever recorded it', async () => {
    const partner = w.as.partner;
    // the partner applies to drive for the hub, and to befriend for their own organisation
    const driver = await w.factories.role(hub, { title: 'Community driver', requirements: strict, minimumAge: 18 });
    const befriender = await w.factories.role(org, { title: 'Befriender', requirements: strict, minimumAge: 18 });
    for (const roleId of [driver, befriender]) {
      await w.must(partner, 'POST', `/api/volunteer-roles/${roleId}/applications`, { body: { availability: 'Tuesdays', statement: 'I drive.', dateOfBirth: '1980-01-01' } });
    }
    await w.must(w.as.coordinatorOfHub, 'POST', `/api/volunteer-roles/${driver}/applications/${partner.userId}/review`, { body: { decision: 'approve' } });
    const check = (type: string) => ({ volunteerId: partner.userId, type, outcome: 'clear', checkedOn: w.inDays(-30), expiresOn: w.inDays(700) });

    // their own enhanced DBS and references, recorded by themself: refused, nothing written
    for (const type of ['dbs-enhanced', 'references']) {
      const own = await w.call(partner, 'POST', '/api/volunteer-checks', { body: check(type) });
      expect(own.status, `own ${type}`).toBe(403);
    }
    expect((await w.must(partner, 'GET', `/api/volunteer-checks?volunteerId=${partner.userId}`)).items).toEqual([]);

    // a colleague at their organisation may record them, but that vouches for the organisation's roles only
    const colleague = await newStaff('agewell.colleague@example.org', ['partner'], { organisationIds: [orgOwn] });
    for (const type of ['dbs-enhanced', 'references']) {
      const made = await w.must(colleague, 'POST', '/api/volunteer-checks', { body: check(type) });
      expect(made).toMatchObject({ recordedBy: colleague.userId, recordedByName: 'agewell.colleague', recordedFor: [`organisation:${orgOwn}`] });
    }
    const { shiftId } = await w.factories.shift(hub, driver);
    const refused = await w.call(partner, 'POST', `/api/shifts/${shiftId}/sign-up`, { body: { roleId: driver } });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('checks_needed');

    // the hub's own coordinator records the same certificates: now they count for the hub's role too
    for (const type of ['dbs-enhanced', 'references']) await w.must(w.as.coordinatorOfHub, 'POST', '/api/volunteer-checks', { body: check(type) });
    const mine = await w.must(partner, 'GET', `/api/volunteer-checks?volunteerId=${partner.userId}`);
    expect(mine.items.map((c: { recordedFor: string[] }) => [...c.recordedFor].sort())).toEqual([[`hub:${hubH1}`, `organisation:${orgOwn}`].sort(), [`hub:${hubH1}`, `organisation:${orgOwn}`].sort()]);
    expect((await w.call(partner, 'POST', `/api/shifts/${shiftId}/sign-up`, { body: { roleId: driver } })).status).toBe(201);
  });
});

describe('applications and a parent’s consent', () => {
  it('refuses a coordinator deciding, or recording a parent’s consent for, their own application', async () => {
    // a young coordinator of their own: a date of birth is recorded once, and other tests here apply as adults
    const coordinator = await newStaff('young.coordinator@example.org', ['coordinator'], { hubIds: [hubH1] });
    const roleId = await w.factories.role(hub);
    const seventeen = addDays(w.today(), -17 * 366);
    await w.must(coordinator, 'POST', `/api/volunteer-roles/${roleId}/applications`, { body: { availability: 'Weekends', statement: 'I help at my hub.', dateOfBirth: seventeen } });
    const consent = { guardianName: 'A Parent', relationship: 'Mother', givenOn: w.today(), method: 'signed-form' };
    expect((await w.call(coordinator, 'POST', `/api/volunteer-roles/${roleId}/applications/${coordinator.userId}/guardian-consent`, { body: consent })).status).toBe(403);
    expect((await w.call(coordinator, 'POST', `/api/volunteer-roles/${roleId}/applications/${coordinator.userId}/review`, { body: { decision: 'approve' } })).status).toBe(403);
    const app = await w.must(coordinator, 'GET', `/api/volunteer-roles/${roleId}/applications/${coordinator.userId}`);
    expect(app).toMatchObject({ status: 'submitted', under18: true });
    expect(app.guardianConsent).toBeUndefined();
  });
});

describe('hours', () => {
  it('refuses a coordinator marking themself present on a shift (a mark becomes approved hours)', async () => {
    const coordinator = w.as.coordinatorOfHub;
    const s = await w.factories.session(hub);
    const roleId = await w.factories.role(hub);
    await w.must(coordinator, 'POST', `/api/volunteer-roles/${roleId}/applications`, { body: { availability: 'Mornings', statement: 'Happy to help.', dateOfBirth: '1975-05-05' } });
    await w.must('admin', 'POST', `/api/volunteer-roles/${roleId}/applications/${coordinator.userId}/review`, { body: { decision: 'approve' } });
    const { shiftId } = await w.factories.shift(hub, roleId, { date: s.localDate, startTime: '09:30', endTime: '11:30', activitySessionId: s.id });
    await w.must(coordinator, 'POST', `/api/shifts/${shiftId}/sign-up`, { body: { roleId } });
    // the register is taken when the session happens: move the clock to its start, and back afterwards
    const now = w.clock.now();
    w.clock.set((s as unknown as { startsAt: string }).startsAt);
    try {
      const mark = { markId: newId(), personId: coordinator.userId, role: 'volunteer', status: 'attended', markedAt: w.clock.now().toISOString() };
      expect((await w.call(coordinator, 'POST', `/api/registers/${s.id}/marks`, { body: { marks: [mark] } })).status).toBe(403);
      // another coordinator of the session's hub (an admin here) records it
      expect((await w.call('admin', 'POST', `/api/registers/${s.id}/marks`, { body: { marks: [mark] } })).status).toBe(200);
    } finally {
      w.clock.set(now);
    }
  });

  it('refuses a volunteer approving their own hours', async () => {
    const coordinator = w.as.coordinatorOfHub;
    const roleId = await w.factories.role(hub);
    await w.must(coordinator, 'POST', `/api/volunteer-roles/${roleId}/applications`, { body: { availability: 'Mornings', statement: 'Happy to help.', dateOfBirth: '1975-05-05' } });
    await w.must('admin', 'POST', `/api/volunteer-roles/${roleId}/applications/${coordinator.userId}/review`, { body: { decision: 'approve' } });
    const hours = await w.must(coordinator, 'POST', '/api/volunteering/hours', { body: { roleId, date: w.today(), hours: 2 } });
    expect((await w.call(coordinator, 'POST', `/api/volunteering/hours/${hours.hoursId}/decision`, { body: { decision: 'approve' } })).status).toBe(403);
  });
});

describe('room bookings', () => {
  it('refuses a coordinator approving their own request, and books for their own organisation as a partner would', async () => {
    const both = await newStaff('partner.and.coordinator@example.org', ['partner', 'coordinator'], { organisationIds: [orgOwn] });
    const roomId = await w.factories.room(hubH1);
    const asked = await w.must(both, 'POST', `/api/rooms/${roomId}/bookings`, { body: { ...w.factories.slot(), purpose: 'Age Well drop-in', expectedAttendance: 10, organisationId: orgOwn } });
    expect(asked.status).toBe('pending');
    // later they become a coordinator of the hub: still not the one to approve their own request
    await w.p.deps.db.doc.send(
      new UpdateCommand({ TableName: w.p.deps.db.tableName, Key: profileKey(both.userId), UpdateExpression: 'SET hubIds = :h', ExpressionAttributeValues: { ':h': [hubH1] } }),
    );
    expect((await w.call(both, 'POST', `/api/room-bookings/${asked.bookingId}/approve`)).status).toBe(403);
    // as a coordinator of the hub, a booking for their own organisation is still a partner's request, quoted
    const again = await w.must(both, 'POST', `/api/rooms/${roomId}/bookings`, { body: { ...w.factories.slot(), purpose: 'Age Well coffee', expectedAttendance: 10, organisationId: orgOwn } });
    expect(again).toMatchObject({ status: 'pending', customerType: 'partner' });
    expect((await w.call(w.as.coordinatorOfHub, 'POST', `/api/room-bookings/${asked.bookingId}/approve`)).status).toBe(200);
  });
});

describe('referrals', () => {
  it('refuses a link worker referring themself, or taking their own self-referral', async () => {
    const lw = w.as.linkworker;
    const own = await w.call(lw, 'POST', '/api/referrals', { body: { ...w.factories.referralBody(), newPerson: undefined, userId: lw.userId } });
    expect(own.status).toBe(403);
    const receipt = await w.must(lw, 'POST', '/api/self-referrals', {
      body: {
        name: 'Lena K',
        phone: '07700 900111',
        contactPreferences: { methods: ['phone'] },
        reasons: ['loneliness'],
        whatMattersToMe: 'Company',
        consent: { agreed: true, sharing: ['link-worker-team'] },
      },
    });
    const queue = await w.must('admin', 'GET', '/api/referrals?scope=unassigned');
    const row = queue.items.find((r: { reference: string }) => r.reference === receipt.reference);
    const selfReferral = await w.must('admin', 'GET', `/api/referrals/${row.id}`);
    expect(selfReferral.personId).toBe(lw.userId);
    expect((await w.call(lw, 'POST', `/api/referrals/${selfReferral.id}/assign`, { body: {} })).status).toBe(403);
    expect((await w.call('admin', 'POST', `/api/referrals/${selfReferral.id}/assign`, { body: { linkWorkerId: lw.userId } })).status).toBe(403);
    expect((await w.call('admin', 'POST', `/api/referrals/${selfReferral.id}/assign`, { body: { linkWorkerId: w.others.linkworker2.userId } })).status).toBe(200);
  });
});

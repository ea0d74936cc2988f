import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { listMailbox } from '../../functions/messages/data';
import { addDays } from '../../functions/volunteers/rules';
import { recordShiftHours, sendCheckExpiryReminders, sendShiftReminders } from '../../functions/volunteers/service';
import type { Body } from '../helpers/bodies';
import { eventually, startPlatform, type TestPlatform } from '../helpers/platform';
import { oakRoad, volunteerFixtures } from '../helpers/volunteers';

let p: TestPlatform;
let f: ReturnType<typeof volunteerFixtures>;
const clock = manualClock(new Date());
beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  f = volunteerFixtures(p);
});
afterAll(() => p?.stop());

const countItems = async (prefix: string) => {
  // Test-only look at the table: how many items of a kind exist (to prove nothing was written).
  const { Items = [] } = await p.deps.db.doc.send(
    new QueryCommand({ TableName: p.deps.db.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': prefix } }),
  );
  return Items.length;
};
const mailFor = async (userId: string, kind: string) => (await listMailbox(p.deps.db, 500)).filter((m) => m.toUserId === userId && m.kind === kind);

describe('roles', () => {
  it('lets a coordinator publish a role and anyone find it by hub, skill and day', async () => {
    const role = await f.role({ title: 'Walk leader', skills: ['Walking', 'First aid'], days: ['tue', 'sat'] });
    const byHub = await p.op('listRoles', { query: { hubId: oakRoad } });
    expect(byHub.status).toBe(200);
    expect(byHub.body.items.map((r: { roleId: string }) => r.roleId)).toContain(role.roleId);
    const bySkill = await p.call('GET', '/api/volunteer-roles?skill=first%20aid&day=sat');
    expect(bySkill.body.items.map((r: { roleId: string }) => r.roleId)).toEqual([role.roleId]);
    expect((await p.call('GET', '/api/volunteer-roles?skill=first%20aid&day=mon')).body.items).toEqual([]);
    const got = await p.op('getRole', { params: { roleId: role.roleId } });
    expect(got.body).toMatchObject({ title: 'Walk leader', owner: { kind: 'hub', id: oakRoad }, requirements: { dbs: 'basic' }, status: 'open' });
    expect(got.body).not.toHaveProperty('createdBy');
  });

  it('lets a partner publish for their organisation only, and refuses residents', async () => {
    const partner = await p.tokenFor('partner@example.org');
    const body: Body<'createRole'> = {
      owner: { kind: 'organisation', id: demoIds.organisations.ageWell },
      title: 'Befriender',
      description: 'Weekly phone call or visit with an older person.',
      location: 'In people’s homes',
      commitment: 'One hour a week for six months',
      minimumAge: 18,
      requirements: { dbs: 'enhanced', training: ['Safeguarding adults'], references: true },
    };
    expect((await p.op('createRole', { token: partner, body })).status).toBe(201);
    const other = { ...body, owner: { kind: 'organisation' as const, id: demoIds.organisations.mindsTogether } };
    expect((await p.op('createRole', { token: partner, body: other })).status).toBe(403);
    const resident = await p.tokenFor('resident@example.org');
    expect((await p.op('createRole', { token: resident, body })).status).toBe(403);
    expect((await p.op('createRole', { body })).status).toBe(401);
  });

  it('refuses bad input with a 400 naming the field, and writes nothing', async () => {
    const before = await countItems('VROLES');
    const shiftsBefore = await countItems('VSHIFTS');
    const token = await f.coordinator();
    const bad = await p.call('POST', '/api/volunteer-roles', {
      token,
      body: { owner: { kind: 'hub', id: oakRoad }, title: '', description: 'x', location: 'x', commitment: 'x', minimumAge: 12, requirements: { dbs: 'gold' }, status: 'open', createdBy: 'me' },
    });
    expect(bad.status).toBe(400);
    const fields = bad.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.title', 'body.minimumAge', 'body.requirements.dbs', 'body.createdBy']));
    const badShift = await p.op('createShift', {
      token,
      body: { owner: { kind: 'hub', id: oakRoad }, title: 'x', location: 'x', date: '2026-02-30', startTime: '25:00', endTime: '10:00', places: [] },
    });
    expect(badShift.status).toBe(400);
    expect(badShift.problem.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.date', 'body.startTime', 'body.places']));
    const role = await f.role();
    const backwards = await p.op('createShift', {
      token,
      body: { owner: { kind: 'hub', id: oakRoad }, title: 'x', location: 'x', date: addDays(f.today(), 3), startTime: '12:00', endTime: '10:00', places: [{ roleId: role.roleId, places: 2 }] },
    });
    expect(backwards.status).toBe(400);
    expect(backwards.problem.errors[0]!.field).toBe('body.endTime');
    const applyBad = await p.call('POST', `/api/volunteer-roles/${role.roleId}/applications`, { token: await p.tokenFor('resident@example.org'), body: { statement: 'hi', status: 'approved' } });
    expect(applyBad.status).toBe(400);
    expect(applyBad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.availability', 'body.status']));
    expect(await countItems('VROLES')).toBe(before + 1);
    expect(await countItems('VSHIFTS')).toBe(shiftsBefore);
    expect((await p.op('listRoles', { query: { cursor: '!!!' } })).status).toBe(400);
  });

  it('hides a draft role from the public and lets its coordinator open it', async () => {
    const role = await f.role({ status: 'draft' });
    expect((await p.op('getRole', { params: { roleId: role.roleId } })).status).toBe(404);
    const opened = await p.op('updateRole', { params: { roleId: role.roleId }, token: await f.coordinator(), body: { status: 'open', title: 'Digital helper' } });
    expect(opened.status).toBe(200);
    expect((await p.op('getRole', { params: { roleId: role.roleId } })).body.title).toBe('Digital helper');
    const partner = await p.tokenFor('partner@example.org');
    expect((await p.op('updateRole', { params: { roleId: role.roleId }, token: partner, body: { status: 'closed' } })).status).toBe(403);
  });
});

describe('applications', () => {
  it('takes an application, queues it for the coordinator, and tells the volunteer the outcome', async () => {
    const role = await f.role();
    const vol = await f.person('ada.applicant@example.org');
    const applied = await f.apply(vol, role.roleId);
    expect(applied.status).toBe(201);
    expect(applied.body).toMatchObject({ status: 'submitted', under18: false, volunteerName: 'Ada Applicant' });
    expect((await f.apply(vol, role.roleId)).status).toBe(409);

    const queue = await p.op('listApplications', { query: { hubId: oakRoad, status: 'submitted' }, token: await f.coordinator() });
    expect(queue.body.items.some((a: { volunteerId: string; roleId: string }) => a.volunteerId === vol.userId && a.roleId === role.roleId)).toBe(true);

    const ask = await p.op('reviewApplication', {
      params: { roleId: role.roleId, volunteerId: vol.userId },
      token: await f.coordinator(),
      body: { decision: 'ask-for-more', question: 'Could you do Thursdays too?' },
    });
    expect(ask.body.status).toBe('more-info-requested');
    expect((await f.apply(vol, role.roleId)).status).toBe(201);
    const declined = await p.op('reviewApplication', {
      params: { roleId: role.roleId, volunteerId: vol.userId },
      token: await f.coordinator(),
      body: { decision: 'decline', reason: 'We have enough café hosts for now.' },
    });
    expect(declined.body).toMatchObject({ status: 'declined', decisionReason: 'We have enough café hosts for now.' });
    const mine = await p.op('listApplications', { token: vol.token });
    expect(mine.body.items.find((a: { roleId: string }) => a.roleId === role.roleId)!.status).toBe('declined');
    // each message is delivered on its own (the stream handles different items side by side), so neither waits for the other
    const [mail, asked] = await eventually(async () => {
      const m = [await mailFor(vol.userId, 'volunteer-application.declined'), await mailFor(vol.userId, 'volunteer-application.more-info-requested')] as const;
      expect(m.map((x) => x.length)).toEqual([1, 1]);
      return m;
    });
    expect(mail[0]!.text).toContain('We have enough café hosts');
    expect(asked[0]!.text).toContain('Could you do Thursdays too?');
    // a decision cannot be made twice
    const again = await p.op('reviewApplication', { params: { roleId: role.roleId, volunteerId: vol.userId }, token: await f.coordinator(), body: { decision: 'approve' } });
    expect(again.status).toBe(409);
  });

  it("never shows a volunteer's statement or checks to another volunteer or another organisation", async () => {
    const role = await f.role();
    const vol = await f.person('private.person@example.org');
    const other = await f.person('nosy.neighbour@example.org');
    await f.approve(vol, role.roleId);
    await f.check(vol.userId, 'dbs-basic', f.today(), addDays(f.today(), 300));
    const own = await p.op('getApplication', { params: { roleId: role.roleId, volunteerId: vol.userId }, token: vol.token });
    expect(own.body.statement).toBe('I ran a café for ten years.');
    const partner = await p.tokenFor('partner@example.org');
    for (const token of [other.token, partner]) {
      const app = await p.op('getApplication', { params: { roleId: role.roleId, volunteerId: vol.userId }, token });
      expect([403, 404]).toContain(app.status);
      expect(JSON.stringify(app.body)).not.toContain('café for ten years');
      const checks = await p.op('listVolunteerChecks', { query: { volunteerId: vol.userId }, token });
      expect([403, 404]).toContain(checks.status);
      expect(JSON.stringify(checks.body)).not.toContain('dbs-basic');
      const queue = await p.op('listApplications', { query: { hubId: oakRoad }, token });
      expect(queue.status).toBe(403);
      const record = await p.op('recordVolunteerCheck', { token, body: { volunteerId: vol.userId, type: 'dbs-basic', outcome: 'clear', checkedOn: f.today() } });
      expect(record.status).toBe(403);
    }
    expect((await p.op('listVolunteerChecks', { query: { volunteerId: vol.userId }, token: vol.token })).body.items).toHaveLength(1);
    expect((await p.op('listVolunteerChecks', { query: { volunteerId: vol.userId }, token: await f.coordinator() })).body.items).toHaveLength(1);
  });

  it("will not approve an under-18 until a parent or guardian's consent is recorded", async () => {
    const role = await f.role({ minimumAge: 16 });
    const adultsOnly = await f.role({ minimumAge: 18 });
    const teen = await f.person('young.helper@example.org');
    const seventeen = `${Number(f.today().slice(0, 4)) - 17}-01-01`;
    const fifteen = `${Number(f.today().slice(0, 4)) - 15}-01-01`;
    const tooYoung = await f.apply(teen, adultsOnly.roleId, seventeen);
    expect(tooYoung.status).toBe(422);
    expect(tooYoung.problem.errors![0]!.field).toBe('body.dateOfBirth');
    expect((await f.apply(await f.person('very.young@example.org'), role.roleId, fifteen)).status).toBe(422);
    const applied = await f.apply(teen, role.roleId, seventeen);
    expect(applied.body.under18).toBe(true);
    const url = `/api/volunteer-roles/${role.roleId}/applications/${teen.userId}`;
    const refused = await p.call('POST', `${url}/review`, { token: await f.coordinator(), body: { decision: 'approve' } });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('guardian_consent_needed');
    expect((await p.call('GET', url, { token: teen.token })).body.status).toBe('submitted');
    const consent = await p.call('POST', `${url}/guardian-consent`, {
      token: await f.coordinator(),
      body: { guardianName: 'Sam Helper', relationship: 'Parent', givenOn: f.today(), method: 'signed-form' },
    });
    expect(consent.status).toBe(200);
    const approved = await p.call('POST', `${url}/review`, { token: await f.coordinator(), body: { decision: 'approve' } });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('approved');
  });
});

describe('checks and shifts', () => {
  it('refuses a volunteer whose DBS check has expired, saying why and what to do; a renewal lets them in', async () => {
    const role = await f.role({ title: 'Community driver', requirements: { dbs: 'enhanced', training: [], references: false } });
    const [shift] = await f.shift([{ roleId: role.roleId, places: 3 }]);
    const vol = await f.person('lapsed.driver@example.org');
    await f.approve(vol, role.roleId);
    const missing = await p.op('signUpForShift', { params: { shiftId: shift!.shiftId }, token: vol.token, body: { roleId: role.roleId } });
    expect(missing.status).toBe(422);
    expect(missing.problem.detail).toMatch(/enhanced DBS check.*none recorded.*Ask the coordinator/);
    await f.check(vol.userId, 'dbs-enhanced', addDays(f.today(), -1200), addDays(f.today(), -10));
    const expired = await p.op('signUpForShift', { params: { shiftId: shift!.shiftId }, token: vol.token, body: { roleId: role.roleId } });
    expect(expired.status).toBe(422);
    expect(expired.problem.code).toBe('checks_needed');
    expect(expired.problem.detail).toMatch(
      /Your enhanced DBS check expired on .* so you cannot take Community driver shifts until it is renewed\. Ask the coordinator for Community driver to arrange it/,
    );
    await f.check(vol.userId, 'dbs-enhanced', f.today(), addDays(f.today(), 1000));
    const ok = await p.op('signUpForShift', { params: { shiftId: shift!.shiftId }, token: vol.token, body: { roleId: role.roleId } });
    expect(ok.status).toBe(201);
  });

  it('refuses sign-up to anyone not approved for the role', async () => {
    const role = await f.role({ requirements: { dbs: 'none', training: [], references: false } });
    const [shift] = await f.shift([{ roleId: role.roleId, places: 3 }]);
    const stranger = await f.person('not.approved@example.org');
    const answer = await p.op('signUpForShift', { params: { shiftId: shift!.shiftId }, token: stranger.token, body: { roleId: role.roleId } });
    expect(answer.status).toBe(422);
    expect(answer.problem.code).toBe('not_approved');
  });

  it('refuses overlapping shifts for one volunteer, allows back-to-back ones', async () => {
    const role = await f.role({ requirements: { dbs: 'none', training: [], references: false } });
    const vol = await f.person('busy.bee@example.org');
    await f.approve(vol, role.roleId);
    const [morning] = await f.shift([{ roleId: role.roleId, places: 2 }], { inDays: 10, startTime: '10:00', endTime: '12:00' });
    const [clash] = await f.shift([{ roleId: role.roleId, places: 2 }], { inDays: 10, startTime: '11:30', endTime: '13:00' });
    const [after] = await f.shift([{ roleId: role.roleId, places: 2 }], { inDays: 10, startTime: '12:00', endTime: '14:00' });
    const sign = (s: { shiftId: string }) => p.op('signUpForShift', { params: { shiftId: s.shiftId }, token: vol.token, body: { roleId: role.roleId } });
    expect((await sign(morning!)).status).toBe(201);
    const refused = await sign(clash!);
    expect(refused.status).toBe(409);
    expect(refused.problem.code).toBe('overlapping_shift');
    expect((await sign(after!)).status).toBe(201);
    expect((await sign(morning!)).problem.code).toBe('already_signed_up');
  });

  it('withdrawing reopens the place and tells the coordinator', async () => {
    const role = await f.role({ requirements: { dbs: 'none', training: [], references: false } });
    const [shift] = await f.shift([{ roleId: role.roleId, places: 1 }]);
    const a = await f.person('first.come@example.org');
    const b = await f.person('second.come@example.org');
    await f.approve(a, role.roleId);
    await f.approve(b, role.roleId);
    const sign = (v: { token: string }) => p.op('signUpForShift', { params: { shiftId: shift!.shiftId }, token: v.token, body: { roleId: role.roleId } });
    expect((await sign(a)).status).toBe(201);
    const full = await sign(b);
    expect(full.status).toBe(409);
    expect(full.problem.code).toBe('shift_full');
    const gaps = await p.op('listShifts', { query: { hubId: oakRoad, gapsOnly: 'true', roleId: role.roleId } });
    expect(gaps.body.items.map((s: { shiftId: string }) => s.shiftId)).not.toContain(shift!.shiftId);
    expect((await p.op('withdrawFromShift', { params: { shiftId: shift!.shiftId }, token: a.token, body: { reason: 'Hospital appointment' } })).status).toBe(204);
    const reopened = await p.op('getShift', { params: { shiftId: shift!.shiftId } });
    expect(reopened.body).toMatchObject({ openPlaces: 1, hasGaps: true });
    const gapsNow = await p.op('listShifts', { query: { hubId: oakRoad, gapsOnly: 'true', roleId: role.roleId } });
    expect(gapsNow.body.items.map((s: { shiftId: string }) => s.shiftId)).toContain(shift!.shiftId);
    expect((await sign(b)).status).toBe(201);
    const coordinatorId = demoIds.users.coordinator;
    await eventually(async () => {
      const mail = await mailFor(coordinatorId, 'volunteer-shift.withdrawn');
      expect(mail.some((m) => m.text.includes('First Come') && m.text.includes('Hospital appointment'))).toBe(true);
    });
    expect((await p.op('withdrawFromShift', { params: { shiftId: shift!.shiftId }, token: a.token, body: {} })).status).toBe(404);
    const rota = await p.op('getShift', { params: { shiftId: shift!.shiftId }, token: await f.coordinator() });
    expect(rota.body.volunteers!.map((v: { volunteerName: string }) => v.volunteerName)).toEqual(['Second Come']);
    expect((await p.op('getShift', { params: { shiftId: shift!.shiftId } })).body.volunteers).toBeUndefined();
  });

  it('makes a weekly series in London time across the clock change', async () => {
    const role = await f.role();
    const year = Number(f.today().slice(0, 4)) + 1;
    const items = await f.shift([{ roleId: role.roleId, places: 2 }], { date: `${year}-03-13`, rrule: 'FREQ=WEEKLY;COUNT=4', startTime: '10:00', endTime: '11:30' });
    expect(items).toHaveLength(4);
    const local = items.map((s) => new Date(s.startsAt).toLocaleTimeString('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }));
    expect(local).toEqual(['10:00', '10:00', '10:00', '10:00']);
    expect(new Set(items.map((s) => s.startsAt.slice(11, 13))).size).toBe(2);
    const bad = await p.op('createShift', {
      token: await f.coordinator(),
      body: {
        owner: { kind: 'hub', id: oakRoad },
        title: 'x',
        location: 'x',
        date: addDays(f.today(), 2),
        startTime: '10:00',
        endTime: '11:00',
        rrule: 'FREQ=DAILY',
        places: [{ roleId: role.roleId, places: 1 }],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.problem.errors[0]!.field).toBe('body.rrule');
  });

  it('shows coordinators who is due a check, and reminds volunteers 60, 30 and 7 days ahead, once each', async () => {
    const role = await f.role({ title: 'Digital helper' });
    const vol = await f.person('soon.expiring@example.org');
    const none = await f.person('no.check.yet@example.org');
    await f.approve(vol, role.roleId);
    await f.approve(none, role.roleId);
    await f.check(vol.userId, 'dbs-basic', addDays(f.today(), -300), addDays(f.today(), 65));
    const due = await p.op('listChecksDue', { query: { hubId: oakRoad }, token: await f.coordinator() });
    expect(due.body.items.find((d: { volunteerId: string }) => d.volunteerId === none.userId)).toMatchObject({ state: 'missing', roleTitle: 'Digital helper' });
    const withinSeventy = await p.op('listChecksDue', { query: { hubId: oakRoad, withinDays: '70' }, token: await f.coordinator() });
    expect(withinSeventy.body.items.find((d: { volunteerId: string }) => d.volunteerId === vol.userId)).toMatchObject({ state: 'expiring' });
    expect((await p.op('listChecksDue', { query: { hubId: oakRoad }, token: vol.token })).status).toBe(403);

    const start = clock.now();
    const reminders = async () => {
      await sendCheckExpiryReminders(p.deps);
      await p.stream.idle();
      return (await mailFor(vol.userId, 'volunteer-check.expiring')).length;
    };
    expect(await reminders()).toBe(0);
    clock.advance(5 * 86_400_000); // 60 days left
    expect(await reminders()).toBe(1);
    expect(await reminders()).toBe(1);
    clock.advance(10 * 86_400_000); // 50 days left: nothing new
    expect(await reminders()).toBe(1);
    clock.advance(21 * 86_400_000); // 29 days left
    expect(await reminders()).toBe(2);
    clock.advance(23 * 86_400_000); // 6 days left
    expect(await reminders()).toBe(3);
    expect(await reminders()).toBe(3);
    clock.set(start);
  });
});

describe("a volunteer's own page, hours and calendar", () => {
  it('counts hours from shifts and approved own entries, lists upcoming shifts, and feeds a private calendar', async () => {
    const role = await f.role({ title: 'Walk leader', requirements: { dbs: 'none', training: [], references: false } });
    const vol = await f.person('hours.counter@example.org');
    await f.approve(vol, role.roleId);
    const [past] = await f.shift([{ roleId: role.roleId, places: 2 }], { inDays: 1 });
    const [future] = await f.shift([{ roleId: role.roleId, places: 2 }], { inDays: 3, startTime: '14:00', endTime: '15:30' });
    for (const s of [past!, future!]) expect((await p.op('signUpForShift', { params: { shiftId: s.shiftId }, token: vol.token, body: { roleId: role.roleId } })).status).toBe(201);

    await recordShiftHours(p.deps, past!.shiftId, vol.userId, 2, demoIds.users.coordinator);
    await recordShiftHours(p.deps, past!.shiftId, vol.userId, 2.5, demoIds.users.coordinator); // a correction replaces, not adds
    const logged = await p.op('logVolunteerHours', {
      token: vol.token,
      headers: { 'idempotency-key': 'walk-1' },
      body: { roleId: role.roleId, date: f.today(), hours: 1.5, note: 'Extra walk' },
    });
    expect(logged.status).toBe(201);
    const retried = await p.op('logVolunteerHours', {
      token: vol.token,
      headers: { 'idempotency-key': 'walk-1' },
      body: { roleId: role.roleId, date: f.today(), hours: 1.5, note: 'Extra walk' },
    });
    expect(retried.body.hoursId).toBe(logged.body.hoursId);
    expect((await p.op('logVolunteerHours', { token: vol.token, body: { roleId: role.roleId, date: f.today(), hours: 1.3 } })).status).toBe(400);
    expect((await p.op('approveVolunteerHours', { params: { hoursId: logged.body.hoursId }, token: vol.token, body: { decision: 'approve' } })).status).toBe(403);

    let me = await p.op('getMyVolunteering', { token: vol.token });
    expect(me.body.hours).toMatchObject({ pending: 1.5 });
    const pending = await p.op('listHoursToApprove', { query: { hubId: oakRoad }, token: await f.coordinator() });
    expect(pending.body.items.map((h: { hoursId: string }) => h.hoursId)).toContain(logged.body.hoursId);
    expect((await p.op('approveVolunteerHours', { params: { hoursId: logged.body.hoursId }, token: await f.coordinator(), body: { decision: 'approve' } })).status).toBe(200);

    me = await p.op('getMyVolunteering', { token: vol.token });
    expect(me.status).toBe(200);
    expect(me.body.hours.pending).toBe(0);
    expect(me.body.hours.thisYear).toBe(4);
    expect(me.body.upcomingShifts.map((s: { shiftId: string }) => s.shiftId)).toEqual([past!.shiftId, future!.shiftId]);
    expect(me.body.applications[0]).toMatchObject({ roleTitle: 'Walk leader', status: 'approved' });

    const linked = await p.op('createCalendarLink', { token: vol.token });
    expect(linked.status).toBe(201);
    const path = new URL(linked.body.calendarUrl).pathname;
    const feed = await p.call('GET', path);
    expect(feed.status).toBe(200);
    expect(feed.headers.get('content-type')).toContain('text/calendar');
    const events = new ICAL.Component(ICAL.parse(feed.body as string)).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(events.map((e) => e.startDate.toJSDate().toISOString())).toEqual([past!.startsAt, future!.startsAt].map((s) => new Date(s).toISOString()));
    expect(events[1]!.summary).toBe('Friday café (Walk leader)');
    expect(events[1]!.endDate.toJSDate().toISOString()).toBe(new Date(future!.endsAt).toISOString());
    // a new link retires the old one; a guessed one finds nothing
    await p.op('createCalendarLink', { token: vol.token });
    expect((await p.call('GET', path)).status).toBe(404);
    expect((await p.call('GET', `/api/volunteering/calendar/${'A'.repeat(43)}.ics`)).status).toBe(404);
  });

  it('reminds volunteers about 24 hours before a shift, once', async () => {
    const role = await f.role({ requirements: { dbs: 'none', training: [], references: false } });
    const vol = await f.person('remind.me@example.org');
    await f.approve(vol, role.roleId);
    const [shift] = await f.shift([{ roleId: role.roleId, places: 2 }], { inDays: 2 });
    await p.op('signUpForShift', { params: { shiftId: shift!.shiftId }, token: vol.token, body: { roleId: role.roleId } });
    const start = clock.now();
    clock.set(new Date(Date.parse(shift!.startsAt) - 23 * 3_600_000));
    await sendShiftReminders(p.deps);
    await sendShiftReminders(p.deps);
    clock.set(start);
    await p.stream.idle();
    const mail = await mailFor(vol.userId, 'volunteer-shift.reminder');
    expect(mail).toHaveLength(1);
    expect(mail[0]!.text).toContain('Oak Road Centre, main hall');
  });
});

describe('the stream', () => {
  it('reads every item this domain wrote (no item shape breaks the stream)', () => {
    expect(p.logLines.filter((l) => l.includes('stream poll failed') || l.includes('stream record failed'))).toEqual([]);
  });
});

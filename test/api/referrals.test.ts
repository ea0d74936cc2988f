import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile } from '../../functions/accounts/data';
import { manualClock } from '../../functions/lib/clock';
import { rateLimitKey } from '../../functions/lib/rate-limit';
import { demoActivities } from '../../functions/local/seed/directory';
import { demoIds } from '../../functions/local/seed/ids';
import { listMailbox } from '../../functions/messages/data';
import { detailsKey, personKey, referralKey } from '../../functions/referrals/data';
import type { Body } from '../helpers/bodies';
import { type ApiAnswer, eventually, startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Social prescribing referrals, through real HTTP against DynamoDB Local.
 * Bookings and attendance come from the sessions and attendance domains, not merged yet: the journey here
 * goes self-referral -> contacted -> plan agreed -> closed with ONS4 change, and checks that booking on
 * behalf answers a clear 422 until then.
 */

const clock = manualClock('2026-03-02T09:00:00Z');
let p: TestPlatform;
let lw: string, lw2: string, admin: string, resident: string, partner: string, volunteer: string, coordinator: string;
const otherLinkWorkerId = '01JTESTLW20000000000000002';
const practiceUserId = '01JTESTGP00000000000000001';
const [activityA, activityB] = [demoActivities[0]!.id, demoActivities[1]!.id];

/** Every personal string any test sends: none may appear in the logs. */
const personal = {
  name: 'Margaret Thistlewood',
  email: 'margaret.thistlewood@example.net',
  phone: '07700 900461',
  matters: 'I miss singing in the church choir since my husband Albert died, and I would like to get out of the house on Tuesdays',
  note: 'Spoke to Margaret on the phone; her daughter Jean visits at weekends',
  name2: 'Desmond Okonjo-Price',
  phone2: '07700 900777',
  matters2: 'Since the stroke I cannot drive to the allotment and I feel cut off from my friends there',
};

const consent: Body<'createReferral'>['consent'] = { givenBy: 'person', givenAt: '2026-03-01T10:00:00Z', sharing: ['link-worker-team', 'activity-providers', 'gp-practice'] };
const contactPreferences: Body<'createReferral'>['contactPreferences'] = { methods: ['phone'], bestTimes: 'weekday mornings' };
const ons4Start = { lifeSatisfaction: 3, worthwhile: 4, happiness: 3, anxiety: 8 };
const ons4End = { lifeSatisfaction: 6, worthwhile: 7, happiness: 6, anxiety: 4 };

const referralBody = (over: Partial<Body<'createReferral'>> = {}): Body<'createReferral'> => ({
  newPerson: { name: personal.name2, phone: personal.phone2, dateOfBirth: '1951-07-14', contactPreferences },
  source: 'gp-practice',
  practiceName: 'Westfield Medical Practice',
  referrerUserId: practiceUserId,
  reasons: ['social-isolation', 'frailty'],
  whatMattersToMe: personal.matters2,
  contactPreferences,
  consent,
  ons4Start,
  ...over,
});

const selfReferral = (over: Partial<Body<'selfRefer'>> = {}): Body<'selfRefer'> => ({
  name: personal.name,
  email: personal.email,
  phone: personal.phone,
  contactPreferences: { methods: ['phone', 'email'] },
  reasons: ['loneliness'],
  whatMattersToMe: personal.matters,
  consent: { agreed: true, sharing: ['link-worker-team', 'activity-providers'] },
  ...over,
});

const ok = (a: ApiAnswer, status = 200) => {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
};
const fieldsOf = (a: ApiAnswer) => (a.body.errors ?? []).map((e: { field: string }) => e.field);
const raw = async (key: Record<string, string>) => (await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: key, ConsistentRead: true }))).Item;
const nextHour = () => clock.advance(3_600_000);

async function createAsLinkWorker(over: Record<string, unknown> = {}, token = lw) {
  return ok(await p.op('createReferral', { token, body: referralBody(over) }), 201);
}
async function patch(id: string, body: Record<string, unknown>, token = lw) {
  const current = ok(await p.op('getReferral', { params: { id }, token }));
  return p.op('updateReferral', { params: { id }, token, body: { version: current.version, ...body } });
}
async function closeWithOns4(id: string, start = ons4Start, end = ons4End) {
  ok(await patch(id, { status: 'contacted', ons4Start: start }));
  ok(await patch(id, { status: 'plan-agreed', plan: [{ activityId: activityA }] }));
  return ok(await patch(id, { status: 'closed', outcome: 'connected-and-improved', ons4End: end }));
}

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  const now = clock.now();
  await createProfile(
    p.deps.db,
    { userId: otherLinkWorkerId, name: 'Lwazi Dube', email: 'linkworker2@example.org', contactPreference: 'email', roles: ['linkworker'], hubIds: [], organisationIds: [] },
    now,
  );
  // the practice's account is a professional's (a resident's account cannot be named as referrer)
  await createProfile(
    p.deps.db,
    { userId: practiceUserId, name: 'Westfield Medical Practice', email: 'practice@example.org', contactPreference: 'email', roles: ['partner'], hubIds: [], organisationIds: [] },
    now,
  );
  const tokens = await Promise.all(['linkworker', 'linkworker2', 'admin', 'resident', 'partner', 'volunteer', 'coordinator'].map((n) => p.tokenFor(`${n}@example.org`)));
  [lw, lw2, admin, resident, partner, volunteer, coordinator] = tokens as [string, string, string, string, string, string, string];
});
afterAll(() => p?.stop());

describe('the journey from self-referral to outcome', () => {
  let id: string;

  it('takes a public self-referral into the link workers’ queue, with the SNOMED CT referral code', async () => {
    const receipt = ok(await p.op('selfRefer', { body: selfReferral() }), 202);
    // the receipt's reference is the short one the queue shows too
    expect(receipt.reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(receipt.status).toBe('received');
    const queue = ok(await p.op('listReferrals', { query: { scope: 'unassigned' }, token: lw }));
    const row = queue.items.find((r: { reference: string }) => r.reference === receipt.reference);
    id = row.id;
    expect(row).toMatchObject({ status: 'received', source: 'self', reasons: ['loneliness'], overdue: false });
    expect(row.personName).toBeUndefined();
    const summary = ok(await p.op('getReferral', { params: { id }, token: lw }));
    expect(summary.snomed).toEqual([{ code: '871731000000106', display: 'Referral to social prescribing service' }]);
    expect(summary.personal).toBeUndefined();
  });

  it('lets a link worker take it, and only then read what matters to the person', async () => {
    const taken = ok(await p.op('assignReferral', { params: { id }, token: lw, body: {} }));
    expect(taken.assignedTo).toBe(demoIds.users.linkworker);
    expect(taken.personal).toMatchObject({
      whatMattersToMe: personal.matters,
      person: { name: personal.name, phone: personal.phone },
      consent: { givenBy: 'person', sharing: ['link-worker-team', 'activity-providers'] },
    });
    expect((await p.op('assignReferral', { params: { id }, token: lw2, body: {} })).status).toBe(404);
    const caseload = ok(await p.op('listReferrals', { query: { status: 'received' }, token: lw }));
    expect(caseload.items.find((r: { id: string }) => r.id === id)).toMatchObject({ personName: personal.name });
  });

  it('moves through contacted and plan agreed, recording wellbeing at the start and a note', async () => {
    const contacted = ok(await patch(id, { status: 'contacted', ons4Start, note: personal.note }));
    expect(contacted).toMatchObject({ status: 'contacted', ons4Start: { ...ons4Start, recordedAt: clock.now().toISOString() } });
    expect(contacted.personal.notes).toEqual([expect.objectContaining({ text: personal.note })]);
    const planned = ok(await patch(id, { status: 'plan-agreed', plan: [{ activityId: activityA, note: 'Tuesday mornings suit her' }, { activityId: activityB }] }));
    expect(planned.status).toBe('plan-agreed');
    expect(planned.plan).toHaveLength(2);
  });

  it('books two places on the person’s behalf through reserveSeat, and the timeline shows each booking', async () => {
    const bookable = demoActivities.filter((a) => a.booking.mode === 'reserve').slice(0, 2);
    const sessionIds: string[] = [];
    for (const activity of bookable) {
      const sessions = ok(await p.op('listSessions', { params: { activityId: activity.id } }));
      const tomorrow = clock.now().getTime() + 86_400_000;
      sessionIds.push(sessions.items.find((s: { startsAt: string }) => Date.parse(s.startsAt) > tomorrow).id);
    }
    for (const sessionId of sessionIds) ok(await p.op('bookOnBehalf', { params: { id }, token: lw, body: { sessionId } }), 201);
    // a retried booking for the same session is the same reservation, not a second one
    ok(await p.op('bookOnBehalf', { params: { id }, token: lw, body: { sessionId: sessionIds[0]! } }), 201);
    const shown = ok(await p.op('getReferral', { params: { id }, token: lw }));
    expect(shown.status).toBe('connected');
    expect(shown.bookings.map((b: { sessionId: string }) => b.sessionId).sort()).toEqual([...sessionIds].sort());
    expect(shown.bookings.every((b: { reservationStatus: string }) => b.reservationStatus === 'confirmed')).toBe(true);
    const register = await raw({ pk: `SESSION#${sessionIds[0]}`, sk: `PERSON#${shown.personId}` });
    expect(register).toMatchObject({ status: 'confirmed', referralId: id, bookedBy: demoIds.users.linkworker });
  });

  it('shows the attendance the register records, and then lets the link worker mark the referral attended', async () => {
    const shown = ok(await p.op('getReferral', { params: { id }, token: lw }));
    const first = [...shown.bookings].sort((a: { startsAt: string }, b: { startsAt: string }) => a.startsAt.localeCompare(b.startsAt))[0];
    clock.set(new Date(Date.parse(first.startsAt) + 3_600_000));
    const marks = [{ markId: 'journey-mark-1', personId: shown.personId, status: 'attended' as const, markedAt: clock.now().toISOString() }];
    ok(await p.op('recordAttendance', { params: { sessionId: first.sessionId }, token: admin, body: { marks } }));
    const after = ok(await p.op('getReferral', { params: { id }, token: lw }));
    expect(after.bookings.find((b: { sessionId: string }) => b.sessionId === first.sessionId)).toMatchObject({ attendance: 'attended' });
    expect(ok(await patch(id, { status: 'attended' })).status).toBe('attended');
  });

  it('closes with an outcome and the ONS4 change, and sets the TTL that purges the personal details', async () => {
    const closed = ok(await patch(id, { status: 'closed', outcome: 'connected-and-improved', ons4End }));
    expect(closed).toMatchObject({ status: 'closed', outcome: 'connected-and-improved', ons4End: { ...ons4End } });
    expect(closed.timeline.map((e: { kind: string; status?: string }) => e.status ?? e.kind)).toEqual([
      'received',
      'assigned',
      'ons4',
      'note',
      'contacted',
      'plan',
      'plan-agreed',
      'booking',
      'connected',
      'booking',
      'attended',
      'ons4',
      'closed',
    ]);
    const details = await raw(detailsKey(id));
    const expected = Math.floor(clock.now().getTime() / 1000) + 730 * 86_400;
    expect(details?.expiresAt).toBe(expected);
    const referral = await raw(referralKey(id));
    expect(referral?.expiresAt).toBeUndefined();
    expect(JSON.stringify(referral)).not.toContain(personal.matters);
    expect((await patch(id, { status: 'contacted' })).status).toBe(400);
  });

  it('shows the resident (signed in) the status of their own self-referral, and nothing more', async () => {
    const token = await p.tokenFor('sam.self@example.org');
    const receipt = ok(await p.op('selfRefer', { token, body: selfReferral({ name: 'Sam Self', email: undefined, phone: undefined, contactPreferences: { methods: ['email'] } }) }), 202);
    const mine = ok(await p.op('listMySelfReferrals', { token })).items;
    expect(mine).toEqual([expect.objectContaining({ reference: receipt.reference, status: 'received', statusLabel: 'Received' })]);
    expect(Object.keys(mine[0]).sort()).toEqual(['createdAt', 'id', 'reference', 'status', 'statusLabel', 'updatedAt']);
    expect((await p.op('getReferral', { params: { id: mine[0].id }, token })).status).toBe(403);
    await p.stream.idle();
    const mail = await listMailbox(p.deps.db);
    const ack = mail.find((m) => m.kind === 'referral.received' && m.text.includes(receipt.reference));
    expect(ack?.text).not.toContain(personal.matters);
  });
});

describe('who may see a referral', () => {
  let id: string;
  beforeAll(async () => {
    id = (await createAsLinkWorker()).id;
  });

  it('refuses a resident, a partner, a volunteer and a coordinator (403), and another link worker (404)', async () => {
    for (const token of [resident, partner, volunteer, coordinator]) {
      expect((await p.op('getReferral', { params: { id }, token })).status).toBe(403);
      expect((await p.op('updateReferral', { params: { id }, token, body: { version: 1, status: 'contacted' } })).status).toBe(403);
      expect((await p.op('listReferrals', { token })).status).toBe(403);
    }
    const other = await p.op('getReferral', { params: { id }, token: lw2 });
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toContain(personal.name2);
    expect((await p.op('updateReferral', { params: { id }, token: lw2, body: { version: 1, status: 'contacted' } })).status).toBe(404);
    expect((await p.op('getReferralLetter', { params: { id }, token: lw2 })).status).toBe(404);
    expect((await p.op('getReferral', { params: { id } })).status).toBe(401);
    const caseload = ok(await p.op('listReferrals', { token: lw2 }));
    expect(caseload.items.map((r: { id: string }) => r.id)).not.toContain(id);
    expect((await p.op('listReferrals', { query: { scope: 'all' }, token: lw })).status).toBe(403);
  });

  it('gives an admin the summary, and the notes only with a stated reason', async () => {
    const summary = ok(await p.op('getReferral', { params: { id }, token: admin }));
    expect(summary.personal).toBeUndefined();
    expect(JSON.stringify(summary)).not.toContain(personal.matters2);
    const full = ok(await p.op('getReferral', { params: { id }, token: admin, headers: { 'x-access-reason': 'Complaint investigation ref 2026-114' } }));
    expect(full.personal.whatMattersToMe).toBe(personal.matters2);
    const viaQuery = ok(await p.op('getReferral', { params: { id }, query: { reason: 'Safeguarding review' }, token: admin }));
    expect(viaQuery.personal).toBeDefined();
    const all = ok(await p.op('listReferrals', { query: { scope: 'all', limit: '50' }, token: admin }));
    expect(all.items.map((r: { id: string }) => r.id)).toContain(id);
    expect(all.items.every((r: { personName?: string }) => r.personName === undefined)).toBe(true);
  });

  it('writes an audit entry for every read, which only admins can list', async () => {
    const before = ok(await p.op('listReferralAudit', { params: { id }, query: { limit: '100' }, token: admin })).items.length;
    for (let i = 0; i < 3; i++) ok(await p.op('getReferral', { params: { id }, token: lw }));
    await p.op('getReferral', { params: { id }, token: lw2 });
    ok(await p.op('listReferrals', { token: lw }));
    const audit = ok(await p.op('listReferralAudit', { params: { id }, query: { limit: '100' }, token: admin })).items;
    expect(audit.length).toBe(before + 5);
    const newest = audit.slice(0, 5).map((e: { action: string; actorId: string }) => `${e.action}:${e.actorId}`);
    expect(newest).toEqual([`list:${demoIds.users.linkworker}`, `denied:${otherLinkWorkerId}`, ...Array(3).fill(`read-personal:${demoIds.users.linkworker}`)]);
    expect(audit.find((e: { reason?: string }) => e.reason === 'Complaint investigation ref 2026-114')).toMatchObject({ action: 'read-personal', actorId: demoIds.users.admin });
    expect((await p.op('listReferralAudit', { params: { id }, token: lw })).status).toBe(403);
  });
});

describe('creating and changing referrals', () => {
  it('refers a resident with an account, making their person record from their profile', async () => {
    const created = await createAsLinkWorker({ newPerson: undefined, userId: demoIds.users.resident, source: 'hospital-discharge', practiceName: undefined });
    expect(created.personId).toBe(demoIds.users.resident);
    expect(created.personal.person).toMatchObject({ name: 'Rosa Bennett', userId: demoIds.users.resident });
    const again = await createAsLinkWorker({ newPerson: undefined, userId: demoIds.users.resident, source: 'community-group', practiceName: undefined });
    expect(again.personId).toBe(demoIds.users.resident);
  });

  it('refers an account holder twice at once: both referrals stand, on their one person record', async () => {
    // service.ts createReferral: the person record of an account holder is made apart, once, so the second
    // request's transaction does not fail on a record the first just wrote
    const userId = '01JTESTACCT000000000000001';
    await createProfile(p.deps.db, { userId, name: 'Nia Okafor', email: 'nia@example.org', contactPreference: 'email', roles: ['resident'], hubIds: [], organisationIds: [] }, clock.now());
    const answers = await Promise.all([0, 1].map(() => p.op('createReferral', { token: lw, body: referralBody({ newPerson: undefined, userId, practiceName: undefined }) })));
    for (const a of answers) expect(ok(a, 201).personId).toBe(userId);
    expect(answers[0]!.body.id).not.toBe(answers[1]!.body.id);
    expect(await raw({ pk: `PERSON#${userId}`, sk: 'PERSON' })).toMatchObject({ name: 'Nia Okafor', userId });
  });

  it('records a person who is not online, then refers them by their record', async () => {
    const person = ok(await p.op('createPerson', { token: lw, body: { name: 'Ivy Marsh', phone: '01632 960555', contactPreferences: { methods: ['letter'], notes: 'Large print please' } } }), 201);
    const created = await createAsLinkWorker({ newPerson: undefined, personId: person.id, source: 'other' });
    expect(created.personal.person.name).toBe('Ivy Marsh');
    expect((await p.op('getPerson', { params: { id: person.id }, token: lw2 })).status).toBe(404);
    expect((await p.op('getPerson', { params: { id: person.id }, token: admin })).status).toBe(403);
    expect(ok(await p.call('GET', `/api/people/${person.id}?reason=Data%20quality%20check`, { token: admin })).name).toBe('Ivy Marsh');
    const changed = ok(await p.op('updatePerson', { params: { id: person.id }, token: lw, body: { phone: null, email: 'ivy@example.net' } }));
    expect(changed.phone).toBeUndefined();
    expect(changed.email).toBe('ivy@example.net');
  });

  it('answers a retried create with the same Idempotency-Key with the same referral', async () => {
    const headers = { 'idempotency-key': 'create-desmond-1' };
    const first = ok(await p.op('createReferral', { token: lw, body: referralBody(), headers }), 201);
    const second = ok(await p.op('createReferral', { token: lw, body: referralBody(), headers }), 201);
    expect(second.id).toBe(first.id);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const count = async () => ok(await p.op('listReferrals', { query: { limit: '50' }, token: lw })).items.length;
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [{ reasons: ['social-isolation', 'not-a-priority'] }, 'body.reasons.1'],
      [{ reasons: [] }, 'body.reasons'],
      [{ source: 'pharmacy' }, 'body.source'],
      [{ whatMattersToMe: '' }, 'body.whatMattersToMe'],
      [{ consent: { ...consent, sharing: [] } }, 'body.consent.sharing'],
      [{ consent: { ...consent, givenBy: 'carer' } }, 'body.consent.givenByName'],
      [{ ons4Start: { ...ons4Start, anxiety: 11 } }, 'body.ons4Start.anxiety'],
      [{ userId: demoIds.users.resident }, 'body.personId'],
      [{ newPerson: undefined, userId: '01JNOSUCHUSER0000000000000' }, 'body.userId'],
      [{ referrerUserId: '01JNOSUCHUSER0000000000000' }, 'body.referrerUserId'],
      [{ status: 'closed' }, 'body.status'],
      [{ newPerson: { name: 'X', phone: 'call me' } }, 'body.newPerson.phone'],
    ];
    for (const [over, field] of cases) {
      const answer = await p.op('createReferral', { token: lw, body: referralBody(over) });
      expect(answer.status, field).toBe(400);
      expect(fieldsOf(answer), JSON.stringify(answer.body)).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('validates moves with the workflow rules, and writes nothing when one is refused', async () => {
    const { id } = await createAsLinkWorker();
    const refused = await patch(id, { status: 'closed', outcome: 'did-not-engage' });
    expect(refused.status).toBe(400);
    expect(refused.problem.errors[0]).toMatchObject({ field: 'body.status', rule: 'invalid_transition' });
    ok(await patch(id, { status: 'contacted' }));
    const noPlan = await patch(id, { status: 'plan-agreed' });
    expect(noPlan.problem.errors[0]).toMatchObject({ field: 'body.plan', rule: 'required' });
    expect(fieldsOf(await patch(id, { plan: [{ activityId: '01JNOSUCHACT00000000000000' }] }))).toEqual(['body.plan.0.activityId']);
    expect(fieldsOf(await patch(id, { status: 'connected' }))).toEqual(['body.status']);
    expect(fieldsOf(await patch(id, { outcome: 'moved-away' }))).toEqual(['body.outcome']);
    expect(fieldsOf(await patch(id, { status: 'closed' }))).toEqual(['body.outcome']);
    const stale = await p.op('updateReferral', { params: { id }, token: lw, body: { version: 1, note: 'late' } });
    expect(stale.status).toBe(409);
    const now = ok(await p.op('getReferral', { params: { id }, token: lw }));
    expect(now).toMatchObject({ status: 'contacted', version: 2, plan: [] });
    expect(now.personal.notes).toEqual([]);
    // two changes sent at once from the same version: the write's condition lets one through (data.ts saveReferral)
    const both = await Promise.all(['first', 'second'].map((note) => p.op('updateReferral', { params: { id }, token: lw, body: { version: 2, note } })));
    expect(both.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(both.find((a) => a.status === 409)!.problem.code).toBe('version_mismatch');
    expect(ok(await p.op('getReferral', { params: { id }, token: lw })).personal.notes).toHaveLength(1);
  });

  it('flags a referral not contacted within the set number of days', async () => {
    const { id } = await createAsLinkWorker();
    expect(ok(await p.op('listReferrals', { query: { overdue: 'true', limit: '50' }, token: lw })).items.map((r: { id: string }) => r.id)).not.toContain(id);
    clock.advance(8 * 86_400_000);
    const overdue = ok(await p.op('listReferrals', { query: { overdue: 'true', limit: '50' }, token: lw })).items;
    expect(overdue.find((r: { id: string }) => r.id === id)).toMatchObject({ overdue: true, status: 'received' });
    expect(overdue.every((r: { status: string }) => r.status === 'received')).toBe(true);
    ok(await patch(id, { status: 'contacted' }));
    expect(ok(await p.op('listReferrals', { query: { overdue: 'true', limit: '50' }, token: lw })).items.map((r: { id: string }) => r.id)).not.toContain(id);
  });
});

describe('declining, and the message back to the GP', () => {
  it('adds the SNOMED CT declined code and sends the referrer a summary without notes', async () => {
    const { id } = await createAsLinkWorker();
    ok(await patch(id, { note: personal.note }));
    const declined = ok(await patch(id, { status: 'declined', declinedReason: 'Would rather wait until after her operation' }));
    expect(declined.snomed.map((c: { code: string }) => c.code)).toEqual(['871731000000106', '871711000000103']);
    expect((await raw(detailsKey(id)))?.expiresAt).toBeGreaterThan(0);
    await p.stream.idle();
    const message = await eventually(async () => {
      const found = (await listMailbox(p.deps.db)).find((m) => m.kind === 'referral.declined' && m.text.includes(declined.reference));
      if (!found) throw new Error('not yet');
      return found;
    });
    expect(message.address).toBe('practice@example.org');
    expect(message.text).toContain('SNOMED CT 871711000000103');
    expect(message.text).not.toContain(personal.note);
    expect(message.text).not.toContain(personal.matters2);
    const letter = ok(await p.op('getReferralLetter', { params: { id }, token: lw }));
    expect(letter.text).toContain('Westfield Medical Practice');
  });

  it('refuses the letter when the person did not consent to sharing with their GP', async () => {
    const { id } = await createAsLinkWorker({ consent: { ...consent, sharing: ['link-worker-team'] } });
    expect((await p.op('getReferralLetter', { params: { id }, token: lw })).status).toBe(422);
  });
});

describe('outcomes in aggregate only', () => {
  it('suppresses the wellbeing change under five people, then reports means', async () => {
    expect((await p.op('getReferralOutcomes', { token: lw })).status).toBe(403);
    const first = ok(await p.op('getReferralOutcomes', { token: admin }));
    expect(first.wellbeing.suppressed).toBe(true);
    expect(first.wellbeing.questions).toBeUndefined();
    expect(first.referrals.byStatus.attended).toBeNull();
    // close one more at a time: the first report not suppressed counts exactly five people
    let report = first;
    while (report.wellbeing.suppressed) {
      await closeWithOns4((await createAsLinkWorker()).id);
      report = ok(await p.op('getReferralOutcomes', { token: admin }));
    }
    expect(report.wellbeing).toMatchObject({ people: 5, suppressed: false });
    expect(report.wellbeing.questions.lifeSatisfaction.meanStart).toBeCloseTo(3, 0);
    expect(report.wellbeing.questions.lifeSatisfaction.meanChange).toBeGreaterThanOrEqual(3);
    expect(report.wellbeing.questions.anxiety.meanChange).toBeLessThanOrEqual(-3);
    expect(report.referrals.byStatus.closed).toBe(5);
    expect(JSON.stringify(report)).not.toMatch(/personId|Thistlewood|Okonjo/);
  });
});

describe('subject access and erasure', () => {
  let personId: string;
  let referralId: string;
  beforeAll(async () => {
    const created = await createAsLinkWorker({ newPerson: { name: 'Winifred Parslow', email: 'winnie.parslow@example.net', contactPreferences } });
    personId = created.personId;
    referralId = created.id;
    await closeWithOns4(referralId);
  });

  it('exports everything held on a person, for an admin who gives a reason', async () => {
    expect((await p.op('exportPersonData', { params: { id: personId }, token: admin })).status).toBe(403);
    expect((await p.call('GET', `/api/person-data/${personId}?reason=Subject%20access%20request`, { token: lw })).status).toBe(403);
    const data = ok(await p.call('GET', `/api/person-data/${personId}?reason=Subject%20access%20request%20SAR-7`, { token: admin }));
    expect(data.items.person[0]).toMatchObject({ name: 'Winifred Parslow', email: 'winnie.parslow@example.net' });
    expect(data.items.referral).toHaveLength(1);
    expect(data.items.referralDetails[0].whatMattersToMe).toBe(personal.matters2);
    expect(data.items.reservation).toEqual([]);
    expect(data.items.referralAudit.map((a: { action: string }) => a.action)).toEqual(expect.arrayContaining(['create', 'read-personal', 'update']));
  });

  it('lets a resident export their own data', async () => {
    const data = ok(await p.op('exportPersonData', { params: { id: demoIds.users.resident }, token: resident }));
    expect(data.items.profile[0].email).toBe('resident@example.org');
    expect(data.items.referral.length).toBeGreaterThan(0);
    expect((await p.op('exportPersonData', { params: { id: personId }, token: resident })).status).toBe(403);
  });

  it('erases personal fields and details, keeping the anonymous referral in the counts', async () => {
    const before = ok(await p.op('getReferralOutcomes', { token: admin }));
    expect(fieldsOf(await p.op('erasePersonData', { params: { id: personId }, token: admin }))).toEqual(['query.reason']);
    expect((await p.call('DELETE', `/api/person-data/${personId}?reason=Erasure%20request%20ER-3`, { token: lw })).status).toBe(403);
    ok(await p.call('DELETE', `/api/person-data/${personId}?reason=Erasure%20request%20ER-3`, { token: admin }));
    const person = await raw(personKey(personId));
    expect(person).toMatchObject({ erasedAt: expect.any(String) });
    expect(person?.name).toBeUndefined();
    expect(person?.email).toBeUndefined();
    expect(await raw(detailsKey(referralId))).toBeUndefined();
    const referral = ok(await p.op('getReferral', { params: { id: referralId }, token: lw }));
    expect(referral).toMatchObject({ status: 'closed', ons4End: expect.any(Object) });
    expect(referral.personal).toBeUndefined();
    const after = ok(await p.op('getReferralOutcomes', { token: admin }));
    expect(after.referrals).toEqual(before.referrals);
    expect(after.wellbeing).toEqual(before.wellbeing);
    const exported = ok(await p.call('GET', `/api/person-data/${personId}?reason=Check%20erasure`, { token: admin }));
    expect(JSON.stringify(exported)).not.toMatch(/Winifred|winnie|Albert|allotment/);
  });
});

describe('self-referral spam resistance', () => {
  it('accepts a filled-in honeypot without saving anything', async () => {
    nextHour();
    const before = ok(await p.op('listReferrals', { query: { scope: 'unassigned', limit: '50' }, token: lw })).items.length;
    const answer = await p.op('selfRefer', { body: selfReferral({ website: 'http://cheap-pills.example' }) });
    expect(answer.status).toBe(202);
    expect(ok(await p.op('listReferrals', { query: { scope: 'unassigned', limit: '50' }, token: lw })).items.length).toBe(before);
  });

  it('limits self-referrals from one address: 429 with Retry-After, counted in a TTL’d item', async () => {
    nextHour();
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await p.op('selfRefer', { body: selfReferral() }));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202, 429, 429]);
    const limited = answers[5]!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('content-type')).toContain('application/problem+json');
    const seconds = Math.floor(clock.now().getTime() / 1000);
    const windowStart = seconds - (seconds % 3600);
    const counter = await raw(rateLimitKey('selfRefer', 'address:127.0.0.1', windowStart)).then((i) => i ?? raw(rateLimitKey('selfRefer', 'address:::ffff:127.0.0.1', windowStart)));
    expect(counter).toMatchObject({ count: 5, expiresAt: windowStart + 3600 + 60 });
    nextHour();
    expect((await p.op('selfRefer', { body: selfReferral() })).status).toBe(202);
  });

  it('refuses a self-referral with no way to contact the person, naming the field, and saves nothing', async () => {
    nextHour();
    const answer = await p.op('selfRefer', { body: selfReferral({ email: undefined, phone: undefined, contactPreferences: { methods: ['letter'] } }) });
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer)).toContain('body.phone');
    const unknown = await p.call('POST', '/api/self-referrals', { body: { ...selfReferral(), status: 'closed', consent: { agreed: false, sharing: [] } } });
    expect(fieldsOf(unknown)).toEqual(expect.arrayContaining(['body.status', 'body.consent.agreed', 'body.consent.sharing']));
  });
});

describe('logs', () => {
  it('never contain notes, names, emails or phone numbers after all of the above', async () => {
    await p.stream.idle();
    const logs = p.logLines.join('\n');
    expect(p.logLines.length).toBeGreaterThan(50);
    for (const value of [...Object.values(personal), 'Winifred Parslow', 'winnie.parslow@example.net', 'Ivy Marsh', '01632 960555', 'Large print please']) {
      expect(logs, value).not.toContain(value);
    }
    expect(logs).not.toMatch(/07700 ?900/);
    expect(logs).not.toMatch(/@example\.net/);
  });

  it('keeps the raw table free of the sender’s address', async () => {
    const { Items = [] } = await p.deps.db.doc.send(
      new QueryCommand({ TableName: p.deps.db.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'CASELOAD#UNASSIGNED' } }),
    );
    expect(JSON.stringify(Items)).not.toContain('127.0.0.1');
  });
});

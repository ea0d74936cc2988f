/**
 * What the link worker's and resident's pages need from the API, and consent where referral data flows,
 * through real HTTP against DynamoDB Local:
 * - one short reference per referral (receipt, email, queue, referral); a signed-in resident's contact details
 *   kept on their record and the referral;
 * - a caseload to work (overdue first, follow-ups due, finished cases only when asked), "what matters" with
 *   its history, notes with their writer's name, contact attempts, the outcomes of the caseload;
 * - issue 17 point 5: the person's "share with activity providers" consent decides whether the organisers see
 *   their name and the referral on bookings and the register; consent cannot be dated in the future; it can be
 *   withdrawn, which stops sharing from then and is recorded;
 * - issue 17 point 7: the closing letter goes only to the referrer recorded when the referral was made (a
 *   professional's account or an organisation), and naming a resident as referrer is refused;
 * - booking: the activity's questions answered and kept with the booking (on the organisers' lists and the
 *   register), no companion place where the activity has none, where each booking is, a session's calendar.
 */

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoActivities } from '../../functions/local/seed/directory';
import { demoIds } from '../../functions/local/seed/ids';
import { listMailbox } from '../../functions/messages/data';
import { auditOfPerson, detailsKey, personKey } from '../../functions/referrals/data';
import type { Body } from '../helpers/bodies';
import { type ApiAnswer, eventually, startPlatform, type TestPlatform } from '../helpers/platform';

const clock = manualClock('2026-03-02T09:00:00Z');
let p: TestPlatform;
let lw: string, admin: string, resident: string, coordinator: string, partner: string;

const byTitle = (start: string) => demoActivities.find((a) => a.title.startsWith(start))!;
const steadySteps = byTitle('Steady Steps'); // reserve, Oak Road (the demo coordinator's hub), Age Well (the demo partner's)
const lunchClub = byTitle('Lunch Club'); // reserve, asks about dietary needs
const talkingSpace = byTitle('Talking Space'); // reserve, no companion places

const ok = (a: ApiAnswer, status = 200) => {
  expect(a.status, JSON.stringify(a.body)).toBe(status);
  return a.body;
};
const fieldsOf = (a: ApiAnswer) => (a.body.errors ?? []).map((e: { field: string }) => e.field);
const raw = async (key: Record<string, string>) => (await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: key, ConsistentRead: true }))).Item;

const contactPreferences: Body<'createReferral'>['contactPreferences'] = { methods: ['phone'] };
const consent = (sharing: Body<'createReferral'>['consent']['sharing'], givenAt = '2026-03-01T10:00:00Z'): Body<'createReferral'>['consent'] => ({ givenBy: 'person', givenAt, sharing });
const referralBody = (over: Partial<Body<'createReferral'>> = {}): Body<'createReferral'> => ({
  newPerson: { name: 'Winifred Ashdown', phone: '07700 900505', contactPreferences },
  source: 'gp-practice',
  reasons: ['social-isolation'],
  whatMattersToMe: 'I would like to get out of the house and meet people again.',
  contactPreferences,
  consent: consent(['link-worker-team', 'activity-providers', 'gp-practice']),
  ...over,
});
const create = async (over: Partial<Body<'createReferral'>> = {}) => ok(await p.op('createReferral', { token: lw, body: referralBody(over) }), 201);
async function patch(id: string, body: Record<string, unknown>) {
  const current = ok(await p.op('getReferral', { params: { id }, token: lw }));
  return p.op('updateReferral', { params: { id }, token: lw, body: { version: current.version, ...body } });
}
/** The first session of an activity open for booking now. */
async function openSession(activityId: string, skip = 0): Promise<string> {
  const sessions = ok(await p.op('listSessions', { params: { activityId } })).items as { id: string; opensAt: string; closesAt: string }[];
  const now = clock.now().toISOString();
  return sessions.filter((s) => s.opensAt <= now && s.closesAt > now)[skip]!.id;
}

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  [lw, admin, resident, coordinator, partner] = (await Promise.all(['linkworker', 'admin', 'resident', 'coordinator', 'partner'].map((n) => p.tokenFor(`${n}@example.org`)))) as [
    string,
    string,
    string,
    string,
    string,
  ];
});
afterAll(() => p?.stop());

describe('one reference per referral, and what a signed-in resident types is kept', () => {
  it('gives the same short reference on the receipt, in the email, in the queue and on the referral', async () => {
    const token = await p.tokenFor('olive.ref@example.org');
    const receipt = ok(
      await p.op('selfRefer', {
        token,
        body: {
          name: 'Olive Reference',
          phone: '07700 900611',
          contactPreferences: { methods: ['phone', 'email'] },
          whatMattersToMe: 'Company, mostly.',
          consent: { agreed: true, sharing: ['link-worker-team'] },
        },
      }),
      202,
    );
    expect(receipt.reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    const queue = ok(await p.op('listReferrals', { query: { scope: 'unassigned' }, token: lw })).items;
    const row = queue.find((r: { reference: string }) => r.reference === receipt.reference);
    expect(row.id.endsWith(receipt.reference.replace('-', ''))).toBe(true);
    expect(ok(await p.op('getReferral', { params: { id: row.id }, token: lw })).reference).toBe(receipt.reference);
    expect(ok(await p.op('listMySelfReferrals', { token })).items[0].reference).toBe(receipt.reference);
    await p.stream.idle();
    const mail = await eventually(async () => {
      const found = (await listMailbox(p.deps.db)).find((m) => m.kind === 'referral.received' && m.address === 'olive.ref@example.org');
      if (!found) throw new Error('not yet');
      return found;
    });
    expect(`${mail.subject} ${mail.text}`).toContain(receipt.reference);
    expect(mail.text).not.toContain(row.id);
  });

  it('keeps the phone number a signed-in resident types, on their record and the referral, when they already have a record', async () => {
    // Rosa (the demo resident) has a person record from an earlier request, without a phone number
    const before = await raw(personKey(demoIds.users.resident));
    expect(before?.phone).toBeUndefined();
    const receipt = ok(
      await p.op('selfRefer', {
        token: resident,
        body: {
          name: 'Rosa Bennett',
          phone: '07700 900123',
          email: 'resident@example.org',
          contactPreferences: { methods: ['phone'] },
          whatMattersToMe: 'A break from caring.',
          consent: { agreed: true, sharing: ['link-worker-team'] },
        },
      }),
      202,
    );
    expect((await raw(personKey(demoIds.users.resident)))?.phone).toBe('07700 900123');
    const row = ok(await p.op('listReferrals', { query: { scope: 'unassigned' }, token: lw })).items.find((r: { reference: string }) => r.reference === receipt.reference);
    const details = await raw(detailsKey(row.id));
    expect(details?.contact).toEqual({ phone: '07700 900123', email: 'resident@example.org' });
  });
});

describe('a caseload to work', () => {
  it('makes a referral for someone who phoned as already contacted, and lists overdue cases first and finished ones only when asked', async () => {
    const phoned = await create({ source: 'self', contacted: true, newPerson: { name: 'Percy Phoned', phone: '07700 900701', contactPreferences } });
    expect(phoned.status).toBe('contacted');
    expect(phoned.timeline.map((e: { status?: string; kind: string }) => e.status ?? e.kind)).toEqual(['received', 'contacted']);

    const closed = await create({ newPerson: { name: 'Clara Closed', phone: '07700 900702', contactPreferences } });
    ok(await patch(closed.id, { status: 'contacted' }));
    ok(await patch(closed.id, { status: 'closed', outcome: 'moved-away' }));

    const caseload = ok(await p.op('listReferrals', { token: lw })).items as { id: string; reference: string; overdue: boolean; status: string; personName?: string }[];
    expect(caseload.some((r) => r.id === closed.id)).toBe(false);
    const firstNotOverdue = caseload.findIndex((r) => !r.overdue);
    expect(
      caseload.slice(firstNotOverdue).some((r) => r.overdue),
      'overdue cases come first',
    ).toBe(false);
    expect(
      caseload.some((r) => r.overdue),
      'the demo caseload has an overdue case',
    ).toBe(true);
    expect(caseload.find((r) => r.id === phoned.id)).toMatchObject({ personName: 'Percy Phoned', reference: phoned.reference });
    const withClosed = ok(await p.op('listReferrals', { query: { includeClosed: 'true' }, token: lw })).items as { id: string; status: string }[];
    const at = withClosed.findIndex((r) => r.id === closed.id);
    expect(at).toBeGreaterThan(0);
    expect(
      withClosed.slice(at).every((r) => r.status === 'closed' || r.status === 'declined'),
      'finished cases come last',
    ).toBe(true);
  });

  it('puts a case on the due-today list from its follow-up date, logs contact attempts, and keeps what matters with its history', async () => {
    const r = await create({ newPerson: { name: 'Fred Followup', phone: '07700 900703', contactPreferences } });
    expect(fieldsOf(await patch(r.id, { followUpOn: '2026-03-01' }))).toEqual(['body.followUpOn']);
    ok(await patch(r.id, { followUpOn: '2026-03-05', contactAttempt: { method: 'phone', outcome: 'no-answer' } }));
    let shown = ok(await p.op('getReferral', { params: { id: r.id }, token: lw }));
    expect(shown).toMatchObject({ followUpOn: '2026-03-05', followUpDue: false });
    expect(shown.timeline.find((e: { kind: string }) => e.kind === 'contact').detail).toBe('Phone call: no answer');

    ok(await patch(r.id, { whatMattersToMe: 'To feel useful again: maybe volunteering.', note: 'Prefers afternoons.' }));
    shown = ok(await p.op('getReferral', { params: { id: r.id }, token: lw }));
    expect(shown.personal.whatMattersToMe).toBe('To feel useful again: maybe volunteering.');
    expect(shown.personal.whatMattersHistory).toEqual([
      expect.objectContaining({ text: 'I would like to get out of the house and meet people again.', by: demoIds.users.linkworker, byName: 'Lena Kowalski' }),
    ]);
    expect(shown.personal.notes).toEqual([expect.objectContaining({ text: 'Prefers afternoons.', byName: 'Lena Kowalski' })]);

    clock.set(new Date('2026-03-05T08:00:00Z'));
    const caseload = ok(await p.op('listReferrals', { token: lw })).items as { id: string; followUpDue: boolean; overdue: boolean }[];
    expect(caseload.find((c) => c.id === r.id)?.followUpDue).toBe(true);
    // after the overdue ones, the follow-ups due
    const due = caseload.findIndex((c) => c.id === r.id);
    expect(caseload.slice(0, due).every((c) => c.overdue || c.followUpDue)).toBe(true);
    clock.set(new Date('2026-03-02T09:00:00Z'));
  });

  it('refuses a booking on a finished referral', async () => {
    const r = await create({ newPerson: { name: 'Dora Done', phone: '07700 900704', contactPreferences } });
    ok(await patch(r.id, { status: 'contacted' }));
    ok(await patch(r.id, { status: 'closed', outcome: 'did-not-engage' }));
    const answer = await p.op('bookOnBehalf', { params: { id: r.id }, token: lw, body: { sessionId: await openSession(steadySteps.id) } });
    expect(answer.status).toBe(422);
  });
});

describe('consent decides what the activity’s organisers see (issue 17, point 5)', () => {
  it('shows the organisers the name and the referral of someone who agreed to share with activity providers', async () => {
    const r = await create({ newPerson: { name: 'Sharon Shares', phone: '07700 900801', contactPreferences } });
    const sessionId = await openSession(steadySteps.id);
    ok(await p.op('bookOnBehalf', { params: { id: r.id }, token: lw, body: { sessionId } }), 201);
    const bookings = ok(await p.op('listSessionReservations', { params: { sessionId }, token: coordinator })).items;
    expect(bookings.find((b: { personId: string }) => b.personId === r.personId)).toMatchObject({ personName: 'Sharon Shares', referralId: r.id });
    const register = ok(await p.op('getRegister', { params: { sessionId }, token: coordinator }));
    expect(register.people.find((x: { personId: string }) => x.personId === r.personId).name).toBe('Sharon Shares');
  });

  it('hides the name and the referral of someone who did not, even when they have an account with a name', async () => {
    const r = await create({ newPerson: undefined, userId: demoIds.users.resident, source: 'gp-practice', consent: consent(['link-worker-team']) });
    const sessionId = await openSession(talkingSpace.id, 1);
    ok(await p.op('bookOnBehalf', { params: { id: r.id }, token: lw, body: { sessionId } }), 201);
    const booking = ok(await p.op('listSessionReservations', { params: { sessionId }, token: coordinator })).items.find((b: { personId: string }) => b.personId === demoIds.users.resident);
    expect(booking.personName).toBeUndefined();
    expect(booking.referralId).toBeUndefined();
    const register = ok(await p.op('getRegister', { params: { sessionId }, token: coordinator }));
    expect(register.people.find((x: { personId: string }) => x.personId === demoIds.users.resident).name).not.toContain('Rosa');
  });

  it('stops sharing from the moment consent is withdrawn, and records who withdrew it and when', async () => {
    const r = await create({ newPerson: { name: 'Walter Withdraws', phone: '07700 900802', contactPreferences } });
    const sessionId = await openSession(steadySteps.id, 1);
    ok(await p.op('bookOnBehalf', { params: { id: r.id }, token: lw, body: { sessionId } }), 201);
    const seen = () => p.op('listSessionReservations', { params: { sessionId }, token: partner }).then((a) => ok(a).items.find((b: { personId: string }) => b.personId === r.personId));
    expect((await seen()).personName).toBe('Walter Withdraws');

    const withdrawn = ok(await patch(r.id, { withdrawConsent: ['activity-providers'] }));
    expect(withdrawn.personal.consent.withdrawals).toEqual([{ scope: 'activity-providers', at: clock.now().toISOString(), by: demoIds.users.linkworker }]);
    expect(withdrawn.timeline.at(-1)).toMatchObject({ kind: 'consent', by: demoIds.users.linkworker });
    const after = await seen();
    expect(after.personName).toBeUndefined();
    expect(after.referralId).toBeUndefined();
  });

  it('refuses consent dated in the future, naming the field, and writes nothing', async () => {
    const before = ok(await p.op('listReferrals', { token: lw })).items.length;
    const answer = await p.op('createReferral', { token: lw, body: referralBody({ consent: consent(['link-worker-team'], '2026-03-09T10:00:00Z') }) });
    expect(answer.status).toBe(400);
    expect(fieldsOf(answer)).toEqual(['body.consent.givenAt']);
    expect(ok(await p.op('listReferrals', { token: lw })).items.length).toBe(before);
  });
});

describe('communication needs on the record of someone who phoned (issue 20, point 1)', () => {
  it('the link worker records them; the caseload, who is booked and the register flag them, each read audited; a way their record cannot serve is refused', async () => {
    const r = await create({ newPerson: { name: 'Norah Needs', phone: '07700 900901', contactPreferences } });
    const letterWithoutAddress = await p.op('updatePerson', { params: { id: r.personId }, token: lw, body: { communication: { channel: 'letter', needs: [] } } });
    expect(letterWithoutAddress.status).toBe(400);
    expect(fieldsOf(letterWithoutAddress)).toEqual(['body.communication.postalAddress']);
    expect(ok(await p.op('getPerson', { params: { id: r.personId }, token: lw })).communication).toBeUndefined();
    // a resident may not record someone else's
    expect((await p.op('updatePerson', { params: { id: r.personId }, token: resident, body: { communication: { channel: 'phone', needs: [] } } })).status).toBe(403);

    const saved = ok(await p.op('updatePerson', { params: { id: r.personId }, token: lw, body: { communication: { channel: 'phone', needs: ['large-print', 'bsl-interpreter'] } } }));
    expect(saved.communication).toEqual({ channel: 'phone', needs: ['large-print', 'bsl-interpreter'], recorded: true });
    expect(ok(await p.op('getReferral', { params: { id: r.id }, token: lw })).personal.person.communication).toMatchObject({ channel: 'phone', needs: ['large-print', 'bsl-interpreter'] });
    const mine = ok(await p.op('listReferrals', { query: { scope: 'mine' }, token: lw })).items.find((x: { id: string }) => x.id === r.id);
    expect(mine).toMatchObject({ personName: 'Norah Needs', communicationNeeds: ['large-print', 'bsl-interpreter'] });

    // she agreed to share with activity providers: the organisers see her needs beside her name
    const sessionId = await openSession(steadySteps.id);
    ok(await p.op('bookOnBehalf', { params: { id: r.id }, token: lw, body: { sessionId } }), 201);
    const booked = ok(await p.op('listSessionReservations', { params: { sessionId }, token: coordinator })).items.find((b: { personId: string }) => b.personId === r.personId);
    expect(booked).toMatchObject({ personName: 'Norah Needs', communicationNeeds: ['large-print', 'bsl-interpreter'] });
    const register = ok(await p.op('getRegister', { params: { sessionId }, token: coordinator }));
    expect(register.people.find((x: { personId: string }) => x.personId === r.personId).communicationNeeds).toEqual(['large-print', 'bsl-interpreter']);
    const reads = (await auditOfPerson(p.deps.db, r.personId)).filter((a) => a.action === 'read-communication-needs');
    expect(reads.map((a) => a.reason)).toEqual([expect.stringMatching(/^who is booked on Steady Steps/), expect.stringMatching(/^register of Steady Steps/)]);
    expect(reads.every((a) => a.actorId === demoIds.users.coordinator)).toBe(true);
  });
});

describe('the closing letter goes only to the referrer recorded at referral time (issue 17, point 7)', () => {
  it('refuses a resident named as the referrer', async () => {
    const answer = await p.op('createReferral', { token: lw, body: referralBody({ referrerUserId: demoIds.users.resident }) });
    expect(answer.status).toBe(400);
    expect(answer.problem.errors).toEqual([expect.objectContaining({ field: 'body.referrerUserId', rule: 'not_a_professional' })]);
  });

  it('refuses two referrers, and an organisation that is not in the directory', async () => {
    expect(fieldsOf(await p.op('createReferral', { token: lw, body: referralBody({ referrerUserId: demoIds.users.coordinator, referrerOrganisationId: demoIds.organisations.ageWell }) }))).toEqual([
      'body.referrerOrganisationId',
    ]);
    expect(fieldsOf(await p.op('createReferral', { token: lw, body: referralBody({ referrerOrganisationId: '01JTESTORG0000000000000099' }) }))).toEqual(['body.referrerOrganisationId']);
  });

  it('sends the letter to the referring organisation’s address, and to a professional’s account, and to no one else', async () => {
    const fromOrg = await create({ referrerOrganisationId: demoIds.organisations.ageWell });
    ok(await patch(fromOrg.id, { status: 'declined', declinedReason: 'Moving to live with her son' }));
    const fromProfessional = await create({ referrerUserId: demoIds.users.coordinator });
    ok(await patch(fromProfessional.id, { status: 'declined', declinedReason: 'Already goes to the lunch club' }));
    await p.stream.idle();
    const letters = await eventually(async () => {
      const found = (await listMailbox(p.deps.db)).filter((m) => m.kind === 'referral.declined' && (m.text.includes(fromOrg.reference) || m.text.includes(fromProfessional.reference)));
      if (found.length < 2) throw new Error('not yet');
      return found;
    });
    expect(letters.find((m) => m.text.includes(fromOrg.reference))?.address).toBe('info@agewell.example.org');
    expect(letters.find((m) => m.text.includes(fromProfessional.reference))?.address).toBe('coordinator@example.org');
  });
});

describe('booking what the activity needs', () => {
  it('keeps the answers to the activity’s questions with the booking, for the person, the organisers and the register', async () => {
    const token = await p.tokenFor('diet.answers@example.org');
    const sessionId = await openSession(lunchClub.id, 1);
    const unknown = await p.op('reserveSeat', { params: { sessionId }, token, body: { answers: [{ questionId: 'shoe-size', answer: '6' }] }, headers: { 'idempotency-key': 'answers-0' } });
    expect(unknown.status).toBe(400);
    expect(fieldsOf(unknown)).toEqual(['body.answers.shoe-size']);
    ok(await p.op('reserveSeat', { params: { sessionId }, token, body: { answers: [{ questionId: 'diet', answer: 'Vegetarian, no nuts' }] }, headers: { 'idempotency-key': 'answers-1' } }), 201);
    const expected = [{ questionId: 'diet', question: 'Any dietary needs or allergies?', answer: 'Vegetarian, no nuts' }];
    const mine = ok(await p.op('listMyReservations', { token })).items[0];
    expect(mine).toMatchObject({ answers: expected, place: { name: 'Oak Road Community Centre', address: '14 Oak Road, Westfield WF1 2AB' } });
    const organisers = ok(await p.op('listSessionReservations', { params: { sessionId }, token: coordinator })).items.find((b: { id: string }) => b.id === mine.id);
    expect(organisers.answers).toEqual(expected);
    const register = ok(await p.op('getRegister', { params: { sessionId }, token: coordinator }));
    expect(register.people.find((x: { answers?: unknown }) => x.answers)?.answers).toEqual(expected);
  });

  it('refuses a companion place where the activity has none, naming the field', async () => {
    const token = await p.tokenFor('companion.refused@example.org');
    const answer = await p.op('reserveSeat', { params: { sessionId: await openSession(talkingSpace.id) }, token, body: { companion: true }, headers: { 'idempotency-key': 'companion-1' } });
    expect(answer.status).toBe(422);
    expect(fieldsOf(answer)).toEqual(['body.companion']);
  });

  it('answers a session as a calendar file with the same event the booking email attaches', async () => {
    const sessionId = await openSession(steadySteps.id);
    const answer = await fetch(`${p.url}/api/sessions/${sessionId}/calendar`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/calendar');
    const text = await answer.text();
    expect(text).toContain(`UID:session-${sessionId}@common-ground`);
    expect(text).toContain('SUMMARY:Steady Steps Strength and Balance');
  });
});

describe('how the caseload is going', () => {
  it('counts first attended sessions, the median days to them, and suppresses the wellbeing change under five people', async () => {
    const r = await create({ newPerson: { name: 'Ada Attends', phone: '07700 900901', contactPreferences }, ons4Start: { lifeSatisfaction: 3, worthwhile: 4, happiness: 3, anxiety: 8 } });
    const sessionId = await openSession(steadySteps.id, 2);
    ok(await p.op('bookOnBehalf', { params: { id: r.id }, token: lw, body: { sessionId } }), 201);
    const before = ok(await p.op('getCaseloadOutcomes', { token: lw }));
    const session = ok(await p.op('getSession', { params: { sessionId } }));
    clock.set(new Date(Date.parse(session.startsAt) + 3_600_000));
    ok(
      await p.op('recordAttendance', {
        params: { sessionId },
        token: admin,
        body: { marks: [{ markId: 'outcome-mark-1', personId: r.personId, status: 'attended', markedAt: clock.now().toISOString() }] },
      }),
    );
    const after = ok(await p.op('getCaseloadOutcomes', { token: lw }));
    expect(after.reachedFirstSession).toBe(before.reachedFirstSession + 1);
    expect(after.medianDaysToFirstSession).toEqual(expect.any(Number));
    expect(after.wellbeing.people).toBeLessThan(5);
    expect(after.wellbeing).toMatchObject({ suppressed: true });
    expect(after.wellbeing.questions).toBeUndefined();
    expect((await p.op('getCaseloadOutcomes', { token: coordinator })).status).toBe(403);
  });
});

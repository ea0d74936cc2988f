import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onRehearsal } from '../helpers/platform';
import { tableItemCount } from '../helpers/rooms';
import { recordCount } from './counts';
import { declaredProperties, fetchOperations, fillPath, type Operation, withQuery } from './openapi';
import { policies } from './policies';
import { everyRole, expand, type Policy, type Req, type Who, type Whose } from './policy';
import { full } from './size';
import { startWorld, type World } from './world';

/** The local runtime's own operations: the deployed API (the rehearsal) has none of them. */
const localOnly = new Set(['devSignIn', 'devMailbox', 'devReplyByText']);
/** Deployed, API Gateway's JWT authorizer refuses an anonymous call to a signed-in-only route itself, in its own JSON. */
const gatewayRefusal = (answer: { status: number; body: unknown }) => onRehearsal() && answer.status === 401 && JSON.stringify(answer.body) === '{"message":"Unauthorized"}';

/**
 * OWASP API1 (object level), API3 (property level) and API5 (function level): every operation of the
 * OpenAPI document, as every role, on the role's own object and on someone else's, answers what its
 * policy (policies/<domain>.ts) declares. An operation without a policy fails the suite.
 */
let w: World;
let ops: Operation[];
const byId = new Map(policies.map((p) => [p.operationId, p]));
let checked = 0;
let massAssignmentRefusals = 0;

beforeAll(async () => {
  w = await startWorld();
  ops = await fetchOperations(w.p.url);
}, 900_000);
afterAll(async () => {
  recordCount('authorisation matrix', { operations: ops?.length ?? 0, roles: everyRole.length, requests: checked, massAssignmentRefusals });
  await w?.p.stop();
});

/** Fields nobody may set through a body that does not declare them (mass assignment). */
const privileged = ['status', 'capacity', 'role', 'roles', 'hubIds', 'organisationIds', 'createdBy', 'userId', 'id', 'version', 'approvedBy', 'requesterId'];

async function send(op: Operation, who: Who, req: Req) {
  const path = withQuery(fillPath(op.path, req.params), req.query);
  return w.call(who, op.method, path, { ...(req.body !== undefined ? { body: req.body } : {}), ...(req.headers ? { headers: req.headers } : {}) });
}

const isProblem = (headers: Headers) => (headers.get('content-type') ?? '').startsWith('application/problem+json');

describe('authorisation matrix', () => {
  it('has a declared policy for every operation in the OpenAPI document (and none for operations that are gone)', () => {
    const missing = ops.filter((op) => !byId.has(op.operationId)).map((op) => `${op.operationId} (${op.method} ${op.path})`);
    expect(missing, `Operations without a policy: add them to test/hardening/policies/<domain>.ts (see test/hardening/README.md):\n${missing.join('\n')}`).toEqual([]);
    const known = new Set(ops.map((o) => o.operationId));
    const stale = policies.filter((p) => !known.has(p.operationId) && !(onRehearsal() && localOnly.has(p.operationId))).map((p) => p.operationId);
    expect(stale, 'Policies for operations no longer in the document').toEqual([]);
    expect(new Set(policies.map((p) => p.operationId)).size, 'one policy per operation').toBe(policies.length);
  });

  // One test per declared policy; the document check above catches operations nobody declared.
  for (const policy of policies) {
    it.concurrent(`${policy.operationId}: every role, own and someone else's object`, async () => {
      const op = ops.find((o) => o.operationId === policy.operationId);
      if (!op) return; // reported by the test above
      const failures = await runPolicy(op, policy);
      expect(failures, failures.join('\n')).toEqual([]);
    });
  }
});

/**
 * The matrix's smoke size through the deploy rehearsal. Who may do what is decided in the services, which the
 * full matrix proves on the Node server from the same code; what the deployment adds is per operation, not per
 * role: the route to its function, the authorizer and the claims it passes, and the function's IAM grants. So
 * each operation is called by someone allowed (on their own object: the function's table work, checked against
 * its role), anonymously (the authorizer), and by a signed-in role that is refused (roles read from the claims).
 */
function wiringCases(allowed: Set<Who>): { who: Who; whose: Whose }[] {
  const signedIn: Who[] = everyRole.filter((r) => r !== 'anonymous');
  const permitted: Who | undefined = signedIn.find((r) => allowed.has(r)) ?? (allowed.has('anonymous') ? 'anonymous' : undefined);
  const refused = signedIn.find((r) => !allowed.has(r));
  return [
    ...(permitted ? [{ who: permitted, whose: 'own' as const }] : []),
    ...(permitted === 'anonymous' ? [] : [{ who: 'anonymous' as const, whose: 'own' as const }]),
    ...(refused ? [{ who: refused, whose: 'own' as const }] : []),
  ];
}

async function runPolicy(op: Operation, policy: Policy): Promise<string[]> {
  const ownAllowed = expand(policy.allowed);
  const otherAllowed = expand(policy.othersAllowed ?? policy.allowed);
  const otherwise = policy.otherwise ?? [401, 403, 404];
  const failures: string[] = [];
  const cases = onRehearsal() ? wiringCases(ownAllowed) : everyRole.flatMap((who) => (['own', 'other'] as Whose[]).map((whose) => ({ who, whose })));
  await Promise.all(
    cases.map(async ({ who, whose }) => {
      const req = await policy.request({ w, who, whose });
      const answer = await send(op, who, req);
      checked++;
      const expectOk = (whose === 'own' ? ownAllowed : otherAllowed).has(who);
      const label = `${op.operationId} as ${who} on ${whose === 'own' ? 'their own' : "someone else's"} object`;
      const detail = `${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`;
      if (answer.status >= 500) failures.push(`${label}: server error ${detail}`);
      else if (expectOk) {
        const good = policy.ok ? policy.ok.includes(answer.status) : answer.status >= 200 && answer.status < 300;
        if (!good) failures.push(`${label}: expected success, got ${detail}`);
      } else {
        if (!otherwise.includes(answer.status)) failures.push(`${label}: expected refusal (${otherwise.join('/')}), got ${detail}`);
        else if (!isProblem(answer.headers) && !gatewayRefusal(answer)) failures.push(`${label}: refusal is not problem+json`);
        else if (who === 'anonymous' && op.signedIn && answer.status !== 401) failures.push(`${label}: anonymous must get 401, got ${answer.status}`);
      }
    }),
  );
  return failures;
}

describe('property level: privileged fields in a body are refused (mass assignment)', () => {
  it('refuses every privileged field a write operation does not declare, with 400 naming it, writing nothing', { timeout: 240_000 }, async () => {
    const failures: string[] = [];
    const declared: string[] = [];
    // Build every request first (fixtures write), then count, send only refused requests, and count again.
    const prepared: { op: Operation; who: Who; req: Req; undeclared: string[] }[] = [];
    for (const op of ops.filter((o) => o.body)) {
      const policy = byId.get(op.operationId);
      if (!policy) continue;
      const who = [...expand(policy.allowed)].find((r) => r !== 'anonymous') ?? 'anonymous';
      const req = await policy.request({ w, who, whose: 'own' });
      if (!req.body || typeof req.body !== 'object' || Array.isArray(req.body)) continue;
      const props = declaredProperties(op.body);
      declared.push(...privileged.filter((f) => props.has(f)).map((f) => `${op.operationId}.${f}`));
      prepared.push({ op, who, req, undeclared: privileged.filter((f) => !props.has(f)) });
    }
    await w.p.stream.idle();
    const before = await tableItemCount(w.p);
    for (const { op, who, req, undeclared } of prepared) {
      // full: one request per field; smoke: every undeclared field in one request, each must be named
      for (const fields of full ? undeclared.map((f) => [f]) : [undeclared]) {
        const extra = Object.fromEntries(fields.map((f) => [f, f === 'roles' || f === 'hubIds' || f === 'organisationIds' ? ['admin'] : 'admin']));
        const answer = await send(op, who, { ...req, body: { ...(req.body as object), ...extra } });
        massAssignmentRefusals += fields.length;
        // the first unknown field is the error's field; the message names them all
        const text = JSON.stringify(answer.body ?? '');
        const unnamed = fields.filter((f) => !text.includes(f));
        const fieldNamed = (answer.body?.errors ?? []).some((e: { field: string }) => fields.includes(e.field.replace(/^body\./, '')));
        if (answer.status !== 400 || unnamed.length || !fieldNamed) {
          failures.push(`${op.operationId} as ${who} with ${fields.map((f) => `body.${f}`).join(', ')}: expected 400 naming each, got ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        }
      }
    }
    await w.p.stream.idle();
    const after = await tableItemCount(w.p);
    if (after !== before) failures.push(`${after - before} item(s) written by refused requests`);
    console.log(`[hardening] privileged fields a body declares (authorised by the operation's own policy): ${declared.join(', ')}`);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

/**
 * Issue 17: the cases the matrix never sent. The actor as the target of their own approval; a resident named
 * where a professional is expected; a retry after the state changed.
 */
describe('the actor as the target of their own approval', () => {
  it('refuses recording one’s own checks, deciding one’s own hours or parent’s consent, referring oneself, erasing oneself', async () => {
    const hub = w.managed('coordinatorOfHub', 'own');
    const coordinator = w.as.coordinatorOfHub;
    const roleId = await w.factories.role(hub);
    // the cast's date of birth as every fixture gives it: the refusals come before any question of age
    await w.must(coordinator, 'POST', `/api/volunteer-roles/${roleId}/applications`, { body: { availability: 'Weekends', statement: 'I help here.', dateOfBirth: '1980-05-01' } });
    const refused = await Promise.all([
      w.call(coordinator, 'POST', '/api/volunteer-checks', { body: { volunteerId: coordinator.userId, type: 'dbs-basic', outcome: 'clear', checkedOn: w.today() } }),
      w.call(coordinator, 'POST', `/api/volunteer-roles/${roleId}/applications/${coordinator.userId}/review`, { body: { decision: 'approve' } }),
      w.call(coordinator, 'POST', `/api/volunteer-roles/${roleId}/applications/${coordinator.userId}/guardian-consent`, {
        body: { guardianName: 'A Parent', relationship: 'Mother', givenOn: w.today(), method: 'email' },
      }),
      w.call('linkworker', 'POST', '/api/referrals', { body: { ...w.factories.referralBody(), newPerson: undefined, userId: w.as.linkworker.userId } }),
      w.call('admin', 'DELETE', `/api/person-data/${w.as.admin.userId}?reason=${encodeURIComponent('Hardening check')}`),
    ]);
    expect(refused.map((a) => a.status)).toEqual([403, 403, 403, 403, 403]);
    for (const a of refused) expect(isProblem(a.headers)).toBe(true);
  });
});

describe('a resident named where a professional is expected', () => {
  it('refuses a resident as the link worker of a referral, the recorder of a check, or the one to confirm a date of birth', async () => {
    const referral = await w.factories.referral(w.as.admin);
    const toResident = await w.call('admin', 'POST', `/api/referrals/${referral.id}/assign`, { body: { linkWorkerId: w.as.resident.userId } });
    expect(toResident.status).toBe(400);
    expect(toResident.body.errors[0].rule).toBe('not_a_link_worker');
    const app = await w.factories.application(w.managed('coordinatorOfHub', 'own'), await w.factories.newcomer());
    const check = await w.call('resident', 'POST', '/api/volunteer-checks', { body: { volunteerId: app.volunteerId, type: 'dbs-basic', outcome: 'clear', checkedOn: w.today() } });
    expect(check.status).toBe(403);
    const birth = await w.call('resident', 'POST', `/api/volunteer-roles/${app.roleId}/applications/${app.volunteerId}/date-of-birth`, { body: { decision: 'confirm' } });
    expect([403, 404]).toContain(birth.status);
  });
});

describe('a retry after the state changed', () => {
  it('replays the first answer of a course booking, and never cancels a place booked since', async () => {
    const owner = w.managed('coordinatorOfHub', 'own');
    const activityId = await w.factories.activity(owner, { mode: 'reserve', defaultCapacity: 1, closesHoursBefore: 0 });
    const made = await w.must(w.managerOf(owner), 'POST', `/api/activity-sessions/${activityId}`, {
      body: { startDate: w.inDays(6), startTime: '10:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;COUNT=2' },
    });
    const second = made.sessions[1].id as string;
    const [other, person] = [await w.factories.newcomer(), await w.factories.newcomer()];
    const theirs = await w.must(other, 'POST', `/api/session-reservations/${second}`, { body: {}, headers: { 'idempotency-key': newKey() } });
    const key = newKey();
    const course = () => w.call(person, 'POST', `/api/courses/${activityId}/reservations`, { body: { mode: 'available' }, headers: { 'idempotency-key': key } });
    const first = await course();
    await w.must(other, 'DELETE', `/api/reservations/${theirs.id}`);
    await w.p.stream.idle();
    await w.must(person, 'POST', `/api/session-reservations/${second}`, { body: {}, headers: { 'idempotency-key': newKey() } });
    const again = await course();
    expect(again.body).toEqual(first.body);
    const mine = await w.must(person, 'GET', '/api/my-reservations');
    expect(mine.items.find((r: { sessionId: string }) => r.sessionId === second).status).toBe('confirmed');
  });
});

const newKey = () => `k-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

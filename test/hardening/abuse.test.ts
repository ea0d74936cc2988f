import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TooManyRequests } from '../../functions/lib/errors';
import { newId } from '../../functions/lib/ids';
import { limitCaller, rateLimits } from '../../functions/lib/rate-limit';
import { recordCount } from './counts';
import { fetchOperations, fillPath, type Operation, pageCaps, withQuery } from './openapi';
import { policies } from './policies';
import { expand } from './policy';
import { hubH1, startWorld, type World } from './world';

/** OWASP API4 (unrestricted resource consumption): rate limits answer 429 + Retry-After; every page size is capped. */
let w: World;
beforeAll(async () => {
  w = await startWorld();
}, 900_000);
afterAll(() => w?.p.stop());

const expect429 = (a: { status: number; headers: Headers; body: any }) => {
  expect(a.status).toBe(429);
  expect(a.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(a.headers.get('retry-after'))).toBeGreaterThan(0);
};

describe('rate limits', () => {
  it('limits sign-in attempts per email address', async () => {
    const email = 'hammered@example.org';
    const answers = [];
    for (let i = 0; i < rateLimits.signIn.limit + 3; i++) answers.push(await w.call(undefined, 'POST', '/api/dev/sign-in', { body: { email } }));
    expect(answers.slice(0, rateLimits.signIn.limit).every((a) => a.status === 200)).toBe(true);
    for (const a of answers.slice(rateLimits.signIn.limit)) expect429(a);
    w.clock.advance(rateLimits.signIn.windowSeconds * 1000);
    expect((await w.call(undefined, 'POST', '/api/dev/sign-in', { body: { email } })).status, 'the window passes').toBe(200);
  });

  it('limits self-referrals from one sender', async () => {
    w.clock.advance(3_600_000);
    const body = { name: 'Sam', phone: '07700 900461', contactPreferences: { methods: ['phone'] }, reasons: [], whatMattersToMe: 'Company', consent: { agreed: true, sharing: ['link-worker-team'] } };
    const answers = [];
    for (let i = 0; i < 7; i++) answers.push(await w.call('resident', 'POST', '/api/self-referrals', { body }));
    expect(answers.filter((a) => a.status === 202)).toHaveLength(5);
    for (const a of answers.slice(5)) expect429(a);
  });

  it('limits an anonymous sender by the address the transport saw, never one a header names', async () => {
    w.clock.advance(3_600_000);
    const body = { name: 'Sam', phone: '07700 900462', contactPreferences: { methods: ['phone'] }, reasons: [], whatMattersToMe: 'Company', consent: { agreed: true, sharing: ['link-worker-team'] } };
    const answers = [];
    for (let i = 0; i < 7; i++) {
      const spoofed = { 'x-forwarded-for': `203.0.113.${i + 1}`, 'x-real-ip': `203.0.113.${i + 1}` };
      answers.push(await w.call(undefined, 'POST', '/api/self-referrals', { body, headers: spoofed }));
    }
    expect(answers.filter((a) => a.status === 202)).toHaveLength(5);
    for (const a of answers.slice(5)) expect429(a);
  });

  it('gives services a generic per-person limiter (for reservations)', async () => {
    const caller = { userId: w.as.resident.userId };
    for (let i = 0; i < rateLimits.reservation.limit; i++) await limitCaller(w.p.deps, 'reservation', caller, rateLimits.reservation);
    const refused = await limitCaller(w.p.deps, 'reservation', caller, rateLimits.reservation).catch((e) => e);
    expect(refused).toBeInstanceOf(TooManyRequests);
    expect(refused.status).toBe(429);
    expect(refused.extra.retryAfterSeconds).toBeGreaterThan(0);
    await limitCaller(w.p.deps, 'reservation', { userId: w.as.volunteer.userId }, rateLimits.reservation); // others unaffected
  });

  it('limits reservation attempts per person: the 31st in a minute is 429 problem+json with Retry-After', async () => {
    const sessionId = (await w.factories.session({ kind: 'hub', id: hubH1 })).id;
    const [keen, other] = [await w.factories.stranger(), await w.factories.stranger()];
    const attempt = (who: { token: string; userId: string }) => w.call(who, 'POST', `/api/session-reservations/${sessionId}`, { body: {}, headers: { 'idempotency-key': newId() } });
    const answers = [];
    for (let i = 0; i < rateLimits.reservation.limit; i++) answers.push(await attempt(keen));
    // the first takes a place; the rest are "already booked": every attempt counts, none is refused for rate
    expect(answers[0]!.status).toBe(201);
    expect(answers.slice(1).map((a) => a.status)).toEqual(Array(rateLimits.reservation.limit - 1).fill(409));
    expect429(await attempt(keen));
    expect((await attempt(other)).status, 'somebody else is unaffected').toBe(201);
    w.clock.advance(rateLimits.reservation.windowSeconds * 1000);
    expect((await attempt(keen)).status, 'the window passes').toBe(409);
  });
});

/**
 * Every list operation and how its page is capped: the suite fails on a list operation missing here (so a
 * new one must say how it is bounded) and checks each cap against the OpenAPI document and the service.
 * "pages" read DynamoDB a page at a time; "in memory" read one small partition whole (one session's bookings,
 * one hub's rooms, one person's requests, one day's sessions) and cut the answer to the page
 * (functions/lib/pagination.ts pageOfList); none of them is unbounded.
 */
const pageCapTable: Record<string, { max?: number; how: string }> = {
  devMailbox: { how: 'none: the local dev server only (never deployed); the test mailbox' },
  listActivities: { max: 50, how: 'limit, pages (search)' },
  listActivitiesDueReview: { max: 100, how: 'limit, pages' },
  listActivitiesAwaitingApproval: { max: 100, how: 'limit, pages' },
  listHubCoordinators: { max: 200, how: 'limit, in memory: one hub' },
  listHubs: { max: 100, how: 'limit, pages' },
  listHubActivities: { max: 100, how: 'limit, pages' },
  listOrganisations: { max: 100, how: 'limit, pages' },
  listOrganisationActivities: { max: 100, how: 'limit, pages' },
  listOrganisationPeople: { max: 200, how: 'limit, in memory: one organisation' },
  listPriorities: { max: 100, how: 'limit, pages' },
  listCareCommunities: { max: 100, how: 'limit, pages' },
  listOpenReferralServices: { max: 100, how: 'per_page (Open Referral UK)' },
  listOpenReferralTaxonomies: { max: 100, how: 'per_page (Open Referral UK)' },
  listOpenReferralTaxonomyTerms: { max: 100, how: 'per_page (Open Referral UK)' },
  listOpenReferralServiceAtLocations: { max: 100, how: 'per_page (Open Referral UK)' },
  listSessions: { max: 200, how: 'limit, in memory: one activity, at most a year (a longer range is a 400)' },
  listSessionReservations: { max: 200, how: 'limit, in memory: one session (capacity at most 1,000, its waitlist)' },
  listMyReservations: { max: 200, how: 'limit, in memory: one person, upcoming or the last year' },
  listRegisters: { max: 200, how: 'limit, in memory: the sessions on one day' },
  listRepeatedNoShows: { max: 200, how: 'limit, in memory: one hub or organisation, at most 52 weeks' },
  listRooms: { max: 200, how: 'limit, in memory: one hub' },
  listRoomBookings: { max: 200, how: 'limit, in memory: a room over at most 92 days, a hub queue, or mine' },
  listRoles: { max: 100, how: 'limit, pages' },
  listApplications: { max: 100, how: 'limit, pages' },
  listVolunteerChecks: { max: 200, how: 'limit, in memory: one volunteer' },
  listChecksDue: { max: 200, how: 'limit, in memory: one hub or organisation' },
  listShifts: { max: 100, how: 'limit, pages' },
  listHoursToApprove: { max: 200, how: 'limit, in memory: one hub or organisation' },
  listReferrals: { max: 50, how: 'limit, pages' },
  listReferralAudit: { max: 100, how: 'limit, pages' },
  listMySelfReferrals: { max: 50, how: 'limit, in memory: one person (5 a day)' },
  findPerson: { max: 10, how: 'limit, in memory: none or one person' },
  getMyErasureRequest: { max: 200, how: 'limit, in memory: none or one request' },
  listErasureRequests: { max: 200, how: 'limit, in memory: the requests waiting (met within a month)' },
  listProblemReports: { max: 100, how: 'limit, pages (the open or resolved queue, oldest first)' },
  listClaims: { max: 100, how: 'limit, pages (the claims of one status, oldest first)' },
  listHubTexts: { max: 100, how: 'limit, pages (one hub’s inbox, newest first; kept 180 days)' },
};

describe('page sizes', () => {
  it('every list operation is in the page-cap table, declares its cap and refuses a page over it', { timeout: 600_000 }, async () => {
    const ops = await fetchOperations(w.p.url);
    const lists = ops.filter(isList);
    const capped = new Map(pageCaps(ops).map((c) => [c.op.operationId, c.max]));
    const failures: string[] = [];
    expect(lists.map((o) => o.operationId).sort(), 'the page-cap table names every list operation').toEqual(Object.keys(pageCapTable).sort());
    let paged = 0;
    for (const op of lists) {
      const max = capped.get(op.operationId);
      if (pageCapTable[op.operationId]!.max === undefined && op.path.startsWith('/api/dev/')) continue;
      if (max === undefined) {
        failures.push(`${op.operationId}: takes no page size with a maximum`);
        continue;
      }
      if (max !== pageCapTable[op.operationId]!.max) failures.push(`${op.operationId}: the document caps it at ${max}, the table says ${pageCapTable[op.operationId]!.max}`);
      const policy = policies.find((p) => p.operationId === op.operationId)!;
      const who = [...expand(policy.allowed)].find((r) => r !== 'anonymous') ?? 'anonymous';
      const req = await policy.request({ w, who, whose: 'own' });
      const param = op.parameters.some((p) => p.name === 'limit') ? 'limit' : 'per_page';
      const path = (q: Record<string, string>) => withQuery(fillPath(op.path, req.params), { ...req.query, ...q });
      const over = await w.call(who, 'GET', path({ [param]: String(max + 1) }));
      const huge = await w.call(who, 'GET', path({ [param]: '1000000' }));
      const at = await w.call(who, 'GET', path({ [param]: String(max) }));
      if (over.status !== 400 || huge.status !== 400) failures.push(`${op.operationId}: ${param}=${max + 1} answered ${over.status}, ${param}=1000000 answered ${huge.status}`);
      if (at.status !== 200) failures.push(`${op.operationId}: ${param}=${max} answered ${at.status}`);
      if (param !== 'limit') continue;
      const forged = await w.call(who, 'GET', path({ limit: '1', cursor: 'eyJhdCI6LTF9' })); // {"at":-1}
      if (forged.status !== 400) failures.push(`${op.operationId}: a forged cursor answered ${forged.status}`);
      // where there is more than one item, a page of one leads on to the next
      const first = await w.call(who, 'GET', path({ limit: '1' }));
      if (first.status !== 200 || (first.body.items?.length ?? 0) > 1) failures.push(`${op.operationId}: limit=1 answered ${first.status} with ${first.body.items?.length} items`);
      if (first.body.nextCursor) {
        const next = await w.call(who, 'GET', path({ limit: '1', cursor: first.body.nextCursor }));
        if (next.status !== 200 || (first.body.items.length && JSON.stringify(next.body.items) === JSON.stringify(first.body.items)))
          failures.push(`${op.operationId}: the next page answered ${next.status} with the same items`);
        paged++;
      }
    }
    recordCount('page caps', { listOperations: lists.length, followedToASecondPage: paged });
    expect(lists.length).toBeGreaterThan(20);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

/** A GET answering a list: a `list...` operation, an array, or a page of items. */
function isList(op: Operation): boolean {
  return op.method === 'GET' && (op.operationId.startsWith('list') || op.returnsList === true);
}

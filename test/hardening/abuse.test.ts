import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TooManyRequests } from '../../functions/lib/errors';
import { limitCaller, rateLimits } from '../../functions/lib/rate-limit';
import { recordCount } from './counts';
import { fetchOperations, fillPath, pageCaps, withQuery } from './openapi';
import { expand } from './policy';
import { policies } from './policies';
import { hubH1, startWorld, type World } from './world';
import { newId } from '../../functions/lib/ids';

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
    const attempt = (who: { token: string; userId: string }) =>
      w.call(who, 'POST', `/api/session-reservations/${sessionId}`, { body: {}, headers: { 'idempotency-key': newId() } });
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

describe('page sizes', () => {
  it('every list operation declares a cap and refuses a page over it', async () => {
    const ops = await fetchOperations(w.p.url);
    const lists = pageCaps(ops);
    const failures: string[] = [];
    for (const { op, max } of lists) {
      if (max === undefined) {
        failures.push(`${op.operationId}: its page size has no maximum`);
        continue;
      }
      const policy = policies.find((p) => p.operationId === op.operationId)!;
      const who = [...expand(policy.allowed)].find((r) => r !== 'anonymous') ?? 'anonymous';
      const req = await policy.request({ w, who, whose: 'own' });
      const param = op.parameters.some((p) => p.name === 'limit') ? 'limit' : 'per_page';
      const path = (n: number) => withQuery(fillPath(op.path, req.params), { ...req.query, [param]: String(n) });
      const over = await w.call(who, 'GET', path(max + 1));
      const huge = await w.call(who, 'GET', path(1_000_000));
      const at = await w.call(who, 'GET', path(max));
      if (over.status !== 400 || huge.status !== 400) failures.push(`${op.operationId}: ${param}=${max + 1} answered ${over.status}, ${param}=1000000 answered ${huge.status}`);
      if (at.status !== 200) failures.push(`${op.operationId}: ${param}=${max} answered ${at.status}`);
    }
    recordCount('page caps', { listOperations: lists.length });
    expect(lists.length).toBeGreaterThan(10);
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

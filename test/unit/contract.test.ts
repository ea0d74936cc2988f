import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { createApp } from '../../functions/app';
import { createDeps } from '../../functions/deps';
import { createDb } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { defineRoute } from '../../functions/lib/route';
import { operationUrl } from '../../web/src/api';
import { operations } from '../../web/src/operations';
import { operationsFile, operationsSource } from '../../web/write-operations';

/**
 * The contract from route to page: the operations table the clients call by operationId is the route
 * registry's, and an answer its route's response schema does not describe fails loudly where answers are
 * checked (the local server and the tests), and goes out unchecked on Lambda.
 */
describe('the operations table', () => {
  it('is the route registry as it is now (npx tsx web/write-operations.ts rewrites it)', () => {
    expect(readFileSync(operationsFile, 'utf8')).toBe(operationsSource());
  });

  it('builds each operation’s URL from its params and query, as the web and the tests call it', () => {
    expect(operations.reserveSeat).toEqual(['POST', '/api/session-reservations/:sessionId']);
    expect(operationUrl('reserveSeat', { params: { sessionId: 'a b/c' }, body: { companion: false } })).toBe('/api/session-reservations/a%20b%2Fc');
    expect(operationUrl('listMyReservations', { query: { includePast: true, limit: 5, cursor: undefined } })).toBe('/api/my-reservations?includePast=true&limit=5');
    expect(operationUrl('getMe')).toBe('/api/me');
  });
});

describe('checking answers against their schemas', () => {
  const lines: string[] = [];
  const deps = createDeps({
    db: createDb({ tableName: 'unused', endpoint: 'http://127.0.0.1:9' }),
    verifier: { verify: async () => Promise.reject(new Error('no')) },
    log: createLogger('info', (line) => lines.push(line)),
    config: { local: true, siteOrigin: 'http://localhost' },
  });
  const answer = z.object({ count: z.number(), when: z.string() });
  // A route whose handler drifted from its contract; the compiler would refuse it, so it is cast here.
  const drifted = defineRoute({
    method: 'get',
    path: '/api/drifted',
    operationId: 'drifted',
    summary: 'A route answering what its schema does not describe',
    tags: ['test'],
    auth: 'public',
    response: { status: 200, description: 'A count', schema: answer },
    handler: async () => ({ count: 'three', when: '2026-12-02' }) as unknown as z.infer<typeof answer>,
  });
  const kept = defineRoute({
    method: 'get',
    path: '/api/kept',
    operationId: 'kept',
    summary: 'A route answering what its schema describes',
    tags: ['test'],
    auth: 'public',
    response: { status: 200, description: 'A count', schema: answer },
    handler: async () => ({ count: 3, when: '2026-12-02' }),
  });

  it('answers a 500 naming the operation and the field, and logs it, when answers are checked', async () => {
    const app = createApp(deps, [drifted, kept], { checkResponses: true });
    const res = await app.request('/api/drifted');
    expect(res.status).toBe(500);
    const problem = (await res.json()) as { title: string; detail: string; operationId: string; errors: { field: string; rule: string }[] };
    expect(problem.operationId).toBe('drifted');
    expect(problem.errors).toEqual([expect.objectContaining({ field: 'response.count' })]);
    expect(problem.detail).toMatch(/^drifted answered something its response schema does not allow: response\.count /);
    const logged = lines.map((l) => JSON.parse(l) as { level: string; msg: string; operationId?: string }).find((l) => l.operationId === 'drifted');
    expect(logged).toMatchObject({ level: 'error', msg: 'answer does not match its response schema' });
    expect(JSON.stringify(logged)).not.toContain('three'); // what was answered stays out of the logs

    const fine = await app.request('/api/kept');
    expect(fine.status).toBe(200);
    expect(await fine.json()).toEqual({ count: 3, when: '2026-12-02' });
  });

  it('sends answers as the handler made them when they are not checked (as on Lambda)', async () => {
    const app = createApp(deps, [drifted]);
    const res = await app.request('/api/drifted');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ count: 'three', when: '2026-12-02' });
  });
});

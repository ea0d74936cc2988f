import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxFeedServices, readOrukFeed } from '../../functions/directory/importer';
import type { Actor } from '../../functions/lib/actor';
import type { AppDeps } from '../../functions/lib/deps';

/**
 * What functions/directory/importer.ts's comment promises of reading another Open Referral UK feed: at most
 * ten pages of 100 services. A feed that never says it has ended is read for ten pages (whatever it puts on
 * each) and no more than 1,000 of its services become rows.
 */
const admin: Actor = { userId: 'admin', roles: ['admin'], hubIds: [], organisationIds: [] };
const deps = { config: { local: true } } as unknown as AppDeps;
let server: Server;
let base: string;
/** how many services the feed puts on a page (whatever per_page asks), and the pages asked for */
let perPage = 100;
const asked: { page: string | null; perPage: string | null }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = Number(url.searchParams.get('page'));
    asked.push({ page: url.searchParams.get('page'), perPage: url.searchParams.get('per_page') });
    const contents = Array.from({ length: perPage }, (_, i) => ({
      id: `service-${page}-${i}`,
      name: `Endless walk ${page}.${i}`,
      organization: { id: 'org-1', name: 'Endless Walkers' },
    }));
    res.setHeader('content-type', 'application/json');
    // never the last page, and claiming far more pages than the importer reads
    res.end(JSON.stringify({ total_pages: 500, page_number: page, last_page: false, contents }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/feed`;
});
afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())));

async function read(servicesPerPage: number) {
  perPage = servicesPerPage;
  asked.length = 0;
  const out = await readOrukFeed(deps, admin, { url: base });
  return { rows: out.rows.length, pages: asked.map((a) => Number(a.page)), perPageAsked: new Set(asked.map((a) => a.perPage)) };
}

describe('reading an Open Referral UK feed by its address', () => {
  it('reads ten pages of 100 from a feed that never ends, and no more', async () => {
    expect(maxFeedServices).toBe(1000);
    const { rows, pages, perPageAsked } = await read(100);
    expect(pages).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(perPageAsked).toEqual(new Set(['100']));
    expect(rows).toBe(1000);
  });

  it('reads no more than ten pages when the feed puts fewer than 100 on each', async () => {
    const { rows, pages } = await read(7);
    expect(pages).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows).toBe(70);
  });

  it('stops at 1,000 services when the feed puts more than 100 on each page', async () => {
    const { rows, pages } = await read(300);
    expect(pages).toEqual([1, 2, 3, 4]);
    expect(rows).toBe(1000);
  });
});

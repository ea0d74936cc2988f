import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as data from '../../functions/directory/data';
import type { ImportRow } from '../../functions/directory/schema';
import { manualClock } from '../../functions/lib/clock';
import { seedUsers } from '../../functions/local/seed/users';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Importing activities and organisations (issue 21, point 4): 1,000 rows of the CSV template, some bad, are
 * previewed (nothing written), applied (bad rows refused by line, column and the forms' words), found through
 * the directory search and the Open Referral feed, and applied again without duplicates; our own Open
 * Referral feed, read back as an import, matches every record it came from.
 */
const clock = manualClock('2026-03-02T12:00:00Z');
let p: TestPlatform;
let admin: string;

const ids = { cc: '01JQMPCC000000000000000001', hub: '01JQMPHVB00000000000000001' };
const organisations = 50;
const perOrganisation = 20;

/** Line n of the file (the header is line 1): an activity of organisation ((n - 2) mod 50). */
function goodRow(line: number): ImportRow {
  const i = line - 2;
  const org = i % organisations;
  const atHub = i % 2 === 0;
  return {
    line,
    organisation: `Importers ${org + 1}`,
    organisationEmail: `hello${org + 1}@importers.example`,
    title: `Imported walk ${i + 1}`,
    description: `Walk number ${i + 1}, then tea and a chat.`,
    priorities: i % 3 === 0 ? 'Social isolation; movement' : 'social-isolation',
    ...(atHub ? { hub: 'Import Hall' } : { venueName: `Park ${i + 1}`, venueAddress: '1 Park Lane', venueTown: 'Importon', venuePostcode: 'IM1 1AA' }),
    cost: i % 5 === 0 ? '£2.50 per session' : 'Free',
    booking: i % 4 === 0 ? 'Book a place' : 'Drop in',
    places: '12',
    minimumAge: '18',
    contactEmail: `walks${org + 1}@importers.example`,
  };
}

/** The bad rows, by line, with the column and message each must be reported with. */
const bad: Record<number, { change: Partial<ImportRow>; column: string; message: string }> = {
  7: { change: { priorities: 'Knitting' }, column: 'Priorities', message: '“Knitting” is not a priority in the directory' },
  120: { change: { contactEmail: 'not an email' }, column: 'Contact email', message: 'must be an email address' },
  333: { change: { hub: '', venueName: 'Somewhere', venueAddress: '1 Road', venueTown: 'Town', venuePostcode: 'NOPE' }, column: 'Venue postcode', message: 'must be a UK postcode like OL1 1AA' },
  401: { change: { hub: 'The Moon' }, column: 'Hub', message: '“The Moon” is not a hub in the directory' },
  555: { change: { cost: 'lots' }, column: 'Cost', message: 'must be Free, Pay what you can, or an amount like £3.50' },
  777: { change: { places: 'ten' }, column: 'Places', message: 'must be a whole number' },
  900: { change: { description: '' }, column: 'Activity description', message: 'is required' },
  1001: { change: { organisationEmail: 'nobody' }, column: 'Organisation email', message: 'must be an email address' },
};
const rows: ImportRow[] = Array.from({ length: organisations * perOrganisation }, (_, i) => {
  const row = goodRow(i + 2);
  return bad[row.line] ? { ...row, ...bad[row.line]!.change } : row;
});
const badLines = Object.keys(bad).map(Number);

async function importAll(all: ImportRow[], apply: boolean) {
  const total = { created: 0, updated: 0, unchanged: 0, refused: 0, rows: [] as { line: number; outcome: string; name: string; existing?: string; problems: { column: string; message: string }[] }[] };
  for (let i = 0; i < all.length; i += 100) {
    const answer = await p.op('importDirectory', { token: admin, body: { apply, rows: all.slice(i, i + 100) } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.applied).toBe(apply);
    for (const k of ['created', 'updated', 'unchanged', 'refused'] as const) total[k] += answer.body[k];
    total.rows.push(...answer.body.rows);
  }
  return total;
}

const countOrganisations = async () => (await data.listOrganisations(p.deps.db, 100)).items.length;

beforeAll(async () => {
  p = await startPlatform({ clock });
  const db = p.deps.db;
  await seedUsers(p.deps);
  await Promise.all([
    data.putCareCommunity(db, { id: ids.cc, name: 'Importon' }),
    data.putPriority(db, { id: 'social-isolation', label: 'Social isolation' }),
    data.putPriority(db, { id: 'movement', label: 'Moving more' }),
    data.putHub(db, {
      id: ids.hub,
      name: 'Import Hall',
      careCommunityId: ids.cc,
      address: { line1: '1 Hall Street', town: 'Importon', postcode: 'IM1 2BB' },
      openingHours: [],
      contact: {},
      accessibility: { stepFree: true, hearingLoop: false, accessibleToilet: false, parking: false, publicTransport: false },
      rooms: [],
      updatedAt: clock.now().toISOString(),
    }),
  ]);
  admin = await p.tokenFor('admin@example.org');
}, 120_000);
afterAll(() => p?.stop());

describe('importing 1,000 rows of the CSV template', () => {
  it('previews every row without writing, applies the good ones, reports the bad ones by line, and a second import makes no duplicates', async () => {
    const dry = await importAll(rows, false);
    expect(dry.created).toBe(1000 - badLines.length);
    expect(dry.refused).toBe(badLines.length);
    for (const line of badLines) {
      const r = dry.rows.find((x) => x.line === line)!;
      expect(r.outcome, `line ${line}`).toBe('refused');
      expect(r.problems, `line ${line}`).toContainEqual({ column: bad[line]!.column, message: bad[line]!.message });
    }
    expect(await countOrganisations()).toBe(0);

    const started = performance.now();
    const applied = await importAll(rows, true);
    const seconds = (performance.now() - started) / 1000;
    console.log(`applying 1,000 rows took ${seconds.toFixed(1)} s`);
    expect(applied.created).toBe(1000 - badLines.length);
    expect(applied.refused).toBe(badLines.length);
    expect(applied.rows.filter((r) => r.outcome === 'refused').map((r) => r.line)).toEqual(badLines);
    // line 1001's organisation is refused, the others' 50 organisations are made once each
    expect(await countOrganisations()).toBe(organisations);
    await p.stream.idle();

    // found through the directory search and the Open Referral feed
    const titles: string[] = [];
    let cursor: string | undefined;
    do {
      const search = await p.call('GET', `/api/activities?q=${encodeURIComponent('Imported walk')}&hub=${ids.hub}&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(search.status, JSON.stringify(search.body)).toBe(200);
      titles.push(...search.body.items.map((a: { title: string }) => a.title));
      cursor = search.body.nextCursor;
    } while (cursor);
    expect(titles).toContain('Imported walk 41');
    expect(titles).not.toContain('Imported walk 42'); // at a park, not the hall
    let service: { name: string; fees: string; organization: { name: string } } | undefined;
    for (let page = 1; !service && page <= 10; page++) {
      const feed = await p.call('GET', `/api/openreferral/services?search=${encodeURIComponent('Imported walk')}&per_page=100&page=${page}`);
      expect(feed.status, JSON.stringify(feed.body)).toBe(200);
      service = feed.body.contents.find((s: { name: string }) => s.name === 'Imported walk 42');
    }
    expect(service?.name).toBe('Imported walk 42');
    expect(service!.organization.name).toBe('Importers 42');
    expect(service!.fees).toBe('Free');

    // the same file again: every row matches what the first import made
    const again = await importAll(rows, true);
    expect(again.created).toBe(0);
    expect(again.unchanged).toBe(1000 - badLines.length);
    expect(await countOrganisations()).toBe(organisations);
    // a changed row updates its activity
    const changed = { ...goodRow(44), description: 'Now a longer walk.' };
    const update = await importAll([changed], true);
    expect(update.updated).toBe(1);
    expect(update.rows[0]).toMatchObject({ outcome: 'update', existing: 'Imported walk 43', organisation: { name: 'Importers 43', outcome: 'unchanged' } });
    const orgId = (await data.listOrganisations(p.deps.db, 100)).items.find((o) => o.name === 'Importers 43')!.id;
    const ofOrg = await data.listActivitiesOf(p.deps.db, { organisationId: orgId }, 100);
    expect(ofOrg.items.filter((a) => a.title === 'Imported walk 43').map((a) => a.description)).toEqual(['Now a longer walk.']);
  }, 600_000);
});

describe('importing from an Open Referral UK feed', () => {
  it('reads our own feed (uploaded or by its address) as rows that match every record they came from', async () => {
    const page = await p.call('GET', '/api/openreferral/services?per_page=100&page=1');
    expect(page.status).toBe(200);
    const read = await p.op('readOpenReferralFeed', { token: admin, body: { feed: page.body } });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    expect(read.body.rows).toHaveLength(page.body.contents.length);
    const preview = await p.op('importDirectory', { token: admin, body: { apply: false, rows: read.body.rows } });
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body.created).toBe(0);
    expect(preview.body.refused).toBe(0);
    expect(preview.body.unchanged + preview.body.updated).toBe(page.body.contents.length);

    const byAddress = await p.op('readOpenReferralFeed', { token: admin, body: { url: `${p.url}/api/openreferral` } });
    expect(byAddress.status, JSON.stringify(byAddress.body)).toBe(200);
    expect(byAddress.body.rows.length).toBe(1000 - badLines.length);
    const first = byAddress.body.rows.slice(0, 100);
    const again = await p.op('importDirectory', { token: admin, body: { apply: true, rows: first } });
    expect(again.body.created).toBe(0);
    expect(again.body.refused).toBe(0);
  }, 300_000);

  it('a new service from another feed is created with the place and priorities the feed nests', async () => {
    const feed = {
      contents: [
        {
          id: '3f0c6a52-8d1e-4c55-9a0e-1f2b3c4d5e6f',
          name: 'Chair yoga',
          description: 'Gentle yoga, sitting down.',
          fees: '£1.00',
          organization: { id: '9a8b7c6d-1111-4222-8333-444455556666', name: 'Bendy Folk', description: 'Yoga for everyone.' },
          service_at_locations: [{ location: { name: 'Import Hall' } }],
          attributes: [{ taxonomy_term: { name: 'Moving more' } }],
        },
      ],
    };
    const read = await p.op('readOpenReferralFeed', { token: admin, body: { feed } });
    expect(read.status, JSON.stringify(read.body)).toBe(200);
    const made = await p.op('importDirectory', { token: admin, body: { apply: true, rows: read.body.rows } });
    expect(made.body.rows[0]).toMatchObject({ outcome: 'create', organisation: { name: 'Bendy Folk', outcome: 'create' } });
    const again = await p.op('importDirectory', { token: admin, body: { apply: true, rows: read.body.rows } });
    expect(again.body.rows[0]).toMatchObject({ outcome: 'unchanged', existing: 'Chair yoga' });
  });
});

describe('who may import, and bad input', () => {
  it('refuses everyone but admins', async () => {
    for (const who of ['resident@example.org', 'partner@example.org', 'coordinator@example.org']) {
      const token = await p.tokenFor(who);
      expect((await p.op('importDirectory', { token, body: { apply: false, rows: rows.slice(0, 1) } })).status).toBe(403);
      expect((await p.op('readOpenReferralFeed', { token, body: { feed: { contents: [] } } })).status).toBe(403);
    }
  });

  it('answers a 400 naming the field for malformed input, and never writes', async () => {
    const before = await countOrganisations();
    const cases: [unknown, string][] = [
      [{ apply: false, rows: Array.from({ length: 101 }, (_, i) => goodRow(i + 2)) }, 'body.rows'],
      [{ apply: 'yes', rows: rows.slice(0, 1) }, 'body.apply'],
      [{ apply: true, rows: [{ ...goodRow(2), colour: 'blue' }] }, 'body.rows.0.colour'],
    ];
    for (const [body, field] of cases) {
      const answer = await p.call('POST', '/api/directory-import', { token: admin, body });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors[0].field).toBe(field);
    }
    const feeds: [unknown, string][] = [
      [{ url: 'ftp://example.org/feed' }, 'body.url'],
      [{ url: 'not an address' }, 'body.url'],
      [{ url: 'http://example.org/openreferral' }, 'body.url'],
      [{ url: `${p.url}/api/openapi.json` }, 'body.url'],
      [{ feed: { hello: 'world' } }, 'body.feed'],
      [{}, 'body.url'],
    ];
    for (const [body, field] of feeds) {
      const answer = await p.call('POST', '/api/directory-import/openreferral', { token: admin, body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.errors[0].field).toBe(field);
    }
    expect(await countOrganisations()).toBe(before);
  });
});

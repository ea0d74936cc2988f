import { DeleteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as data from '../../functions/directory/data';
import { distanceMetres, type Point } from '../../functions/directory/geo';
import { indexVersion, planSearch } from '../../functions/directory/rules';
import { refreshPassedSchedules } from '../../functions/directory/service';
import { manualClock } from '../../functions/lib/clock';
import { seedUsers } from '../../functions/local/seed/users';
import { onRehearsal, startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * "Near me" (issue 21, point 2): the residents' search near a postcode or a point answers nearest first, each
 * result with its distance, read from the geohash cells around the point (never a Scan), combined with the
 * other filters by AND. The places are scattered at random around a centre, as activities in a borough are,
 * and every answer is compared with a brute force over the same places.
 */
const clock = manualClock('2026-03-01T12:00:00Z');
let p: TestPlatform;
const commands: string[] = [];

const ids = { cc: '01JNEARCC00000000000000001', hub: '01JNEARHVB0000000000000001', org: '01JNEAR0RG0000000000000001' };
const centre: Point = { lat: 53.0, lng: -2.0 };
const mile = 1609.344;
const kmLat = 1 / 111.2;
const kmLng = 1 / (111.2 * Math.cos((53 * Math.PI) / 180));

let seed = 21;
const rand = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

interface Place {
  title: string;
  postcode: string;
  point: Point;
  priority: 'company' | 'movement';
  free: boolean;
  id?: string;
}
/** 60 places up to 22 km from the centre, uniformly over the area; the hub (at the centre) runs three more. */
const places: Place[] = Array.from({ length: 60 }, (_, i) => {
  const r = 22 * Math.sqrt(rand());
  const t = 2 * Math.PI * rand();
  return {
    title: `Group ${String(i).padStart(2, '0')}`,
    postcode: `NM${i + 1} 1AB`,
    point: { lat: centre.lat + r * Math.sin(t) * kmLat, lng: centre.lng + r * Math.cos(t) * kmLng },
    priority: i % 2 ? 'company' : 'movement',
    free: i % 3 === 0,
  };
});
const atHub: Place[] = ['Hub Tea', 'Hub Choir', 'Hub Walk'].map((title, i) => ({ title, postcode: 'NM0 1AA', point: centre, priority: i === 2 ? 'movement' : 'company', free: true }));
const all = [...atHub, ...places];

/** The brute force: the places within the distance of a point that pass the filter, nearest first. */
function expected(from: Point, miles: number, keep: (x: Place) => boolean = () => true): string[] {
  return all
    .map((x) => ({ x, d: distanceMetres(from, x.point) }))
    .filter(({ x, d }) => d <= miles * mile && keep(x))
    .sort((a, b) => a.d - b.d || (a.x.id! < b.x.id! ? -1 : 1))
    .map(({ x }) => x.id!);
}

async function search(query: string, limit = 4, from?: string): Promise<{ id: string; distanceMetres: number }[]> {
  const found: { id: string; distanceMetres: number }[] = [];
  let cursor = from;
  do {
    const answer = await p.call('GET', `/api/activities?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    found.push(...answer.body.items);
    cursor = answer.body.nextCursor;
  } while (cursor);
  return found;
}
const idsOf = (found: { id: string }[]) => found.map((f) => f.id);

beforeAll(async () => {
  p = await startPlatform({ clock });
  const db = p.deps.db;
  await seedUsers(p.deps);
  await data.putPostcodes(db, [{ postcode: 'NM0 1AA', ...centre }, ...places.map((x) => ({ postcode: x.postcode, ...x.point }))]);
  await Promise.all([
    data.putCareCommunity(db, { id: ids.cc, name: 'Nearby' }),
    data.putOrganisation(db, { id: ids.org, name: 'Near Partners', contact: {} }),
    data.putPriority(db, { id: 'company', label: 'Company' }),
    data.putPriority(db, { id: 'movement', label: 'Movement' }),
    data.putHub(db, {
      id: ids.hub,
      name: 'Middle Hub',
      careCommunityId: ids.cc,
      address: { line1: '1 Middle Street', town: 'Nearby', postcode: 'NM0 1AA' },
      openingHours: [],
      contact: {},
      accessibility: { stepFree: true, hearingLoop: false, accessibleToilet: false, parking: false, publicTransport: false },
      rooms: [],
      updatedAt: clock.now().toISOString(),
    }),
  ]);
  const admin = await p.tokenFor('admin@example.org');
  for (let i = 0; i < all.length; i += 8) {
    await Promise.all(
      all.slice(i, i + 8).map(async (x) => {
        const place =
          x.postcode === 'NM0 1AA' ? { hubId: ids.hub } : { venue: { name: `${x.title} room`, address: { line1: '1 Some Street', town: 'Nearby', postcode: x.postcode }, careCommunityId: ids.cc } };
        const answer = await p.call('POST', '/api/activities', {
          token: admin,
          body: {
            title: x.title,
            description: 'Come along.',
            organisationId: ids.org,
            priorities: [x.priority],
            cost: x.free ? { kind: 'free' } : { kind: 'amount', pence: 300 },
            booking: { mode: 'drop-in', defaultCapacity: 12 },
            ...place,
          },
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(201);
        x.id = answer.body.id;
      }),
    );
  }
  await p.stream.idle();
  if (!onRehearsal()) {
    const doc = p.deps.db.doc;
    const send = doc.send.bind(doc);
    doc.send = ((command: { constructor: { name: string } }, ...rest: unknown[]) => {
      commands.push(command.constructor.name);
      return (send as (...a: unknown[]) => unknown)(command, ...rest);
    }) as typeof doc.send;
  }
}, 240_000);
afterAll(() => p?.stop());

describe('finding activities near a postcode or a location', () => {
  it.each([1, 2, 5, 10])('answers what is within %i miles of a postcode, nearest first, each with its distance, across pages', async (miles) => {
    const from = commands.length;
    const found = await search(`postcode=nm01aa&miles=${miles}`);
    const want = expected(centre, miles);
    expect(want.length).toBeGreaterThan(2); // the distance matters
    expect(want.length).toBeLessThan(all.length);
    expect(idsOf(found)).toEqual(want);
    for (const f of found) expect(Math.abs(f.distanceMetres - distanceMetres(centre, all.find((x) => x.id === f.id)!.point))).toBeLessThanOrEqual(1);
    expect(found.map((f) => f.distanceMetres)).toEqual([...found.map((f) => f.distanceMetres)].sort((a, b) => a - b));
    expect(commands.slice(from)).not.toContain('ScanCommand');
    if (!onRehearsal()) expect(commands.slice(from)).toContain('QueryCommand');
  });

  it('searches 5 miles when no distance is given', async () => {
    expect(idsOf(await search('postcode=NM0 1AA', 20))).toEqual(expected(centre, 5));
  });

  it('searches near a location ("use my location") as near a postcode', async () => {
    const here = { lat: centre.lat + 1.5 * kmLat, lng: centre.lng - 1 * kmLng };
    const found = await search(`latitude=${here.lat}&longitude=${here.lng}&miles=2`, 3);
    expect(idsOf(found)).toEqual(expected(here, 2));
    expect(found.length).toBeGreaterThan(1);
  });

  it('combines the distance with the other filters by AND', async () => {
    expect(idsOf(await search('postcode=NM0 1AA&miles=10&priority=company'))).toEqual(expected(centre, 10, (x) => x.priority === 'company'));
    expect(idsOf(await search('postcode=NM0 1AA&miles=5&free=true&q=hub'))).toEqual(expected(centre, 5, (x) => x.free && x.title.startsWith('Hub')));
    expect(idsOf(await search('postcode=NM0 1AA&miles=10&free=true&priority=movement', 2))).toEqual(expected(centre, 10, (x) => x.free && x.priority === 'movement'));
  });

  it('reads at most 1.5 index items per result for a page of results, from the cells nearest first', async () => {
    const figures: Record<string, number> = {};
    const requests: Record<string, number> = {};
    // and with one priority (half the places): its own partitions of the cells, not a filter over all of them
    const searches = [1, 2, 5, 10].flatMap((miles) => [
      { miles, label: `${miles} mi`, priority: undefined },
      { miles, label: `${miles} mi, company`, priority: 'company' as const },
    ]);
    for (const { miles, label, priority } of searches) {
      const plan = planSearch({ near: { centre, metres: miles * mile }, ...(priority ? { priority: [priority] } : {}) });
      const from = commands.length;
      let read = 0,
        returned = 0;
      let cursor: string | undefined;
      do {
        const page = await data.searchDirectory(p.deps.db, plan, 20, cursor);
        read += page.itemsRead;
        returned += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      expect(returned).toBe(expected(centre, miles, (x) => !priority || x.priority === priority).length);
      figures[label] = Math.round((read / returned) * 100) / 100;
      requests[label] = commands.length - from;
    }
    console.log('index items read per result near a point (pages of 20):', JSON.stringify(figures), 'requests for all pages:', JSON.stringify(requests));
    for (const ratio of Object.values(figures)) expect(ratio).toBeLessThanOrEqual(1.5);
  });
});

describe('bad input near a place: a 400 naming the field', () => {
  const problems = async (query: string) => {
    const answer = await p.call('GET', `/api/activities?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    return answer.body.errors as { field: string; rule: string; message: string }[];
  };

  it('says plainly that a postcode is not one the directory knows', async () => {
    const [problem, ...more] = await problems('postcode=ol99zz');
    expect(more).toEqual([]);
    expect(problem).toMatchObject({ field: 'query.postcode', rule: 'unknown_postcode' });
    expect(problem!.message).toMatch(/^We do not know the postcode OL9 9ZZ/);
  });

  it('refuses what is not a postcode, a half location, two places at once, an unknown distance and a distance from nowhere', async () => {
    const rules = async (query: string) => (await problems(query)).map((e) => `${e.field}:${e.rule}`);
    expect(await rules('postcode=OL9-9ZZ')).toEqual(['query.postcode:invalid_regex']);
    expect(await rules('latitude=53.1')).toEqual(['query.longitude:needs_both']);
    expect(await rules('latitude=95&longitude=0')).toEqual(['query.latitude:too_big']);
    expect(await rules('postcode=NM0%201AA&latitude=53&longitude=-2')).toEqual(['query.postcode:one_place']);
    expect(await rules('postcode=NM0%201AA&miles=3')).toEqual(['query.miles:invalid_value']);
    expect(await rules('miles=2')).toEqual(['query.miles:needs_place']);
    const forged = Buffer.from(JSON.stringify({ after: `00000001000#${all[0]!.id}`, cells: 99999, carried: '' })).toString('base64url');
    expect(await rules(`postcode=NM0%201AA&cursor=${forged}`)).toEqual(['query.cursor:invalid_cursor']);
  });
});

describe('the admins’ postcode import', () => {
  it('stores the good rows of an ONS Postcode Directory extract and reports the bad ones by line; only admins may', async () => {
    const admin = await p.tokenFor('admin@example.org');
    const rows = [
      { line: 2, pcds: 'NX1 1AA', lat: '53.0100', long: '-2.0000' },
      { line: 3, pcds: 'nx1 2ab', lat: ' 53.0200 ', long: '-2.0100' },
      { line: 4, pcds: 'NOT A POSTCODE', lat: '53.0', long: '-2.0' },
      { line: 5, pcds: 'NX1 3CD', lat: 'north', long: '-2.0' },
      { line: 6, pcds: 'NX1 4EF', lat: '99.999999', long: '0.000000' },
      { line: 7, pcds: 'NX1 5GH', lat: '40.7', long: '-74.0' },
      { line: 8, pcds: '', lat: '53.0', long: '-2.0' },
    ];
    const answer = await p.op('importPostcodes', { token: admin, body: { rows } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body.imported).toBe(2);
    expect(answer.body.problems).toEqual([
      { line: 4, message: 'NOT A POSTCODE is not a UK postcode like OL1 1AA' },
      { line: 5, message: 'The latitude and longitude of NX1 3CD must be numbers, like 53.5452 and -2.1104' },
      { line: 6, message: 'NX1 4EF has no location in the directory (it may have closed)' },
      { line: 7, message: 'The latitude and longitude of NX1 5GH are not in the UK' },
      { line: 8, message: 'The postcode is missing' },
    ]);
    expect(await data.getPostcode(p.deps.db, 'NX1 2AB')).toEqual({ lat: 53.02, lng: -2.01 });
    expect(await data.getPostcode(p.deps.db, 'NX1 3CD')).toBeUndefined();
    // a search can start from an imported postcode at once
    expect((await p.call('GET', '/api/activities?postcode=NX1%201AA&miles=1')).status).toBe(200);

    // a place whose postcode was not known is found near one once its postcode is imported
    const listed = await p.call('POST', '/api/activities', {
      token: admin,
      body: {
        title: 'Far Field Rounders',
        description: 'Rounders.',
        organisationId: ids.org,
        priorities: ['movement'],
        cost: { kind: 'free' },
        booking: { mode: 'drop-in', defaultCapacity: 12 },
        venue: { name: 'Far Field', address: { line1: '1 Far Lane', town: 'Nearby', postcode: 'NX2 2ZZ' }, careCommunityId: ids.cc },
      },
    });
    expect(listed.status, JSON.stringify(listed.body)).toBe(201);
    all.push({ title: 'Far Field Rounders', postcode: 'NX2 2ZZ', point: { lat: 53.011, lng: -2.001 }, priority: 'movement', free: true, id: listed.body.id });
    const near = async () => idsOf(await search('postcode=NX1%201AA&miles=1'));
    expect(await near()).not.toContain(listed.body.id);
    expect((await p.op('importPostcodes', { token: admin, body: { rows: [{ line: 2, pcds: 'NX2 2ZZ', lat: '53.0110', long: '-2.0010' }] } })).body.imported).toBe(1);
    expect(await near()).toContain(listed.body.id);

    for (const who of ['resident@example.org', 'partner@example.org']) {
      expect((await p.op('importPostcodes', { token: await p.tokenFor(who), body: { rows: rows.slice(0, 1) } })).status).toBe(403);
    }
    const tooMany = await p.op('importPostcodes', { token: admin, body: { rows: Array.from({ length: 501 }, (_, i) => ({ ...rows[0]!, line: i + 2 })) } });
    expect(tooMany.status).toBe(400);
    expect((tooMany.body as unknown as { errors: { field: string }[] }).errors[0]!.field).toBe('body.rows');
  });
});

describe('activities indexed before cells of 6 characters', () => {
  it('are indexed again, once, by the daily refresh, and then found near a postcode', async () => {
    const db = p.deps.db;
    const hubTea = atHub[0]!.id!;
    const cell6 = async () =>
      (
        await db.doc.send(
          new QueryCommand({ TableName: db.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :s)', ExpressionAttributeValues: { ':pk': `ACTIVITY#${hubTea}`, ':s': 'INDEX#GEO#' } }),
        )
      )
        .Items!.map((i) => i.sk as string)
        .filter((sk) => sk.length === 'INDEX#GEO#'.length + 6);
    const [sk] = await cell6();
    expect(sk).toBeDefined();
    // as an index written before this version holds it: no 6-character cell, and the mark of an older version
    await db.doc.send(new DeleteCommand({ TableName: db.tableName, Key: { pk: `ACTIVITY#${hubTea}`, sk } }));
    await data.setIndexVersion(db, 1);
    expect(idsOf(await search('postcode=NM0%201AA&miles=1', 20))).not.toContain(hubTea);
    await refreshPassedSchedules(p.deps);
    expect(await cell6()).toEqual([sk]);
    expect(await data.getIndexVersion(db)).toBe(indexVersion);
    expect(idsOf(await search('postcode=NM0%201AA&miles=1', 20))).toContain(hubTea);
    await p.stream.idle();
  });
});

describe('a busy place: many activities at one point', () => {
  /** 60 activities at one community centre about 2 km north-east of the centre, among the scattered places. */
  const busy: Point = { lat: centre.lat + 1.6 * kmLat, lng: centre.lng + 1.2 * kmLng };
  const atBusy: Place[] = Array.from({ length: 60 }, (_, i) => ({
    title: `Busy ${i}`,
    postcode: 'NM98 1AA',
    point: busy,
    priority: i % 2 ? 'company' : 'movement',
    free: i % 3 === 0,
    id: `01JNEARBVSY${String(i).padStart(15, '0')}`,
  }));
  const expectedHere = (from: Point, miles: number, keep: (x: Place) => boolean = () => true) =>
    [...all, ...atBusy]
      .map((x) => ({ x, d: distanceMetres(from, x.point) }))
      .filter(({ x, d }) => d <= miles * mile && keep(x))
      .sort((a, b) => a.d - b.d || (a.x.id! < b.x.id! ? -1 : 1))
      .map(({ x }) => x.id!);

  beforeAll(async () => {
    // loaded as the bench loads: the Activity items and the index items createActivity would write
    const db = p.deps.db;
    const template = (await data.getActivity(db, places[0]!.id!))!;
    await data.putPostcodes(db, [{ postcode: 'NM98 1AA', ...busy }]);
    const organisation = { id: ids.org, name: 'Near Partners', contact: {} };
    const labels = { company: 'Company', movement: 'Movement' };
    await data.loadActivities(
      db,
      atBusy.map((x) => ({
        activity: {
          ...template,
          id: x.id!,
          title: x.title,
          priorities: [x.priority],
          cost: x.free ? { kind: 'free' as const } : { kind: 'amount' as const, pence: 300 },
          venue: { ...template.venue!, name: 'Busy Centre', address: { ...template.venue!.address, postcode: 'NM98 1AA' } },
        },
        organisation,
        priorities: [{ id: x.priority, label: labels[x.priority] }],
        point: busy,
      })),
    );
    await p.stream.idle();
  });

  it('answers nearest first across pages, and reads at most 1.5 index items per result for pages of 20', async () => {
    const figures: Record<string, number> = {};
    for (const [name, from, miles] of [
      ['at it, 1 mi', busy, 1],
      ['from the centre, 2 mi', centre, 2],
      ['from the centre, 5 mi', centre, 5],
    ] as const) {
      const plan = planSearch({ near: { centre: from, metres: miles * mile } });
      const found: string[] = [];
      let read = 0;
      let cursor: string | undefined;
      do {
        const page = await data.searchDirectory(p.deps.db, plan, 20, cursor);
        read += page.itemsRead;
        found.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(found).toEqual(expectedHere(from, miles));
      figures[name] = Math.round((read / found.length) * 100) / 100;
    }
    console.log('index items read per result with a busy place (pages of 20):', JSON.stringify(figures));
    for (const ratio of Object.values(figures)) expect(ratio).toBeLessThanOrEqual(1.5);
  });

  it('pages through a busy place in order, with the other filters, small pages, short pages and older cursors', async () => {
    expect(idsOf(await search(`latitude=${busy.lat}&longitude=${busy.lng}&miles=2`, 7))).toEqual(expectedHere(busy, 2));
    // out of budget after a few items read: short pages, each going on from the last
    const plan = planSearch({ near: { centre, metres: 2 * mile } });
    const found: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await data.searchDirectory(p.deps.db, plan, 20, cursor, 5);
      found.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(found).toEqual(expectedHere(centre, 2));
    // a cursor from before busy places (only where the last page ended) reads on from there
    const first = await p.call('GET', `/api/activities?latitude=${busy.lat}&longitude=${busy.lng}&miles=1&limit=5`);
    const older = Buffer.from(JSON.stringify({ after: JSON.parse(Buffer.from(first.body.nextCursor, 'base64url').toString()).after })).toString('base64url');
    const rest = await search(`latitude=${busy.lat}&longitude=${busy.lng}&miles=1`, 20, older);
    expect(idsOf([...first.body.items, ...rest])).toEqual(expectedHere(busy, 1));
    expect(idsOf(await search(`latitude=${busy.lat}&longitude=${busy.lng}&miles=5&priority=company`, 6))).toEqual(expectedHere(busy, 5, (x) => x.priority === 'company'));
    expect(idsOf(await search('postcode=NM0%201AA&miles=2&free=true', 3))).toEqual(expectedHere(centre, 2, (x) => x.free));
  });
});

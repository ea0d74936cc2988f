import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile, listAdminUserIds } from '../../functions/accounts/data';
import * as data from '../../functions/directory/data';
import { orderKey, planSearch, priorityAtHub } from '../../functions/directory/rules';
import { sendReviewReminders } from '../../functions/directory/service';
import { manualClock } from '../../functions/lib/clock';
import { seedUsers } from '../../functions/local/seed/users';
import { listMailbox } from '../../functions/messages/data';
import { eventually, startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Search: every filter and combinations of them against a brute-force answer over the same fixtures,
 * with sessions written in the sessions domain's shape (as fixtures) and the directory's stream consumer
 * turning them into day / time / date facets. Also freshness and bad input.
 */
const clock = manualClock('2026-03-01T12:00:00Z'); // a Sunday; London is on GMT until 29 March
let p: TestPlatform;
let admin = '',
  partner = '';

const ids = {
  ccA: '01JTEST0CC0000000000000001',
  ccB: '01JTEST0CC0000000000000002',
  h1: '01JTEST0HVB000000000000001',
  h2: '01JTEST0HVB000000000000002',
  org: '01JDEM00RG0000000000000001', // the demo partner acts for this organisation
};
const priorities = ['craft', 'movement', 'company'];
const h1Access = { stepFree: true, hearingLoop: true, accessibleToilet: true, parking: false, publicTransport: true };
const h2Access = { stepFree: false, hearingLoop: false, accessibleToilet: false, parking: false, publicTransport: true };
const venueAccess = { stepFree: true, hearingLoop: false, accessibleToilet: false, parking: true, publicTransport: false };

interface Fixture {
  id?: string;
  title: string;
  place: 'h1' | 'h2' | 'venue';
  priorities: string[];
  free: boolean;
  mode: 'drop-in' | 'reserve' | 'referral-only';
  ageMin: number;
  ageMax: number;
  day: number;
  time: string;
  weeks: number;
}

let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};
const words = ['Knitting', 'Walking', 'Singing', 'Gardening', 'Cooking', 'Chess', 'Yoga', 'Painting'];
const fixtures: Fixture[] = Array.from({ length: 26 }, (_, i) => ({
  title: `${words[i % words.length]} ${['Club', 'Group', 'Circle', 'Morning'][rand(4)]} ${i}`,
  place: (['h1', 'h2', 'venue'] as const)[rand(3)]!,
  priorities: [...new Set([priorities[rand(3)]!, priorities[rand(3)]!])],
  free: rand(2) === 0,
  mode: (['drop-in', 'reserve', 'referral-only'] as const)[i % 3]!,
  ...(
    [
      [0, 120],
      [11, 17],
      [65, 120],
      [18, 120],
    ] as const
  ).map(([ageMin, ageMax]) => ({ ageMin, ageMax }))[rand(4)]!,
  day: 1 + rand(7),
  time: ['09:30', '13:00', '18:30'][rand(3)]!,
  weeks: i % 6 === 5 ? 0 : 1 + rand(4),
}));

const accessOf = (f: Fixture) => (f.place === 'h1' ? h1Access : f.place === 'h2' ? h2Access : venueAccess);
const ccOf = (f: Fixture) => (f.place === 'h2' || f.place === 'venue' ? ids.ccB : ids.ccA);
const dayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const datesOf = (f: Fixture) => Array.from({ length: f.weeks }, (_, w) => new Date(Date.UTC(2026, 2, 2 + (f.day - 1) + 7 * w)).toISOString().slice(0, 10));
const todOf = (t: string) => (t < '12:00' ? 'morning' : t < '17:00' ? 'afternoon' : 'evening');
const needKey: Record<string, keyof typeof h1Access> = {
  'step-free': 'stepFree',
  'hearing-loop': 'hearingLoop',
  parking: 'parking',
  'public-transport': 'publicTransport',
  'accessible-toilet': 'accessibleToilet',
};

/** The brute-force answer: which fixtures a query should find, in the stable order. */
function expected(q: URLSearchParams): string[] {
  const list = (k: string) => q.getAll(k).flatMap((v) => v.split(','));
  return fixtures
    .filter((f) => {
      if (list('priority').length && !list('priority').some((x) => f.priorities.includes(x))) return false;
      if (q.get('hub') && (f.place === 'venue' || ids[f.place] !== q.get('hub'))) return false;
      if (q.get('careCommunity') && ccOf(f) !== q.get('careCommunity')) return false;
      if (list('day').length && (!f.weeks || !list('day').includes(dayNames[f.day - 1]!))) return false;
      if (list('timeOfDay').length && (!f.weeks || !list('timeOfDay').includes(todOf(f.time)))) return false;
      const from = q.get('from') ?? q.get('to');
      const to = q.get('to') ?? q.get('from');
      if (from && !datesOf(f).some((d) => d >= from && d <= to!)) return false;
      if (q.get('free') === 'true' && !f.free) return false;
      if (list('access').some((n) => !accessOf(f)[needKey[n]!])) return false;
      if (q.get('age') && (Number(q.get('age')) < f.ageMin || Number(q.get('age')) > f.ageMax)) return false;
      if (q.get('booking') && f.mode !== q.get('booking')) return false;
      if (q.get('q') && !f.title.toLowerCase().includes(q.get('q')!.toLowerCase())) return false;
      return true;
    })
    .sort((a, b) => orderKey(a.title, a.id!).localeCompare(orderKey(b.title, b.id!)))
    .map((f) => f.id!);
}

async function search(query: string, limit = 3): Promise<string[]> {
  const found: string[] = [];
  let cursor: string | undefined;
  do {
    const answer = await p.call('GET', `/api/activities?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    found.push(...answer.body.items.map((a: { id: string }) => a.id));
    cursor = answer.body.nextCursor;
  } while (cursor);
  return found;
}

function sessionItem(activityId: string, n: number, localDate: string, time: string, over: Record<string, unknown> = {}) {
  const id = `01JTESTSESS${activityId.slice(-6)}${String(n).padStart(9, '0')}`;
  const startsAt = `${localDate}T${time}:00.000Z`; // GMT in early March
  const endsAt = new Date(Date.parse(startsAt) + 90 * 60_000).toISOString();
  return {
    pk: `SESSION#${id}`,
    sk: 'META',
    type: 'Session',
    id,
    activityId,
    startsAt,
    endsAt,
    localDate,
    localStartTime: time,
    dayOfWeek: ((new Date(`${localDate}T00:00:00Z`).getUTCDay() + 6) % 7) + 1,
    capacity: 10,
    confirmed: 0,
    waitlisted: 0,
    status: 'scheduled',
    gsi1pk: `ACTIVITY#${activityId}#SESSIONS`,
    gsi1sk: startsAt,
    ...over,
  };
}

beforeAll(async () => {
  p = await startPlatform({ clock });
  const db = p.deps.db;
  await seedUsers(p.deps);
  const address = { line1: '1 Test Street', town: 'Testtown', postcode: 'TE1 1ST' };
  await Promise.all([
    data.putCareCommunity(db, { id: ids.ccA, name: 'Area A' }),
    data.putCareCommunity(db, { id: ids.ccB, name: 'Area B' }),
    data.putOrganisation(db, { id: ids.org, name: 'Test Partners', contact: {} }),
    ...priorities.map((id) => data.putPriority(db, { id, label: id })),
    data.putHub(db, { id: ids.h1, name: 'Hub One', careCommunityId: ids.ccA, address, openingHours: [], contact: {}, accessibility: h1Access, rooms: [], updatedAt: clock.now().toISOString() }),
    data.putHub(db, { id: ids.h2, name: 'Hub Two', careCommunityId: ids.ccB, address, openingHours: [], contact: {}, accessibility: h2Access, rooms: [], updatedAt: clock.now().toISOString() }),
  ]);
  admin = await p.tokenFor('admin@example.org');
  partner = await p.tokenFor('partner@example.org');
  await Promise.all(
    fixtures.map(async (f) => {
      const answer = await p.op('createActivity', {
        token: admin,
        body: {
          title: f.title,
          description: `A friendly ${f.title.toLowerCase()} for the neighbourhood.`,
          organisationId: ids.org,
          ...(f.place === 'venue' ? { venue: { name: 'The Park', address, careCommunityId: ids.ccB, accessibility: venueAccess } } : { hubId: ids[f.place] }),
          priorities: f.priorities,
          audience: { ageMin: f.ageMin, ageMax: f.ageMax },
          cost: f.free ? { kind: 'free' } : { kind: 'amount', pence: 200 },
          booking: { mode: f.mode, defaultCapacity: 10 },
        },
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      f.id = answer.body.id;
      await Promise.all(datesOf(f).map((d, n) => db.doc.send(new PutCommand({ TableName: db.tableName, Item: sessionItem(f.id!, n, d, f.time) }))));
    }),
  );
  // the stream turns the sessions into each activity's schedule facets
  await eventually(async () => {
    for (const f of fixtures.filter((x) => x.weeks > 0)) expect((await data.getActivity(db, f.id!))?.schedule?.dates).toEqual(datesOf(f));
  }, 240_000);
  await p.stream.idle();
}, 360_000);
afterAll(() => p?.stop());

describe('listActivities filters, each served by an index', () => {
  const queries = [
    '',
    'priority=craft',
    'priority=craft&priority=company',
    'priority=movement,company&free=true',
    `hub=${ids.h1}`,
    `hub=${ids.h2}&priority=company`,
    `careCommunity=${ids.ccB}`,
    'day=tue',
    'day=sat,sun&timeOfDay=morning',
    'timeOfDay=evening',
    'from=2026-03-03&to=2026-03-05',
    'from=2026-03-09&to=2026-03-29',
    'from=2026-03-14',
    'free=true',
    'access=step-free',
    'access=hearing-loop&access=step-free',
    'age=15',
    'age=70&free=true',
    'booking=drop-in',
    `booking=referral-only&careCommunity=${ids.ccA}`,
    'q=knitting',
    'q=walking&day=mon,tue,wed',
    `priority=craft,movement,company&from=2026-03-02&to=2026-03-08&access=public-transport&hub=${ids.h2}`,
  ];
  it.each(queries)('finds exactly the matching activities, in order, across pages: %s', async (query) => {
    const want = expected(new URLSearchParams(query));
    expect(await search(query)).toEqual(want);
  });

  it('pages of one still add up to the whole list', async () => {
    expect(await search('priority=craft,company', 1)).toEqual(expected(new URLSearchParams('priority=craft,company')));
  });

  it('shows the next sessions and whether places are left, and keeps them current as sessions fill and are cancelled', async () => {
    const f: Fixture = { title: 'Pottery Taster', place: 'h1', priorities: ['craft'], free: true, mode: 'reserve', ageMin: 0, ageMax: 120, day: 3, time: '14:00', weeks: 3 };
    const created = await p.op('createActivity', {
      token: admin,
      body: {
        title: f.title,
        description: 'Try the wheel.',
        organisationId: ids.org,
        hubId: ids.h1,
        priorities: f.priorities,
        cost: { kind: 'free' },
        booking: { mode: 'reserve', defaultCapacity: 10 },
      },
    });
    f.id = created.body.id;
    await Promise.all(datesOf(f).map((d, n) => p.deps.db.doc.send(new PutCommand({ TableName: p.deps.db.tableName, Item: sessionItem(f.id!, n, d, f.time) }))));
    const card = async () => (await p.op('listActivities', { query: { q: f.title } })).body.items.find((a: { id: string }) => a.id === f.id);
    await eventually(async () => expect((await card())!.upcoming[0]!).toMatchObject({ startsAt: `${datesOf(f)[0]}T${f.time}:00.000Z`, availability: 'places' }), 30_000);

    const db = p.deps.db;
    const first = sessionItem(f.id!, 0, datesOf(f)[0]!, f.time);
    await db.doc.send(new UpdateCommand({ TableName: db.tableName, Key: { pk: first.pk, sk: 'META' }, UpdateExpression: 'SET confirmed = :c', ExpressionAttributeValues: { ':c': 10 } }));
    await eventually(async () => expect((await card())!.upcoming[0]!.availability).toBe('full'), 30_000);
    const detail = await p.op('getActivity', { params: { id: f.id } });
    expect(detail.body.upcoming[0]).toMatchObject({ availability: 'full', placesLeft: 0 });

    await db.doc.send(
      new UpdateCommand({
        TableName: db.tableName,
        Key: { pk: first.pk, sk: 'META' },
        UpdateExpression: 'SET #s = :s',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': 'cancelled' },
      }),
    );
    await eventually(async () => expect((await card())!.upcoming[0]!.startsAt).toBe(`${datesOf(f)[1]}T${f.time}:00.000Z`), 30_000);
    const onCancelledDay = await search(`from=${datesOf(f)[0]}&to=${datesOf(f)[0]}`);
    expect(onCancelledDay).not.toContain(f.id);
    await p.op('archiveActivity', { params: { id: f.id }, token: admin });
  });

  it('keeps index items in step when a hub’s accessibility changes', async () => {
    const before = await search('access=parking');
    expect(before).toEqual(expected(new URLSearchParams('access=parking')));
    const coordinatorToken = admin;
    const changed = await p.op('updateHub', { params: { id: ids.h2 }, token: coordinatorToken, body: { accessibility: { ...h2Access, parking: true } } });
    expect(changed.status).toBe(200);
    const h2Ids = fixtures.filter((f) => f.place === 'h2').map((f) => f.id);
    await eventually(async () => {
      const after = await search('access=parking');
      expect(after.length).toBe(before.length + h2Ids.length);
      expect(after).toEqual(expect.arrayContaining(h2Ids));
    }, 360_000);
    await p.op('updateHub', { params: { id: ids.h2 }, token: admin, body: { accessibility: h2Access } });
    await eventually(async () => expect(await search('access=parking')).toEqual(before), 30_000);
  });

  it('reads about one index item per result for a single filter', async () => {
    for (const facet of ['ALL', 'PRI#craft', `HUB#${ids.h1}`, 'FREE']) {
      const result = await data.searchDirectory(p.deps.db, { streams: [{ facet, conditions: [] }], conditions: [] }, 5);
      expect(result.itemsRead / Math.max(1, result.items.length)).toBeLessThanOrEqual(1.5);
    }
  });

  it('serves priority + hub from the priority-at-hub partitions: exact answers, about one item read per result', async () => {
    for (const query of [`hub=${ids.h1}&priority=craft`, `hub=${ids.h1}&priority=craft,company&free=true`, `hub=${ids.h2}&priority=movement&priority=company`]) {
      const want = expected(new URLSearchParams(query));
      expect(await search(query)).toEqual(want);
      const q = new URLSearchParams(query);
      const plan = planSearch({ hub: q.get('hub')!, priority: q.getAll('priority').flatMap((v) => v.split(',')), ...(q.get('free') ? { free: true } : {}) });
      expect(plan.streams.every((s) => s.facet.includes('#HUB#'))).toBe(true);
      let read = 0,
        returned = 0;
      let cursor: string | undefined;
      do {
        const page = await data.searchDirectory(p.deps.db, plan, 5, cursor);
        read += page.itemsRead;
        returned += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      expect(returned).toBe(want.length);
      // unfiltered by anything else, every item read is a result; with free=true, the composite is still the driver
      if (!q.get('free')) expect(read / Math.max(1, returned)).toBeLessThanOrEqual(1.5);
    }
  });

  it('keeps the priority-at-hub index items in step on update and archive', async () => {
    const created = await p.op('createActivity', {
      token: admin,
      body: {
        title: 'Zither Circle',
        description: 'Strings.',
        organisationId: ids.org,
        hubId: ids.h1,
        priorities: ['craft'],
        cost: { kind: 'free' },
        booking: { mode: 'drop-in', defaultCapacity: 10 },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const partition = async (priority: string, hub: string) => {
      const db = p.deps.db;
      const { Items } = await db.doc.send(
        new QueryCommand({
          TableName: db.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :p',
          ExpressionAttributeValues: { ':p': data.directoryPartition(priorityAtHub(priority, hub)) },
        }),
      );
      return (Items ?? []).map((i) => i.activityId as string);
    };
    expect(await search(`hub=${ids.h1}&priority=craft`)).toContain(id);
    expect(await partition('craft', ids.h1)).toContain(id);

    const moved = await p.op('updateActivity', { params: { id }, token: admin, body: { hubId: ids.h2, priorities: ['movement', 'company'] } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(await partition('craft', ids.h1)).not.toContain(id);
    expect(await partition('movement', ids.h2)).toContain(id);
    expect(await partition('company', ids.h2)).toContain(id);
    expect(await search(`hub=${ids.h1}&priority=craft`)).not.toContain(id);
    expect(await search(`hub=${ids.h2}&priority=company`)).toContain(id);

    const archived = await p.op('archiveActivity', { params: { id }, token: admin });
    expect(archived.status).toBeLessThan(300);
    expect(await partition('movement', ids.h2)).not.toContain(id);
    expect(await partition('company', ids.h2)).not.toContain(id);
    expect(await search(`hub=${ids.h2}&priority=company`)).not.toContain(id);
    await p.stream.idle();
  });
});

describe('bad input: a 400 naming the field, nothing written', () => {
  const problemFields = async (path: string, init: { method?: string; body?: unknown } = {}) => {
    const answer = await p.call(init.method ?? 'GET', path, { token: admin, ...(init.body ? { body: init.body } : {}) });
    expect(answer.status).toBe(400);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    return answer.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`);
  };

  it('refuses unknown priorities, inverted or overlong date ranges, oversize pages, bad cursors and unknown filters', async () => {
    expect(await problemFields('/api/activities?priority=craft,knitting-needles')).toEqual(['query.priority:unknown_priority']);
    expect(await problemFields('/api/activities?from=2026-03-10&to=2026-03-01')).toEqual(['query.to:custom']);
    expect(await problemFields('/api/activities?from=2026-01-01&to=2026-12-31')).toEqual(['query.to:range_too_long']);
    expect(await problemFields('/api/activities?limit=51')).toEqual(['query.limit:too_big']);
    expect(await problemFields('/api/activities?cursor=not-a-cursor')).toEqual(['query.cursor:invalid_cursor']);
    const forged = Buffer.from(JSON.stringify({ pk: 'USER#x' })).toString('base64url');
    expect(await problemFields(`/api/activities?cursor=${forged}`)).toEqual(['query.cursor:invalid_cursor']);
    expect(await problemFields('/api/activities?day=funday')).toEqual(['query.day.0:invalid_value']);
    expect(await problemFields('/api/activities?sort=price')).toEqual(['query.sort:unknown_field']);
    expect(await problemFields(`/api/activities?q=${'x'.repeat(101)}`)).toEqual(['query.q:too_big']);
  });

  it('refuses bad activities without writing anything', async () => {
    const before = await p.op('listOrganisationActivities', { params: { id: ids.org }, query: { limit: '100' }, token: admin });
    const good = { title: 'Fine', description: 'Fine.', organisationId: ids.org, hubId: ids.h1, priorities: ['craft'], cost: { kind: 'free' }, booking: { mode: 'reserve', defaultCapacity: 5 } };
    expect(await problemFields('/api/activities', { method: 'POST', body: { ...good, priorities: ['craft', 'basket-weaving'] } })).toEqual(['body.priorities.1:unknown_priority']);
    expect(await problemFields('/api/activities', { method: 'POST', body: { ...good, title: 'x'.repeat(121) } })).toEqual(['body.title:too_big']);
    expect(await problemFields('/api/activities', { method: 'POST', body: { ...good, description: 'x'.repeat(2001) } })).toEqual(['body.description:too_big']);
    expect(await problemFields('/api/activities', { method: 'POST', body: { ...good, booking: { mode: 'reserve', defaultCapacity: 0 } } })).toEqual(['body.booking.defaultCapacity:too_small']);
    expect(await problemFields('/api/activities', { method: 'POST', body: { ...good, audience: { ageMin: 30, ageMax: 20 } } })).toEqual(['body.audience.ageMax:custom']);
    expect(await problemFields('/api/activities', { method: 'POST', body: { ...good, status: 'active', version: 9 } })).toEqual(['body.version:unknown_field']);
    expect(await problemFields('/api/activities', { method: 'POST', body: { ...good, hubId: '01JTEST0HVB000000000000099' } })).toEqual(['body.hubId:unknown_hub']);
    expect(await problemFields('/api/activities', { method: 'POST', body: { ...good, hubId: undefined } })).toEqual(['body.hubId:custom']);
    const someone = fixtures[0]!.id!;
    expect(await problemFields(`/api/activities/${someone}`, { method: 'PATCH', body: { priorities: ['nope'] } })).toEqual(['body.priorities.0:unknown_priority']);
    expect(await problemFields(`/api/activities/${someone}`, { method: 'PATCH', body: { title: '' } })).toEqual(['body.title:too_small']);
    const after = await p.op('listOrganisationActivities', { params: { id: ids.org }, query: { limit: '100' }, token: admin });
    expect(after.body.items).toEqual(before.body.items);
    expect((await p.op('getActivity', { params: { id: someone } })).body.version).toBe(1);
  });
});

describe('freshness', () => {
  it('flags activities not reviewed in six months to their owners and every admin, once, until reviewed', async () => {
    const secondAdmin = {
      userId: '01JTEST0USER00000000ADMIN2',
      name: 'Second Admin',
      email: 'admin2@example.org',
      contactPreference: 'email' as const,
      roles: ['admin' as const],
      hubIds: [],
      organisationIds: [],
    };
    await createProfile(p.deps.db, secondAdmin, clock.now());
    expect(await listAdminUserIds(p.deps.db)).toEqual(expect.arrayContaining([secondAdmin.userId]));
    expect(await listAdminUserIds(p.deps.db)).toHaveLength(2); // the demo admin and this one; no one else
    const created = await p.op('createActivity', {
      token: partner,
      body: {
        title: 'Old Timers Dominoes',
        description: 'Dominoes and a cuppa.',
        organisationId: ids.org,
        hubId: ids.h1,
        priorities: ['company'],
        cost: { kind: 'free' },
        booking: { mode: 'drop-in', defaultCapacity: 20 },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    clock.advance(200 * 86_400_000);
    try {
      const due = await p.op('listActivitiesDueReview', { query: { limit: '100' }, token: partner });
      expect(due.body.items.map((a: { id: string }) => a.id)).toContain(id);
      expect((await p.op('getActivity', { params: { id }, token: partner })).body.needsReview).toBe(true);
      expect((await p.op('sendReviewReminders', { token: partner })).status).toBe(403);

      const run = await p.op('sendReviewReminders', { token: admin });
      expect(run.status).toBe(200);
      expect(run.body.flagged).toBeGreaterThanOrEqual(1);
      expect((await p.op('sendReviewReminders', { token: admin })).body.flagged).toBe(0);
      await eventually(async () => {
        const mail = await listMailbox(p.deps.db, 200);
        expect(mail.filter((m) => m.address === 'partner@example.org' && m.subject.includes('Old Timers Dominoes'))).toHaveLength(1);
        for (const address of ['admin@example.org', 'admin2@example.org']) {
          expect(mail.filter((m) => m.address === address && m.kind === 'directory.review-due-summary')).toHaveLength(1);
        }
      }, 360_000);
      // the summary is one per admin per day: sending it again the same day writes nothing
      const summaries = async () => (await listMailbox(p.deps.db, 200)).filter((m) => m.kind === 'directory.review-due-summary').length;
      const before = await summaries();
      expect(await sendReviewReminders(p.deps)).toEqual({ flagged: 0 });
      await p.stream.idle();
      expect(await summaries()).toBe(before);

      const reviewed = await p.op('updateActivity', { params: { id }, token: partner, body: {} });
      expect(reviewed.body).toMatchObject({ needsReview: false, version: 2 });
      const dueAfter = await p.op('listActivitiesDueReview', { query: { limit: '100' }, token: partner });
      expect(dueAfter.body.items.map((a: { id: string }) => a.id)).not.toContain(id);
    } finally {
      clock.advance(-200 * 86_400_000);
    }
  });
});

it('never scans: the index partitions hold only active activities', async () => {
  const db = p.deps.db;
  const { Items } = await db.doc.send(new QueryCommand({ TableName: db.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': 'DIR#ALL' } }));
  const all = await search('', 50);
  expect(all.length).toBe(Items!.length);
});

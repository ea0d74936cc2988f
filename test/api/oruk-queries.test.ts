import { readdirSync, readFileSync } from 'node:fs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as data from '../../functions/directory/data';
import { refreshSchedule } from '../../functions/directory/service';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { seedUsers } from '../../functions/local/seed/users';
import { eventually, onRehearsal, startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Every Open Referral UK query parameter, driven with values chosen so that a filter that did nothing would
 * change the answer, each answer compared with a brute-force filter over all the feed's own full records
 * (read one by one from /services/{id}), which are validated against the profile's schemas. Answers must come
 * from the index (no Scan), and malformed or unknown values are a 400 naming the parameter.
 */
const clock = manualClock('2026-03-01T12:00:00Z');
let p: TestPlatform;

const fixtures = new URL('../fixtures/openreferral-uk/schema/', import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.json'))) ajv.addSchema(JSON.parse(readFileSync(new URL(file, fixtures), 'utf8')), file);
const compiled = (name: string) => ajv.compile(JSON.parse(readFileSync(new URL(`compiled/${name}.json`, fixtures), 'utf8')));
const schemas = { service: compiled('service'), serviceList: compiled('service_list'), serviceAtLocationList: compiled('service_at_location_list') };
function expectValid(validate: ValidateFunction, value: unknown) {
  expect(validate(value), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
}

const ids = { cc: '01JQRYCC000000000000000001', hub: '01JQRYHVB00000000000000001', org1: '01JQRY0RG00000000000000001', org2: '01JQRY0RG00000000000000002' };
const postcodes = [
  { postcode: 'TA1 1AA', lat: 53.0, lng: -2.0 },
  { postcode: 'TA2 2BB', lat: 53.027, lng: -2.0 }, // about 3 km north of the hub
  { postcode: 'TA9 9ZZ', lat: 53.18, lng: -2.0 }, // about 20 km north
  { postcode: 'TA5 5EE', lat: 53.1, lng: -2.0 }, // about 11 km north: searched from
];
const at = (postcode: string) => ({ line1: '1 Some Street', town: 'Testtown', postcode });
const venue = (name: string, postcode: string) => ({ name, address: at(postcode), careCommunityId: ids.cc });

/** title → what it is; `weekly` = [ISO weekday, local start, minutes] */
const fixturesByTitle: Record<string, { body: Record<string, unknown>; weekly: [number, string, number] }> = {
  'Weekly Tea': { body: { description: 'Tea and chat for everyone.', organisationId: ids.org1, hubId: ids.hub, priorities: ['company'] }, weekly: [2, '10:00', 90] },
  'Buggy Walks': {
    body: {
      description: 'A gentle stroll for parents and carers of babies.',
      organisationId: ids.org1,
      venue: venue('Park gate', 'TA2 2BB'),
      priorities: ['movement'],
      audience: { ageMin: 16, ageMax: 120 },
    },
    weekly: [3, '10:30', 60],
  },
  'Youth Football': {
    body: { description: 'Football for young people.', organisationId: ids.org2, venue: venue('Town field', 'TA9 9ZZ'), priorities: ['movement'], audience: { ageMin: 11, ageMax: 17 } },
    weekly: [3, '17:00', 90],
  },
  'Evening Choir': {
    body: { description: 'Sing together, no experience needed.', organisationId: ids.org2, hubId: ids.hub, priorities: ['company'], audience: { ageMin: 18, ageMax: 120 } },
    weekly: [4, '19:00', 120],
  },
  'Toddler Time': { body: { description: 'Songs and play.', organisationId: ids.org1, hubId: ids.hub, priorities: ['families'], audience: { ageMin: 0, ageMax: 5 } }, weekly: [1, '09:30', 60] },
  'Chair Yoga': {
    body: {
      description: 'Seated yoga with views over the river.',
      organisationId: ids.org1,
      venue: venue('Library room', 'TA2 2BB'),
      priorities: ['movement', 'company'],
      audience: { ageMin: 65, ageMax: 120 },
    },
    weekly: [5, '14:00', 60],
  },
  'Saturday Club': {
    body: { description: 'Games and crafts for children.', organisationId: ids.org2, hubId: ids.hub, priorities: ['company', 'families'], audience: { ageMin: 5, ageMax: 11 } },
    weekly: [6, '11:00', 120],
  },
  'Paused Thing': { body: { description: 'Not running: parents football riverside.', organisationId: ids.org2, hubId: ids.hub, priorities: ['movement'], status: 'paused' }, weekly: [3, '18:00', 60] },
};

/** The feed's full records: what every answer is checked against. */
let records: any[] = [];
const commands: string[] = [];

function session(activityId: string, n: number, localDate: string, time: string, minutes: number) {
  // March before the 29th: London is on GMT, so local time is UTC
  const startsAt = new Date(`${localDate}T${time}:00Z`).toISOString();
  const id = `01JQRYSESS${activityId.slice(-6)}${String(n).padStart(10, '0')}`;
  return {
    pk: `SESSION#${id}`,
    sk: 'META',
    type: 'Session',
    id,
    activityId,
    startsAt,
    endsAt: new Date(Date.parse(startsAt) + minutes * 60_000).toISOString(),
    localDate,
    localStartTime: time,
    dayOfWeek: ((new Date(`${localDate}T00:00:00Z`).getUTCDay() + 6) % 7) + 1,
    capacity: 12,
    confirmed: 0,
    waitlisted: 0,
    status: 'scheduled',
    gsi1pk: `ACTIVITY#${activityId}#SESSIONS`,
    gsi1sk: startsAt,
  };
}

beforeAll(async () => {
  p = await startPlatform({ clock });
  const db = p.deps.db;
  await seedUsers(p.deps);
  await data.putPostcodes(db, postcodes);
  await Promise.all([
    data.putCareCommunity(db, { id: ids.cc, name: 'Testtown Care Community', description: 'Testtown and its villages' }),
    data.putOrganisation(db, { id: ids.org1, name: 'Feeds Partners', contact: {} }),
    data.putOrganisation(db, { id: ids.org2, name: 'Riverside Trust', contact: {} }),
    data.putPriority(db, { id: 'company', label: 'Company' }),
    data.putPriority(db, { id: 'movement', label: 'Movement' }),
    data.putPriority(db, { id: 'families', label: 'Families' }),
    data.putHub(db, {
      id: ids.hub,
      name: 'Oak Hub',
      careCommunityId: ids.cc,
      address: at('TA1 1AA'),
      openingHours: [],
      contact: {},
      accessibility: { stepFree: true, hearingLoop: false, accessibleToilet: false, parking: false, publicTransport: false },
      rooms: [],
      updatedAt: clock.now().toISOString(),
    }),
  ]);
  const admin = await p.tokenFor('admin@example.org');
  for (const [title, { body, weekly }] of Object.entries(fixturesByTitle)) {
    const answer = await p.call('POST', '/api/activities', { token: admin, body: { title, cost: { kind: 'free' }, booking: { mode: 'drop-in', defaultCapacity: 12 }, ...body } });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const [day, time, minutes] = weekly;
    const first = 1 + day; // 2 March 2026 is a Monday
    const sessions = [0, 1, 2, 3].map((w) => session(answer.body.id, w, `2026-03-${String(first + 7 * w).padStart(2, '0')}`, time, minutes));
    await Promise.all(sessions.map((Item) => db.doc.send(new PutCommand({ TableName: db.tableName, Item }))));
    await refreshSchedule(p.deps, answer.body.id); // what the stream does on these session items, done now
  }
  await p.stream.idle();
  // every full record, by id, from the paged list
  const list = await p.call('GET', '/api/openreferral/services?per_page=100');
  records = await Promise.all(list.body.contents.map(async (s: { id: string }) => (await p.call('GET', `/api/openreferral/services/${s.id}`)).body));
  // from here on, watch what the server asks the table
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

// ---------- the brute force: the parameters' meanings, written over the full records ----------

const centroid = (postcode: string) => postcodes.find((x) => x.postcode.replace(' ', '') === postcode.toUpperCase().replace(' ', ''))!;
function metres(a: { lat: number; lng: number }, b: { lat: number; lng: number }) {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
const dayNames: Record<string, string> = { MONDAY: 'MO', TUESDAY: 'TU', WEDNESDAY: 'WE', THURSDAY: 'TH', FRIDAY: 'FR', SATURDAY: 'SA', SUNDAY: 'SU' };

function bruteForce(params: Record<string, string>): string[] {
  return records
    .filter((r) => {
      const location = r.service_at_locations[0].location;
      for (const [name, value] of Object.entries(params)) {
        switch (name) {
          case 'search': {
            const haystack = [r.name, r.description, r.organization?.name, location.name, ...r.attributes.map((a: any) => a.taxonomy_term.name)].join(' ').toLowerCase();
            if (
              !value
                .toLowerCase()
                .split(/\s+/)
                .every((w) => haystack.includes(w))
            )
              return false;
            break;
          }
          case 'taxonomy_term_id':
            if (!r.attributes.some((a: any) => a.taxonomy_term_id === value)) return false;
            break;
          case 'taxonomy_id':
            if (!r.attributes.some((a: any) => a.taxonomy_term.taxonomy_id === value)) return false;
            break;
          case 'minimum_age':
            if (!(r.minimum_age >= Number(value))) return false;
            break;
          case 'maximum_age':
            if (!(r.maximum_age <= Number(value))) return false;
            break;
          case 'start_time':
            if (!r.schedules.some((s: any) => s.opens_at >= value.padEnd(8, ':00'))) return false;
            break;
          case 'end_time':
            if (!r.schedules.some((s: any) => s.closes_at <= value.padEnd(8, ':00'))) return false;
            break;
          case 'day': {
            const wanted = value
              .toUpperCase()
              .split(',')
              .map((d) => dayNames[d] ?? d);
            if (!r.schedules.some((s: any) => s.byday.split(',').some((d: string) => wanted.includes(d)))) return false;
            break;
          }
          case 'postcode':
            if (location.latitude === undefined || metres(centroid(value), { lat: location.latitude, lng: location.longitude }) > Number(params.proximity ?? 10_000)) return false;
            break;
          case 'proximity':
          case 'page':
          case 'per_page':
            break;
          default:
            throw new Error(`no brute force for ${name}`);
        }
      }
      return true;
    })
    .map((r) => r.name)
    .sort();
}

async function names(path: string, params: Record<string, string>): Promise<string[]> {
  const answer = await p.call('GET', `/api/openreferral/${path}?${new URLSearchParams({ per_page: '100', ...params })}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(answer.body.total_items).toBe(answer.body.contents.length);
  if (path === 'services') return answer.body.contents.map((s: { name: string }) => s.name).sort();
  const byId = new Map(records.map((r) => [r.id, r.name]));
  for (const s of answer.body.contents) expectValid(schemas.serviceAtLocationList, s);
  return answer.body.contents.map((s: { service_id: string }) => byId.get(s.service_id)).sort();
}

const everything = () => records.map((r) => r.name).sort();
const term = (slug: string) => records.flatMap((r) => r.attributes).find((a: any) => a.taxonomy_term.term === slug).taxonomy_term_id as string;

describe('Open Referral UK query parameters', () => {
  it('publishes full records valid against the profile, with service areas and located places', () => {
    expect(everything()).toEqual(['Buggy Walks', 'Chair Yoga', 'Evening Choir', 'Saturday Club', 'Toddler Time', 'Weekly Tea', 'Youth Football']);
    for (const r of records) {
      expectValid(schemas.service, r);
      expect(r.service_areas[0]).toMatchObject({ name: 'Testtown Care Community', service_id: r.id });
      expect(typeof r.service_at_locations[0].location.latitude).toBe('number');
      expect(typeof r.service_at_locations[0].location.longitude).toBe('number');
      expect(r.schedules).toHaveLength(1);
    }
  });

  const cases: [string, () => Record<string, string>, string[]][] = [
    ['search in a description only', () => ({ search: 'parents' }), ['Buggy Walks']],
    ['search by organisation name', () => ({ search: 'Riverside' }), ['Evening Choir', 'Saturday Club', 'Youth Football']],
    ['search by taxonomy term', () => ({ search: 'families' }), ['Saturday Club', 'Toddler Time']],
    ['search with two words (both must match)', () => ({ search: 'yoga river' }), ['Chair Yoga']],
    ['taxonomy_term_id', () => ({ taxonomy_term_id: term('movement') }), ['Buggy Walks', 'Chair Yoga', 'Youth Football']],
    ['taxonomy_id (every service has a term of the one taxonomy)', () => ({ taxonomy_id: records[0].attributes[0].taxonomy_term.taxonomy_id, search: 'children' }), ['Saturday Club']],
    ['minimum_age', () => ({ minimum_age: '18' }), ['Chair Yoga', 'Evening Choir']],
    ['maximum_age', () => ({ maximum_age: '17' }), ['Saturday Club', 'Toddler Time', 'Youth Football']],
    ['start_time', () => ({ start_time: '14:00' }), ['Chair Yoga', 'Evening Choir', 'Youth Football']],
    ['start_time with seconds', () => ({ start_time: '14:00:01' }), ['Evening Choir', 'Youth Football']],
    ['end_time', () => ({ end_time: '11:00:00' }), ['Toddler Time']],
    ['day', () => ({ day: 'WE' }), ['Buggy Walks', 'Youth Football']],
    ['day as several names', () => ({ day: 'monday,SA' }), ['Saturday Club', 'Toddler Time']],
    ['postcode with proximity', () => ({ postcode: 'TA1 1AA', proximity: '1000' }), ['Evening Choir', 'Saturday Club', 'Toddler Time', 'Weekly Tea']],
    ['postcode with a wider proximity', () => ({ postcode: 'ta11aa', proximity: '5000' }), ['Buggy Walks', 'Chair Yoga', 'Evening Choir', 'Saturday Club', 'Toddler Time', 'Weekly Tea']],
    ['postcode alone (10 km)', () => ({ postcode: 'TA5 5EE' }), ['Buggy Walks', 'Chair Yoga', 'Youth Football']],
    ['combined with AND', () => ({ taxonomy_term_id: term('movement'), day: 'WE', minimum_age: '16' }), ['Buggy Walks']],
    [
      'combined with AND, near',
      () => ({ postcode: 'TA1 1AA', proximity: '5000', taxonomy_term_id: term('company'), start_time: '10:00', maximum_age: '120', minimum_age: '5' }),
      ['Chair Yoga', 'Evening Choir', 'Saturday Club'],
    ],
    ['search, time and age together', () => ({ search: 'football', end_time: '19:00', maximum_age: '17' }), ['Youth Football']],
  ];

  for (const [label, params, expected] of cases) {
    it(`${label}: answers what a brute force over every record answers, and changes the answer`, async () => {
      const q = params();
      const want = bruteForce(q);
      expect(want).toEqual(expected); // the values were chosen to matter
      expect(want).not.toEqual(everything());
      const from = commands.length;
      expect(await names('services', q)).toEqual(want);
      expect(await names('service_at_locations', q)).toEqual(want);
      expect(commands.slice(from)).not.toContain('ScanCommand');
      if (!onRehearsal()) expect(commands.slice(from)).toContain('QueryCommand');
    });
  }

  it('pages a filtered answer with the right totals', async () => {
    const q = { taxonomy_term_id: term('company') };
    const want = bruteForce(q);
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const answer = await p.call('GET', `/api/openreferral/services?${new URLSearchParams({ ...q, per_page: '2', page: String(page) })}`);
      expect(answer.body).toMatchObject({ total_items: want.length, total_pages: Math.ceil(want.length / 2), page_number: page });
      for (const s of answer.body.contents) expectValid(schemas.serviceList, s);
      seen.push(...answer.body.contents.map((s: { name: string }) => s.name));
    }
    expect(seen.sort()).toEqual(want);
  });

  const refused: [string, string][] = [
    ['search', `search=${'x'.repeat(101)}`],
    ['taxonomy_term_id', 'taxonomy_term_id=not-a-uuid'],
    ['taxonomy_term_id', 'taxonomy_term_id=00000000-0000-4000-8000-000000000000'],
    ['taxonomy_id', 'taxonomy_id=00000000-0000-4000-8000-000000000000'],
    ['minimum_age', 'minimum_age=old'],
    ['maximum_age', 'maximum_age=-1'],
    ['start_time', 'start_time=25:00'],
    ['end_time', 'end_time=5pm'],
    ['day', 'day=Funday'],
    ['postcode', 'postcode=NOT A POSTCODE'],
    ['postcode', 'postcode=ZZ9 9ZZ'],
    ['proximity', 'postcode=TA1%201AA&proximity=far'],
    ['proximity', 'proximity=1000'],
    ['proximity', 'postcode=TA1%201AA&proximity=999999'],
    ['page', 'page=0'],
    ['per_page', 'per_page=1000'],
  ];
  for (const [parameter, query] of refused) {
    it(`refuses a malformed or unknown ${parameter} (${query.slice(0, 40)}) with a 400 naming it`, async () => {
      for (const path of ['services', 'service_at_locations']) {
        const answer = await p.call('GET', `/api/openreferral/${path}?${query}`);
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body.errors.map((e: { field: string }) => e.field)).toContain(`query.${parameter}`);
      }
    });
  }

  it('describes every parameter and each answer’s schema in the OpenAPI document', async () => {
    const doc = (await p.call('GET', '/api/openapi.json')).body;
    for (const path of ['/api/openreferral/services', '/api/openreferral/service_at_locations']) {
      const op = doc.paths[path].get;
      const params = Object.fromEntries(op.parameters.map((x: { name: string; description?: string }) => [x.name, x]));
      for (const name of ['search', 'taxonomy_id', 'taxonomy_term_id', 'minimum_age', 'maximum_age', 'start_time', 'end_time', 'day', 'postcode', 'proximity', 'page', 'per_page']) {
        expect(params[name], `${path} ${name}`).toBeDefined();
        expect(params[name].description, `${path} ${name}`).toMatch(/\w{4}/);
      }
      expect(JSON.stringify(op.responses['200'].content['application/json'].schema)).toContain('uk-profile/main/schema/compiled/');
    }
    for (const path of ['/api/openreferral/services/{id}', '/api/openreferral/taxonomies', '/api/openreferral/taxonomy_terms', '/api/openreferral/service_at_locations/{id}']) {
      expect(doc.paths[path].get.responses['200'].content['application/json'].schema, path).toBeDefined();
    }
  });
});

describe('static hosting of the web app', () => {
  it('keeps content-hashed files a year, revalidates index.html, serves robots.txt and answers unknown addresses 404', async () => {
    const home = await fetch(`${p.url}/activities`);
    expect(home.status).toBe(200);
    expect(home.headers.get('cache-control')).toBe('no-cache');
    const html = await home.text();
    const script = /src="\/(main-[A-Z0-9]{8}\.js)"/.exec(html)![1]!;
    const chunk = /href="\/(chunks\/[^"]+\.js)"/.exec(html)?.[1];
    for (const file of [script, ...(chunk ? [chunk] : [])]) {
      const answer = await fetch(`${p.url}/${file}`);
      expect(answer.status, file).toBe(200);
      expect(answer.headers.get('cache-control'), file).toBe('public, max-age=31536000, immutable');
    }
    const robots = await fetch(`${p.url}/robots.txt`);
    expect(robots.status).toBe(200);
    expect(await robots.text()).toMatch(/^User-agent: \*/m);
    // a page of the app with an id in it is the app; a made-up address is the app's "Page not found", as a 404
    expect((await fetch(`${p.url}/activities/${'0'.repeat(26)}`)).status).toBe(200);
    const missingPage = await fetch(`${p.url}/no-such-page`);
    expect(missingPage.status).toBe(404);
    expect(await missingPage.text()).toContain('<div id="app">');
    expect((await fetch(`${p.url}/wp-login.php`)).status).toBe(404);
    expect((await fetch(`${p.url}/chunks/missing-AAAAAAAA.js`)).status).toBe(404);
  });
});

describe('keeping listings true: problem reports, claims and "still correct"', () => {
  const mailFor = async (userId: string) => (await p.op('devMailbox', { query: { toUserId: userId } })).body.items as { kind: string; text: string; subject: string }[];
  const titled = (title: string) => records.find((r) => r.name === title)!;
  const activityIdOf = async (title: string) => {
    const found = await p.op('listActivities', { query: { q: title } });
    return found.body.items.find((a) => a.title === title)!.id;
  };

  it('takes a report from anyone, tells the listing’s people and the admins, and lets them resolve it once', async () => {
    const tea = await activityIdOf('Weekly Tea');
    expect(titled('Weekly Tea')).toBeDefined();
    const bad = await p.op('reportProblem', { params: { id: tea }, body: { reason: 'closed' as never } });
    expect(bad.status).toBe(400);
    expect(bad.problem.errors.map((e) => e.field)).toContain('body.reason');
    const report = await p.op('reportProblem', { params: { id: tea }, body: { reason: 'contact-details-wrong', note: 'The phone number rings a chip shop.' } });
    expect(report.status).toBe(201);
    expect(report.body).toMatchObject({ status: 'open', reason: 'contact-details-wrong', activityTitle: 'Weekly Tea' });
    const admin = await p.tokenFor('admin@example.org');
    const adminId = (await p.op('getMe', { token: admin })).body.userId;
    await eventually(async () => expect((await mailFor(adminId)).some((m) => m.kind === 'directory.problem-reported' && m.text.includes('chip shop'))).toBe(true), 60_000);

    // a resident may not see the queue; a partner of another organisation does not see this listing's reports
    expect((await p.op('listProblemReports', { token: await p.tokenFor('resident@example.org') })).status).toBe(403);
    const partner = await p.tokenFor('partner@example.org');
    expect((await p.op('listProblemReports', { token: partner })).body.items.map((r) => r.id)).not.toContain(report.body.id);
    expect((await p.op('resolveProblemReport', { params: { id: tea, reportId: report.body.id }, token: partner, body: {} })).status).toBe(403);

    const open = await p.op('listProblemReports', { token: admin });
    expect(open.body.items.map((r) => r.id)).toContain(report.body.id);
    // two people resolving at once: one wins, the other is told it is done
    const both = await Promise.all([0, 1].map(() => p.op('resolveProblemReport', { params: { id: tea, reportId: report.body.id }, token: admin, body: { resolution: 'Number corrected' } })));
    expect(both.map((a) => a.status).sort()).toEqual([200, 409]);
    expect((await p.op('listProblemReports', { token: admin })).body.items.map((r) => r.id)).not.toContain(report.body.id);
    expect((await p.op('listProblemReports', { token: admin, query: { status: 'resolved' } })).body.items.find((r) => r.id === report.body.id)).toMatchObject({ resolution: 'Number corrected' });
  });

  it('lets an organisation’s member claim a listing, an admin approve it once, and the new owner confirm it is still correct', async () => {
    const ageWell = demoIds.organisations.ageWell;
    await data.putOrganisation(p.deps.db, { id: ageWell, name: 'Age Well Westfield', contact: {} }).catch(() => undefined);
    const choir = await activityIdOf('Evening Choir');
    const partner = await p.tokenFor('partner@example.org');
    const admin = await p.tokenFor('admin@example.org');
    // not an organisation the partner acts for
    expect((await p.op('claimActivity', { params: { id: choir }, token: partner, body: { organisationId: ids.org1 } })).status).toBe(403);
    const claim = await p.op('claimActivity', { params: { id: choir }, token: partner, body: { organisationId: ageWell, note: 'We took the choir over in May.' } });
    expect(claim.status).toBe(201);
    expect((await p.op('claimActivity', { params: { id: choir }, token: partner, body: { organisationId: ageWell } })).status).toBe(409);
    expect((await p.op('listClaims', { token: partner })).status).toBe(403);
    expect((await p.op('listClaims', { token: admin })).body.items.map((c) => c.activityTitle)).toContain('Evening Choir');
    // before approval the partner cannot change it
    expect((await p.op('confirmActivityStillCorrect', { params: { id: choir }, token: partner })).status).toBe(403);

    const decisions = await Promise.all([true, false].map((approve) => p.op('decideClaim', { params: { id: choir, organisationId: ageWell }, token: admin, body: { approve } })));
    expect(decisions.map((d) => d.status).sort()).toEqual([200, 409]);
    const approved = decisions.find((d) => d.status === 200)!.body.status === 'approved';
    const after = await p.op('getActivity', { params: { id: choir } });
    expect(after.body.organisationId).toBe(approved ? ageWell : ids.org2);
    if (!approved) return; // refused won the race: nothing moved, which the line above checked

    clock.advance(86_400_000);
    const before = after.body.lastReviewedAt;
    const confirmed = await p.op('confirmActivityStillCorrect', { params: { id: choir }, token: partner });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.lastReviewedAt > before).toBe(true);
    expect(confirmed.body.lastReviewedBy).toBe((await p.op('getMe', { token: partner })).body.userId);
  });
});

import { readdirSync, readFileSync } from 'node:fs';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as data from '../../functions/directory/data';
import { ulidToUuid, uuidToUlid } from '../../functions/directory/openreferral';
import { manualClock } from '../../functions/lib/clock';
import { seedUsers } from '../../functions/local/seed/users';
import { eventually, startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Open data: the Open Referral UK feed validated against the profile's published JSON schemas (vendored in
 * test/fixtures/openreferral-uk), and the iCalendar feeds read back by an independent parser (ical.js),
 * expanded, and compared with the sessions in the table, across the March clock change.
 */
const clock = manualClock('2026-03-01T12:00:00Z');
let p: TestPlatform;
let admin = '';

const fixtures = new URL('../fixtures/openreferral-uk/schema/', import.meta.url);
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.json'))) {
  ajv.addSchema(JSON.parse(readFileSync(new URL(file, fixtures), 'utf8')), file);
}
const compiled = (name: string) => ajv.compile(JSON.parse(readFileSync(new URL(`compiled/${name}.json`, fixtures), 'utf8')));
const schemas = {
  service: compiled('service'),
  serviceList: compiled('service_list'),
  serviceAtLocation: compiled('service_at_location'),
  serviceAtLocationList: compiled('service_at_location_list'),
  taxonomy: ajv.getSchema('taxonomy.json')!,
  taxonomyTerm: ajv.getSchema('taxonomy_term.json')!,
};
const pageFields = ajv.compile({
  type: 'object',
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  properties: {
    total_items: { type: 'integer' },
    total_pages: { type: 'integer' },
    page_number: { type: 'integer' },
    size: { type: 'integer' },
    first_page: { type: 'boolean' },
    last_page: { type: 'boolean' },
    empty: { type: 'boolean' },
    contents: { type: 'array' },
  },
});

function expectValid(validate: ValidateFunction, value: unknown) {
  const ok = validate(value);
  expect(ok, JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
}

const ids = { cc: '01JTEST0CC0000000000000001', hub: '01JTEST0HVB000000000000001', org: '01JTEST00RG000000000000001' };
const address = { line1: '1 Test Street', town: 'Testtown', postcode: 'TE1 1ST' };
const activityIds: Record<string, string> = {};

/** A session fixture in the sessions domain's shape; London wall-clock converted by hand (GMT, then BST from 29 March). */
function session(activityId: string, n: number, localDate: string, time: string, minutes: number, status: 'scheduled' | 'cancelled' = 'scheduled') {
  const offsetHours = localDate >= '2026-03-29' && localDate < '2026-10-25' ? 1 : 0;
  const startsAt = new Date(Date.parse(`${localDate}T${time}:00Z`) - offsetHours * 3_600_000).toISOString();
  const id = `01JTESTSESS${activityId.slice(-6)}${String(n).padStart(9, '0')}`;
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
    status,
    gsi1pk: `ACTIVITY#${activityId}#SESSIONS`,
    gsi1sk: startsAt,
  };
}
const sessionsByActivity: Record<string, ReturnType<typeof session>[]> = {};

beforeAll(async () => {
  p = await startPlatform({ clock });
  const db = p.deps.db;
  await seedUsers(p.deps);
  await Promise.all([
    data.putCareCommunity(db, { id: ids.cc, name: 'Area' }),
    data.putOrganisation(db, { id: ids.org, name: 'Feeds Partners', description: 'Runs things.', contact: { email: 'hi@feeds.example.org' } }),
    data.putPriority(db, { id: 'company', label: 'Company', description: 'Time with other people' }),
    data.putPriority(db, { id: 'movement', label: 'Movement' }),
    data.putHub(db, {
      id: ids.hub,
      name: 'Feed Hub',
      careCommunityId: ids.cc,
      address,
      directions: 'Behind the library; ramp at the side.',
      openingHours: [],
      contact: {},
      accessibility: { stepFree: true, hearingLoop: true, accessibleToilet: false, parking: false, publicTransport: true },
      rooms: [],
      updatedAt: clock.now().toISOString(),
    }),
  ]);
  admin = await p.tokenFor('admin@example.org');
  const create = async (key: string, over: Record<string, unknown>) => {
    const answer = await p.call('POST', '/api/activities', {
      token: admin,
      body: {
        title: key,
        description: 'Tea, chat; and a biscuit, probably.\nAll welcome.',
        organisationId: ids.org,
        hubId: ids.hub,
        priorities: ['company'],
        cost: { kind: 'free' },
        booking: { mode: 'reserve', defaultCapacity: 12 },
        ...over,
      },
    });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    activityIds[key] = answer.body.id;
  };
  await create('Weekly Tea', { contact: { name: 'Sam', phone: '01632 960000' } });
  await create('Monthly Walk', {
    priorities: ['movement', 'company'],
    cost: { kind: 'amount', pence: 250, per: 'walk' },
    venue: { name: 'Park gate', address, accessibility: { stepFree: true } },
    hubId: undefined,
  });
  await create('Odd Times', { cost: { kind: 'pay-what-you-can', suggestedPence: 300 } });
  await create('Paused Thing', { status: 'paused' });

  const weekly = ['2026-03-03', '2026-03-10', '2026-03-17', '2026-03-24', '2026-03-31', '2026-04-07'].map((d, i) =>
    session(activityIds['Weekly Tea']!, i, d, '10:00', 90, d === '2026-03-17' ? 'cancelled' : 'scheduled'),
  );
  const monthly = ['2026-03-07', '2026-04-04', '2026-05-02'].map((d, i) => session(activityIds['Monthly Walk']!, i, d, '09:30', 120));
  const odd = [session(activityIds['Odd Times']!, 0, '2026-03-04', '14:00', 60), session(activityIds['Odd Times']!, 1, '2026-03-06', '18:00', 45)];
  Object.assign(sessionsByActivity, { 'Weekly Tea': weekly, 'Monthly Walk': monthly, 'Odd Times': odd });
  await Promise.all([...weekly, ...monthly, ...odd].map((Item) => db.doc.send(new PutCommand({ TableName: db.tableName, Item }))));
  await eventually(async () => {
    for (const id of [activityIds['Weekly Tea']!, activityIds['Monthly Walk']!]) expect((await data.getActivity(db, id))?.schedule?.dates.length).toBeGreaterThan(0);
  }, 240_000);
}, 360_000);
afterAll(() => p?.stop());

describe('Open Referral UK feed', () => {
  it('describes itself at / with no key and CORS open to all', async () => {
    for (const path of ['/api/openreferral', '/api/openreferral/']) {
      const answer = await p.call('GET', path, { headers: { origin: 'https://someone-else.example' } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.body).toMatchObject({ version: expect.stringMatching(/^3\./), profile: expect.any(String), openapi_url: expect.stringContaining('/api/openapi.json') });
    }
  });

  it('pages services, each valid against the profile’s service_list schema, leaving out paused ones', async () => {
    const seen: string[] = [];
    for (let page = 1; page <= 3; page++) {
      const answer = await p.call('GET', `/api/openreferral/services?page=${page}&per_page=2`);
      expect(answer.status).toBe(200);
      expectValid(pageFields, answer.body);
      expect(answer.body).toMatchObject({ total_items: 3, total_pages: 2, page_number: page, first_page: page === 1, last_page: page >= 2 });
      for (const item of answer.body.contents) expectValid(schemas.serviceList, item);
      seen.push(...answer.body.contents.map((s: { name: string }) => s.name));
    }
    expect(seen.sort()).toEqual(['Monthly Walk', 'Odd Times', 'Weekly Tea']);
  });

  it('filters services by taxonomy term', async () => {
    const terms = await p.call('GET', '/api/openreferral/taxonomy_terms');
    const movement = terms.body.contents.find((t: { term: string }) => t.term === 'movement');
    const answer = await p.call('GET', `/api/openreferral/services?taxonomy_term_id=${movement.id}`);
    expect(answer.body.contents.map((s: { name: string }) => s.name)).toEqual(['Monthly Walk']);
    expect((await p.call('GET', `/api/openreferral/services?taxonomy_term_id=${ulidToUuid(ids.org)}`)).status).toBe(400);
  });

  it('serves each service fully nested, valid against the compiled service schema, with schedules as RRULE fields and priorities as terms', async () => {
    for (const [name, id] of Object.entries(activityIds).filter(([n]) => n !== 'Paused Thing')) {
      const answer = await p.call('GET', `/api/openreferral/services/${ulidToUuid(id)}`);
      expect(answer.status, name).toBe(200);
      expectValid(schemas.service, answer.body);
      expect(uuidToUlid(answer.body.id)).toBe(id);
    }
    const weekly = (await p.call('GET', `/api/openreferral/services/${ulidToUuid(activityIds['Weekly Tea']!)}`)).body;
    expect(weekly.schedules[0]).toMatchObject({ freq: 'WEEKLY', interval: 1, byday: 'TU', opens_at: '10:00:00', closes_at: '11:30:00', dtstart: '2026-03-03' });
    expect(weekly.attributes[0].taxonomy_term).toMatchObject({ name: 'Company', term: 'company' });
    expect(weekly.service_at_locations[0].location.addresses[0]).toMatchObject({ postal_code: 'TE1 1ST', country: 'GB' });
    expect(weekly.service_at_locations[0].location.accessibility.map((a: { description: string }) => a.description)).toEqual(['Step-free access', 'Hearing loop', 'Near public transport']);
    const monthly = (await p.call('GET', `/api/openreferral/services/${ulidToUuid(activityIds['Monthly Walk']!)}`)).body;
    expect(monthly.schedules[0]).toMatchObject({ freq: 'MONTHLY', byday: '1SA' });
    expect(monthly.cost_options[0]).toMatchObject({ amount: 2.5, amount_description: 'per walk' });
    expect((await p.call('GET', `/api/openreferral/services/${ulidToUuid(activityIds['Paused Thing']!)}`)).status).toBe(404);
    expect((await p.call('GET', '/api/openreferral/services/not-a-uuid')).status).toBe(400);
  });

  it('serves taxonomies and taxonomy terms valid against their schemas', async () => {
    const list = await p.call('GET', '/api/openreferral/taxonomies');
    expectValid(pageFields, list.body);
    for (const t of list.body.contents) expectValid(schemas.taxonomy, t);
    const one = await p.call('GET', `/api/openreferral/taxonomies/${list.body.contents[0].id}`);
    expectValid(schemas.taxonomy, one.body);
    expect(one.body.taxonomy_terms.map((t: { term: string }) => t.term).sort()).toEqual(['company', 'movement']);
    const terms = await p.call('GET', '/api/openreferral/taxonomy_terms');
    for (const t of terms.body.contents) expectValid(schemas.taxonomyTerm, t);
    expectValid(schemas.taxonomyTerm, (await p.call('GET', `/api/openreferral/taxonomy_terms/${terms.body.contents[0].id}`)).body);
  });

  it('serves service_at_locations valid against their schemas', async () => {
    const list = await p.call('GET', '/api/openreferral/service_at_locations?per_page=10');
    expectValid(pageFields, list.body);
    expect(list.body.contents).toHaveLength(3);
    for (const s of list.body.contents) expectValid(schemas.serviceAtLocationList, s);
    const one = await p.call('GET', `/api/openreferral/service_at_locations/${list.body.contents[0].id}`);
    expect(one.status).toBe(200);
    expectValid(schemas.serviceAtLocation, one.body);
  });
});

describe('iCalendar feeds', () => {
  /** Parses with ical.js and expands every event into its occurrences' UTC start times. */
  function occurrences(ics: string) {
    const calendar = new ICAL.Component(ICAL.parse(ics));
    for (const tz of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
    return calendar.getAllSubcomponents('vevent').map((vevent) => {
      const event = new ICAL.Event(vevent);
      const starts: string[] = [];
      const it = event.iterator();
      for (let next = it.next(); next && starts.length < 100; next = it.next()) starts.push(next.toJSDate().toISOString());
      return { vevent, event, starts };
    });
  }
  const scheduledStarts = (name: string) =>
    sessionsByActivity[name]!.filter((s) => s.status === 'scheduled')
      .map((s) => s.startsAt)
      .sort();

  it('gives an activity one repeating event: stable UID, Europe/London times across the clock change, EXDATE for the cancelled week, no ORGANIZER', async () => {
    const id = activityIds['Weekly Tea']!;
    const answer = await p.call('GET', `/api/ical/activities/${id}`, { headers: { origin: 'https://calendar.example' } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/calendar');
    expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    const [only, ...rest] = occurrences(answer.body);
    expect(rest).toHaveLength(0);
    expect(only!.event.uid).toBe(`activity-${id}@common-ground`);
    expect(only!.vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/London');
    expect(only!.vevent.getFirstProperty('rrule')).toBeTruthy();
    expect(only!.vevent.getFirstProperty('exdate')).toBeTruthy();
    expect(only!.vevent.getFirstProperty('organizer')).toBeNull();
    expect(only!.event.summary).toBe('Weekly Tea');
    expect(only!.event.description).toContain('Tea, chat; and a biscuit, probably.\nAll welcome.');
    expect(only!.starts).toEqual(scheduledStarts('Weekly Tea'));
    expect(only!.starts).toContain('2026-03-31T09:00:00.000Z'); // 10:00 BST
    const again = await p.call('GET', `/api/ical/activities/${id}`);
    expect(occurrences(again.body)[0]!.event.uid).toBe(only!.event.uid);
  });

  it('writes a monthly pattern as a monthly rule, and sessions with no pattern as separate events', async () => {
    const monthly = occurrences((await p.call('GET', `/api/ical/activities/${activityIds['Monthly Walk']}`)).body);
    expect(monthly).toHaveLength(1);
    expect(monthly[0]!.starts).toEqual(scheduledStarts('Monthly Walk'));
    expect(String(monthly[0]!.vevent.getFirstPropertyValue('rrule'))).toContain('FREQ=MONTHLY');
    const odd = occurrences((await p.call('GET', `/api/ical/activities/${activityIds['Odd Times']}`)).body);
    expect(odd.flatMap((e) => e.starts).sort()).toEqual(scheduledStarts('Odd Times'));
    expect(new Set(odd.map((e) => e.event.uid)).size).toBe(2);
  });

  it('gives a hub one feed with every active activity there', async () => {
    const answer = await p.call('GET', `/api/ical/hubs/${ids.hub}`);
    expect(answer.status).toBe(200);
    const events = occurrences(answer.body);
    expect(events.flatMap((e) => e.starts).sort()).toEqual([...scheduledStarts('Weekly Tea'), ...scheduledStarts('Odd Times')].sort());
    expect(events.some((e) => e.event.summary === 'Paused Thing')).toBe(false);
    expect((await p.call('GET', `/api/ical/activities/${activityIds['Paused Thing']}`)).status).toBe(404);
    expect((await p.call('GET', '/api/ical/hubs/01JTEST0HVB000000000000099')).status).toBe(404);
  });
});

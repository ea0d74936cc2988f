import { randomUUID } from 'node:crypto';
import { serve } from '@hono/node-server';
import { createApp } from '../../functions/app';
import { createDeps } from '../../functions/deps';
import * as data from '../../functions/directory/data';
import { metresPerMile, type Point } from '../../functions/directory/geo';
import { directoryRoutes } from '../../functions/directory/routes';
import { planSearch } from '../../functions/directory/rules';
import type { Activity, Hub, Organisation } from '../../functions/directory/schema';
import { localVerifier } from '../../functions/lib/auth';
import { createDb } from '../../functions/lib/db';
import { createLogger } from '../../functions/lib/log';
import { createLocalSigner } from '../../functions/local/keys';
import { demoPriorities } from '../../functions/local/seed/directory';
import { type LatencyComparison, sampleLatency } from './ops';
import { createTableWithoutStream, dropTable } from './tables';

/**
 * The directory's figures for `npm run bench`: with N activities loaded on a fresh table,
 *  - index items DynamoDB reads per result returned, for the main filters (target at most 1.5), and
 *  - listActivities over HTTP against the raw DynamoDB Query beneath it, p50 and p99 (target ratio at most 1.5).
 * Loads straight into the table by BatchWriteItem (loadActivities: each activity's Activity item and the
 * index items indexItemsFor() makes, exactly what createActivity and the stream re-indexing write for an
 * active activity) and serves only the directory's routes, without a stream poller, so loading 10,000
 * activities does not set off 10,000 re-indexings.
 */
export interface DirectoryBenchFigures {
  activities: number;
  itemsWritten: number;
  loadSeconds: number;
  /** filter → items read / items returned over the first pages (20 a page) */
  itemsReadPerItem: Record<string, number>;
  worstItemsReadPerItem: number;
  latency: {
    query: string;
    samples: number;
    http: { p50: number; p99: number };
    rawQuery: { p50: number; p99: number };
    ratioP50: number;
    ratioP99: number;
  };
}

const hubCount = 40;
const organisationCount = 120;
const careCommunities = ['01JBENCHCC0000000000000001', '01JBENCHCC0000000000000002', '01JBENCHCC0000000000000003', '01JBENCHCC0000000000000004'];
const pad = (prefix: string, n: number) => prefix + String(n).padStart(26 - prefix.length, '0');
const words = ['Coffee', 'Chat', 'Walk', 'Yoga', 'Knit', 'Sing', 'Garden', 'Cook', 'Chess', 'Paint', 'Dance', 'Read', 'Craft', 'Tea', 'Swim', 'Cycle', 'Bowls', 'Quiz', 'Lunch', 'Support'];
const nouns = ['Club', 'Group', 'Circle', 'Café', 'Morning', 'Session', 'Class', 'Meetup'];

/** Where hub i is: a 5 × 8 grid about 22 km across, centred on Oldham (issue 21: near-me at 10,000 activities). */
export const benchCentre: Point = { lat: 53.5409, lng: -2.1114 };
const hubPoint = (i: number): Point => ({ lat: benchCentre.lat + ((i % 5) - 2) * 0.045, lng: benchCentre.lng + (Math.floor(i / 5) - 3.5) * 0.045 });

/** A deterministic spread of activities over hubs (each at its own place), organisations, priorities, days, costs and ages. */
export function makeActivities(n: number, now: Date): { activity: Activity; hub: Hub; organisation: Organisation; point: Point }[] {
  let seed = 42;
  const rand = (k: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return Math.floor((seed / 2147483648) * k);
  };
  const hubs: Hub[] = Array.from({ length: hubCount }, (_, i) => ({
    id: pad('01JBENCHHVB', i + 1),
    name: `Hub ${i + 1}`,
    careCommunityId: careCommunities[i % careCommunities.length]!,
    address: { line1: `${i + 1} High Street`, town: 'Benchton', postcode: 'BE1 1CH' },
    openingHours: [],
    contact: {},
    rooms: [],
    updatedAt: now.toISOString(),
    accessibility: { stepFree: i % 3 !== 0, hearingLoop: i % 2 === 0, accessibleToilet: i % 4 !== 1, parking: i % 5 < 2, publicTransport: i % 7 !== 3 },
  }));
  const orgs: Organisation[] = Array.from({ length: organisationCount }, (_, i) => ({ id: pad('01JBENCH0RG', i + 1), name: `Organisation ${i + 1}`, contact: {} }));
  const today = Date.parse(now.toISOString().slice(0, 10));
  return Array.from({ length: n }, (_, i) => {
    const hub = hubs[rand(hubCount)]!;
    const organisation = orgs[rand(organisationCount)]!;
    const priorities = [...new Set([demoPriorities[rand(demoPriorities.length)]!.id, demoPriorities[rand(demoPriorities.length)]!.id])];
    const day = 1 + rand(7);
    const time = ['09:30', '11:00', '14:00', '18:30'][rand(4)]!;
    const firstDate = today + ((day - 1 - ((new Date(today).getUTCDay() + 6) % 7) + 7) % 7) * 86_400_000;
    const dates = Array.from({ length: 8 }, (_, w) => new Date(firstDate + w * 7 * 86_400_000).toISOString().slice(0, 10));
    const ages = [
      [0, 120],
      [18, 120],
      [65, 120],
      [11, 17],
      [50, 120],
    ][rand(5)]!;
    const at = now.toISOString();
    const activity: Activity = {
      id: pad('01JBENCHACT', i + 1),
      title: `${words[rand(words.length)]} ${nouns[rand(nouns.length)]} ${i + 1}`,
      description: 'A friendly group for local people. Come along, meet others and try something new.',
      organisationId: organisation.id,
      hubId: hub.id,
      priorities,
      audience: { ageMin: ages[0]!, ageMax: ages[1]! },
      cost: rand(2) ? { kind: 'free' } : { kind: 'amount', pence: 200 + rand(5) * 50 },
      booking: { mode: (['drop-in', 'reserve', 'referral-only'] as const)[rand(3)]!, defaultCapacity: 12, opensDaysBefore: 28, closesHoursBefore: 2, waitlist: 'auto-confirm', offerHoldHours: 12 },
      contact: {},
      status: 'active',
      lastReviewedAt: at,
      createdAt: at,
      updatedAt: at,
      createdBy: 'bench',
      updatedBy: 'bench',
      version: 1,
      schedule: {
        daysOfWeek: [day],
        timesOfDay: [time < '12:00' ? 'morning' : time < '17:00' ? 'afternoon' : 'evening'],
        dates,
        upcoming: [{ sessionId: pad('01JBENCHSES', i + 1), startsAt: `${dates[0]}T${time}:00.000Z`, endsAt: `${dates[0]}T${time}:00.000Z`, availability: 'places' }],
        computedAt: at,
      },
    };
    return { activity, hub, organisation, point: hubPoint(hubs.indexOf(hub)) };
  });
}

export async function benchDirectory(opts: { endpoint: string; activities: number; samples?: number; progress?: (m: string) => void }): Promise<DirectoryBenchFigures> {
  const progress = opts.progress ?? ((m: string) => process.stderr.write(`directory: ${m}\n`));
  const tableName = `bench-directory-${randomUUID()}`;
  await createTableWithoutStream(opts.endpoint, tableName); // 10,000 activities are ~300,000 items
  const db = createDb({ tableName, endpoint: opts.endpoint });
  const signer = await createLocalSigner();
  const deps = createDeps({ db, verifier: localVerifier(signer.jwks), log: createLogger('error'), config: { local: true } });
  const now = deps.clock.now();

  // ---- load
  const t0 = Date.now();
  await Promise.all([...careCommunities.map((id, i) => data.putCareCommunity(db, { id, name: `Area ${i + 1}` })), ...demoPriorities.map((p) => data.putPriority(db, p))]);
  const entries = makeActivities(opts.activities, now);
  const hubs = [...new Map(entries.map((e) => [e.hub.id, e.hub])).values()];
  const orgs = [...new Map(entries.map((e) => [e.organisation.id, e.organisation])).values()];
  await Promise.all([...hubs.map((h) => data.putHub(db, h)), ...orgs.map((o) => data.putOrganisation(db, o))]);
  const byId = new Map(demoPriorities.map((p) => [p.id, p]));
  let itemsWritten = 0;
  for (let i = 0; i < entries.length; i += 500) {
    itemsWritten += await data.loadActivities(
      db,
      entries.slice(i, i + 500).map((e) => ({ ...e, priorities: e.activity.priorities.map((id) => byId.get(id)!) })),
      8,
    );
    progress(`loaded ${Math.min(i + 500, entries.length)} of ${entries.length} activities`);
  }
  const loadSeconds = (Date.now() - t0) / 1000;

  // ---- items read per item returned
  const someHub = hubs[0]!.id;
  const filters: Record<string, Parameters<typeof planSearch>[0]> = {
    'no filter': {},
    priority: { priority: ['loneliness'] },
    'three priorities': { priority: ['loneliness', 'carers', 'dementia'] },
    hub: { hub: someHub },
    'care community': { careCommunity: careCommunities[1]! },
    day: { day: ['tue'] },
    'time of day': { timeOfDay: ['evening'] },
    'this week': { from: now.toISOString().slice(0, 10), to: new Date(now.getTime() + 6 * 86_400_000).toISOString().slice(0, 10) },
    'free only': { free: true },
    'step-free': { access: ['step-free'] },
    'age 70': { age: 70 },
    'drop-in': { booking: 'drop-in' },
    'word "yoga"': { q: 'yoga' },
    'priority + hub': { priority: ['loneliness'], hub: someHub },
    'priority + free': { priority: ['physical-activity'], free: true },
    // near a place, nearest first (what "Use my location" asks): the geohash cells around it
    'near, 1 mile': { near: { centre: benchCentre, metres: 1 * metresPerMile } },
    'near, 2 miles': { near: { centre: benchCentre, metres: 2 * metresPerMile } },
    'near, 5 miles': { near: { centre: benchCentre, metres: 5 * metresPerMile } },
    'near, 10 miles': { near: { centre: benchCentre, metres: 10 * metresPerMile } },
    'near, 2 miles + priority': { near: { centre: benchCentre, metres: 2 * metresPerMile }, priority: ['loneliness'] },
  };
  const itemsReadPerItem: Record<string, number> = {};
  for (const [name, f] of Object.entries(filters)) {
    const plan = planSearch(f);
    let read = 0;
    let returned = 0;
    let cursor: string | undefined;
    for (let page = 0; page < 3; page++) {
      const result = await data.searchDirectory(db, plan, 20, cursor);
      read += result.itemsRead;
      returned += result.items.length;
      cursor = result.nextCursor;
      if (!cursor) break;
    }
    itemsReadPerItem[name] = returned ? Math.round((read / returned) * 100) / 100 : 0;
  }
  const main = ['no filter', 'priority', 'hub', 'care community', 'day', 'free only', 'word "yoga"', 'this week'];
  const worstItemsReadPerItem = Math.max(...main.map((k) => itemsReadPerItem[k]!));

  // ---- latency: HTTP listActivities vs the raw Query beneath it
  const app = createApp(deps, directoryRoutes);
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const samples = opts.samples ?? 200;
  const query = 'priority=loneliness&limit=20';
  let cmp: LatencyComparison;
  try {
    // interleaved, alternating which goes first, as the latency section does
    cmp = await sampleLatency({
      n: samples,
      warmup: 20,
      http: async () => {
        const res = await fetch(`${url}/api/activities?${query}`);
        if (res.status !== 200) throw new Error(`listActivities answered ${res.status}`);
        await res.json();
      },
      raw: () => data.queryFacet(db, 'PRI#loneliness', 21),
    });
  } finally {
    await new Promise<void>((r) => server.close(() => r()));
    db.doc.destroy();
    await dropTable(opts.endpoint, tableName);
  }
  const round = (n: number) => Math.round(n * 100) / 100;
  const { p50: h50, p99: h99 } = cmp.http;
  const { p50: q50, p99: q99 } = cmp.raw;
  return {
    activities: opts.activities,
    itemsWritten,
    loadSeconds: round(loadSeconds),
    itemsReadPerItem,
    worstItemsReadPerItem,
    latency: {
      query: `GET /api/activities?${query}`,
      samples,
      http: { p50: round(h50), p99: round(h99) },
      rawQuery: { p50: round(q50), p99: round(q99) },
      ratioP50: round(h50 / q50),
      ratioP99: round(h99 / q99),
    },
  };
}

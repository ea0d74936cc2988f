import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as data from '../../functions/directory/data';
import { scheduledJobs } from '../../functions/jobs';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { seedUsers } from '../../functions/local/seed/users';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Day / time-of-day / date facets follow the sessions still ahead: the daily schedule refresh (run here
 * through the job registry, as the jobs Lambda and npm start's timers run it) takes an activity out of
 * "Tuesday" once its last Tuesday session has passed, and puts one in once a session comes within the
 * 90-day horizon.
 */
const clock = manualClock('2026-06-01T08:00:00Z'); // a Monday; London is on BST
let p: TestPlatform;
let partner = '';
const ids = { once: '', twice: '', later: '' };
const careCommunityId = '01JTEST0CC0000000000000009';

const refresh = () => scheduledJobs.find((j) => j.name === 'directory-schedule-refresh')!.run(p.deps);

async function makeActivity(title: string, schedule: { startDate: string; rrule: string }): Promise<string> {
  const made = await p.op('createActivity', {
    token: partner,
    body: {
      title,
      description: 'A friendly hour for anyone who wants company.',
      organisationId: demoIds.organisations.ageWell,
      venue: {
        name: 'The Park Pavilion',
        address: { line1: '1 Park Road', town: 'Testtown', postcode: 'TE1 1ST' },
        careCommunityId,
        accessibility: { stepFree: true, hearingLoop: false, accessibleToilet: true, parking: false, publicTransport: true },
      },
      priorities: ['social-isolation'],
      cost: { kind: 'free' },
      booking: { mode: 'drop-in', defaultCapacity: 20 },
    },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const sessions = await p.op('scheduleSessions', { params: { activityId: made.body.id }, token: partner, body: { startTime: '10:00', durationMinutes: 60, ...schedule } });
  expect(sessions.status, JSON.stringify(sessions.body)).toBe(201);
  return made.body.id as string;
}

/** Ids of the Age Well activities a search finds (every page). */
async function found(query: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | undefined;
  do {
    const answer = await p.call('GET', `/api/activities?organisation=${demoIds.organisations.ageWell}&${query}&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    out.push(...answer.body.items.map((a: { id: string }) => a.id));
    cursor = answer.body.nextCursor;
  } while (cursor);
  return out;
}

async function dayFacetsOf(activityId: string): Promise<string[]> {
  const { Items = [] } = await p.deps.db.doc.send(
    new QueryCommand({
      TableName: p.deps.db.tableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :day)',
      ExpressionAttributeValues: { ':pk': `ACTIVITY#${activityId}`, ':day': 'INDEX#DAY#' },
    }),
  );
  return Items.map((i) => i.sk as string);
}

beforeAll(async () => {
  p = await startPlatform({ clock });
  const db = p.deps.db;
  await seedUsers(p.deps);
  await Promise.all([
    data.putCareCommunity(db, { id: careCommunityId, name: 'Area' }),
    data.putOrganisation(db, { id: demoIds.organisations.ageWell, name: 'Age Well', contact: {} }),
    data.putPriority(db, { id: 'social-isolation', label: 'Social isolation' }),
  ]);
  partner = await p.tokenFor('partner@example.org');
  ids.once = await makeActivity('Tuesday Teas Once', { startDate: '2026-06-02', rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=1' });
  ids.twice = await makeActivity('Tuesday Teas Twice', { startDate: '2026-06-02', rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=2' });
  ids.later = await makeActivity('Thursday Teas Later', { startDate: '2026-09-03', rrule: 'FREQ=WEEKLY;BYDAY=TH;COUNT=1' }); // beyond the 90-day horizon
  await p.stream.idle();
}, 120_000);
afterAll(() => p?.stop());

describe('the daily schedule refresh', () => {
  it('takes an activity out of its day, time and date once its last session there has passed; one with another keeps them', async () => {
    expect(await found('day=tue')).toEqual(expect.arrayContaining([ids.once, ids.twice]));
    expect(await found('day=tue&timeOfDay=morning&from=2026-06-02&to=2026-06-02')).toEqual(expect.arrayContaining([ids.once, ids.twice]));
    expect(await found('day=thu')).not.toContain(ids.later);

    clock.set('2026-06-03T00:05:00Z'); // the job's time: just after midnight
    expect(await dayFacetsOf(ids.once)).toEqual(['INDEX#DAY#2']); // stale until the job runs
    expect(await refresh()).toBe(2);

    const tuesday = await found('day=tue');
    expect(tuesday).not.toContain(ids.once);
    expect(tuesday).toContain(ids.twice);
    expect(await found('timeOfDay=morning')).not.toContain(ids.once);
    expect(await found('from=2026-06-09&to=2026-06-10')).toEqual(expect.arrayContaining([ids.twice]));
    expect(await found('from=2026-06-09&to=2026-06-10')).not.toContain(ids.once);
    // a range that is wholly past matches nothing, and costs no read
    expect(await found('from=2026-06-02&to=2026-06-02')).toEqual([]);
    expect((await p.op('listActivities', { query: { from: '2026-06-02', cursor: 'not-a-cursor' } })).status).toBe(400);
    expect(await dayFacetsOf(ids.once)).toEqual([]);
    expect(await dayFacetsOf(ids.twice)).toEqual(['INDEX#DAY#2']);

    // the cards show only what is still ahead
    const card = (await p.op('listActivities', { query: { organisation: demoIds.organisations.ageWell, day: 'tue', limit: '50' } })).body.items.find((a: { id: string }) => a.id === ids.twice);
    expect(card!.upcoming.map((u: { startsAt: string }) => u.startsAt)).toEqual(['2026-06-09T09:00:00.000Z']);
    // the activity is still listed (it is active), just not under a day
    expect(await found('')).toContain(ids.once);
  });

  it('is idempotent: running again at the same time changes nothing', async () => {
    expect(await refresh()).toBe(0);
    expect(await found('day=tue')).toContain(ids.twice);
  });

  it('adds the day of a session that has come within the horizon', async () => {
    clock.set('2026-06-05T00:05:00Z'); // 90 days before 3 September
    await refresh();
    expect(await found('day=thu')).toContain(ids.later);
    expect(await dayFacetsOf(ids.later)).toEqual(['INDEX#DAY#4']);
  });

  it('catches up after missed runs: the last Tuesday passes days before the job runs again', async () => {
    clock.set('2026-06-13T00:05:00Z');
    await refresh();
    expect(await found('day=tue')).not.toContain(ids.twice);
    expect(await dayFacetsOf(ids.twice)).toEqual([]);
    // a slow run finishing late never moves the high-water mark back
    const through = await data.getScheduleRefreshedThrough(p.deps.db);
    expect(through! > '2026-06-12').toBe(true);
    await data.setScheduleRefreshedThrough(p.deps.db, '2026-06-02T00:00:00.000Z');
    expect(await data.getScheduleRefreshedThrough(p.deps.db)).toBe(through);
  });
});

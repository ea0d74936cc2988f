import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoActivities } from '../../functions/local/seed/directory';
import { demoIds } from '../../functions/local/seed/ids';
import { newActivity } from '../helpers/bodies';
import { startPlatform, type TestPlatform } from '../helpers/platform';

let p: TestPlatform;
let admin = '',
  partner = '',
  coordinator = '',
  resident = '';
beforeAll(async () => {
  p = await startPlatform({ seed: true });
  admin = await p.tokenFor('admin@example.org');
  partner = await p.tokenFor('partner@example.org');
  coordinator = await p.tokenFor('coordinator@example.org');
  resident = await p.tokenFor('resident@example.org');
});
afterAll(() => p?.stop());

const { hubs, organisations: orgs } = demoIds;

/** Every page of a listActivities search, following nextCursor. */
async function listAll(query: string, limit = 7): Promise<{ id: string; title: string; priorities: string[]; hubId?: string }[]> {
  const items: any[] = [];
  let cursor: string | undefined;
  do {
    const answer = await p.call('GET', `/api/activities?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor;
  } while (cursor);
  return items;
}

describe('reading the directory', () => {
  it('lists every seeded active activity once, in a stable order across pages', async () => {
    const all = await listAll('');
    expect(all.length).toBe(demoActivities.length);
    expect(new Set(all.map((a) => a.id)).size).toBe(all.length);
    const again = await listAll('', 5);
    expect(again.map((a) => a.id)).toEqual(all.map((a) => a.id));
    const titles = all.map((a) => a.title.toLowerCase().replace(/[^a-z0-9 ]/g, ''));
    expect([...titles].sort()).toEqual(titles);
  });

  it('filters by hub and by priority (several priorities are OR’d), without duplicates', async () => {
    const atOak = await listAll(`hub=${hubs.oakRoadCentre}`);
    const expected = demoActivities
      .filter((a) => a.hubId === hubs.oakRoadCentre)
      .map((a) => a.id)
      .sort();
    expect(atOak.map((a) => a.id).sort()).toEqual(expected);

    const carersOrDementia = await listAll('priority=carers&priority=dementia', 2);
    const want = demoActivities
      .filter((a) => a.priorities.some((x) => x === 'carers' || x === 'dementia'))
      .map((a) => a.id)
      .sort();
    expect(carersOrDementia.map((a) => a.id).sort()).toEqual(want);
    expect(new Set(carersOrDementia.map((a) => a.id)).size).toBe(carersOrDementia.length);

    const both = await listAll(`priority=carers,dementia&hub=${hubs.stMarysHall}`);
    expect(both.map((a) => a.id).sort()).toEqual(
      demoActivities
        .filter((a) => a.hubId === hubs.stMarysHall && a.priorities.some((x) => x === 'carers' || x === 'dementia'))
        .map((a) => a.id)
        .sort(),
    );
  });

  it('answers one activity to anyone, with its organiser and place', async () => {
    const first = demoActivities[0]!;
    const answer = await p.op('getActivity', { params: { id: first.id } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id: first.id, title: first.title, organisationName: 'Age Well Westfield', hubName: 'Oak Road Community Centre', booking: { mode: 'drop-in' } });
    expect(answer.body.needsReview).toBeUndefined();
  });

  it('lists hubs, organisations, priorities and care communities', async () => {
    const hubList = await p.op('listHubs');
    expect(hubList.body.items.map((h: { name: string }) => h.name)).toEqual(['Oak Road Community Centre', 'Riverside Library', 'St Mary’s Church Hall']);
    const riverside = await p.op('listHubs', { query: { careCommunity: demoIds.careCommunities.riverside } });
    expect(riverside.body.items.map((h: { id: string }) => h.id)).toEqual([hubs.riversideLibrary]);
    expect((await p.op('getHub', { params: { id: hubs.stMarysHall } })).body.accessibility.stepFree).toBe(false);
    expect((await p.op('listOrganisations')).body.items).toHaveLength(6);
    const priorities = (await p.op('listPriorities', { query: { limit: '100' } })).body.items.map((x: { id: string }) => x.id);
    expect(priorities).toEqual(expect.arrayContaining(['social-isolation', 'menopause', 'dying-well', 'asylum-seekers-and-refugees']));
    expect((await p.op('listCareCommunities')).body.items).toHaveLength(2);
  });
});

describe('writing the directory', () => {
  it('lets a partner add an activity for its own organisation, which is then findable', async () => {
    const created = await p.op('createActivity', { token: partner, body: newActivity() });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      title: 'Knit and Natter',
      status: 'active',
      version: 1,
      booking: { mode: 'reserve', defaultCapacity: 12, opensDaysBefore: 28, closesHoursBefore: 2, waitlist: 'auto-confirm', offerHoldHours: 12 },
    });
    const found = await listAll('priority=social-isolation');
    expect(found.map((a) => a.id)).toContain(created.body.id);
  });

  it('refuses a partner adding for another organisation, and a resident adding at all', async () => {
    expect((await p.op('createActivity', { token: partner, body: newActivity({ organisationId: orgs.movingMore, hubId: hubs.riversideLibrary }) })).status).toBe(403);
    expect((await p.op('createActivity', { token: resident, body: newActivity() })).status).toBe(403);
    expect((await p.op('createActivity', { body: newActivity() })).status).toBe(401);
  });

  it('lets a coordinator add at their hub for any organisation, but not elsewhere', async () => {
    const ok = await p.op('createActivity', { token: coordinator, body: newActivity({ organisationId: orgs.movingMore, title: 'Zumba Gold' }) });
    expect(ok.status).toBe(201);
    const elsewhere = await p.op('createActivity', { token: coordinator, body: newActivity({ organisationId: orgs.movingMore, hubId: hubs.stMarysHall }) });
    expect(elsewhere.status).toBe(403);
  });

  it('updates, pauses (hidden from residents, seen by its managers) and archives', async () => {
    const { body: a } = await p.op('createActivity', { token: admin, body: newActivity({ title: 'Board Games Afternoon' }) });
    const changed = await p.op('updateActivity', { params: { id: a.id }, token: partner, body: { title: 'Board Games and Puzzles', priorities: ['loneliness'] } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: 'Board Games and Puzzles', version: 2, priorities: ['loneliness'] });
    expect((await listAll('priority=loneliness')).map((x) => x.id)).toContain(a.id);
    expect((await listAll('priority=social-isolation')).map((x) => x.id)).not.toContain(a.id);

    expect((await p.op('updateActivity', { params: { id: a.id }, token: partner, body: { status: 'paused' } })).status).toBe(200);
    expect((await p.op('getActivity', { params: { id: a.id } })).status).toBe(404);
    expect((await p.op('getActivity', { params: { id: a.id }, token: resident })).status).toBe(404);
    expect((await p.op('getActivity', { params: { id: a.id }, token: coordinator })).body.status).toBe('paused');
    expect((await listAll('')).map((x) => x.id)).not.toContain(a.id);

    const ended = await p.op('archiveActivity', { params: { id: a.id }, token: coordinator });
    expect(ended.body.status).toBe('ended');
    const managed = await p.op('listOrganisationActivities', { params: { id: orgs.ageWell }, query: { limit: '100' }, token: partner });
    expect(managed.body.items.find((x: { id: string }) => x.id === a.id)).toMatchObject({ status: 'ended' });
  });

  it('refuses a partner changing another organisation’s activity, or moving its own away', async () => {
    const other = demoActivities.find((a) => a.organisationId === orgs.womensVoices)!;
    expect((await p.op('updateActivity', { params: { id: other.id }, token: partner, body: { title: 'Mine now' } })).status).toBe(403);
    const own = demoActivities.find((a) => a.organisationId === orgs.ageWell)!;
    expect((await p.op('updateActivity', { params: { id: own.id }, token: partner, body: { organisationId: orgs.movingMore } })).status).toBe(403);
    expect((await p.op('getActivity', { params: { id: own.id } })).body.organisationId).toBe(orgs.ageWell);
  });

  it('answers a retried create with the same Idempotency-Key with the first activity', async () => {
    const headers = { 'idempotency-key': 'create-knit-2' };
    const [a, b] = await Promise.all([
      p.op('createActivity', { token: partner, body: newActivity({ title: 'Knit Two' }), headers }),
      p.op('createActivity', { token: partner, body: newActivity({ title: 'Knit Two' }), headers }),
    ]);
    const ok = [a, b].filter((x) => x.status === 201);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const again = await p.op('createActivity', { token: partner, body: newActivity({ title: 'Knit Two' }), headers });
    expect(again.body.id).toBe(ok[0]!.body.id);
    expect((await listAll('q=knit two')).filter((x) => x.title === 'Knit Two')).toHaveLength(1);
  });

  it('lets only admins add hubs, organisations, priorities and care communities; coordinators edit their hub', async () => {
    const priority = await p.op('createPriority', { token: admin, body: { label: 'Long Covid' } });
    expect(priority.status).toBe(201);
    expect(priority.body.id).toBe('long-covid');
    expect((await p.op('createPriority', { token: admin, body: { label: 'Long Covid' } })).status).toBe(409);
    expect((await p.op('createPriority', { token: partner, body: { label: 'Knitting' } })).status).toBe(403);
    const org = await p.op('createOrganisation', { token: admin, body: { name: 'Grow Together Gardens' } });
    expect(org.status).toBe(201);
    const cc = await p.op('createCareCommunity', { token: admin, body: { name: 'Hillside Care Community' } });
    expect(cc.status).toBe(201);
    const hub = await p.op('createHub', {
      token: admin,
      body: { name: 'Hillside Scout Hut', careCommunityId: cc.body.id, address: { line1: '1 Hill Road', town: 'Hillside', postcode: 'HS1 1AA' }, accessibility: { stepFree: true } },
    });
    expect(hub.status, JSON.stringify(hub.body)).toBe(201);
    expect((await p.op('updateHub', { params: { id: hubs.oakRoadCentre }, token: coordinator, body: { directions: 'Take the 81 bus to Oak Road shops.' } })).status).toBe(200);
    expect((await p.op('updateHub', { params: { id: hubs.stMarysHall }, token: coordinator, body: { directions: 'No.' } })).status).toBe(403);
  });
});

describe('problem reports reach the people who look after the listing', () => {
  it('a partner and a coordinator each page through their own listings’ reports (oldest first, each once); an admin sees every one', async () => {
    const me = async (token: string) => (await p.op('getMe', { token })).body as { organisationIds: string[]; hubIds: string[] };
    const [partnerMe, coordinatorMe] = [await me(partner), await me(coordinator)];
    const idOf = async (title: string) => (await p.op('listActivities', { query: { q: title } })).body.items.find((a) => a.title === title)!.id;
    // one of the partner's listings at the coordinator's hub, one of another organisation at that hub, one neither looks after
    const ours = demoActivities.find((a) => partnerMe.organisationIds.includes(a.organisationId) && a.hubId && coordinatorMe.hubIds.includes(a.hubId))!;
    const hubOnly = demoActivities.find((a) => !partnerMe.organisationIds.includes(a.organisationId) && a.hubId && coordinatorMe.hubIds.includes(a.hubId))!;
    const neither = demoActivities.find((a) => !partnerMe.organisationIds.includes(a.organisationId) && !(a.hubId && coordinatorMe.hubIds.includes(a.hubId)))!;
    const made: { id: string; of: typeof ours }[] = [];
    for (const [activity, n] of [
      [ours, 7],
      [hubOnly, 4],
      [neither, 3],
    ] as const) {
      const id = await idOf(activity.title);
      for (let i = 0; i < n; i++) {
        const r = await p.op('reportProblem', { params: { id }, body: { reason: 'information-unclear', note: `Report ${i} on ${activity.title}` } });
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        made.push({ id: r.body.id, of: activity });
      }
    }
    const pages = async (token: string, status: 'open' | 'resolved' = 'open') => {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await p.op('listProblemReports', { token, query: { status, limit: 3, ...(cursor ? { cursor } : {}) } });
        expect(page.status, JSON.stringify(page.body)).toBe(200);
        // a full page whenever more follow: the queue read is the viewer's own, not everyone's filtered
        if (page.body.nextCursor) expect(page.body.items).toHaveLength(3);
        else expect(page.body.items.length).toBeLessThanOrEqual(3);
        ids.push(...page.body.items.map((r) => r.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      return ids;
    };
    const expected = (keep: (a: typeof ours) => boolean) => made.filter((m) => keep(m.of)).map((m) => m.id);
    const partnerSees = await pages(partner);
    expect(partnerSees.filter((id) => made.some((m) => m.id === id))).toEqual(expected((a) => partnerMe.organisationIds.includes(a.organisationId)));
    expect(new Set(partnerSees).size).toBe(partnerSees.length);
    const coordinatorSees = await pages(coordinator);
    expect(coordinatorSees.filter((id) => made.some((m) => m.id === id))).toEqual(expected((a) => !!a.hubId && coordinatorMe.hubIds.includes(a.hubId)));
    expect((await pages(admin)).filter((id) => made.some((m) => m.id === id))).toEqual(made.map((m) => m.id));

    // resolved, it moves to the resolved queue of the people who look after it
    const first = made[0]!;
    const resolved = await p.op('resolveProblemReport', { params: { id: await idOf(ours.title), reportId: first.id }, token: partner, body: { resolution: 'Times corrected' } });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    expect(await pages(partner)).not.toContain(first.id);
    expect(await pages(partner, 'resolved')).toContain(first.id);
    expect(await pages(coordinator, 'resolved')).toContain(first.id);
  });
});

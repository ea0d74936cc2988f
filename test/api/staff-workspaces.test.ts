/**
 * What the staff workspaces (issue 16) need from the API: admins manage care communities, organisations and
 * priorities (create, change, archive: an archived priority stays on old records); "Still correct" records who
 * confirmed an activity and when; the admins' review email links to the review-due page; a partnership setting
 * holds partners' new activities for an admin's approval; a hub's coordinators are listed by one Query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendReviewReminders } from '../../functions/directory/service';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { listMailbox } from '../../functions/messages/data';
import { newActivity as activityBody, type Body } from '../helpers/bodies';
import { eventually, startPlatform, type TestPlatform } from '../helpers/platform';

const clock = manualClock('2026-06-02T09:00:00Z');
const { hubs, users } = demoIds;
let p: TestPlatform;
let admin = '';
let partner = '';
let coordinator = '';

/** Knit and Natter at St Mary's Hall (a hub the demo coordinator does not coordinate). */
const newActivity = (over: Partial<Body<'createActivity'>> = {}) => activityBody({ hubId: hubs.stMarysHall, ...over });

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  [admin, partner, coordinator] = await Promise.all([p.tokenFor('admin@example.org'), p.tokenFor('partner@example.org'), p.tokenFor('coordinator@example.org')]);
}, 900_000);

afterAll(async () => {
  await p?.stop();
});

describe('managing the partnership’s lists', () => {
  it('creates, renames and archives a care community and an organisation; archived ones leave the public lists', async () => {
    const cc = await p.op('createCareCommunity', { token: admin, body: { name: 'Northgate' } });
    expect(cc.status, JSON.stringify(cc.body)).toBe(201);
    const renamed = await p.op('updateCareCommunity', { params: { id: cc.body.id }, token: admin, body: { name: 'Northgate and Moor' } });
    expect(renamed.body).toMatchObject({ name: 'Northgate and Moor' });
    expect((await p.op('updateCareCommunity', { params: { id: cc.body.id }, token: coordinator, body: { archived: true } })).status).toBe(403);
    expect((await p.op('updateCareCommunity', { params: { id: cc.body.id }, token: admin, body: { archived: true } })).body.archived).toBe(true);
    const names = async (path: string) => (await p.call('GET', path)).body.items.map((i: { name: string }) => i.name);
    expect(await names('/api/care-communities')).not.toContain('Northgate and Moor');
    expect(await names('/api/care-communities?includeArchived=true')).toContain('Northgate and Moor');
    // a new hub cannot be put in an archived area
    const hub = await p.op('createHub', {
      token: admin,
      body: { name: 'Moor Hall', careCommunityId: cc.body.id, address: { line1: '1 Moor Lane', town: 'Testtown', postcode: 'TE1 1ST' }, accessibility: {} },
    });
    expect(hub.status).toBe(400);

    const org = await p.op('createOrganisation', { token: admin, body: { name: 'Tea and Talk' } });
    expect(org.status).toBe(201);
    expect((await p.op('updateOrganisation', { params: { id: org.body.id }, token: partner, body: { name: 'Mine' } })).status).toBe(403);
    expect((await p.op('updateOrganisation', { params: { id: org.body.id }, token: admin, body: { description: 'Weekly chats', archived: true } })).body).toMatchObject({
      description: 'Weekly chats',
      archived: true,
    });
    expect(await names('/api/organisations?limit=100')).not.toContain('Tea and Talk');
    expect((await p.op('updateOrganisation', { params: { id: org.body.id }, token: admin, body: { archived: false } })).body.archived).toBeUndefined();
    expect(await names('/api/organisations?limit=100')).toContain('Tea and Talk');
  });

  it('archives a priority: it stays on the activities that have it, and no activity can newly take it', async () => {
    const made = await p.op('createPriority', { token: admin, body: { label: 'Winter warmth' } });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const activity = await p.op('createActivity', { token: partner, body: newActivity({ priorities: ['winter-warmth'] }) });
    expect(activity.status, JSON.stringify(activity.body)).toBe(201);
    const archived = await p.op('updatePriority', { params: { id: 'winter-warmth' }, token: admin, body: { label: 'Keeping warm in winter', archived: true } });
    expect(archived.body).toMatchObject({ id: 'winter-warmth', label: 'Keeping warm in winter', archived: true });
    const labels = async (q = '') => (await p.call('GET', `/api/priorities?limit=100${q}`)).body.items.map((i: { id: string }) => i.id);
    expect(await labels()).not.toContain('winter-warmth');
    expect(await labels('&includeArchived=true')).toContain('winter-warmth');
    // the old record keeps it, and can still be saved with it
    expect((await p.op('getActivity', { params: { id: activity.body.id } })).body.priorities).toEqual(['winter-warmth']);
    expect((await p.op('updateActivity', { params: { id: activity.body.id }, token: partner, body: { title: 'Knit, Natter and Keep Warm' } })).status).toBe(200);
    // a new activity cannot take it
    const refused = await p.op('createActivity', { token: partner, body: newActivity({ priorities: ['winter-warmth'] }) });
    expect(refused.status).toBe(400);
    expect(refused.problem.errors[0]).toMatchObject({ field: 'body.priorities.0', rule: 'archived_priority' });
  });

  it('lists a hub’s coordinators by name to its coordinators and admins only', async () => {
    const mine = await p.op('listHubCoordinators', { params: { id: hubs.oakRoadCentre }, token: coordinator });
    expect(mine.status, JSON.stringify(mine.body)).toBe(200);
    expect(mine.body.items).toEqual([expect.objectContaining({ userId: users.coordinator, name: 'Carys Hughes' })]);
    expect((await p.op('listHubCoordinators', { params: { id: hubs.oakRoadCentre }, token: admin })).status).toBe(200);
    expect((await p.op('listHubCoordinators', { params: { id: hubs.stMarysHall }, token: coordinator })).status).toBe(403);
    expect((await p.op('listHubCoordinators', { params: { id: hubs.oakRoadCentre }, token: partner })).status).toBe(403);
  });
});

describe('reviewing the directory', () => {
  it('“Still correct” records who confirmed and when; the admins’ email links to the review-due page', async () => {
    const activity = await p.op('createActivity', { token: partner, body: newActivity({ title: 'Old Timers Dominoes' }) });
    clock.advance(200 * 86_400_000);
    try {
      const due = await p.op('listActivitiesDueReview', { query: { limit: '100' }, token: admin });
      const entry = due.body.items.find((a: { id: string }) => a.id === activity.body.id);
      expect(entry).toMatchObject({ title: 'Old Timers Dominoes', organisationName: 'Age Well Westfield', hubName: 'St Mary’s Church Hall' });
      expect((await sendReviewReminders(p.deps)).flagged).toBeGreaterThan(0);
      await eventually(async () => {
        const summary = (await listMailbox(p.deps.db, 200)).find((m) => m.address === 'admin@example.org' && m.kind === 'directory.review-due-summary');
        expect(summary?.text).toContain(`${p.deps.config.siteOrigin}/directory/review-due`);
      }, 120_000);

      const confirmed = await p.op('updateActivity', { params: { id: activity.body.id }, token: admin, body: {} });
      expect(confirmed.body).toMatchObject({ lastReviewedBy: users.admin, lastReviewedAt: clock.now().toISOString(), needsReview: false });
      const after = await p.op('listActivitiesDueReview', { query: { limit: '100' }, token: admin });
      expect(after.body.items.map((a: { id: string }) => a.id)).not.toContain(activity.body.id);
    } finally {
      clock.advance(-200 * 86_400_000);
    }
  });
});

describe('approving partners’ new activities', () => {
  it('lists a partner’s new activity at once by default, and after an admin’s approval when the partnership chooses', async () => {
    expect((await p.op('getPartnershipSettings', { token: partner })).body).toMatchObject({ newActivitiesNeedApproval: false });
    const atOnce = await p.op('createActivity', { token: partner, body: newActivity({ title: 'Listed At Once' }) });
    expect(atOnce.body).toMatchObject({ status: 'active' });
    expect(atOnce.body.awaitingApproval).toBeUndefined();

    expect((await p.op('updatePartnershipSettings', { token: partner, body: { newActivitiesNeedApproval: true } })).status).toBe(403);
    expect((await p.op('updatePartnershipSettings', { token: admin, body: { newActivitiesNeedApproval: true } })).body).toMatchObject({ newActivitiesNeedApproval: true, updatedBy: users.admin });
    try {
      const held = await p.op('createActivity', { token: partner, body: newActivity({ title: 'Waiting For Approval' }) });
      expect(held.status, JSON.stringify(held.body)).toBe(201);
      expect(held.body).toMatchObject({ status: 'paused', awaitingApproval: true });
      const id = held.body.id as string;
      expect((await p.op('getActivity', { params: { id } })).status).toBe(404);
      // its partner cannot list it themselves
      expect((await p.op('updateActivity', { params: { id }, token: partner, body: { status: 'active' } })).body).toMatchObject({ status: 'paused', awaitingApproval: true });
      // a coordinator adding at their own hub is not held
      const byHub = await p.op('createActivity', { token: coordinator, body: newActivity({ title: 'Hub Own Activity', hubId: hubs.oakRoadCentre }) });
      expect(byHub.body.status).toBe('active');

      expect((await p.op('listActivitiesAwaitingApproval', { token: partner })).status).toBe(403);
      const queue = await p.op('listActivitiesAwaitingApproval', { token: admin });
      expect(queue.body.items.map((a: { title: string }) => a.title)).toEqual(['Waiting For Approval']);
      expect((await p.op('approveActivity', { params: { id }, token: partner })).status).toBe(403);
      const approved = await p.op('approveActivity', { params: { id }, token: admin });
      expect(approved.body).toMatchObject({ status: 'active' });
      expect(approved.body.awaitingApproval).toBeUndefined();
      expect((await p.op('getActivity', { params: { id } })).status).toBe(200);
      expect((await p.op('listActivitiesAwaitingApproval', { token: admin })).body.items).toEqual([]);
      expect((await p.op('approveActivity', { params: { id }, token: admin })).status).toBe(409);
    } finally {
      await p.op('updatePartnershipSettings', { token: admin, body: { newActivitiesNeedApproval: false } });
    }
  });
});

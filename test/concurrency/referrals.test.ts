/**
 * The self-referral rate limit and taking a referral from the queue hold under many simultaneous requests:
 * both are single conditional writes, so no two requests (on one Lambda or many) can both win.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfile } from '../../functions/accounts/data';
import { manualClock } from '../../functions/lib/clock';
import { startPlatform, type TestPlatform } from '../helpers/platform';

const clock = manualClock('2026-05-11T08:00:00Z');
let p: TestPlatform;
beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  for (let i = 1; i <= 4; i++) {
    await createProfile(
      p.deps.db,
      {
        userId: `01JTESTLWC00000000000000${String(i).padStart(2, '0')}`,
        name: `Link Worker ${i}`,
        email: `lw-c${i}@example.org`,
        contactPreference: 'email',
        roles: ['linkworker'],
        hubIds: [],
        organisationIds: [],
      },
      clock.now(),
    );
  }
});
afterAll(() => p?.stop());

const selfReferral = {
  name: 'Concurrent Person',
  phone: '07700 900123',
  contactPreferences: { methods: ['phone'] },
  whatMattersToMe: 'Testing the limit',
  consent: { agreed: true, sharing: ['link-worker-team'] },
};

describe('under concurrent load', () => {
  it('accepts exactly the limit of self-referrals from one address however many arrive at once', async () => {
    const answers = await Promise.all(Array.from({ length: 200 }, () => p.call('POST', '/api/self-referrals', { body: selfReferral })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 202)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(195);
    const queue = await p.call('GET', '/api/referrals?scope=unassigned&limit=50', { token: await p.tokenFor('linkworker@example.org') });
    expect(queue.body.items.filter((r: { source: string; createdAt: string }) => r.createdAt === clock.now().toISOString())).toHaveLength(5);
  });

  it('gives a queued referral to exactly one of many link workers taking it at once', async () => {
    const tokens = await Promise.all([1, 2, 3, 4].map((i) => p.tokenFor(`lw-c${i}@example.org`)));
    const queue = await p.call('GET', '/api/referrals?scope=unassigned&limit=50', { token: tokens[0] });
    const id = queue.body.items[0].id as string;
    const answers = await Promise.all(Array.from({ length: 100 }, (_, i) => p.call('POST', `/api/referrals/${id}/assign`, { token: tokens[i % 4], body: {} })));
    const winners = answers.filter((a) => a.status === 200);
    const winnerIds = new Set(winners.map((a) => a.body.assignedTo));
    expect(winnerIds.size).toBe(1);
    expect(answers.every((a) => [200, 404, 409].includes(a.status))).toBe(true);
    const owner = tokens[[...answers.keys()].find((i) => answers[i]!.status === 200)! % 4]!;
    const read = await p.call('GET', `/api/referrals/${id}`, { token: owner });
    expect(read.body.personal.whatMattersToMe).toEqual(expect.any(String));
    expect(read.body.timeline.filter((e: { kind: string }) => e.kind === 'assigned')).toHaveLength(1);
  });
});

/**
 * A partnership admin's work from the home page by clicks only (issue 16): confirms a stale directory entry is
 * still correct, adds and archives a care community and a priority, turns on approval of partners' new
 * activities and approves one, and reaches the referral queues and reports. Outcomes checked on screen and
 * through the API; axe at desktop and 320px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { closeSuite, openSuite, phone, settled, startJourney } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';

describe('an admin runs the partnership from their home page', { timeout: 180_000 }, () => {
  let p: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    ({ platform: p, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform: p, browser }));

  it('reviews the directory, manages the lists and approves a partner’s new activity, all by clicks', async () => {
    const j = await startJourney(browser, p, { as: 'admin' });
    const { page } = j;
    const token = j.token!;
    const home = async () => {
      await j.click(page.getByRole('link', { name: 'Common Ground' }));
      await page.getByRole('heading', { level: 1, name: 'Running the partnership' }).waitFor();
      await settled(page);
    };
    try {
      await page.getByRole('heading', { level: 1, name: 'Running the partnership' }).waitFor();
      await settled(page);
      await expect.poll(() => page.getByRole('link', { name: /^\d+ directory entr(y|ies) due for review$/ }).count()).toBe(1);
      await expect.poll(() => page.getByRole('link', { name: /referrals? nobody has picked up/ }).count()).toBe(1);
      await expectNoAxeViolations(page);

      // a stale entry: "Still correct" in one click records who confirmed it
      await j.click(page.getByRole('link', { name: /directory entr(y|ies) due for review/ }));
      await page.getByRole('heading', { level: 1, name: 'Directory entries due for review' }).waitFor();
      await settled(page);
      await expectNoAxeViolations(page);
      const first = page.getByRole('button', { name: /^Still correct for / }).first();
      const title = ((await first.textContent()) ?? '').replace(/^Still correct for /, '');
      expect(title).not.toBe('');
      await j.click(first);
      await page.getByText(`You confirmed “${title}” is still correct.`).waitFor();
      expect(await page.getByRole('button', { name: `Still correct for ${title}` }).count()).toBe(0);
      const due = await p.call('GET', '/api/activities/review-due?limit=100', { token });
      expect(due.body.items.map((a: { title: string }) => a.title)).not.toContain(title);
      const found = (await p.call('GET', `/api/activities?q=${encodeURIComponent(title)}`)).body.items.find((a: { title: string }) => a.title === title);
      expect((await p.call('GET', `/api/activities/${found.id}`, { token })).body).toMatchObject({ lastReviewedBy: demoIds.users.admin, needsReview: false });

      // care communities: add one, then archive it
      await home();
      await j.click(page.getByRole('link', { name: 'Care communities' }));
      await page.getByRole('heading', { level: 1, name: 'Care communities' }).waitFor();
      await settled(page);
      await j.click(page.getByRole('button', { name: 'Add a care community' }));
      await j.click(page.getByRole('button', { name: 'Add care community' }));
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter the care community’s name');
      await expectNoAxeViolations(page);
      await page.getByLabel('Name of the area').fill('Northgate');
      await j.click(page.getByRole('button', { name: 'Add care community' }));
      await page.getByText('You added Northgate.').waitFor();
      await j.click(page.getByRole('button', { name: 'Archive Northgate' }));
      await page.getByText('You archived Northgate.').waitFor();
      const areas = await p.call('GET', '/api/care-communities?includeArchived=true');
      expect(areas.body.items.find((c: { name: string }) => c.name === 'Northgate')).toMatchObject({ archived: true });

      // priorities: add one and archive it; it leaves the public list
      await home();
      await j.click(page.getByRole('link', { name: 'Priorities' }));
      await page.getByRole('heading', { level: 1, name: 'Priorities' }).waitFor();
      await settled(page);
      await j.click(page.getByRole('button', { name: 'Add a priority' }));
      await page.getByLabel('The priority, in a few words').fill('Winter warmth');
      await j.click(page.getByRole('button', { name: 'Add priority' }));
      await page.getByText('You added Winter warmth.').waitFor();
      await j.click(page.getByRole('button', { name: 'Archive Winter warmth' }));
      await page.getByText('You archived Winter warmth.').waitFor();
      await expectNoAxeViolations(page);
      expect((await p.call('GET', '/api/priorities?limit=100')).body.items.map((x: { id: string }) => x.id)).not.toContain('winter-warmth');

      // the setting: partners' new activities wait for approval
      await home();
      await j.click(page.getByRole('link', { name: 'Settings: approving new activities' }));
      await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
      await settled(page);
      await page.getByLabel('After an admin approves it').check({ force: true });
      await j.click(page.getByRole('button', { name: 'Save' }));
      await page.getByText('Partners’ new activities now wait for an admin’s approval.').waitFor();
      await expectNoAxeViolations(page);
      expect((await p.call('GET', '/api/partnership-settings', { token })).body.newActivitiesNeedApproval).toBe(true);

      // a partner adds an activity (through the API: the partner's own journey is another test's) and it waits
      const added = await p.call('POST', '/api/activities', {
        token: await p.tokenFor('partner@example.org'),
        body: {
          title: 'Knit and Natter',
          description: 'Bring your knitting.',
          organisationId: demoIds.organisations.ageWell,
          hubId: demoIds.hubs.stMarysHall,
          priorities: ['social-isolation'],
          cost: { kind: 'free' },
          booking: { mode: 'drop-in', defaultCapacity: 20 },
        },
      });
      expect(added.body).toMatchObject({ status: 'paused', awaitingApproval: true });
      await home();
      await j.click(page.getByRole('link', { name: '1 new activity waiting for approval' }));
      await page.getByRole('heading', { level: 1, name: 'New activities waiting for approval' }).waitFor();
      await settled(page);
      await expectNoAxeViolations(page);
      await j.click(page.getByRole('button', { name: 'Approve Knit and Natter' }));
      await page.getByText('“Knit and Natter” is now listed in the directory.').waitFor();
      expect((await p.call('GET', `/api/activities/${added.body.id}`)).body.status).toBe('active');

      // the referral queues and the reports are a click away
      await home();
      await j.click(page.getByRole('link', { name: /referrals? nobody has picked up/ }));
      await page.getByRole('heading', { level: 1, name: 'Referrals' }).waitFor();
      await settled(page);
      await home();
      await j.click(page.getByRole('link', { name: 'Gaps in provision' }));
      await page.getByRole('heading', { level: 1, name: 'Gaps in provision' }).waitFor();
      expect(j.errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    } finally {
      await j.context.close();
    }
  });

  it('fits a 320px-wide screen, the management pages too', async () => {
    const j = await startJourney(browser, p, { as: 'admin', viewport: phone });
    const { page } = j;
    try {
      await page.getByRole('heading', { level: 1, name: 'Running the partnership' }).waitFor();
      await settled(page);
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
      await j.click(page.getByRole('link', { name: 'Hubs and their rooms' }));
      await page.getByRole('heading', { level: 1, name: 'Hubs' }).waitFor();
      await settled(page);
      await j.click(page.getByRole('link', { name: 'Add a hub' }));
      await page.getByRole('heading', { level: 1, name: 'Add a hub' }).waitFor();
      await settled(page);
      await j.click(page.getByRole('button', { name: 'Add hub' }));
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter the hub’s name');
      expect(await horizontalOverflow(page)).toBe(0);
      await expectNoAxeViolations(page);
    } finally {
      await j.context.close();
    }
  });

  it('reads a text from a number no hub asked, on the partnership’s own list, at desktop and 320px', async () => {
    // the text arrives from the phone network (the dev mailbox's reply route stands in for it)
    const sent = await p.op('devReplyByText', {
      body: { originationNumber: '+447700988002', destinationNumber: '+447700900000', messageBody: 'Is there a walking group for carers?', inboundMessageId: `admin-browser-${Date.now()}` },
    });
    expect(sent.body).toEqual({ reply: 'other', outcome: 'to-inbox' });
    for (const viewport of [undefined, phone]) {
      const j = await startJourney(browser, p, { as: 'admin', ...(viewport ? { viewport } : {}) });
      const { page } = j;
      try {
        await page.getByRole('heading', { level: 1, name: 'Running the partnership' }).waitFor();
        await settled(page);
        await j.click(page.getByRole('link', { name: 'Texts and letters not about any one hub' }));
        await page.getByRole('heading', { level: 1, name: 'Texts and letters not about any one hub' }).waitFor();
        await expect.poll(() => page.getByText('Is there a walking group for carers?').count()).toBe(1);
        await expect.poll(() => page.getByRole('heading', { level: 2, name: /\+447700988002/ }).count()).toBe(1);
        expect(await horizontalOverflow(page)).toBe(0);
        await expectNoAxeViolations(page);
        expect(j.errors).toEqual([]);
      } finally {
        await j.context.close();
      }
    }
  });
});

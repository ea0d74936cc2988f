/**
 * Referrals in headless Chromium against the real platform, every journey from the front door by clicks: the
 * public self-referral form (plain English, errors linked to fields, honeypot hidden from people), the link
 * worker's caseload and queue, taking a referral and moving it on from its page with the timeline. axe finds
 * nothing on any page visited, at desktop and 320px. (Who may see a referral at all is the API's to refuse:
 * test/api/referrals.test.ts.)
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { choice, expectAccessible } from '../helpers/accessible';
import { closeSuite, openSuite, startJourney } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';

describe('referrals in the browser', { timeout: 120_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser }));

  const serious = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

  it('lets anyone ask for support in plain English, with errors that link to each field', async () => {
    const j = await startJourney(browser, platform, { as: null });
    const page = j.page;
    try {
      await expectAccessible(page, 'home');
      await j.click(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Ask for support' }));
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ask for support');
      await page.getByRole('checkbox', { name: 'Social isolation' }).waitFor();
      await expectAccessible(page, 'ask for support');
      await j.click(page.getByRole('button', { name: 'Send my request' }));
      const summary = page.getByRole('alert');
      await summary.waitFor();
      expect(await summary.getByRole('link').allTextContents()).toEqual([
        'Enter your name',
        'Choose how we should contact you',
        'Tell us a little about what would help',
        'Tick the box to say you agree, so we can help you',
      ]);
      await expectAccessible(page, 'ask for support, with mistakes');

      await page.getByLabel('Your name').fill('Harold Pennington');
      await j.click(choice(page, 'Phone call'));
      await page.getByLabel('Phone number (if you would like a call or text)').fill('07700 900888');
      await page.getByLabel('What would help you?').fill('My wife died last year and the evenings are very long. I used to play dominoes at the British Legion.');
      await j.click(choice(page, 'Loneliness'));
      await j.click(choice(page, 'I agree to a link worker using this to contact and help me'));
      await j.click(page.getByRole('button', { name: 'Send my request' }));
      await page.getByRole('heading', { level: 1, name: 'We have your request' }).waitFor();
      const reference = (await page.locator('.panel-body strong').textContent())!;
      await expectAccessible(page, 'request sent');
      const lw = await platform.tokenFor('linkworker@example.org');
      const queue = (await platform.call('GET', '/api/referrals?scope=unassigned', { token: lw })).body.items as { reference: string; source: string }[];
      expect(queue.find((r) => r.reference === reference)).toMatchObject({ source: 'self' });
      expect(serious(j.errors)).toEqual([]);
    } finally {
      await j.context.close();
    }
  });

  it('shows the link worker their caseload, lets them take a referral from the queue and move it on', async () => {
    const j = await startJourney(browser, platform, { as: 'linkworker' });
    const page = j.page;
    try {
      await j.click(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Referrals' }));
      await page.getByRole('link', { name: 'Edna Fairweather' }).first().waitFor();
      expect(await page.getByText('Overdue: not contacted yet').count()).toBeGreaterThan(0);
      await expectAccessible(page, 'caseload');

      await j.click(page.getByRole('link', { name: 'Waiting to be picked up' }));
      await page.getByRole('heading', { level: 2, name: 'Waiting to be picked up' }).waitFor();
      const take = page.getByRole('button', { name: /Take this referral/ }).first();
      await take.waitFor();
      await expectAccessible(page, 'queue');
      await j.click(take);
      await page.getByText(/is now on your caseload\./).waitFor();

      await j.click(page.getByRole('link', { name: 'My caseload' }));
      await j.click(page.getByRole('link', { name: 'Priya Raman' }).first());
      await page.getByRole('heading', { level: 1, name: 'Priya Raman' }).waitFor();
      await page.getByText('The menopause has knocked my confidence').waitFor();
      await expectAccessible(page, 'a referral just taken');
      await j.click(choice(page, 'Contacted'));
      await page.getByLabel('How satisfied are you with your life nowadays?').fill('4');
      await page.getByLabel('To what extent do you feel the things you do in your life are worthwhile?').fill('6');
      await page.getByLabel('How happy did you feel yesterday?').fill('5');
      await page.getByLabel('How anxious did you feel yesterday?').fill('7');
      await j.click(page.getByRole('button', { name: 'Save', exact: true }));
      await page.getByText('Status: Contacted').waitFor();
      await page.getByText('Start 4').waitFor();
      await expectAccessible(page, 'a referral moved on');
      const id = new URL(page.url()).pathname.split('/').pop()!;
      const shown = (await platform.call('GET', `/api/referrals/${id}`, { token: j.token })).body;
      expect(shown).toMatchObject({ status: 'contacted', ons4Start: { lifeSatisfaction: 4, worthwhile: 6, happiness: 5, anxiety: 7 } });
      expect(serious(j.errors)).toEqual([]);
    } finally {
      await j.context.close();
    }
  });

  it('shows the timeline and the support plan of a referral at plan agreed', async () => {
    const j = await startJourney(browser, platform, { as: 'linkworker' });
    const page = j.page;
    try {
      await j.click(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Referrals' }));
      await j.click(page.getByRole('link', { name: 'Edna Fairweather' }).first());
      await page.getByRole('heading', { level: 1, name: 'Edna Fairweather' }).waitFor();
      await page.getByText('Status: Plan agreed').waitFor();
      await page
        .getByRole('link', { name: /Steady Steps/ })
        .first()
        .waitFor();
      await expectAccessible(page, 'a referral at plan agreed');
    } finally {
      await j.context.close();
    }
  });
});

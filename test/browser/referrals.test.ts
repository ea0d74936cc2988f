/**
 * Referrals in headless Chromium against the real platform: the public self-referral form (plain English,
 * errors linked to fields, honeypot hidden from people), the link worker's caseload and queue, taking a
 * referral and moving it on from its page with the timeline. Every page scanned by axe-core; 320px wide too.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoReferralIds } from '../../functions/local/seed/referrals';
import { collectPageErrors, expectNoAxeViolations, horizontalOverflow, launchBrowser, newContext } from '../helpers/browser';
import { startPlatform, type TestPlatform } from '../helpers/platform';

describe('referrals in the browser', { timeout: 60_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startPlatform({ seed: true }), launchBrowser()]);
  }, 900_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await platform?.stop();
  });

  async function open(path: string, options: { as?: string; width?: number } = {}): Promise<{ page: Page; errors: string[] }> {
    const context = await newContext(browser, { viewport: { width: options.width ?? 1280, height: 900 } });
    contexts.push(context);
    if (options.as) {
      const token = await platform.tokenFor(options.as);
      await context.addInitScript((t) => localStorage.setItem('commonground.token', t), token);
    }
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(platform.url + path);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return { page, errors };
  }
  const serious = (errors: string[]) => errors.filter((e) => !/status of 4\d\d/.test(e));

  it('lets anyone ask for support in plain English, with errors that link to each field', async () => {
    const { page, errors } = await open('/ask-for-support');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Ask for support');
    await page.getByRole('checkbox', { name: 'Social isolation' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Send my request' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.getByRole('link').allTextContents()).toEqual(expect.arrayContaining(['Enter your name', 'Choose how we should contact you']));
    await expectNoAxeViolations(page);

    await page.getByLabel('Your name').fill('Harold Pennington');
    await page.getByRole('checkbox', { name: 'Phone call' }).check({ force: true });
    await page.getByLabel('Phone number (if you would like a call or text)').fill('07700 900888');
    await page.getByLabel('What would help you?').fill('My wife died last year and the evenings are very long. I used to play dominoes at the British Legion.');
    await page.getByRole('checkbox', { name: 'Loneliness' }).check({ force: true });
    await page.getByRole('checkbox', { name: 'I agree to a link worker using this to contact and help me' }).check({ force: true });
    await page.getByRole('button', { name: 'Send my request' }).click();
    await page.getByRole('heading', { level: 1, name: 'We have your request' }).waitFor();
    await expectNoAxeViolations(page);
    expect(serious(errors)).toEqual([]);
  });

  it('fits a 320px-wide phone without sideways scrolling', async () => {
    const { page } = await open('/ask-for-support', { width: 320 });
    await page.getByRole('checkbox', { name: 'Social isolation' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);
  });

  it('shows the link worker their caseload, lets them take a referral from the queue and move it on', async () => {
    const { page, errors } = await open('/referrals', { as: 'linkworker@example.org' });
    await page.getByRole('link', { name: 'Edna Fairweather' }).waitFor();
    expect(await page.getByText('Overdue: not contacted yet').count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Waiting to be picked up' }).click();
    await page.getByRole('heading', { level: 2, name: 'Waiting to be picked up' }).waitFor();
    const take = page.getByRole('button', { name: /Take this referral/ }).first();
    await take.waitFor();
    await expectNoAxeViolations(page);
    await take.click();
    await page.getByText('The referral is now on your caseload.').waitFor();

    await page.goto(`${platform.url}/referrals/${demoReferralIds.priya}`);
    await page.getByRole('heading', { level: 1, name: 'Priya Raman' }).waitFor();
    await page.getByText('The menopause has knocked my confidence').waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('radio', { name: 'Contacted' }).check({ force: true });
    await page.getByLabel('How satisfied are you with your life nowadays?').fill('4');
    await page.getByLabel('To what extent do you feel the things you do in your life are worthwhile?').fill('6');
    await page.getByLabel('How happy did you feel yesterday?').fill('5');
    await page.getByLabel('How anxious did you feel yesterday?').fill('7');
    await page.getByLabel('Add a note (optional)').fill('Called her at lunchtime; keen on the evening workshop.');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Status: Contacted').waitFor();
    await page.getByText('Start 4').waitFor();
    await expectNoAxeViolations(page);
    expect(serious(errors)).toEqual([]);
  });

  it('shows the timeline and the support plan of a referral at plan agreed', async () => {
    const { page } = await open(`/referrals/${demoReferralIds.edna}`, { as: 'linkworker@example.org' });
    await page.getByRole('heading', { level: 1, name: 'Edna Fairweather' }).waitFor();
    await page.getByText('Status: Plan agreed').waitFor();
    await page.getByRole('link', { name: /Steady Steps/ }).waitFor();
    await expectNoAxeViolations(page);
  });

  it('tells anyone else the referral is not theirs to see', async () => {
    const { page } = await open(`/referrals/${demoReferralIds.edna}`, { as: 'partner@example.org' });
    await page.getByText('This referral is not one you can see.').waitFor();
    await expectNoAxeViolations(page);
  });
});

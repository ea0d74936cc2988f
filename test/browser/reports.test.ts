/**
 * The reports pages in headless Chromium against the real platform (demo data, aggregated by the stream):
 * an admin's dashboard with filters in the URL and a CSV download, the gaps page, a coordinator's view of
 * their own hub; each scanned with axe and checked at 320px wide.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { closeSuite, type Journey, openSuite, phone, settled, startJourney } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';

describe('reports in the browser', { timeout: 60_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const journeys: Journey[] = [];

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
    await platform.stream.idle();
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser, contexts: journeys }));

  /** Signed in from the home page, as a person would (downloads allowed for the CSV). */
  async function signedIn(as: 'admin' | 'coordinator', viewport = { width: 1024, height: 900 }) {
    const j = await startJourney(browser, platform, { as, viewport });
    journeys.push(j);
    return j;
  }

  it('shows an admin headline numbers and charts with tables, keeps filters in the URL, and downloads a CSV', async () => {
    const { page, errors, click } = await signedIn('admin');
    await click(page.getByRole('link', { name: 'Attendance, referrals, volunteer hours and capacity' }));
    await page.getByRole('heading', { name: 'Headline numbers' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Sessions run', level: 3 }).count()).resolves.toBe(1);
    await page.getByText('Show sessions run as a table').click();
    await expect(page.getByRole('table', { name: 'Sessions run by month' }).isVisible()).resolves.toBe(true);
    await expectNoAxeViolations(page);

    await page.getByLabel('Report', { exact: true }).selectOption('attendance');
    await page.getByLabel('Hub', { exact: true }).selectOption(demoIds.hubs.oakRoadCentre);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/kind=attendance/);
    expect(page.url()).toContain(`hubId=${demoIds.hubs.oakRoadCentre}`);
    await page.getByRole('heading', { name: 'By activity' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download as a spreadsheet/ }).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.slice(1).split(/\r?\n/)[0]).toMatch(/^Month,Sessions run,Places offered/);
    expect(errors).toEqual([]);
  });

  it('shows the gaps page, and a coordinator their own hub only, at 320px wide', async () => {
    const admin = await signedIn('admin');
    await admin.click(admin.page.getByRole('link', { name: 'Gaps in provision' }));
    await admin.page.getByRole('heading', { name: 'By priority' }).waitFor();
    await expectNoAxeViolations(admin.page);

    const { page, errors, click } = await signedIn('coordinator', { width: phone.width, height: 800 });
    await settled(page);
    await click(page.getByRole('button', { name: 'Menu' }));
    await click(page.getByRole('link', { name: 'Reports' }));
    await page.getByText('Only the hubs and activities you look after.').waitFor();
    await expectNoAxeViolations(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});

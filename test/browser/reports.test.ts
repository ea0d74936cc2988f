/**
 * The reports pages in headless Chromium against the real platform (demo data, aggregated by the stream):
 * an admin's dashboard with filters in the URL and a CSV download, the gaps page, a coordinator's view of
 * their own hub; each scanned with axe and checked at 320px wide.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { collectPageErrors, expectNoAxeViolations, horizontalOverflow, launchBrowser, newContext } from '../helpers/browser';
import { startPlatform, type TestPlatform } from '../helpers/platform';

describe('reports in the browser', { timeout: 60_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startPlatform({ seed: true }), launchBrowser()]);
    await platform.stream.idle();
  }, 900_000);

  afterAll(async () => {
    await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
    await browser?.close();
    await platform?.stop();
  });

  async function openAs(email: string, path: string, viewport = { width: 1024, height: 900 }): Promise<{ page: Page; errors: string[] }> {
    const token = await platform.tokenFor(email);
    const context = await newContext(browser, { viewport, acceptDownloads: true });
    contexts.push(context);
    await context.addInitScript((t) => localStorage.setItem('commonground.token', t), token);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(platform.url + path);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return { page, errors };
  }

  it('shows an admin headline numbers and charts with tables, keeps filters in the URL, and downloads a CSV', async () => {
    const { page, errors } = await openAs('admin@example.org', '/reports');
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
    const admin = await openAs('admin@example.org', '/reports/gaps');
    await admin.page.getByRole('heading', { name: 'By priority' }).waitFor();
    await expectNoAxeViolations(admin.page);

    const { page, errors } = await openAs('coordinator@example.org', '/reports', { width: 320, height: 800 });
    await page.getByText('Only the hubs and activities you look after.').waitFor();
    await expectNoAxeViolations(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});

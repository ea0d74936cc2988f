/**
 * The rooms pages in headless Chromium against the real platform (demo data): a coordinator's week view,
 * a partner's request form showing a clash before sending, and the approvals queue, each scanned with axe,
 * worked by keyboard, and checked at tablet and phone widths.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { demoRoomIds } from '../../functions/local/seed/rooms';
import { collectPageErrors, expectNoAxeViolations, horizontalOverflow, launchBrowser, newContext } from '../helpers/browser';
import { startPlatform, type TestPlatform } from '../helpers/platform';

const hub = demoIds.hubs.oakRoadCentre;
const tablet = { width: 820, height: 1180 };

/** Next Monday in UK time, as the seed computes it. */
function nextMonday(): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + (8 - (((d.getUTCDay() + 6) % 7) + 1)));
  return d.toISOString().slice(0, 10);
}

describe('rooms in the browser', { timeout: 60_000 }, () => {
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

  async function openAs(email: string, path: string, viewport = tablet): Promise<{ page: Page; errors: string[] }> {
    const token = await platform.tokenFor(email);
    const context = await newContext(browser, { viewport });
    contexts.push(context);
    await context.addInitScript((t) => localStorage.setItem('commonground.token', t), token);
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(platform.url + path);
    await page.getByRole('heading', { level: 1 }).waitFor();
    return { page, errors };
  }

  it("shows a coordinator the week's bookings, requests and free time of the hub's rooms", async () => {
    const { page, errors } = await openAs('coordinator@example.org', `/hubs/${hub}/rooms?week=${nextMonday()}`);
    await page.getByRole('heading', { name: 'Main hall' }).waitFor();
    await expect.poll(() => page.getByText('Chair-based exercise').first().isVisible()).toBe(true);
    await expect.poll(() => page.getByText('Age Well coffee morning and benefits advice').first().isVisible()).toBe(true);
    expect(await page.getByText(/^Free /).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    // keyboard: the week buttons are reachable and work with Enter
    await page.getByRole('button', { name: 'Previous week' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Chair-based exercise').count()).toBe(0);
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('fits a 320px phone without sideways scrolling', async () => {
    const { page } = await openAs('coordinator@example.org', `/hubs/${hub}/rooms?week=${nextMonday()}`, { width: 320, height: 640 });
    await page.getByRole('heading', { name: 'Main hall' }).waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('shows a partner the clash before sending, then sends a request for a free time', async () => {
    const { page } = await openAs('partner@example.org', `/rooms/${demoRoomIds.oakRoadMainHall}/request`);
    await page.getByLabel('Date', { exact: true }).fill(nextMonday());
    await page.getByLabel('Start time').selectOption('11:00');
    await page.getByLabel('End time').selectOption('12:30');
    await page.getByRole('button', { name: 'Check the dates' }).click();
    await page.getByText('1 date clashes with a confirmed booking').waitFor();
    await expectNoAxeViolations(page);

    await page.getByLabel('Start time').selectOption('13:00');
    await page.getByLabel('End time').selectOption('14:00');
    await page.getByRole('button', { name: 'Check the dates' }).click();
    await page.getByText('The room is free on every date.').waitFor();
    await page.getByLabel('What is the booking for?').fill('Memory cafe');
    await page.getByLabel('How many people do you expect?').fill('15');
    await page.getByLabel('Who is your first aider on the day?').fill('Pete Okafor');
    await page.getByRole('button', { name: 'Send request' }).press('Enter');
    await page.getByRole('heading', { name: 'Request sent' }).waitFor();
    await expectNoAxeViolations(page);
  });

  it('shows problems in an error summary that links to the field', async () => {
    const { page } = await openAs('partner@example.org', `/rooms/${demoRoomIds.oakRoadMainHall}/request`);
    await page.getByLabel('Date', { exact: true }).fill(nextMonday());
    await page.getByLabel('Start time').selectOption('15:00');
    await page.getByLabel('End time').selectOption('16:00');
    await page.getByRole('button', { name: 'Check the dates' }).click();
    await page.getByText('The room is free on every date.').waitFor();
    await page.getByRole('button', { name: 'Send request' }).click();
    await page.getByRole('alert').waitFor();
    // the tab title changes in an effect after the summary renders: wait for it rather than read it once
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await page.locator('.error-summary a[href="#purpose"]').click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('purpose');
    await expectNoAxeViolations(page);
  });

  it('lets a coordinator approve a request by keyboard from the queue', async () => {
    const { page } = await openAs('coordinator@example.org', `/hubs/${hub}/room-requests`);
    await page.getByRole('heading', { name: 'Age Well coffee morning and benefits advice' }).waitFor();
    await expectNoAxeViolations(page);
    const approve = page.getByRole('button', { name: 'Approve' }).first();
    await approve.focus();
    await page.keyboard.press('Enter');
    await page.getByText(/You approved/).waitFor();
    await expectNoAxeViolations(page);
  });

  it("lists a partner's own room bookings with their status", async () => {
    const { page } = await openAs('partner@example.org', '/rooms');
    await page.getByRole('heading', { name: 'Your room bookings' }).waitFor();
    await page.getByRole('heading', { name: 'Memory cafe' }).waitFor();
    await expect.poll(() => page.getByRole('button', { name: 'Cancel Memory cafe' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
  });
});

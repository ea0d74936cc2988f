/**
 * The register in headless Chromium against the real platform: taken with the network switched off
 * (DevTools offline emulation through context.setOffline), reloaded offline from the service worker and
 * IndexedDB, then sent when the network returns: each mark arrives once, and a later mark by another
 * helper stands and is shown. Plus the door check-in page and the check-in codes page, each axe-clean.
 */

import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPartition } from '../../functions/attendance/data';
import { manualClock } from '../../functions/lib/clock';
import { paths } from '../../functions/lib/paths';
import { addDays, londonDate } from '../../functions/sessions/rules';
import { attendanceFixtures } from '../helpers/attendance';
import { collectPageErrors, expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { arrive, closeSuite, openSuite, phone, settled, startJourney } from '../helpers/journey';
import { startPlatform, type TestPlatform } from '../helpers/platform';

describe('the register, offline and back', { timeout: 90_000 }, () => {
  let p: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let f: ReturnType<typeof attendanceFixtures>;
  let sessionId: string;
  const people: Record<string, { userId: string; token: string }> = {};
  let adaBooking: { id: string; checkInCode: string };
  // the platform's clock: booked today, then moved to the session's start, when its register opens
  const clock = manualClock(new Date());
  let startsAt: string;

  beforeAll(async () => {
    ({ platform: p, browser } = await openSuite(() => startPlatform({ seed: true, clock })));
    f = attendanceFixtures(p);
    const s = await f.session(addDays(londonDate(new Date()), 1));
    sessionId = s.id;
    startsAt = s.startsAt;
    const names = [
      ['ada', 'ada.offline@example.org', 'Ada Archer'],
      ['ben', 'ben.offline@example.org', 'Ben Booth'],
      ['cal', 'cal.offline@example.org', 'Cal Carter'],
    ] as const;
    for (const [key, email, name] of names) {
      people[key] = await f.named(email, name);
      const booking = await f.book(people[key]!, sessionId);
      if (key === 'ada') adaBooking = booking;
    }
    clock.set(startsAt);
  }, 900_000);

  afterAll(() => closeSuite({ platform: p, browser, contexts: [context] }));

  /** Every mark item of the session in the table, with how many marks each has taken. */
  async function marksInTable() {
    const { Items = [] } = await p.deps.db.doc.send(
      new QueryCommand({ TableName: p.deps.db.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': registerPartition(sessionId) }, ConsistentRead: true }),
    );
    return Object.fromEntries(Items.map((i) => [i.personId as string, { status: i.status as string, history: (i.history as unknown[]).length, version: i.version as number }]));
  }

  /** The coordinator signs in from the home page and opens tomorrow's Lunch Club register from it, by clicks. */
  async function registerFromHome(viewport = { width: 390, height: 844 }): Promise<Page> {
    const j = await startJourney(browser, p, { as: 'coordinator', viewport });
    context = j.context;
    await settled(j.page);
    await j.click(j.page.getByRole('region', { name: /^Tomorrow/ }).getByRole('link', { name: /^Register for Lunch Club, .* at 14:00$/ }));
    return j.page;
  }

  const row = (page: Page, name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name }) });

  it('takes the register with no network, keeps it through a reload, and sends each mark once when the network returns', async () => {
    const page = await registerFromHome();
    const errors = collectPageErrors(page);
    await page.getByRole('heading', { level: 1, name: 'Register: Lunch Club' }).waitFor();
    await expect.poll(() => page.getByText('Everything is sent.').isVisible()).toBe(true);
    // the service worker has the app's files before the signal goes
    await expect
      .poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready, (await (await caches.open('commonground-shell-v1')).keys()).length)), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(4);
    await expectNoAxeViolations(page);

    await context.setOffline(true);
    await page.getByText('You are offline.').waitFor();
    await row(page, 'Ada Archer').getByRole('button', { name: 'Here' }).click();
    await row(page, 'Ben Booth').getByRole('button', { name: 'No-show' }).click();
    await page.getByLabel('Search by name').fill('cal');
    await expect.poll(() => page.getByRole('heading', { name: 'Ben Booth' }).count()).toBe(0);
    await row(page, 'Cal Carter').getByRole('button', { name: 'Left early' }).click();
    await page.getByLabel('Search by name').fill('');
    await page.getByText('3 marks not yet sent.').waitFor();
    expect(await row(page, 'Ada Archer').getByText('(not yet sent)').isVisible()).toBe(true);
    expect(await row(page, 'Ada Archer').getByRole('button', { name: 'Here' }).getAttribute('aria-pressed')).toBe('true');
    await expectNoAxeViolations(page);

    // still offline: the page opens again from the device (service worker + IndexedDB)
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Register: Lunch Club' }).waitFor();
    await page.getByText('3 marks not yet sent.').waitFor();
    expect(await marksInTable()).toEqual({});

    // meanwhile another helper, online, marks Ben as here, later than this device's no-show
    const later = new Date(Date.now() + 60_000).toISOString();
    const other = await p.call('POST', `/api/registers/${sessionId}/marks`, {
      token: await p.tokenFor('partner@example.org'),
      body: { marks: [{ markId: 'other-helper-ben-1', personId: people.ben!.userId, status: 'attended', markedAt: later }] },
    });
    expect(other.status, JSON.stringify(other.body)).toBe(200);

    await context.setOffline(false);
    await page.getByText('Everything is sent.').waitFor({ timeout: 20_000 });
    await page.getByText('Another helper marked someone later').waitFor();
    expect(await page.getByText('Ben Booth: Here stands').isVisible()).toBe(true);
    const arrived = await marksInTable();
    expect(arrived).toEqual({
      [people.ada!.userId]: { status: 'attended', history: 1, version: 1 },
      [people.ben!.userId]: { status: 'attended', history: 1, version: 1 },
      [people.cal!.userId]: { status: 'left-early', history: 1, version: 1 },
    });
    expect(await row(page, 'Ben Booth').locator('.register-state').textContent()).toBe('Here');

    // a reload (and the retry timer) sends nothing again
    await page.reload();
    await page.getByText('Everything is sent.').waitFor();
    await new Promise((r) => setTimeout(r, 500));
    expect(await marksInTable()).toEqual(arrived);
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
    await context.close();
  });

  it('fits a 320px-wide phone', async () => {
    const page = await registerFromHome(phone);
    await page.getByRole('heading', { level: 1, name: 'Register: Lunch Club' }).waitFor();
    await page.getByText('Everything is sent.').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await context.close();
  });

  it('the door check-in page refuses a code on the wrong day with a clear message, and is accessible', async () => {
    clock.set(new Date()); // the day before the session
    const page = await registerFromHome();
    await page.getByRole('heading', { level: 1, name: 'Register: Lunch Club' }).waitFor();
    await page.getByRole('link', { name: 'Check people in at the door by their code' }).click();
    await page.getByRole('heading', { level: 1, name: 'Check in at the door' }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByLabel('Check-in code').fill(adaBooking.checkInCode);
    await page.getByRole('button', { name: 'Check in' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/This booking is for .+\. Check-in opens on the day of the session\./);
    await expectNoAxeViolations(page);
    await context.close();
  });

  it('shows a resident their check-in code and QR code', async () => {
    // arrives by email: the booking confirmation links to the passes page (reservations/passes.ts passPageLink)
    const arrived = await arrive(browser, p, paths.checkInCodes(), { email: 'ada.offline@example.org', viewport: { width: 390, height: 844 } });
    ({ context } = arrived);
    const { page } = arrived;
    await page.getByRole('heading', { level: 1, name: 'Your check-in codes' }).waitFor();
    await page
      .getByRole('img', { name: /QR code for check-in/ })
      .first()
      .waitFor();
    expect(await page.getByText(adaBooking.checkInCode.split('').join(' ')).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  });
});

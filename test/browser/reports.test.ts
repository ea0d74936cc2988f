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
    await click(page.getByRole('link', { name: 'Reports', exact: true }));
    await page.getByText('Only the hubs and activities you look after.').waitFor();
    await expectNoAxeViolations(page);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });

  it('shows an admin the referral funnel, a custom period and the gaps to act on, by clicks from the home page', async () => {
    const { page, errors, click } = await signedIn('admin');
    await click(page.getByRole('link', { name: 'Attendance, referrals, volunteer hours and capacity' }));
    await page.getByRole('heading', { name: 'Headline numbers' }).waitFor();
    await page.getByText('Sessions, places, attendance and no-shows count only sessions that have started.').waitFor();
    await page.getByRole('heading', { name: 'Booked ahead' }).waitFor();

    // the funnel, for a period of the admin's choosing
    const months = await page.getByLabel('From', { exact: true }).locator('option').allTextContents();
    await page.getByLabel('Report', { exact: true }).selectOption('funnel');
    await page.getByLabel('From', { exact: true }).selectOption({ label: months[6]! });
    await page.getByLabel('To', { exact: true }).selectOption({ label: months[1]! });
    await click(page.getByRole('button', { name: 'Show' }));
    await page.waitForURL(/kind=funnel/);
    await page.getByRole('heading', { name: 'From referral to a first session' }).waitFor();
    await expect(page.getByRole('table', { name: 'Referral funnel' }).getByRole('rowheader').allTextContents()).resolves.toEqual([
      'Referrals received',
      'Contacted within 5 working days',
      'Reached a first booked place',
      'Reached a first attended session',
    ]);
    await page.getByText(/Goal: 40% of referrals reach a first attended session/).waitFor();
    await expect(page.getByText(`${months[6]} to ${months[1]}`.replace(/^(\w{3})\w*/, '$1').replace(/ to (\w{3})\w*/, ' to $1')).count()).resolves.toBeGreaterThan(0);
    await expectNoAxeViolations(page);

    // a custom range of exact days, typed in day, month and year boxes (a wrong one first)
    await click(page.getByText('Choose exact dates instead of months'));
    const day = (legend: string) => page.getByRole('group', { name: legend });
    await day('First day').getByLabel('Day').fill('15');
    await day('First day').getByLabel('Month').fill('13');
    await day('First day').getByLabel('Year').fill('2026');
    await click(page.getByRole('button', { name: 'Show' }));
    await page.getByText('The first day must be a real date').waitFor();
    await day('First day').getByLabel('Month').fill('9');
    await day('Last day').getByLabel('Day').fill('20');
    await day('Last day').getByLabel('Month').fill('10');
    await day('Last day').getByLabel('Year').fill('2026');
    await click(page.getByRole('button', { name: 'Show' }));
    await page.waitForURL(/fromDate=2026-09-15/);
    expect(page.url()).toContain('toDate=2026-10-20');
    await page.getByText('15 September 2026 to 20 October 2026', { exact: false }).first().waitFor();
    await page.getByRole('heading', { name: 'From referral to a first session' }).waitFor();
    await expectNoAxeViolations(page);

    // the gaps, each linking to the list behind it
    await click(page.getByRole('link', { name: 'See where demand goes unmet' }));
    await page.getByRole('heading', { name: 'Gaps to act on' }).waitFor();
    await page.getByRole('link', { name: /^Referrals waiting to be picked up: / }).waitFor();
    await click(page.getByRole('link', { name: /^People on waiting lists for full sessions/ }));
    await page.getByRole('heading', { name: 'Full sessions with people waiting' }).waitFor();
    await page.getByRole('heading', { name: 'Priorities and care communities with no sessions' }).waitFor();
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
  });

  it('shows an admin no-shows against the usual rate and places given back, and the funder summary to print, at desktop and 320px wide', async () => {
    for (const viewport of [
      { width: 1024, height: 900 },
      { width: phone.width, height: 800 },
    ]) {
      const { page, errors, click } = await signedIn('admin', viewport);
      await settled(page);
      if (viewport.width === phone.width) {
        await click(page.getByRole('button', { name: 'Menu' }));
        await click(page.getByRole('link', { name: 'Reports', exact: true }));
      } else await click(page.getByRole('link', { name: 'Attendance, referrals, volunteer hours and capacity' }));
      await page.getByRole('heading', { name: 'Headline numbers' }).waitFor();
      await page.getByLabel('Report', { exact: true }).selectOption({ label: 'No-shows and places given back' });
      await click(page.getByRole('button', { name: 'Show' }));
      await page.waitForURL(/kind=demand/);
      await page.getByRole('heading', { name: 'No-shows against the usual rate' }).waitFor();
      await page.getByText(/Free events usually see 20% to 25% of bookings not turned up to/).waitFor();
      const table = page.getByRole('table', { name: 'No-show rate by month' });
      await expect(table.getByRole('columnheader').allTextContents()).resolves.toEqual(['Month', 'No-shows (%)', 'Usual for free events']);
      await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(1);
      for (const figure of ['No-shows (%)', 'Places given back', 'Places given back and taken again', 'Places given back and left empty']) {
        await expect(page.locator('dl.headlines dt', { hasText: new RegExp(`^${figure.replace(/[()]/g, '\\$&')}$`) }).count()).resolves.toBe(1);
      }
      await page.getByText('Places given back that were still empty when the session started.').first().waitFor();
      // what asking people to confirm does: its own tables, in the axe scan below
      await page.getByRole('heading', { name: 'Reminders and replies' }).waitFor();
      const replies = page.getByRole('table', { name: 'Reminders and replies: answers, by how people were asked' });
      await expect(replies.getByRole('columnheader').allTextContents()).resolves.toEqual([
        'Asked by',
        'Asked',
        'Answered Yes',
        'Answered No',
        'No answer by the deadline',
        'Answered by the deadline (%)',
      ]);
      await expect(replies.getByRole('rowheader').allTextContents()).resolves.toEqual(['Text message', 'Email', 'Phone call from the hub', 'Total']);
      await page.getByRole('heading', { name: 'By activity' }).waitFor();
      await expect(page.getByLabel('One row in the spreadsheet for each').locator('option').allTextContents()).resolves.toEqual(['Month', 'Hub', 'Priority']);
      if (viewport.width !== phone.width) {
        await page.getByLabel('One row in the spreadsheet for each').selectOption({ label: 'Hub' });
        const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Download as a spreadsheet/ }).click()]);
        expect(download.suggestedFilename()).toBe('common-ground-demand-by-hub.csv');
        const chunks: Buffer[] = [];
        for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
        expect(Buffer.concat(chunks).toString('utf8').slice(1).split(/\r?\n/)[0]).toMatch(/^Hub,Sessions run,Places reserved,Attended,No-shows,No-shows \(%\),.*,Hidden to protect identities$/);
      }
      await expectNoAxeViolations(page);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

      await click(page.getByRole('link', { name: 'Funder summary for this period, on one page to print' }));
      await page.getByRole('heading', { name: 'Funder summary', level: 1 }).waitFor();
      for (const heading of ['Attendance', 'Referrals', 'Volunteering', 'Outcomes: wellbeing']) await page.getByRole('heading', { name: heading, level: 2 }).waitFor();
      await page.getByRole('button', { name: 'Print or save as PDF' }).waitFor();
      await page.getByText(/^Value of those hours, at £[\d.]+ an hour$/).waitFor();
      await expectNoAxeViolations(page);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      // on paper: the figures only, without the site's header or the button
      await page.emulateMedia({ media: 'print' });
      await expect(page.getByRole('button', { name: 'Print or save as PDF' }).isVisible()).resolves.toBe(false);
      await expect(page.locator('header.header').isVisible()).resolves.toBe(false);
      await expect(page.getByRole('heading', { name: 'Attendance', level: 2 }).isVisible()).resolves.toBe(true);
      await page.emulateMedia({ media: 'screen' });
      await click(page.getByRole('link', { name: 'Back to reports' }));
      await page.getByRole('heading', { name: 'Headline numbers' }).waitFor();
      expect(errors).toEqual([]);
    }
  });
});

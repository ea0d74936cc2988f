/**
 * The directory in headless Chromium against the real platform with the demo data, every journey from the
 * front door by clicks: a resident on a 320px phone filters (the address keeps the filters), opens an activity
 * (directions, accessibility, add to calendar); a partner adds an activity, first with mistakes (inline
 * errors), then correctly. axe-core scans every page and state.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoActivities } from '../../functions/local/seed/directory';
import { expectNoAxeViolations, horizontalOverflow, newContext } from '../helpers/browser';
import { arrive, closeSuite, type Journey, openSuite, phone, startJourney } from '../helpers/journey';
import { clickMenuLink } from '../helpers/menu';
import type { TestPlatform } from '../helpers/platform';

describe('the directory pages', { timeout: 90_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser, contexts }));

  /** From the front door (signed in as `as`, if given), click "Find activities" in the menu. */
  async function findActivities(opts: { phone?: boolean; as?: 'partner' | 'admin' } = {}): Promise<Journey> {
    const j = await startJourney(browser, platform, { as: opts.as ?? null, ...(opts.phone ? { viewport: phone } : {}) });
    contexts.push(j.context);
    await clickMenuLink(j, 'Find activities');
    await j.page.getByRole('heading', { level: 1, name: 'Find activities' }).waitFor();
    return j;
  }

  /** A partner, from the front door to the empty "Add an activity" form. */
  async function addActivity(): Promise<{ page: Page; errors: string[] }> {
    const j = await findActivities({ as: 'partner' });
    await j.click(j.page.getByRole('link', { name: 'Add an activity', exact: true }));
    await j.page.getByRole('heading', { level: 1, name: 'Add an activity' }).waitFor();
    return j;
  }

  /** A page opened from a link someone was sent (a shared search): its address arrives from outside. */
  async function openShared(path: string): Promise<{ page: Page; errors: string[] }> {
    const arrived = await arrive(browser, platform, path, { viewport: phone }); // arrives by email or message: a search someone shared
    contexts.push(arrived.context);
    return arrived;
  }

  it('lets a resident on a phone filter the directory, keeping the filters in a shareable address', async () => {
    const { page, errors } = await findActivities({ phone: true });
    await page.getByRole('link', { name: 'Anxiety Management Course' }).waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);

    await page.getByText('More filters').click();
    await page.getByLabel('Carers', { exact: true }).check({ force: true });
    await page.getByLabel('Free activities only').check({ force: true });
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Show activities' }).click();
    await page.waitForURL(/priority=carers/);
    expect(page.url()).toContain('free=true');
    const expected = demoActivities.filter((a) => a.priorities.includes('carers') && a.cost.kind === 'free').map((a) => a.title);
    await page.getByRole('link', { name: expected[0]! }).waitFor();
    const titles = await page.locator('.activity-title a').allTextContents();
    expect(titles.sort()).toEqual([...expected].sort());
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);

    // the same address in a new tab shows the same search, filters ticked
    const shared = await openShared(new URL(page.url()).pathname + new URL(page.url()).search);
    await shared.page.getByRole('link', { name: expected[0]! }).waitFor();
    expect(await shared.page.getByLabel('Free activities only').isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });

  /**
   * A page opened from outside (a shared link, a search engine) on a phone: its reads start from the small
   * script in the head (web/src/early.ts), before the app's code has arrived, and the page uses those answers.
   * The entry is held back here until the reads have been sent; had they waited for it, they never would be.
   */
  async function readsBeforeTheApp(path: string, firstReads: number): Promise<{ page: Page; reads: Map<string, number> }> {
    const context = await newContext(browser, { viewport: phone });
    contexts.push(context);
    const page = await context.newPage();
    const reads = new Map<string, number>();
    page.on('request', (r) => {
      const url = new URL(r.url());
      if (url.pathname.startsWith('/api/')) reads.set(url.pathname + url.search, (reads.get(url.pathname + url.search) ?? 0) + 1);
    });
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route(/\/main-[A-Z0-9]{8}\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    const opened = page.goto(platform.url + path); // arrives from outside: a link someone shared
    await expect.poll(() => reads.size, { timeout: 20_000 }).toBeGreaterThanOrEqual(firstReads);
    release();
    await opened;
    return { page, reads };
  }

  it('starts a shared search’s first read before the app’s code has arrived, and reads it once', async () => {
    const { page, reads } = await readsBeforeTheApp('/activities?priority=carers', 1);
    await page.getByRole('heading', { level: 1, name: 'Find activities' }).waitFor();
    await page.locator('main li.activity').first().waitFor();
    const searches = [...reads].filter(([url]) => url.startsWith('/api/activities?'));
    expect(searches).toEqual([[expect.stringContaining('priority=carers'), 1]]);
  });

  it('starts an activity page’s reads (the activity, its dates, the priorities, then its hub) before the app’s code, each once', async () => {
    const activity = demoActivities.find((a) => a.hubId && a.status === 'active')!;
    const { page, reads } = await readsBeforeTheApp(`/activities/${activity.id}`, 3);
    await page.getByRole('heading', { level: 1, name: activity.title }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Where' }).waitFor();
    await expect.poll(() => reads.get(`/api/hubs/${activity.hubId}`)).toBe(1);
    expect(reads.get(`/api/activities/${activity.id}`)).toBe(1);
    expect(reads.get(`/api/activity-sessions/${activity.id}`)).toBe(1);
    expect([...reads].filter(([url]) => url.startsWith('/api/priorities')).map(([, n]) => n)).toEqual([1]);
  });

  it('shows a problem naming the field when the dates are the wrong way round', async () => {
    const { page } = await findActivities();
    await page.getByText('More filters').click();
    await page.getByLabel('From date').fill('2026-06-10');
    await page.getByLabel('To date').fill('2026-06-01');
    await page.getByRole('button', { name: 'Show activities' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('To date');
    await expectNoAxeViolations(page);
  });

  it('shows an activity with directions, accessibility facts and an Add to calendar link', async () => {
    const memoryCafe = demoActivities.find((a) => a.title === 'Memory Café')!;
    const j = await findActivities({ phone: true });
    const { page, errors } = j;
    await j.click(page.getByRole('link', { name: 'Memory Café' }));
    await page.getByRole('heading', { name: 'Memory Café', level: 1 }).waitFor();
    await page.getByText('Getting there').waitFor();
    expect(await page.textContent('main')).toContain('Not step-free');
    const calendar = page.getByRole('link', { name: /Add every date to your calendar/ });
    expect(await calendar.getAttribute('href')).toBe(`/api/ical/activities/${memoryCafe.id}`);
    const ics = await page.request.get(`${platform.url}/api/ical/activities/${memoryCafe.id}`);
    expect(ics.status()).toBe(200);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
  });

  /** Search the directory by words and open the activity with this title. */
  async function openActivity(j: Journey, words: string, title: string): Promise<void> {
    await j.page.getByLabel('Search by words').fill(words);
    await j.click(j.page.getByRole('button', { name: 'Show activities' }));
    await j.click(j.page.getByRole('link', { name: title, exact: true }));
    await j.page.getByRole('heading', { level: 1, name: title }).waitFor();
  }

  it('lets anyone report a problem with a listing, and its people or an admin resolve it', async () => {
    const j = await findActivities({ phone: true });
    await openActivity(j, 'mindful', 'Mindful Walk in Riverside Park');
    await j.click(j.page.getByRole('link', { name: 'Report a problem with this listing' }));
    await j.page.getByRole('heading', { level: 1, name: 'Report a problem with a listing' }).waitFor();
    await j.click(j.page.getByRole('button', { name: 'Send the report' }));
    await j.page.getByRole('alert').waitFor();
    expect(await j.page.getByRole('alert').textContent()).toContain('Choose what is wrong');
    await expectNoAxeViolations(j.page);
    await j.page.getByLabel('The contact details are wrong').check({ force: true });
    await j.page.getByLabel('Tell us more (optional)').fill('The meeting point moved to the cafe.');
    await j.click(j.page.getByRole('button', { name: 'Send the report' }));
    await j.page.getByText('Thank you. We have told the people who run').waitFor();
    expect(await horizontalOverflow(j.page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(j.page);
    expect(j.errors).toEqual([]);

    const admin = await startJourney(browser, platform, { as: 'admin' });
    contexts.push(admin.context);
    await clickMenuLink(admin, 'Problem reports');
    await admin.page.getByRole('heading', { level: 1, name: 'Problem reports' }).waitFor();
    await admin.page.getByText('“The meeting point moved to the cafe.”').waitFor();
    await expectNoAxeViolations(admin.page);
    await admin.click(admin.page.getByRole('button', { name: 'Mark resolved for Mindful Walk in Riverside Park' }));
    await admin.page.getByText('You marked the problem with “Mindful Walk in Riverside Park” resolved.').waitFor();
    const resolved = await platform.op('listProblemReports', { token: await platform.tokenFor('admin@example.org'), query: { status: 'resolved' } });
    expect(resolved.body.items.map((r) => r.note)).toContain('The meeting point moved to the cafe.');
    expect(admin.errors).toEqual([]);
  });

  it('lets a partner claim a listing ("Is this yours?") and an admin approve it', async () => {
    const j = await findActivities({ as: 'partner' });
    await openActivity(j, 'football', 'Walking Football');
    await j.click(j.page.getByRole('link', { name: 'Is this yours? Claim this listing' }));
    await j.page.getByRole('heading', { level: 1, name: 'Is this yours?' }).waitFor();
    await j.page.getByLabel('Age Well Westfield').check({ force: true });
    await expectNoAxeViolations(j.page);
    await j.click(j.page.getByRole('button', { name: 'Claim this listing' }));
    await j.page.getByText('The partnership’s admins will check your claim').waitFor();
    expect(j.errors).toEqual([]);

    const admin = await startJourney(browser, platform, { as: 'admin', viewport: phone });
    contexts.push(admin.context);
    await clickMenuLink(admin, 'Claims');
    await admin.page.getByRole('heading', { level: 1, name: 'Claims on listings' }).waitFor();
    await expectNoAxeViolations(admin.page);
    await admin.click(admin.page.getByRole('button', { name: 'Approve the claim for Walking Football' }));
    await admin.page.getByText('“Walking Football” is now Age Well Westfield’s.').waitFor();
    const found = await platform.call('GET', '/api/activities?q=walking%20football');
    expect(found.body.items.find((a: { title: string }) => a.title === 'Walking Football').organisationName).toBe('Age Well Westfield');
    expect(admin.errors).toEqual([]);
  });

  it('lets a partner add an activity, showing each mistake beside its field first', async () => {
    const { page, errors } = await addActivity();
    await page.getByLabel('Name of the activity').waitFor();
    await page.getByRole('button', { name: 'Add activity' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('Enter the activity’s name');
    expect(await page.locator('#title-error').textContent()).toContain('Enter the activity’s name');
    expect(await page.locator('#priorities-error').textContent()).toContain('Choose at least one');
    await expectNoAxeViolations(page);

    await page.getByLabel('Name of the activity').fill('Knit and Natter');
    await page.getByLabel('What happens').fill('Bring your knitting or learn from scratch. Wool and needles provided.');
    await page.getByLabel('Organisation that runs it').selectOption({ label: 'Age Well Westfield' });
    await page.getByLabel('Hub where it happens').selectOption({ label: 'Riverside Library' });
    await page.getByLabel('Loneliness', { exact: true }).check({ force: true });
    await page.getByLabel('Youngest age (optional)').fill('40');
    await page.getByLabel('Oldest age (optional)').fill('30');
    await page.getByRole('button', { name: 'Add activity' }).click();
    await page.locator('#audience-ageMax-error').waitFor();
    await page.getByLabel('Oldest age (optional)').fill('');
    await page.getByRole('button', { name: 'Add activity' }).click();

    await page.getByRole('heading', { name: 'Knit and Natter', level: 1 }).waitFor();
    expect(await page.textContent('main')).toContain('Activity added');
    await expectNoAxeViolations(page);
    const found = await platform.call('GET', '/api/activities?q=knit');
    expect(found.body.items.map((a: { title: string }) => a.title)).toContain('Knit and Natter');
    expect(errors).toEqual([]);
  });

  it('lets a partner put an activity at another venue, with an error summary that links to the address field', async () => {
    const { page, errors } = await addActivity();
    await page.getByLabel('Name of the activity').fill('Park Run Walkers');
    await page.getByLabel('What happens').fill('A gentle walk round the park, at everyone’s pace.');
    await page.getByLabel('Organisation that runs it').selectOption({ label: 'Age Well Westfield' });
    await page.getByLabel('Loneliness', { exact: true }).check({ force: true });
    await page.getByRole('group', { name: 'Where it happens' }).getByLabel('Somewhere else').check({ force: true });
    const venue = page.getByRole('group', { name: 'The other venue' });
    await venue.getByLabel('Name of the place').fill('Alexandra Park bandstand');
    await venue.getByLabel('Address line 1').fill('Kings Road');
    await venue.getByLabel('Town').fill('Oldham');
    await venue.getByLabel('Postcode').fill('not a postcode');
    await page.getByRole('button', { name: 'Add activity' }).click();

    const summary = page.getByRole('alert');
    await summary.waitFor();
    const link = summary.getByRole('link', { name: /postcode/i });
    expect(await link.getAttribute('href')).toBe('#venue-address-postcode');
    expect(await page.locator('#venue-address-postcode-error').textContent()).toContain('Enter a full postcode');
    await expectNoAxeViolations(page);
    await link.click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('venue-address-postcode');

    await venue.getByLabel('Postcode').fill('OL8 4AA');
    await venue.getByLabel('How to find it (optional)').fill('Meet at the bandstand.');
    await page.getByRole('button', { name: 'Add activity' }).click();
    await page.getByRole('heading', { name: 'Park Run Walkers', level: 1 }).waitFor();
    await expectNoAxeViolations(page);
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const saved = await platform.call('GET', `/api/activities/${id}`);
    expect(saved.body.hubId).toBeUndefined();
    expect(saved.body.venue).toMatchObject({ name: 'Alexandra Park bandstand', address: { line1: 'Kings Road', town: 'Oldham', postcode: 'OL8 4AA' }, directions: 'Meet at the bandstand.' });

    // the edit form, from the activity's page, opens on the venue choice with the address filled in
    await page.getByRole('link', { name: 'Edit this activity' }).click();
    await page.getByLabel('Name of the activity').waitFor();
    expect(await page.getByLabel('Somewhere else').isChecked()).toBe(true);
    expect(await page.getByLabel('Postcode').inputValue()).toBe('OL8 4AA');
    await expectNoAxeViolations(page);
    expect(errors).toEqual([]);
  });
});

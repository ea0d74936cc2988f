/**
 * The web app's shell in headless Chromium against the real platform (API + built web app, demo data), from
 * the front door by clicks: the home page, the sign-in page, each demo person signing in and seeing their
 * name and their menu, an axe-core scan of every page, and no sideways scrolling on a 320px-wide phone.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, horizontalOverflow, seriousErrors } from '../helpers/browser';
import { arrive, closeSuite, openSuite, phone, settled, startJourney } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';

/** The header links each role should see (besides "Find activities", which everyone sees). */
const menuByRole: Record<string, string[]> = {
  resident: ['My bookings', 'Ask for support'],
  volunteer: ['Volunteering'],
  coordinator: ['Hubs', 'Volunteers', 'Reports', 'Room bookings', 'Registers'],
  partner: ['Your organisation', 'Volunteers', 'Room bookings', 'Registers'],
  linkworker: ['Referrals'],
  admin: ['Hubs', 'Reports'],
};
const allRoleLinks = [...new Set(Object.values(menuByRole).flat())];

/** The demo people and the button on the sign-in page for each. */
const demoPeople = [
  { email: 'resident@example.org', button: 'Sign in as a resident' },
  { email: 'volunteer@example.org', button: 'Sign in as a volunteer' },
  { email: 'coordinator@example.org', button: 'Sign in as a hub coordinator' },
  { email: 'partner@example.org', button: 'Sign in as a partner organisation' },
  { email: 'linkworker@example.org', button: 'Sign in as a link worker' },
  { email: 'admin@example.org', button: 'Sign in as a partnership admin' },
];

describe('the web app shell', { timeout: 60_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser, contexts }));

  /** The front door, signed out; `'/sign-in'` clicks "Sign in" from there. */
  async function open(path: '/' | '/sign-in', viewport = { width: 1280, height: 900 }): Promise<{ page: Page; errors: string[] }> {
    const j = await startJourney(browser, platform, { as: null, viewport });
    contexts.push(j.context);
    if (path === '/sign-in') {
      await j.click(j.page.getByRole('banner').getByRole('link', { name: 'Sign in' }));
      await j.page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    }
    return j;
  }

  /** Wait until the upcoming activities have loaded (or said why not). */
  async function upcomingSettled(page: Page) {
    await page.getByRole('heading', { name: 'Upcoming activities' }).waitFor();
    await expect.poll(() => page.getByText('Loading upcoming activities…').count(), { timeout: 10_000 }).toBe(0);
  }

  it('shows the home page: accessible, with the service name, a skip link and upcoming activities', async () => {
    const { page, errors } = await open('/');
    await expect.poll(() => page.title()).toBe('Find things to do near you – Common Ground');
    expect(await page.getAttribute('html', 'lang')).toBe('en-GB');
    await expect.poll(() => page.getByRole('banner').getByRole('link', { name: 'Common Ground' }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole('banner').getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
    await upcomingSettled(page);

    // the skip link is the first thing a keyboard reaches, and takes focus to the main content
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('main');

    await expectNoAxeViolations(page);
    expect(seriousErrors(errors)).toEqual([]);
  });

  it('fits a 320px-wide phone screen without sideways scrolling', async () => {
    for (const path of ['/', '/sign-in'] as const) {
      const { page } = await open(path, phone);
      if (path === '/') await upcomingSettled(page);
      expect(await horizontalOverflow(page), `sideways scroll on ${path}`).toBe(0);
      await expectNoAxeViolations(page);
    }
  });

  it('shows an accessible sign-in page that explains itself and reports problems in an error summary', async () => {
    const { page, errors } = await open('/sign-in');
    await expect.poll(() => page.title()).toBe('Sign in – Common Ground');
    for (const person of demoPeople) {
      await expect.poll(() => page.getByRole('button', { name: person.button }).isVisible()).toBe(true);
    }
    await expectNoAxeViolations(page);

    // sending the form empty: an error summary takes focus and links to the field
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('Enter your email address');
    await expect.poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(true);
    await expect.poll(() => page.title()).toBe('Error: Sign in – Common Ground');
    await summary.getByRole('link', { name: 'Enter your email address' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('email');
    await expectNoAxeViolations(page);
    expect(seriousErrors(errors)).toEqual([]);
  });

  for (const person of demoPeople) {
    it(`signs in as ${person.email}, shows their name and their menu, and signs out`, async () => {
      const token = await platform.tokenFor(person.email);
      const me = await platform.call('GET', '/api/me', { token });
      expect(me.status).toBe(200);
      const name: string = me.body.name;
      const roles: string[] = me.body.roles;
      expect(name.trim()).not.toBe('');

      const { page, errors } = await open('/sign-in');
      await page.getByRole('button', { name: person.button }).click();
      await page.waitForURL(`${platform.url}/`);

      const header = page.getByRole('banner');
      await expect.poll(() => header.getByTestId('signed-in-name').textContent()).toBe(name);
      await expect
        .poll(() =>
          page
            .getByRole('status')
            .filter({ hasText: `You are signed in as ${name}.` })
            .count(),
        )
        .toBe(1);

      const menu = page.getByRole('navigation', { name: 'Menu' });
      const expected = new Set(['Find activities', ...roles.flatMap((r) => menuByRole[r] ?? [])]);
      for (const label of expected) {
        expect(await menu.getByRole('link', { name: label, exact: true }).count(), `${person.email} should see "${label}"`).toBe(1);
      }
      for (const label of allRoleLinks.filter((l) => !expected.has(l))) {
        expect(await menu.getByRole('link', { name: label, exact: true }).count(), `${person.email} should not see "${label}"`).toBe(0);
      }
      // residents, volunteers and link workers land on the front door; staff on their own home page
      if (roles.some((r) => ['admin', 'coordinator', 'partner'].includes(r))) await settled(page);
      else await upcomingSettled(page);
      await expectNoAxeViolations(page);

      // still signed in after a reload
      await page.reload();
      await expect.poll(() => header.getByTestId('signed-in-name').textContent()).toBe(name);

      await header.getByRole('button', { name: 'Sign out' }).click();
      await expect.poll(() => header.getByRole('link', { name: 'Sign in' }).isVisible()).toBe(true);
      expect(await header.getByTestId('signed-in-name').count()).toBe(0);
      expect(await page.evaluate(() => localStorage.length)).toBe(0);
      expect(seriousErrors(errors)).toEqual([]);
    });
  }

  it('says so, accessibly, when a page does not exist', async () => {
    // arrives from outside: a mistyped or out-of-date address (the not-found page's `arrives` in routes.tsx)
    const { context, page, errors } = await arrive(browser, platform, '/no-such-page');
    contexts.push(context);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Page not found');
    await expectNoAxeViolations(page);
    expect(seriousErrors(errors)).toEqual([]);
  });
});

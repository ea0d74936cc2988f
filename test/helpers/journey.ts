/**
 * Journeys as people make them: open the home page, sign in by clicking, then click links and buttons found
 * by their visible names. Every browser test starts here instead of typing an inner page's address; the only
 * `page.goto` to an inner page allowed is for a link that arrives by email or from a code, marked as such.
 *
 *   const j = await startJourney(browser, platform, { as: 'resident' });
 *   await j.click(j.page.getByRole('link', { name: 'Find activities' }));
 *   ...
 *   expect(j.clicks).toBeLessThanOrEqual(4);
 */
import type { Browser, BrowserContext, Locator, Page, ViewportSize } from 'playwright-core';
import { collectPageErrors, newContext } from './browser';
import type { TestPlatform } from './platform';

/** The demo people, by the words on the sign-in page's buttons ("Sign in as a resident"). */
export const demoSignIns = {
  resident: { button: 'Sign in as a resident', email: 'resident@example.org', name: 'Rosa Bennett' },
  volunteer: { button: 'Sign in as a volunteer', email: 'volunteer@example.org', name: 'Vikram Shah' },
  coordinator: { button: 'Sign in as a hub coordinator', email: 'coordinator@example.org', name: 'Carys Hughes' },
  partner: { button: 'Sign in as a partner organisation', email: 'partner@example.org', name: 'Pete Okafor' },
  linkworker: { button: 'Sign in as a link worker', email: 'linkworker@example.org', name: 'Lena Kowalski' },
  admin: { button: 'Sign in as a partnership admin', email: 'admin@example.org', name: 'Amir Haddad' },
} as const;

export type DemoPerson = keyof typeof demoSignIns;

export const phone: ViewportSize = { width: 320, height: 640 };
export const desktop: ViewportSize = { width: 1280, height: 900 };

export interface Journey {
  context: BrowserContext;
  page: Page;
  /** uncaught errors, console errors and failed requests seen so far */
  errors: string[];
  /** clicks made through `click` since sign-in finished (sign-in itself is not counted) */
  readonly clicks: number;
  /** click something and count it */
  click: (target: Locator) => Promise<void>;
  /** the signed-in person's bearer token, to check outcomes through the API */
  token: string | undefined;
}

/**
 * A fresh browser context at the home page, signed in as a demo person by clicking "Sign in" and their
 * button (or left signed out with `as: null`).
 */
export async function startJourney(
  browser: Browser,
  platform: TestPlatform,
  options: { as: DemoPerson | null; viewport?: ViewportSize; email?: string },
): Promise<Journey> {
  const context = await newContext(browser, { viewport: options.viewport ?? desktop });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  trackRequests(page);
  await page.goto(`${platform.url}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  let clicks = 0;
  const journey: Journey = {
    context,
    page,
    errors,
    get clicks() {
      return clicks;
    },
    click: async (target) => {
      await target.click();
      clicks++;
    },
    token: undefined,
  };
  if (options.as || options.email) {
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    if (options.email) {
      await page.getByLabel('Email address').fill(options.email);
      await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    } else {
      await page.getByRole('button', { name: demoSignIns[options.as!].button }).click();
    }
    await page.getByText(/You are signed in as/).waitFor();
    journey.token = (await page.evaluate(() => localStorage.getItem('commonground.token'))) ?? undefined;
  }
  return journey;
}

const inFlight = new WeakMap<Page, { count: number; lastChange: number }>();

/** Counts the page's requests still open, so `settled` can wait for a page's data as well as its heading. */
function trackRequests(page: Page): void {
  const state = { count: 0, lastChange: Date.now() };
  inFlight.set(page, state);
  const change = (by: number) => () => {
    state.count += by;
    state.lastChange = Date.now();
  };
  page.on('request', change(1));
  page.on('requestfinished', change(-1));
  page.on('requestfailed', change(-1));
}

/**
 * Waits until the page has its heading, nothing on it says it is still loading, and (for pages opened through
 * `startJourney`) no request has been open for a quarter of a second: a page that renders its heading before
 * its data is not judged by its half-drawn self.
 */
export async function settled(page: Page, timeoutMs = 15_000): Promise<void> {
  await page.getByRole('heading', { level: 1 }).first().waitFor();
  const deadline = Date.now() + timeoutMs;
  const requests = inFlight.get(page);
  while (Date.now() < deadline) {
    const quiet = !requests || (requests.count <= 0 && Date.now() - requests.lastChange >= 250);
    if (quiet && !(await page.locator('main .loading').count())) return;
    await page.waitForTimeout(50);
  }
}

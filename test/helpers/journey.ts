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
import { collectPageErrors, launchBrowser, newContext } from './browser';
import { startPlatform, type TestPlatform } from './platform';

/**
 * A browser-test file's world: the platform (seeded, as `npm start` leaves it, unless `start` makes another)
 * and Chromium, started together.
 *
 *   beforeAll(async () => ({ platform, browser } = await openSuite()), 900_000);
 *   afterAll(() => closeSuite({ platform, browser, contexts }));
 */
export async function openSuite(start: () => Promise<TestPlatform> = () => startPlatform({ seed: true })): Promise<{ platform: TestPlatform; browser: Browser }> {
  const [platform, browser] = await Promise.all([start(), launchBrowser()]);
  return { platform, browser };
}

/** Closes what a browser-test file opened: its browser contexts (a journey's too), Chromium, then the platform. */
export async function closeSuite(s: { platform?: TestPlatform | undefined; browser?: Browser | undefined; contexts?: (BrowserContext | { context: BrowserContext } | undefined)[] }): Promise<void> {
  await Promise.all((s.contexts ?? []).map((c) => (c && 'context' in c ? c.context : c)?.close().catch(() => undefined)));
  await s.browser?.close();
  await s.platform?.stop();
}

/**
 * A page opened at an address that arrives from outside the site (a link in an email or a message, a shared
 * search, a QR code): the caller says which. Signed in as `email` (through the real dev sign-in) if given.
 */
export async function arrive(
  browser: Browser,
  platform: TestPlatform,
  path: string,
  options: { email?: string; viewport?: ViewportSize } = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await newContext(browser, { viewport: options.viewport ?? desktop });
  if (options.email) {
    const token = await platform.tokenFor(options.email);
    await context.addInitScript((t) => localStorage.setItem('commonground.token', t), token);
  }
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  trackRequests(page);
  await page.goto(platform.url + path);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { context, page, errors };
}

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
export async function startJourney(browser: Browser, platform: TestPlatform, options: { as: DemoPerson | null; viewport?: ViewportSize; email?: string }): Promise<Journey> {
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

/** Choose an option of a drop-down list as a person does: a click on the list (counted), then the option. */
export async function choose(j: Journey, select: Locator, value: string): Promise<void> {
  await j.click(select);
  await select.selectOption(value);
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

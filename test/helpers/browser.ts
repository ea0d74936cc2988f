/**
 * Headless Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core,
 * with axe-core for accessibility scans.
 */
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}

/**
 * A fresh browser context (its own storage, so no sign-in leaks between tests), British English,
 * UK time, a desktop-sized window unless told otherwise.
 */
export function newContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  return browser.newContext({
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    viewport: { width: 1280, height: 900 },
    ...options,
  });
}

/** The WCAG 2.2 AA rules (and the 2.0/2.1 A and AA rules beneath them). */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Scan the page as it is now with axe-core; throw listing every violation and where it is. */
export async function expectNoAxeViolations(page: Page, options: { exclude?: string[] } = {}): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(wcagTags);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  const { violations } = await builder.analyze();
  if (violations.length === 0) return;
  const lines = violations.map((v) => {
    const where = v.nodes
      .slice(0, 5)
      .map((n) => `    at ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
      .join('\n');
    return `- ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n    ${v.helpUrl}\n${where}`;
  });
  throw new Error(`axe found ${violations.length} accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`);
}

/** How far the page scrolls sideways, in CSS pixels (0 means no horizontal scrolling). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Errors that mean the app is broken: uncaught exceptions, CSP violations, failed loads of the app's own files (not an API's refusal). */
export const seriousErrors = (errors: string[]) => errors.filter((e) => !/^console: Failed to load resource: the server responded with a status of/.test(e));

/**
 * Collects uncaught errors, console errors (including Content-Security-Policy violations) and failed
 * requests from a page, so a test can assert that none happened.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('requestfailed', (req) => {
    const failure = req.failure()?.errorText ?? 'failed';
    if (!/ERR_ABORTED/.test(failure)) errors.push(`request: ${req.method()} ${req.url()} ${failure}`);
  });
  return errors;
}

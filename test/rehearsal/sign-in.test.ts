import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoUsers, seedUsers } from '../../functions/local/seed/users';
import type { Rehearsal } from '../../infra/rehearsal/rehearsal';
import { collectPageErrors, expectNoAxeViolations, launchBrowser, newContext } from '../helpers/browser';
import { desktop, phone } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';
import { startRehearsalPlatform } from '../helpers/rehearsal-platform';

/**
 * Signing in to the deployed web app, by clicks from the home page: the config.json the deployment publishes
 * sends the person to Cognito's hosted sign-in page (here the rehearsal's stand-in), the app exchanges the code
 * with PKCE at /auth/callback, and the person is signed in; signing up there runs the post-confirmation trigger.
 * (Before the deployment published config.json, the deployed app offered the local demo sign-in, which the
 * deployed API does not have: nobody could sign in.)
 */
let p: TestPlatform & { rehearsal: Rehearsal };
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [p, browser] = await Promise.all([startRehearsalPlatform(), launchBrowser()]);
  await seedUsers(p.deps);
}, 900_000);
afterAll(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await p?.stop();
});

async function home(viewport = desktop): Promise<{ page: Page; errors: string[] }> {
  const context = await newContext(browser, { viewport });
  contexts.push(context);
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${p.url}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return { page, errors };
}

const tokenIn = (page: Page) => page.evaluate(() => localStorage.getItem('commonground.token'));

describe('signing in on the deployed web app', { timeout: 120_000 }, () => {
  it('goes from the home page to the hosted sign-in page and back, signed in, and signs out through Cognito', async () => {
    const rosa = demoUsers.find((u) => u.email === 'resident@example.org')!;
    const { page, errors } = await home();
    await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await expectNoAxeViolations(page);
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    // Cognito's page (the rehearsal's stand-in)
    await page.getByRole('button', { name: `Sign in as ${rosa.email}` }).click();
    await expect.poll(() => page.getByTestId('signed-in-name').textContent()).toBe(rosa.name);
    await page.getByText(`You are signed in as ${rosa.name}.`).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expectNoAxeViolations(page);
    const me = await p.call('GET', '/api/me', { token: (await tokenIn(page))! });
    expect(me.body).toMatchObject({ userId: rosa.userId, roles: ['resident'] });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${p.url}/`);
    await page.getByRole('link', { name: 'Sign in', exact: true }).first().waitFor();
    expect(await tokenIn(page)).toBeNull();
    expect(errors.filter((e) => !/status of 40[13]/.test(e))).toEqual([]);
  });

  it('signs up a new person there: the trigger makes their profile, and they come back signed in as a resident', async () => {
    const { page } = await home(phone);
    await page.getByRole('link', { name: 'Sign in', exact: true }).first().click();
    await page.getByRole('button', { name: 'Continue to sign in' }).click();
    await page.getByLabel('Email address').fill('nia.patel@example.org');
    await page.getByLabel('Name').fill('Nia Patel');
    await page.getByRole('button', { name: 'Sign up' }).click();
    await expect.poll(() => page.getByTestId('signed-in-name').textContent()).toBe('Nia Patel');
    await expectNoAxeViolations(page);
    const signUp = p.rehearsal.userPool.triggerInvocations.at(-1)!;
    expect(signUp).toMatchObject({ triggerSource: 'PostConfirmation_ConfirmSignUp', ok: true });
    const me = await p.call('GET', '/api/me', { token: (await tokenIn(page))! });
    expect(me.body).toMatchObject({ userId: signUp.userName, name: 'Nia Patel', email: 'nia.patel@example.org', roles: ['resident'] });
  });

  it('refuses a sign-in that comes back without the state it left with, and says what to do', async () => {
    const { page } = await home();
    // from a code: a stale or forged callback link, as one might arrive
    await page.goto(`${p.url}/auth/callback?code=not-a-real-code&state=forged`);
    await page.getByRole('heading', { name: 'You are not signed in' }).waitFor();
    await page.getByRole('link', { name: 'Sign in again' }).waitFor();
    await expectNoAxeViolations(page);
    expect(await tokenIn(page)).toBeNull();
  });
});

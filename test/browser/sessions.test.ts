import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { collectPageErrors, expectNoAxeViolations, horizontalOverflow, launchBrowser, newContext } from '../helpers/browser';
import type { TestPlatform } from '../helpers/platform';
import { newSession, people, reserve, startSessionsPlatform, steadySteps } from '../helpers/sessions';

/** A resident on a phone: sees places left, books with one tap, finds it in My bookings and cancels it. */
let p: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  [p, browser] = await Promise.all([startSessionsPlatform(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await p?.stop();
});

it('books a place from the session list and cancels it in My bookings (320 px wide, no axe violations)', async () => {
  const coordinator = await p.tokenFor('coordinator@example.org');
  const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 2 });
  const [other] = await people(p, 1);
  await reserve(p, other!.token, sessionId, 'x');
  const token = await p.tokenFor('resident@example.org');
  const context = await newContext(browser, { viewport: { width: 320, height: 720 } });
  await context.addInitScript((t) => localStorage.setItem('commonground.token', t), token);
  const page = await context.newPage();
  const errors = collectPageErrors(page);

  await page.goto(`${p.url}/activities/${steadySteps().id}/sessions`);
  await page.getByText('1 place left of 2').waitFor();
  await expectNoAxeViolations(page);
  expect(await horizontalOverflow(page)).toBe(0);
  await page.getByRole('button', { name: /Book a place/ }).first().click();
  await page.getByText('You are booked').waitFor();
  await expectNoAxeViolations(page);

  await page.goto(`${p.url}/my-bookings`);
  await page.getByRole('heading', { name: steadySteps().title }).waitFor();
  await expectNoAxeViolations(page);
  expect(await horizontalOverflow(page)).toBe(0);
  await page.getByRole('button', { name: /Cancel Steady Steps/ }).click();
  await page.getByText(/is cancelled/).waitFor();

  await page.goto(`${p.url}/dev/mailbox`);
  await page.getByRole('heading', { name: /Booked: Steady Steps/ }).first().waitFor({ timeout: 15_000 }).catch(async () => {
    await page.reload();
    await page.getByRole('heading', { name: /Booked: Steady Steps/ }).first().waitFor();
  });
  await expectNoAxeViolations(page);
  expect(errors).toEqual([]);
  await context.close();
}, 300_000);

// the coordinators' scheduler (previews, changes, who is booked) is a journey from the home page: test/browser/scheduling.test.ts

/**
 * A resident on a phone finds their check-in pass in My bookings and records access needs they share with
 * the hub; the hub's coordinator goes from the day's sessions to that register and sees them. axe on each page.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { londonDate, addDays } from '../../functions/sessions/rules';
import { collectPageErrors, expectNoAxeViolations, horizontalOverflow, launchBrowser, newContext } from '../helpers/browser';
import type { TestPlatform } from '../helpers/platform';
import { newSession, reserve, startSessionsPlatform, steadySteps } from '../helpers/sessions';

let p: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  [p, browser] = await Promise.all([startSessionsPlatform(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await p?.stop();
});

it('shows the check-in pass on My bookings, and shared access needs reach the coordinator’s register', async () => {
  const coordinator = await p.tokenFor('coordinator@example.org');
  const sessionId = await newSession(p, coordinator, steadySteps().id, { inDays: 2, startTime: '11:00' });
  const resident = await p.tokenFor('resident@example.org');
  expect((await reserve(p, resident, sessionId, 'pass-1')).body.status).toBe('confirmed');
  const mine = await p.call('GET', '/api/my-reservations', { token: resident });
  const booking = (mine.body.items as { id: string; sessionId: string; checkInCode: string }[]).find((r) => r.sessionId === sessionId)!;

  const context = await newContext(browser, { viewport: { width: 320, height: 720 } });
  await context.addInitScript((t) => localStorage.setItem('commonground.token', t), resident);
  const page = await context.newPage();
  const errors = collectPageErrors(page);

  await page.goto(`${p.url}/my-bookings`);
  const show = page.getByRole('button', { name: /Show my check-in pass for Steady Steps/ }).first();
  await show.waitFor();
  await show.click();
  await page.getByRole('img', { name: /QR code for check-in at Steady Steps/ }).waitFor();
  await expect(page.getByText(`(${booking.checkInCode})`).count()).resolves.toBeGreaterThan(0);
  await expectNoAxeViolations(page);
  expect(await horizontalOverflow(page)).toBe(0);

  // the link in the confirmation message opens this one pass
  await page.goto(`${p.url}/bookings/check-in-codes?booking=${encodeURIComponent(booking.id)}`);
  await page.getByRole('img', { name: /QR code for check-in at Steady Steps/ }).waitFor();
  await expect(page.getByRole('img', { name: /QR code for check-in/ }).count()).resolves.toBe(1);
  await expectNoAxeViolations(page);

  await page.goto(`${p.url}/my-bookings`);
  await page.getByRole('link', { name: /access needs/ }).click();
  await page.locator('label', { hasText: 'Wheelchair user' }).click();
  await page.getByLabel(/Anything else/).fill('Needs a seat near the door');
  await page.locator('label', { hasText: 'Share my access needs' }).click();
  await expect(page.getByLabel(/Share my access needs/).isChecked()).resolves.toBe(true);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText(/You agreed to share them on/).waitFor();
  await expectNoAxeViolations(page);
  expect(await horizontalOverflow(page)).toBe(0);
  expect(errors).toEqual([]);
  await context.close();

  const staff = await newContext(browser, { viewport: { width: 320, height: 720 } });
  await staff.addInitScript((t) => localStorage.setItem('commonground.token', t), coordinator);
  const coord = await staff.newPage();
  const day = addDays(londonDate(p.deps.clock.now()), 2);
  await coord.goto(`${p.url}/registers?date=${day}`);
  await coord.getByRole('link', { name: /Take the register for Steady Steps.* at 11:00/ }).click();
  await coord.getByText(/Access needs: Wheelchair user\. Needs a seat near the door/).waitFor();
  await expectNoAxeViolations(coord);
  await staff.close();
}, 300_000);

/**
 * A resident on a phone finds their check-in pass in My bookings and records access needs they share with
 * the hub; the hub's coordinator goes from the day's sessions to that register and sees them. Both start at
 * the front door and click; axe on each page, at 320px and desktop.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addDays, londonDate } from '../../functions/sessions/rules';
import { formatDay, formatWhen } from '../../web/src/format';
import { expectAccessible } from '../helpers/accessible';
import { closeSuite, openSuite, phone, startJourney } from '../helpers/journey';
import { clickMenuLink } from '../helpers/menu';
import type { TestPlatform } from '../helpers/platform';
import { newSession, reserve, startSessionsPlatform, steadySteps } from '../helpers/sessions';

let p: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  ({ platform: p, browser } = await openSuite(startSessionsPlatform));
});
afterAll(() => closeSuite({ platform: p, browser }));

it('shows the check-in pass on My bookings, and shared access needs reach the coordinator’s register', async () => {
  const coordinator = await p.tokenFor('coordinator@example.org');
  const sessionId = await newSession(p, coordinator, steadySteps().id, { inDays: 2, startTime: '11:00' });
  const resident = await p.tokenFor('resident@example.org');
  expect((await reserve(p, resident, sessionId, 'pass-1')).body.status).toBe('confirmed');
  const mine = await p.call('GET', '/api/my-reservations', { token: resident });
  const booking = (mine.body.items as { id: string; sessionId: string; checkInCode: string; startsAt: string; endsAt: string }[]).find((r) => r.sessionId === sessionId)!;
  const when = formatWhen(booking.startsAt, booking.endsAt);

  const j = await startJourney(browser, p, { as: 'resident', viewport: phone });
  const page = j.page;
  try {
    await clickMenuLink(j, 'My bookings');
    const show = page.getByRole('button', { name: `Show my check-in pass for ${steadySteps().title}, ${when}` });
    await j.click(show);
    await page.getByRole('img', { name: /QR code for check-in at Steady Steps/ }).waitFor();
    await expect(page.getByText(`(${booking.checkInCode})`).count()).resolves.toBeGreaterThan(0);
    await expectAccessible(page, 'my bookings with a pass shown');

    await j.click(page.getByRole('link', { name: 'All your check-in codes on one page' }));
    await page.getByRole('heading', { level: 1, name: 'Your check-in codes' }).waitFor();
    await page
      .getByRole('img', { name: /QR code for check-in at Steady Steps/ })
      .first()
      .waitFor();
    await expectAccessible(page, 'check-in codes');

    // arrives by email: the booking confirmation links to this one pass
    await page.goto(`${p.url}/bookings/check-in-codes?booking=${encodeURIComponent(booking.id)}`);
    await page.getByRole('img', { name: /QR code for check-in at Steady Steps/ }).waitFor();
    await expect(page.getByRole('img', { name: /QR code for check-in/ }).count()).resolves.toBe(1);
    await expectAccessible(page, 'one check-in pass');

    await j.click(page.getByRole('link', { name: 'See all your bookings' }));
    await j.click(page.getByRole('link', { name: /access needs/ }));
    await page.locator('label', { hasText: 'Wheelchair user' }).click();
    await page.getByLabel(/Anything else/).fill('Needs a seat near the door');
    await page.locator('label', { hasText: 'Share my access needs' }).click();
    await expect(page.getByLabel(/Share my access needs/).isChecked()).resolves.toBe(true);
    await j.click(page.getByRole('button', { name: 'Save' }));
    await page.getByText(/You agreed to share them on/).waitFor();
    await expectAccessible(page, 'access needs');
    expect((await p.call('GET', '/api/me/access-needs', { token: j.token })).body).toMatchObject({ needs: ['wheelchair-user'], notes: 'Needs a seat near the door', shareWithHub: true });
    expect(j.errors).toEqual([]);
  } finally {
    await j.context.close();
  }

  const staff = await startJourney(browser, p, { as: 'coordinator', viewport: phone });
  try {
    const coord = staff.page;
    await clickMenuLink(staff, 'Registers');
    for (const days of [1, 2]) {
      await staff.click(coord.getByRole('link', { name: 'Next day' }));
      await coord.locator('p.lead', { hasText: formatDay(addDays(londonDate(new Date()), days)) }).waitFor();
    }
    await staff.click(coord.getByRole('link', { name: /Take the register for Steady Steps.* at 11:00/ }));
    await coord.getByText(/Access needs: Wheelchair user\. Needs a seat near the door/).waitFor();
    await expectAccessible(coord, 'register');
  } finally {
    await staff.context.close();
  }
}, 300_000);

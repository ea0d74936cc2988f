/**
 * A coordinator keeps the hub's diary by clicks from the home page (issue 18, point 2): a closed day added on
 * the hub's "Opening hours and closed days" page (the date as day, month and year, with the reason people are
 * told) and a day's hours changed; then a session on that closed day, which the scheduler says is outside the
 * hub's hours and goes ahead only with the coordinator's reason, recorded. Checked on screen and through the
 * API; axe at desktop and at 320 px.
 */
import type { Browser, Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatDay } from '../../functions/lib/london';
import { demoIds } from '../../functions/local/seed/ids';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { addDays, comingMonday } from '../helpers/dates';
import { closeSuite, type Journey, openSuite, phone, settled, startJourney } from '../helpers/journey';
import { clickMenuLink } from '../helpers/menu';
import type { TestPlatform } from '../helpers/platform';
import { activityByTitle } from '../helpers/sessions';

const hubName = 'Oak Road Community Centre';

async function typeDate(group: Locator, date: string) {
  const [year, month, day] = date.split('-');
  await group.getByLabel('Day').fill(String(Number(day)));
  await group.getByLabel('Month').fill(String(Number(month)));
  await group.getByLabel('Year').fill(year!);
}

/** From home to the hub's hours page: Your hubs, the hub, its opening hours and closed days. */
async function openHours(j: Journey) {
  const { page } = j;
  await j.click(page.getByRole('link', { name: 'Your hubs' }).first());
  await page.getByRole('heading', { level: 1, name: 'Your hubs' }).waitFor();
  await j.click(page.getByRole('link', { name: hubName }));
  await page.getByRole('heading', { level: 1, name: hubName }).waitFor();
  await j.click(page.getByRole('link', { name: 'Change opening hours and closed days' }));
  await page.getByRole('heading', { level: 1, name: 'Opening hours and closed days' }).waitFor();
  await settled(page);
}

describe('a coordinator keeps the hub’s opening hours and closed days', { timeout: 180_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
  }, 900_000);
  afterAll(() => closeSuite({ platform, browser }));

  it('adds a closed day and changes Saturday’s hours, then schedules on the closed day only with a reason', async () => {
    const j = await startJourney(browser, platform, { as: 'coordinator' });
    const { page } = j;
    // a Tuesday three weeks on (never a bank holiday: those are Mondays and Fridays, or at Christmas)
    const closed = addDays(comingMonday(3), 1);
    try {
      await openHours(j);
      await expectNoAxeViolations(page);

      // a mistake first: nothing entered, each problem named
      await j.click(page.getByRole('button', { name: 'Add closed day' }));
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter the date the hub is closed');
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter the reason people will be told');
      await expectNoAxeViolations(page);

      await typeDate(page.getByRole('group', { name: 'Date' }), closed);
      await page.getByLabel('Reason').fill('Staff training day');
      await j.click(page.getByRole('button', { name: 'Add closed day' }));
      await expect.poll(() => page.getByRole('status').textContent()).toBe(`You added ${formatDay(closed)} as a closed day.`);
      await expect.poll(() => page.getByRole('listitem').filter({ hasText: 'Staff training day' }).textContent()).toContain(formatDay(closed));

      await page.getByLabel('Closes at on Saturdays').fill('15:00');
      await j.click(page.getByRole('button', { name: 'Save opening hours' }));
      await expect.poll(() => page.getByRole('status').textContent()).toBe('You saved the opening hours.');
      await expectNoAxeViolations(page);

      const hub = (await platform.call('GET', `/api/hubs/${demoIds.hubs.oakRoadCentre}`)).body;
      expect(hub.closures).toEqual([{ date: closed, reason: 'Staff training day' }]);
      expect(hub.openingHours).toContainEqual({ day: 'sat', opens: '10:00', closes: '15:00' });
      expect(hub.openingHours).toContainEqual({ day: 'mon', opens: '09:00', closes: '21:00' });
      expect(hub.openingHours.some((h: { day: string }) => h.day === 'sun')).toBe(false);

      // the Lunch Club on the closed day: the scheduler says so, and asks for a reason to go ahead
      await j.click(page.getByRole('link', { name: 'Common Ground' }).first());
      await clickMenuLink(j, 'Find activities');
      await page.getByLabel('Search by words').fill('Lunch Club');
      await j.click(page.getByRole('button', { name: 'Show activities' }));
      await j.click(page.getByRole('link', { name: 'Lunch Club', exact: true }));
      await j.click(page.getByRole('link', { name: /^(Add|Manage) dates$/ }));
      await page.getByRole('heading', { level: 1, name: 'Add dates' }).waitFor();
      await settled(page);
      await typeDate(page.getByRole('group', { name: 'Date of the first session' }), closed);
      await page.getByText(`${hubName} is closed on ${formatDay(closed)}: Staff training day.`).waitFor();
      await j.click(page.getByRole('button', { name: 'Add 1 date' }));
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Give the reason for going ahead outside the hub’s opening hours');
      await expectNoAxeViolations(page);
      await page.getByLabel('Why go ahead outside the opening hours?').fill('A taster lunch for the staff in training');
      await j.click(page.getByRole('button', { name: 'Add 1 date' }));
      await page.getByText(/^1 date added/).waitFor();

      const listed = (await platform.call('GET', `/api/activity-sessions/${activityByTitle('Lunch Club').id}?from=${closed}&to=${closed}`)).body.items;
      expect(listed).toEqual([expect.objectContaining({ localDate: closed, outsideHours: expect.objectContaining({ reason: 'A taster lunch for the staff in training' }) })]);
      expect(j.errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    } finally {
      await j.context.close();
    }
  });

  it('fits a 320 px phone and passes axe', async () => {
    const j = await startJourney(browser, platform, { as: 'coordinator', viewport: phone });
    try {
      const { page } = j;
      await clickMenuLink(j, 'Hubs');
      await page.getByRole('heading', { level: 1, name: 'Your hubs' }).waitFor();
      await j.click(page.getByRole('link', { name: hubName }));
      await j.click(page.getByRole('link', { name: 'Change opening hours and closed days' }));
      await page.getByRole('heading', { level: 1, name: 'Opening hours and closed days' }).waitFor();
      await settled(page);
      await expectNoAxeViolations(page);
      expect(await horizontalOverflow(page)).toBe(0);
    } finally {
      await j.context.close();
    }
  });
});

/**
 * The rooms pages in headless Chromium against the real platform (demo data), each journey starting at the home
 * page and clicking: a coordinator's week view, a partner's request form showing a clash before sending, the
 * approvals queue, each scanned with axe, worked by keyboard, and checked at tablet and phone widths.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoRoomIds } from '../../functions/local/seed/rooms';
import { choice } from '../helpers/accessible';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { addDays, comingMonday, typedDate } from '../helpers/dates';
import { choose, closeSuite, type DemoPerson, type Journey, openSuite, phone, settled, startJourney } from '../helpers/journey';
import { clickMenuLink } from '../helpers/menu';
import type { TestPlatform } from '../helpers/platform';

const tablet = { width: 820, height: 1180 };

/**
 * The Monday two weeks after the coming one, as day, month and year. The seed books the main hall 10am to
 * midday for twelve Mondays from the Monday after the day it ran, so this Monday is taken whichever side of
 * midnight the seed and the test ran.
 */
const bookedMonday = () => typedDate(comingMonday(2));

describe('rooms in the browser', { timeout: 90_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const journeys: Journey[] = [];

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser, contexts: journeys }));

  async function as(who: DemoPerson, viewport = tablet): Promise<Journey> {
    const j = await startJourney(browser, platform, { as: who, viewport });
    journeys.push(j);
    return j;
  }

  /** A coordinator's way to the hub's rooms: Room bookings, then the week view. */
  async function hubWeek(j: Journey) {
    await clickMenuLink(j, 'Room bookings');
    await j.click(j.page.getByRole('link', { name: 'rooms this week' }));
    await j.page.getByRole('heading', { level: 1, name: 'Rooms this week' }).waitFor();
  }

  /** A partner's way to the main hall's request form: Ask for a room, the hub, the room, the date. */
  async function mainHallForm(j: Journey) {
    await j.click(j.page.getByRole('link', { name: 'Ask for a room' }).first());
    await j.click(choice(j.page, /Oak Road Community Centre/));
    await j.click(choice(j.page, /Main hall/));
    const date = j.page.getByRole('group', { name: 'Date' });
    const monday = bookedMonday();
    await date.getByLabel('Day').fill(monday.day);
    await date.getByLabel('Month').fill(monday.month);
    await date.getByLabel('Year').fill(monday.year);
    await j.page.getByText(/^Free on Monday/).waitFor();
  }

  it("shows a coordinator the week's bookings and free time of the hub's rooms", async () => {
    const j = await as('coordinator');
    const { page, errors } = j;
    await hubWeek(j);
    await j.click(page.getByRole('button', { name: 'Next week' }));
    await page.getByRole('heading', { name: 'Main hall' }).waitFor();
    await expect.poll(() => page.getByText('Chair-based exercise').first().isVisible()).toBe(true);
    expect(await page.getByText(/^Free /).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(page);
    // keyboard: the week buttons are reachable and work with Enter
    await page.getByRole('button', { name: 'Previous week' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByText('Chair-based exercise').count()).toBe(0);
    expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
  });

  it('fits a 320px phone without sideways scrolling', async () => {
    const j = await as('coordinator', phone);
    await hubWeek(j);
    await j.page.getByRole('heading', { name: 'Main hall' }).waitFor();
    expect(await horizontalOverflow(j.page)).toBe(0);
  });

  it('shows a partner the clash before sending, then sends a request for a free time', async () => {
    const j = await as('partner');
    const { page } = j;
    await mainHallForm(j);
    await page.getByLabel('Start time').selectOption('11:00');
    await page.getByLabel('End time').selectOption('12:30');
    await page.getByText('That time clashes with a booking').waitFor();
    await page.getByText(/clashes with “Chair-based exercise”/).waitFor();
    await expectNoAxeViolations(page);

    // after the hub closes for the evening: the hours are named before anything is sent
    await page.getByLabel('Start time').selectOption('20:00');
    await page.getByLabel('End time').selectOption('22:00');
    await page.getByText('Outside the hub’s opening hours').waitFor();
    await page.getByText('Oak Road Community Centre is open 09:00 to 21:00 on Mondays.').waitFor();
    await page.getByText('Choose a time when the hub is open.').waitFor();
    await expectNoAxeViolations(page);

    await page.getByLabel('Start time').selectOption('13:00');
    await page.getByLabel('End time').selectOption('14:00');
    await page.getByText('Main hall is free on that date.').waitFor();
    await page.getByLabel('What is the booking for?').fill('Memory cafe');
    await page.getByLabel('How many people do you expect?').fill('15');
    await page.getByLabel('Who is your first aider on the day?').fill('Pete Okafor');
    await page.getByRole('button', { name: 'Send request' }).press('Enter');
    await page.getByRole('heading', { name: 'Request sent' }).waitFor();
    await expectNoAxeViolations(page);
    const mine = await platform.call('GET', '/api/room-bookings?mine=true', { token: j.token });
    expect(mine.body.items.find((b: any) => b.purpose === 'Memory cafe')).toMatchObject({ status: 'pending', organisationName: 'Age Well Westfield' });
  });

  it('shows problems in an error summary that links to the field', async () => {
    const j = await as('partner');
    const { page } = j;
    await mainHallForm(j);
    await page.getByLabel('Start time').selectOption('15:00');
    await page.getByLabel('End time').selectOption('16:00');
    await page.getByText('Main hall is free on that date.').waitFor();
    await j.click(page.getByRole('button', { name: 'Send request' }));
    await page.getByRole('alert').waitFor();
    // the tab title changes in an effect after the summary renders: wait for it rather than read it once
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await page.locator('.error-summary a[href="#purpose"]').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('purpose');
    await expectNoAxeViolations(page);
  });

  it('lets a coordinator approve a request by keyboard from the queue, seeing who asked by name', async () => {
    const j = await as('coordinator');
    const { page } = j;
    await clickMenuLink(j, 'Room bookings');
    await j.click(page.getByRole('link', { name: 'requests waiting for a decision' }));
    const request = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Age Well coffee morning and benefits advice' }) });
    await request.waitFor();
    await request.getByText('Age Well Westfield').waitFor();
    await request.getByText('Pete Okafor', { exact: true }).waitFor();
    await settled(page);
    await expectNoAxeViolations(page);
    const approve = request.getByRole('button', { name: 'Approve' });
    await approve.focus();
    await page.keyboard.press('Enter');
    await page.getByText(/You approved/).waitFor();
    await expectNoAxeViolations(page);
  });

  it('a coordinator schedules a weekly session in a room from the activity page, sees it in the week view, and a partner asking for that time sees the clash', async () => {
    // a Wednesday next week, 3pm to 4pm, in the quiet room (no seeded bookings)
    const wednesday = typedDate(addDays(comingMonday(0), 2));
    const j = await as('coordinator');
    const { page } = j;
    await clickMenuLink(j, 'Find activities');
    await page.getByLabel('Search by words').fill('Lunch Club');
    await j.click(page.getByRole('button', { name: 'Show activities' }));
    await j.click(page.getByRole('link', { name: 'Lunch Club', exact: true }));
    await j.click(page.getByRole('link', { name: /^(Add|Manage) dates$/ }));
    await page.getByRole('heading', { level: 1, name: 'Add dates' }).waitFor();
    const first = page.getByRole('group', { name: 'Date of the first session' });
    await first.getByLabel('Day').fill(wednesday.day);
    await first.getByLabel('Month').fill(wednesday.month);
    await first.getByLabel('Year').fill(wednesday.year);
    await choose(j, page.getByLabel('Start time'), '15:00');
    await j.click(choice(page, /Every week/));
    await page.getByLabel('How many sessions?').fill('4');
    await j.click(choice(page, /^Quiet room/));
    await page.getByRole('heading', { name: '4 dates' }).waitFor();
    await expectNoAxeViolations(page);
    await j.click(page.getByRole('button', { name: 'Add 4 dates' }));
    await page.getByText('4 dates added').waitFor();
    const listed = await platform.call('GET', `/api/rooms/${demoRoomIds.oakRoadQuietRoom}/availability?from=${wednesday.iso}&to=${wednesday.iso}`);
    expect(listed.body.busy).toEqual([expect.objectContaining({ startLocal: `${wednesday.iso}T15:00`, session: expect.objectContaining({ activityTitle: 'Lunch Club' }) })]);

    // the hub's week view shows it, with its places
    await hubWeek(j);
    await j.click(page.getByRole('button', { name: 'Next week' }));
    const quiet = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Quiet room' }) });
    await quiet
      .getByText(/Lunch Club \(0 of \d+ places taken\)/)
      .first()
      .waitFor();
    await expectNoAxeViolations(page);
    // the day view: that Wednesday alone
    await j.click(page.getByRole('button', { name: /^Wednesday/ }));
    await page.getByRole('heading', { level: 1, name: /^Rooms on Wednesday/ }).waitFor();
    await quiet.getByText(/Lunch Club \(0 of \d+ places taken\)/).waitFor();
    await expectNoAxeViolations(page);

    // a partner asking for the quiet room at that time is shown the clash before sending
    const partner = await as('partner');
    await partner.click(partner.page.getByRole('link', { name: 'Ask for a room' }).first());
    await partner.click(choice(partner.page, /Oak Road Community Centre/));
    await partner.click(choice(partner.page, /Quiet room/));
    const date = partner.page.getByRole('group', { name: 'Date' });
    await date.getByLabel('Day').fill(wednesday.day);
    await date.getByLabel('Month').fill(wednesday.month);
    await date.getByLabel('Year').fill(wednesday.year);
    await partner.page.getByLabel('Start time').selectOption('15:00');
    await partner.page.getByLabel('End time').selectOption('16:00');
    await partner.page.getByText('That time clashes with a booking').waitFor();
    await partner.page.getByText(/clashes with “Lunch Club”/).waitFor();
    await expectNoAxeViolations(partner.page);
  });

  it("lists a partner's own room bookings with their status", async () => {
    const j = await as('partner');
    const { page } = j;
    await clickMenuLink(j, 'Room bookings');
    await page.getByRole('heading', { name: 'Your room bookings' }).waitFor();
    const item = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Memory cafe/ }) });
    await item.getByText('Waiting for the hub').waitFor();
    await expect.poll(() => item.getByRole('button', { name: 'Cancel Memory cafe' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
  });
});

/**
 * A resident's booking journeys, by clicks from the front door: find an activity and book a place (answering
 * the activity's own question, told how paying works); join the waiting list of a full date; see it all in
 * My bookings and cancel, with focus kept somewhere sensible; "Sign in to book" coming back to the same date;
 * a course booked whole. Each outcome is checked on screen and through the API; axe finds nothing on any
 * page visited, at desktop and 320px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoActivities } from '../../functions/local/seed/directory';
import { addDays, londonDate } from '../../functions/sessions/rules';
import { formatWhen } from '../../web/src/format';
import { expectAccessible } from '../helpers/accessible';
import { closeSuite, openSuite, settled, startJourney } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';
import { people, reserve } from '../helpers/sessions';

const byTitle = (start: string) => demoActivities.find((a) => a.title.startsWith(start))!;
const lunchClub = byTitle('Lunch Club'); // reserve, asks about dietary needs, £4.50 a meal paid on the day
const steadySteps = byTitle('Steady Steps'); // reserve, Oak Road: the demo coordinator's hub
const couchTo5k = byTitle('Couch to 5k'); // a course, booked whole

describe('a resident books, waits and cancels, by clicks', { timeout: 300_000 }, () => {
  let p: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    ({ platform: p, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform: p, browser }));

  it('finds an activity and books it in four clicks, then joins a waiting list and cancels from My bookings', async () => {
    // a full date to wait for: a one-off Steady Steps session with one place, taken by someone else
    const coordinator = await p.tokenFor('coordinator@example.org');
    const startDate = addDays(londonDate(new Date()), 3);
    const made = await p.call('POST', `/api/activity-sessions/${steadySteps.id}`, {
      token: coordinator,
      body: { startDate, startTime: '15:15', durationMinutes: 45, capacity: 1, outsideHoursReason: 'Three days on, whatever day that is' },
    });
    expect(made.status).toBe(201);
    const full = made.body.sessions[0] as { id: string; startsAt: string; endsAt: string };
    const [someoneElse] = await people(p, 1);
    expect((await reserve(p, someoneElse!.token, full.id, 'someone-else')).body.status).toBe('confirmed');

    const j = await startJourney(browser, p, { as: 'resident' });
    const page = j.page;
    try {
      await expectAccessible(page, 'home, signed in');
      // find an activity and book it
      await j.click(page.getByRole('main').getByRole('link', { name: 'Find activities' }));
      await page.getByRole('link', { name: lunchClub.title }).waitFor();
      await expectAccessible(page, 'find activities');
      await j.click(page.getByRole('link', { name: lunchClub.title }));
      await page.getByRole('heading', { level: 1, name: lunchClub.title }).waitFor();
      await page.getByRole('heading', { name: 'Dates' }).waitFor();
      await page.getByText('You’re booked (you and a companion).').first().waitFor(); // the demo booking on its first date
      await expectAccessible(page, 'activity');
      const book = page.getByRole('button', { name: /^Book a place/ }).first();
      const when = await book.evaluate((b) => b.closest('li')!.querySelector('h3')!.textContent!);
      const card = page.locator('li.card', { has: page.getByRole('heading', { name: when }) });
      await j.click(book);
      await page.getByText('£4.50 per meal. How to pay: cash or card on the day. You do not pay anything now.').waitFor();
      await page.getByLabel('Any dietary needs or allergies? (optional)').fill('Vegetarian, no nuts');
      await expectAccessible(page, 'booking form');
      await j.click(page.getByRole('button', { name: 'Confirm booking' }));
      await page.getByText(`You’re booked for ${lunchClub.title} on ${when}.`).waitFor();
      expect(j.clicks, 'clicks to find an activity and book it').toBeLessThanOrEqual(4);
      console.log(`clicks for "find an activity and book it" after sign-in: ${j.clicks}`);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('You’re booked');
      await card.getByText('You’re booked.').waitFor();
      await expectAccessible(page, 'activity, booked');

      const mine = async () =>
        (await p.call('GET', '/api/my-reservations', { token: j.token })).body.items as {
          id: string;
          sessionId: string;
          activityTitle: string;
          status: string;
          waitlistPosition?: number;
          answers?: unknown;
          startsAt: string;
          endsAt: string;
        }[];
      const lunch = (await mine()).find((r) => r.activityTitle === lunchClub.title && formatWhen(r.startsAt, r.endsAt) === when)!;
      expect(lunch).toMatchObject({ status: 'confirmed', answers: [{ questionId: 'diet', question: 'Any dietary needs or allergies?', answer: 'Vegetarian, no nuts' }] });

      // My bookings, then the waiting list of the full date
      await j.click(page.getByRole('link', { name: 'See your bookings' }).first());
      await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
      await page.getByText('Any dietary needs or allergies?').first().waitFor();
      await expectAccessible(page, 'my bookings');
      await j.click(page.getByRole('link', { name: steadySteps.title }).first());
      const fullWhen = formatWhen(full.startsAt, full.endsAt);
      const fullCard = page.locator('li.card', { has: page.getByRole('heading', { name: fullWhen }) });
      await fullCard.getByText('Full. You would be number 1 on the waiting list.').waitFor();
      await j.click(fullCard.getByRole('button', { name: /^Join the waiting list/ }));
      await j.click(fullCard.getByRole('button', { name: 'Confirm: join the waiting list' }));
      await fullCard.getByText(`You’re on the waiting list for ${fullWhen}: number 1.`).waitFor();
      await expectAccessible(page, 'activity, waiting');
      expect((await mine()).find((r) => r.sessionId === full.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });

      // cancel the lunch: asked first, then the message takes the focus
      await j.click(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'My bookings' }));
      await page.getByRole('heading', { level: 1, name: 'My bookings' }).waitFor();
      await page.getByText('On the waiting list: number 1').waitFor();
      const leave = page.getByRole('button', { name: new RegExp(`^Leave the waiting list\\s+for ${steadySteps.title}`) });
      await j.click(leave);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('No, keep it');
      await j.click(page.getByRole('button', { name: 'No, keep it' }));
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Leave the waiting list');

      await j.click(page.getByRole('button', { name: new RegExp(`^Cancel booking\\s+for ${lunchClub.title}, ${when}`) }));
      await page.getByText(`Cancel your place for ${lunchClub.title} on ${when}?`).waitFor();
      await expectAccessible(page, 'my bookings, asking before cancelling');
      await j.click(page.getByRole('button', { name: 'Yes, cancel it' }));
      await page.getByText(`Your booking is cancelled for ${lunchClub.title} on ${when}.`).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement !== document.body && !!document.activeElement?.textContent?.includes('is cancelled'))).toBe(true);
      await expectAccessible(page, 'my bookings, cancelled');
      expect((await mine()).find((r) => r.id === lunch.id)?.status).toBe('cancelled');
      await expect.poll(() => page.getByRole('button', { name: new RegExp(`^Cancel booking\\s+for ${lunchClub.title}, ${when}`) }).count()).toBe(0);
      expect(j.errors).toEqual([]);
    } finally {
      await j.context.close();
    }
  });

  it('brings someone who signs in to book back to the date they chose', async () => {
    const j = await startJourney(browser, p, { as: null });
    const page = j.page;
    try {
      await j.click(page.getByRole('main').getByRole('link', { name: 'Find activities' }));
      await j.click(page.getByRole('link', { name: lunchClub.title }));
      const signIn = page.getByRole('link', { name: /^Sign in to book/ }).nth(1);
      await signIn.waitFor({ timeout: 10_000 }).catch(async (err) => {
        // biome-ignore lint/performance/useDomNodeTextContent: the page's text as a person sees it
        throw new Error(`${err}\n${await page.locator('main').innerText()}`);
      });
      const when = await signIn.evaluate((a) => a.closest('li')!.querySelector('h3')!.textContent!);
      await expectAccessible(page, 'activity, signed out');
      await j.click(signIn);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await expectAccessible(page, 'sign in');
      await j.click(page.getByRole('button', { name: 'Sign in as a volunteer' }));
      await page.getByRole('heading', { level: 1, name: lunchClub.title }).waitFor();
      await settled(page);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(when);
      expect(page.url()).toContain('session=');
      await page
        .locator('li.card', { has: page.getByRole('heading', { name: when }) })
        .getByRole('button', { name: /^Book a place/ })
        .waitFor();
      await expectAccessible(page, 'activity, back after signing in');
    } finally {
      await j.context.close();
    }
  });

  it('books the whole of a course at once', async () => {
    const j = await startJourney(browser, p, { as: null, email: 'course.runner@example.org' });
    const page = j.page;
    try {
      await j.click(page.getByRole('main').getByRole('link', { name: 'Find activities' }));
      await j.click(page.getByRole('link', { name: couchTo5k.title }));
      await page.getByRole('heading', { name: 'The whole course' }).waitFor();
      await expectAccessible(page, 'a course');
      await j.click(page.getByRole('button', { name: 'Book the whole course' }));
      await expectAccessible(page, 'course booking form');
      await j.click(page.getByRole('button', { name: 'Confirm: book the whole course' }));
      const done = page.getByText(/You’re booked on all \d+ sessions of Couch to 5k/);
      await done.waitFor();
      const count = Number((await done.textContent())!.match(/all (\d+) sessions/)![1]);
      await expectAccessible(page, 'course booked');
      const mine = (await p.call('GET', '/api/my-reservations', { token: j.token })).body.items as { activityId: string; status: string }[];
      expect(mine.filter((r) => r.activityId === couchTo5k.id && r.status === 'confirmed')).toHaveLength(count);
      expect(count).toBeGreaterThan(1);
    } finally {
      await j.context.close();
    }
  });
});

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listMailbox } from '../../functions/messages/data';
import { formatWhen } from '../../web/src/format';
import { expectAccessible } from '../helpers/accessible';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { closeSuite, openSuite, phone, startJourney } from '../helpers/journey';
import { clickMenuLink } from '../helpers/menu';
import { eventually, type TestPlatform } from '../helpers/platform';
import { newSession, people, reserve, startSessionsPlatform, steadySteps } from '../helpers/sessions';

/** A resident on a phone: finds places left from the front door, books, finds it in My bookings and cancels it. */
let p: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  ({ platform: p, browser } = await openSuite(startSessionsPlatform));
});
afterAll(() => closeSuite({ platform: p, browser }));

it('books a place from the activity page and cancels it in My bookings, on a 320px phone (no axe violations)', async () => {
  const coordinator = await p.tokenFor('coordinator@example.org');
  const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 2 });
  const [other] = await people(p, 1);
  await reserve(p, other!.token, sessionId, 'x');
  const session = (await p.call('GET', `/api/sessions/${sessionId}`)).body as { startsAt: string; endsAt: string };
  const when = formatWhen(session.startsAt, session.endsAt);

  const j = await startJourney(browser, p, { as: 'resident', viewport: phone });
  const page = j.page;
  try {
    await clickMenuLink(j, 'Find activities');
    await page.getByLabel('Search by words').fill('steady');
    await j.click(page.getByRole('button', { name: 'Show activities' }));
    await j.click(page.getByRole('link', { name: steadySteps().title }));
    const card = page.locator('li.card', { has: page.getByRole('heading', { name: when }) });
    await card.getByText('1 place left.').waitFor();
    expect(await horizontalOverflow(page)).toBe(0);
    await expectNoAxeViolations(page);
    await j.click(card.getByRole('button', { name: /^Book a place/ }));
    await j.click(card.getByRole('button', { name: 'Confirm booking' }));
    await card.getByText(/^You’re booked for /).waitFor();
    await expectAccessible(page, 'activity, booked');

    await clickMenuLink(j, 'My bookings');
    await page.getByRole('heading', { name: steadySteps().title }).first().waitFor();
    await expectAccessible(page, 'my bookings');
    await j.click(page.getByRole('button', { name: new RegExp(`^Cancel booking\\s+for ${steadySteps().title}, ${when}`) }));
    await j.click(page.getByRole('button', { name: 'Yes, cancel it' }));
    await page
      .getByText(/is cancelled/)
      .first()
      .waitFor();
    const mine = (await p.call('GET', '/api/my-reservations', { token: j.token })).body.items as { sessionId: string; status: string }[];
    expect(mine.find((r) => r.sessionId === sessionId)?.status).toBe('cancelled');

    // the booking's email went out (the dev mailbox is a developer's tool, read here through the table)
    await p.stream.idle();
    await eventually(async () => {
      if (!(await listMailbox(p.deps.db)).some((m) => m.address === 'resident@example.org' && m.subject.startsWith(`Booked: ${steadySteps().title}`))) throw new Error('not yet');
    });
    // this small platform has the activities but not their hubs: those 404s are expected
    expect(j.errors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  } finally {
    await j.context.close();
  }
}, 300_000);

// the coordinators' scheduler (previews, changes, who is booked) is a journey from the home page: test/browser/scheduling.test.ts

/**
 * A hub coordinator's Monday morning, from the home page by clicks only (issue 16): tomorrow's session with
 * its places and waiting list, the register (waiting list in order, "Mark everyone here", a named walk-in from
 * the waiting list), the room request waiting for approval, and the hub's page (details, coordinators, a room
 * added and changed). Outcomes are checked on screen and through the API; axe at desktop and at 320px, where
 * the menu folds behind one button and the header takes no more than a third of the screen. The register flags
 * a person's recorded communication needs (issue 20).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoIds } from '../../functions/local/seed/ids';
import { addDays, londonDate } from '../../functions/sessions/rules';
import { attendanceFixtures, lunchClub } from '../helpers/attendance';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { closeSuite, openSuite, phone, settled, startJourney } from '../helpers/journey';
import { startPlatform, type TestPlatform } from '../helpers/platform';

const register0 = (r: { body: { people: { name: string; communicationNeeds?: string[] }[] } }) => r.body.people.find((x) => x.name === 'Fay Finch')?.communicationNeeds;

describe('a coordinator works from their home page', { timeout: 180_000 }, () => {
  let p: TestPlatform;
  let browser: Browser;
  let sessionId = '';
  let gus = '';
  let startsAt = '';
  // the platform's clock: the real time, except while the register is taken (a register opens 30 minutes
  // before its session starts), when it stands ten minutes before tomorrow's session
  const clock = manualClock(new Date());

  beforeAll(async () => {
    ({ platform: p, browser } = await openSuite(() => startPlatform({ seed: true, clock })));
    const f = attendanceFixtures(p);
    // tomorrow (whatever the time of day the test runs): a session with one place, one person booked and two waiting
    const made = await p.call('POST', `/api/activity-sessions/${lunchClub.id}`, {
      token: await p.tokenFor('coordinator@example.org'),
      // tomorrow may be a Sunday or a bank holiday, when Oak Road is closed: the coordinator goes ahead with a reason
      body: { startDate: addDays(londonDate(new Date()), 1), startTime: '14:15', durationMinutes: 60, capacity: 1, outsideHoursReason: 'Tomorrow, whatever day the test runs' },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    sessionId = made.body.sessions[0].id;
    startsAt = made.body.sessions[0].startsAt;
    const [fay, gusP, hal] = await Promise.all([f.named('fay.c@example.org', 'Fay Finch'), f.named('gus.c@example.org', 'Gus Grant'), f.named('hal.c@example.org', 'Hal Hart')]);
    // Fay has recorded a communication need (issue 20): the register flags it to the coordinator
    expect((await p.op('setMyCommunication', { token: fay.token, body: { channel: 'email', needs: ['bsl-interpreter'] } })).status).toBe(200);
    await f.book(fay, sessionId);
    await f.book(gusP, sessionId);
    await f.book(hal, sessionId);
    gus = gusP.userId;
  }, 900_000);

  afterAll(() => closeSuite({ platform: p, browser }));

  it('takes tomorrow’s register, approves a room request and adds a room, all by clicks', async () => {
    const j = await startJourney(browser, p, { as: 'coordinator' });
    const { page } = j;
    try {
      const token = j.token!;
      await page.getByRole('heading', { level: 1, name: 'Your hub’s work' }).waitFor();
      await settled(page);
      // tomorrow's session: places and the waiting list, and a way to its register
      const tomorrow = page.getByRole('region', { name: /^Tomorrow/ });
      await expect.poll(() => tomorrow.getByText('1 of 1 places booked, 2 on the waiting list').count()).toBe(1);
      await expect.poll(() => page.getByRole('link', { name: /1 room request to approve/ }).count()).toBe(1);
      await expectNoAxeViolations(page);

      // the register: the waiting list in order, everyone marked here in one go, and Gus (waiting) came after all
      clock.set(new Date(Date.parse(startsAt) - 10 * 60_000));
      await j.click(tomorrow.getByRole('link', { name: /^Register for Lunch Club, .* at 14:15$/ }));
      await page.getByRole('heading', { level: 1, name: 'Register: Lunch Club' }).waitFor();
      await page.getByText('Everything is sent.').waitFor();
      const waiting = page.getByRole('region', { name: 'Waiting list' }).getByRole('listitem');
      await expect.poll(() => waiting.allTextContents()).toEqual(['Gus Grant: waiting', 'Hal Hart: waiting']);
      const fayRow = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Fay Finch' }) });
      await expect.poll(() => fayRow.getByText('Communication needs').count()).toBe(1);
      expect(await fayRow.textContent()).toContain('British Sign Language interpreter');
      expect(register0(await p.op('getRegister', { token, params: { sessionId } }))).toEqual(['bsl-interpreter']);
      await expectNoAxeViolations(page);
      // each outcome is awaited through the API: "Everything is sent." is on screen before a tap is queued too
      const registerNow = async () => (await p.call('GET', `/api/registers/${sessionId}`, { token })).body;
      await j.click(page.getByRole('button', { name: 'Mark everyone here' }));
      await expect.poll(async () => (await registerNow()).people.map((x: { name: string; mark?: { status: string } }) => [x.name, x.mark?.status])).toEqual([['Fay Finch', 'attended']]);
      await j.click(page.getByRole('button', { name: 'Gus Grant came' }));
      await expect.poll(async () => (await registerNow()).walkIns).toEqual([expect.objectContaining({ personId: gus, name: 'Gus Grant', count: 1 })]);
      await page.getByText('Everything is sent.').waitFor();
      await expect.poll(() => page.getByRole('heading', { name: 'Named walk-ins' }).count()).toBe(1);
      clock.set(new Date());

      // back home, the room request waiting for approval
      await j.click(page.getByRole('link', { name: 'Common Ground' }));
      await page.getByRole('heading', { level: 1, name: 'Your hub’s work' }).waitFor();
      await j.click(page.getByRole('link', { name: /1 room request to approve/ }));
      await page.getByRole('heading', { level: 1, name: 'Room requests' }).waitFor();
      await settled(page);
      await expectNoAxeViolations(page);
      await j.click(page.getByRole('button', { name: 'Approve' }));
      await page.getByText(/You approved “Age Well coffee morning and benefits advice”/).waitFor();
      const mine = await p.call('GET', '/api/room-bookings?mine=true', { token: await p.tokenFor('partner@example.org') });
      expect(mine.body.items.find((b: { purpose: string }) => b.purpose === 'Age Well coffee morning and benefits advice').status).toBe('confirmed');

      // the hub's page: details, coordinators (read only), and a room added then changed
      await j.click(page.getByRole('link', { name: 'Common Ground' }));
      await j.click(page.getByRole('link', { name: 'Your hubs' }));
      await page.getByRole('heading', { level: 1, name: 'Your hubs' }).waitFor();
      await settled(page);
      await expectNoAxeViolations(page);
      await j.click(page.getByRole('link', { name: 'Oak Road Community Centre' }));
      await page.getByRole('heading', { level: 1, name: 'Oak Road Community Centre' }).waitFor();
      await settled(page);
      await expect.poll(() => page.getByText('Carys Hughes, coordinator@example.org').count()).toBe(1);
      await expectNoAxeViolations(page);
      await j.click(page.getByRole('link', { name: 'Add a room' }));
      await page.getByRole('heading', { level: 1, name: 'Add a room' }).waitFor();
      await j.click(page.getByRole('button', { name: 'Add room' }));
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter the room’s name');
      await expectNoAxeViolations(page);
      await page.getByLabel('Name of the room').fill('Craft studio');
      await page.getByLabel('How many people does it hold?').fill('15');
      await page.getByLabel('Hearing loop').check({ force: true });
      for (const day of ['Monday', 'Tuesday', 'Wednesday']) await page.getByLabel(day).check({ force: true });
      await page.getByLabel('Before, to set up').selectOption('15');
      await j.click(page.getByRole('button', { name: 'Add room' }));
      await page.getByText('You added Craft studio.').waitFor();
      const rooms = async () => (await p.call('GET', `/api/rooms?hubId=${demoIds.hubs.oakRoadCentre}`)).body.items.find((r: { name: string }) => r.name === 'Craft studio');
      expect(await rooms()).toMatchObject({
        capacity: 15,
        facilities: ['hearingLoop'],
        setupMinutes: 15,
        cleardownMinutes: 0,
        openingHours: [
          { day: 'mon', opens: '09:00', closes: '17:00' },
          { day: 'tue', opens: '09:00', closes: '17:00' },
          { day: 'wed', opens: '09:00', closes: '17:00' },
        ],
      });
      await j.click(page.getByRole('link', { name: 'Change Craft studio' }));
      await page.getByRole('heading', { level: 1, name: 'Change Craft studio' }).waitFor();
      await page.getByLabel('How many people does it hold?').fill('18');
      await j.click(page.getByRole('button', { name: 'Save changes' }));
      await page.getByText('You changed Craft studio.').waitFor();
      expect((await rooms()).capacity).toBe(18);
      expect(j.errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    } finally {
      await j.context.close();
    }
  });

  it('at 320px the menu folds behind one button and the header takes at most a third of the screen', async () => {
    const j = await startJourney(browser, p, { as: 'coordinator', viewport: phone });
    const { page } = j;
    try {
      await page.getByRole('heading', { level: 1, name: 'Your hub’s work' }).waitFor();
      await settled(page);
      const header = await page.locator('header').boundingBox();
      expect(header!.height).toBeLessThanOrEqual(phone.height / 3);
      expect(await horizontalOverflow(page)).toBe(0);
      expect(await page.getByRole('link', { name: 'Registers' }).isVisible()).toBe(false);
      await expectNoAxeViolations(page);
      await j.click(page.getByRole('button', { name: 'Menu' }));
      expect(await page.getByRole('button', { name: 'Close menu' }).getAttribute('aria-expanded')).toBe('true');
      await expectNoAxeViolations(page);
      await j.click(page.getByRole('link', { name: 'Registers' }));
      await page.getByRole('heading', { level: 1, name: 'Today’s sessions' }).waitFor();
      expect(await page.getByRole('link', { name: 'Registers' }).isVisible()).toBe(false);
    } finally {
      await j.context.close();
    }
  });
});

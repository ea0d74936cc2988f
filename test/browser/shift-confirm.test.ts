/**
 * A volunteer asked two days before a shift whether they are still coming answers from the link in the email
 * (issue 20, point 2): "No, I can no longer come" frees their place and the coordinator is told. The page needs
 * no sign-in (the link's key is the volunteer's). Checked on screen and through the API; axe at desktop and 320 px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { askShiftVolunteers } from '../../functions/reminders/service';
import { expectAccessible } from '../helpers/accessible';
import { attendanceFixtures } from '../helpers/attendance';
import { closeSuite, openSuite, startJourney } from '../helpers/journey';
import { eventually, type TestPlatform } from '../helpers/platform';
import { newSession, sessionState, startSessionsPlatform, steadySteps } from '../helpers/sessions';

let p: TestPlatform;
let browser: Browser;
beforeAll(async () => {
  ({ platform: p, browser } = await openSuite(startSessionsPlatform));
}, 900_000);
afterAll(() => closeSuite({ platform: p, browser }));

it('a volunteer says from the email’s link that they can no longer come: the place is freed and the coordinator told', async () => {
  const coordinator = await p.tokenFor('coordinator@example.org');
  const sessionId = await newSession(p, coordinator, steadySteps().id, { inDays: 5, startTime: '14:00' });
  const { session } = await sessionState(p, sessionId);
  const vol = await attendanceFixtures(p).volunteerOnShift('helper.link@example.org', session);
  const shift = (await p.op('getShift', { params: { shiftId: vol.shiftId }, token: coordinator })).body;
  // the job runs as it would two days before the shift
  const twoDaysBefore = Date.parse(shift.startsAt) - 47 * 3_600_000;
  expect(await askShiftVolunteers({ ...p.deps, clock: { now: () => new Date(twoDaysBefore) } } as typeof p.deps)).toBe(1);
  await p.stream.idle();
  const mail = await eventually(async () => {
    const found = (await p.op('devMailbox', { query: { toUserId: vol.userId } })).body.items.find((m: { kind: string }) => m.kind === 'reminder.shift') as { text: string } | undefined;
    if (!found) throw new Error('not yet');
    return found;
  });
  const link = new URL(/https?:\/\/\S+\/places\/\S+/.exec(mail.text)![0]);

  const j = await startJourney(browser, p, { as: null });
  const { page } = j;
  try {
    await page.goto(`${p.url}${link.pathname}${link.search}`); // arrives by email: the shift question's link, read from the mailbox above
    await page.getByRole('heading', { name: 'Are you still coming?', level: 2 }).waitFor();
    await page.getByText(/^Lunch Club, /).waitFor();
    await expectAccessible(page, 'are you still coming? (a shift)');
    await j.click(page.getByRole('button', { name: 'No, I can no longer come' }));
    await page.getByText('Thank you for letting us know').waitFor();
    await page.getByText('We have told the coordinator, and your place on the shift is open to another volunteer.').waitFor();
    await expectAccessible(page, 'answered no (a shift)');
    expect(j.errors).toEqual([]);
  } finally {
    await j.context.close();
  }
  expect((await p.op('getShift', { params: { shiftId: vol.shiftId }, token: coordinator })).body.openPlaces).toBe(2);
  expect((await p.op('getMyVolunteering', { token: vol.token })).body.upcomingShifts.map((s) => s.shiftId)).not.toContain(vol.shiftId);
  await p.stream.idle();
  await eventually(async () => {
    const told = (await p.op('devMailbox', { query: { toUserId: demoIds.users.coordinator } })).body.items.filter(
      (m: { kind: string; text: string }) => m.kind === 'volunteer-shift.withdrawn' && m.text.includes('answered no'),
    );
    expect(told).toHaveLength(1);
  });
});

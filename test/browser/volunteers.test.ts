/**
 * The volunteering pages in headless Chromium against the real platform with the demo data:
 * a volunteer signs up for a shift, withdraws, is refused a shift their expiring DBS check will not cover,
 * and logs hours; a coordinator approves the waiting application, reads the rota's gaps and the checks due,
 * and approves the hours; a resident finds a role and applies. axe-core scans every page (with errors
 * showing on the forms) and every page the journeys reach fits a 320px-wide screen.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBankHoliday } from '../../functions/lib/holidays';
import { addDays, londonToday } from '../../functions/lib/london';
import { paths } from '../../functions/lib/paths';
import { demoIds } from '../../functions/local/seed/ids';
import { expectNoAxeViolations, horizontalOverflow, seriousErrors } from '../helpers/browser';
import { arrive, closeSuite, type DemoPerson, desktop, openSuite, phone, settled, startJourney } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';

const { users, hubs } = demoIds;

describe('the volunteering pages', { timeout: 90_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const roleIds: Record<string, string> = {};

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
    const roles = await platform.call('GET', '/api/volunteer-roles?limit=100');
    for (const r of roles.body.items) roleIds[r.title] = r.roleId;
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser, contexts }));

  /** Open a page by its address, signed in as `email` or signed out: a check of each page itself, not a journey. */
  async function open(path: string, email?: string, viewport = desktop): Promise<{ page: Page; errors: string[] }> {
    const arrived = await arrive(browser, platform, path, { ...(email ? { email } : {}), viewport });
    contexts.push(arrived.context);
    return arrived;
  }

  /** Signed in from the home page by clicks, then one more click to the page the journey starts on. */
  async function journey(as: DemoPerson, first: (page: Page) => ReturnType<Page['getByRole']>): Promise<{ page: Page; errors: string[] }> {
    const j = await startJourney(browser, platform, { as });
    contexts.push(j.context);
    await j.page.getByRole('heading', { level: 1 }).waitFor();
    await settled(j.page);
    await j.click(first(j.page));
    await j.page.getByRole('heading', { level: 1 }).waitFor();
    return { page: j.page, errors: j.errors };
  }

  /** SCREENSHOTS=dir saves a full-page picture, for checking the pages by eye. */
  const shot = async (page: Page, name: string, fullPage = true) => {
    if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/${name}.png`, fullPage });
  };
  const h1 = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();

  /**
   * The page the journey is on, at a 320px-wide screen: no sideways scrolling and (where the layout changes
   * most) nothing axe finds; then back to desktop width for the rest of the journey.
   */
  const onAPhone = async (page: Page, name: string, { axe = false } = {}) => {
    await page.setViewportSize(phone);
    await settled(page);
    expect(await horizontalOverflow(page), `sideways scroll on ${name} at 320px`).toBe(0);
    if (axe) await expectNoAxeViolations(page);
    await shot(page, `320-${name}`, false);
    await page.setViewportSize(desktop);
  };

  it('volunteer: sees their shifts, signs up for an open shift, withdraws, is told why an expired check stops a shift, and logs hours', async () => {
    const { page, errors } = await journey('volunteer', (pg) => pg.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Volunteering' }));
    await expect.poll(() => h1(page)).toBe('Your volunteering');
    await settled(page);
    const mine = page.locator('ul[aria-labelledby="upcoming"] > li');
    await expect.poll(() => mine.count()).toBe(2);
    const titles = (await mine.locator('h3').allTextContents()).sort();
    expect(titles).toEqual(['Friday community café', 'Thursday shopping run']);
    // checks due: the enhanced DBS expires in 25 days
    await expect.poll(() => page.getByText(/Enhanced DBS check expires on/).count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByRole('heading', { name: 'Your hours' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await shot(page, 'volunteer-page');
    await onAPhone(page, 'your-volunteering', { axe: true });

    // sign up for the next open café shift
    const cafeButtons = page.getByRole('button', { name: /^Sign up for Friday community café, .* as café host$/ });
    const before = await cafeButtons.count();
    expect(before).toBeGreaterThan(0);
    const name = (await cafeButtons.first().textContent())!;
    await cafeButtons.first().click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You are signed up for Friday community café' }).count()).toBe(1);
    await settled(page);
    await expect.poll(() => mine.count()).toBe(3);
    await expect.poll(() => cafeButtons.count()).toBe(before - 1);

    // and withdraw from it again
    const when = name.replace(/^Sign up for Friday community café, /, '').replace(/ as café host$/, '');
    await page.getByRole('button', { name: `Withdraw from Friday community café, ${when}` }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You have withdrawn from Friday community café' }).count()).toBe(1);
    await settled(page);
    await expect.poll(() => mine.count()).toBe(2);
    const signUps = await platform.call('GET', '/api/volunteering/me', { token: await platform.tokenFor('volunteer@example.org') });
    expect(signUps.body.upcomingShifts).toHaveLength(2);

    // a shopping run after the enhanced DBS check expires: "Sign up" is not offered; the card says why and what to do
    const lastRun = page.getByRole('listitem').filter({ hasText: 'Thursday shopping run' }).last();
    await expect.poll(() => lastRun.textContent()).toMatch(/Your enhanced DBS check expires on .*, before this shift, so you cannot take it until the check is renewed/);
    expect(await lastRun.getByRole('button', { name: /^Sign up/ }).count()).toBe(0);
    const words = (await lastRun.textContent())!;
    expect(words).toContain('Ask the coordinator for Community driver to arrange it');
    await expectNoAxeViolations(page);
    await shot(page, 'volunteer-refused');

    // log hours: errors first, then for real
    await page.getByRole('link', { name: 'Log hours' }).click();
    await expect.poll(() => h1(page)).toBe('Log your hours');
    await settled(page);
    await page.getByRole('button', { name: 'Log hours' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('Select the role you helped in');
    expect(await summary.textContent()).toContain('Enter the date you helped');
    expect(await summary.textContent()).toContain('Enter how many hours you helped for');
    await expect.poll(() => page.title()).toBe('Error: Log your hours – Common Ground');
    await expectNoAxeViolations(page);
    await shot(page, 'log-hours-errors');
    await onAPhone(page, 'log-hours');

    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
    const [y, m, d] = today.split('-');
    await page.getByLabel('Café host').check({ force: true });
    await page.locator('#date').fill(String(Number(d)));
    await page.locator('#date-month').fill(String(Number(m)));
    await page.locator('#date-year').fill(y!);
    await page.getByLabel('How many hours?').fill('2.5');
    await page.getByLabel('What did you do? (optional)').fill('Set up the café for the quiz night');
    await page.getByRole('button', { name: 'Log hours' }).click();
    await page.waitForURL(`${platform.url}/volunteering`);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You logged 2.5 hours' }).count()).toBe(1);
    await settled(page);
    await expect.poll(() => page.locator('.stat').filter({ hasText: 'Waiting for approval' }).textContent()).toContain('2.5 hours');
    expect(seriousErrors(errors)).toEqual([]);
  });

  it("coordinator: approves the resident's application in the queue, sees the rota with gaps, the checks due, and approves hours", async () => {
    const { page, errors } = await journey('coordinator', (pg) => pg.getByRole('link', { name: /^1 volunteer application$/ }));
    await expect.poll(() => h1(page)).toBe('Volunteer applications');
    await onAPhone(page, 'applications', { axe: true });
    await settled(page);
    const rosa = page.getByRole('link', { name: /^Rosa Bennett\s*,\s*Walk leader$/ });
    await expect.poll(() => rosa.count()).toBe(1);
    await expectNoAxeViolations(page);

    await rosa.click();
    await expect.poll(() => h1(page)).toBe('Rosa Bennett: Walk leader');
    await settled(page);
    expect(await page.getByText('I walk every day and would love company.').count()).toBe(1);
    await expectNoAxeViolations(page);
    await shot(page, 'review-application');
    await onAPhone(page, 'application');
    await page.getByRole('button', { name: 'Send decision' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Select what you want to do with this application');
    await expectNoAxeViolations(page);
    await page.getByLabel('Decline').check({ force: true });
    await page.getByRole('button', { name: 'Send decision' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter why you cannot offer Rosa the role');
    await expectNoAxeViolations(page);
    await page.getByLabel('Approve').check({ force: true });
    await page.getByRole('button', { name: 'Send decision' }).click();
    await page.waitForURL(/\/volunteering\/applications\?hubId=/);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You approved Rosa Bennett as walk leader. We have emailed them.' }).count()).toBe(1);
    await settled(page);
    await expect.poll(() => page.getByText('There are no applications waiting.').count()).toBe(1);
    const app = await platform.call('GET', `/api/volunteer-roles/${roleIds['Walk leader']}/applications/${users.resident}`, { token: await platform.tokenFor('resident@example.org') });
    expect(app.body.status).toBe('approved');

    // the rota: every seeded shift has places to fill, highlighted
    await page.getByRole('navigation', { name: 'Managing volunteers' }).getByRole('link', { name: 'Shift rota' }).click();
    await expect.poll(() => h1(page)).toBe('Shift rota');
    await settled(page);
    await expect
      .poll(() =>
        page
          .getByRole('status')
          .filter({ hasText: /^\d+ places? still to fill\.$/ })
          .count(),
      )
      .toBe(1);
    const gapRows = await page.locator('tr.rota-gap').count();
    expect(gapRows).toBeGreaterThan(10);
    await shot(page, 'rota');
    await onAPhone(page, 'rota', { axe: true });
    expect(await page.locator('tr.rota-gap').first().textContent()).toMatch(/\d+ places?/);
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Show only shifts with places to fill' }).click();
    await settled(page);
    expect(await page.locator('tbody tr:not(.rota-gap)').count()).toBe(0);

    // adding a shift: the form's errors, then a weekly shift that appears on the rota
    await page.getByRole('link', { name: 'Add a shift' }).click();
    await expect.poll(() => h1(page)).toBe('Add a shift');
    await settled(page);
    await page.getByRole('button', { name: 'Add shift' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Enter a name for the shift');
    await expect.poll(() => page.title()).toBe('Error: Add a shift – Common Ground');
    await expectNoAxeViolations(page);
    await shot(page, 'new-shift-errors');
    await onAPhone(page, 'add-a-shift');
    // a start at least 9 days ahead whose three weekly dates miss the bank holidays (the rota skips those) and
    // Sundays (Oak Road is closed: a shift then is refused)
    let first = addDays(londonToday(), 9);
    while (new Date(`${first}T12:00:00Z`).getUTCDay() === 0 || [0, 7, 14].some((d) => isBankHoliday(addDays(first, d)))) first = addDays(first, 1);
    const next = new Date(`${first}T12:00:00Z`);
    await page.getByLabel('Name of the shift').fill('Saturday garden tidy');
    await page.getByLabel('Where is it?').fill('Oak Road Centre garden');
    await page.locator('#date').fill(String(next.getUTCDate()));
    await page.locator('#date-month').fill(String(next.getUTCMonth() + 1));
    await page.locator('#date-year').fill(String(next.getUTCFullYear()));
    await page.getByLabel('Start time').fill('10:00');
    await page.getByLabel('End time').fill('12:00');
    await page.getByLabel('Yes, every week').check({ force: true });
    await page.getByLabel('For how many weeks?').fill('3');
    await page.getByLabel('Walk leader').fill('2');
    await page.getByRole('button', { name: 'Add shift' }).click();
    await page.waitForURL(/\/volunteering\/rota\?hubId=/);
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You added 3 weekly shifts: Saturday garden tidy.' }).count()).toBe(1);
    await settled(page);
    await expect.poll(() => page.getByRole('cell', { name: /Saturday garden tidy/ }).count()).toBe(3);

    // checks due: the volunteer's enhanced DBS check expiring, with a way to record the renewal
    await page.getByRole('navigation', { name: 'Managing volunteers' }).getByRole('link', { name: 'Checks due' }).click();
    await expect.poll(() => h1(page)).toBe('Checks due');
    await settled(page);
    const row = page.locator('tbody tr').filter({ hasText: 'Vikram Shah' }).filter({ hasText: 'Enhanced DBS check' });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('Expiring soon');
    await expectNoAxeViolations(page);
    await shot(page, 'checks-due');
    await onAPhone(page, 'checks-due', { axe: true });
    await row.getByRole('link', { name: /Record a check/ }).click();
    await expect.poll(() => h1(page)).toBe('Record a check');
    expect(await page.getByLabel('Enhanced DBS check').isChecked()).toBe(true);
    await onAPhone(page, 'record-a-check');
    await page.getByRole('button', { name: 'Record check' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Select the outcome of the check');
    await expectNoAxeViolations(page);

    // hours to approve: the 2.5 hours the volunteer logged
    // back to the checks due (the browser's Back button), then on to the hours waiting
    await page.goBack();
    await expect.poll(() => h1(page)).toBe('Checks due');
    await settled(page);
    await page.getByRole('navigation', { name: 'Managing volunteers' }).getByRole('link', { name: 'Hours to approve' }).click();
    await expect.poll(() => h1(page)).toBe('Hours to approve');
    await settled(page);
    const entry = page.locator('.card').filter({ hasText: 'Vikram Shah: 2.5 hours' });
    await onAPhone(page, 'hours-to-approve');
    await expect.poll(() => entry.count()).toBe(1);
    await expectNoAxeViolations(page);
    await entry.getByRole('button', { name: 'Approve', exact: true }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'You approved 2.5 hours for Vikram Shah.' }).count()).toBe(1);
    await settled(page);
    await expect.poll(() => page.getByText('There are no hours waiting for approval.').count()).toBe(1);
    expect(seriousErrors(errors)).toEqual([]);
  });

  it('resident: finds a role by day, reads what a DBS check is, and applies (under 18: told a parent must consent)', async () => {
    const { page, errors } = await journey('resident', (pg) => pg.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Volunteer roles' }));
    await expect.poll(() => h1(page)).toBe('Volunteer roles');
    await settled(page);
    await expect.poll(() => page.getByRole('heading', { name: /roles open$/ }).textContent()).toBe('6 roles open');
    await expectNoAxeViolations(page);
    await shot(page, 'roles');
    await onAPhone(page, 'roles', { axe: true });

    await page.getByLabel('Day').selectOption('wed');
    await page.getByRole('button', { name: 'Show roles' }).click();
    await settled(page);
    await expect.poll(() => page.getByRole('heading', { name: /match$/ }).textContent()).toBe('2 roles match');
    await page.getByLabel('Where').selectOption(hubs.oakRoadCentre);
    await page.getByRole('button', { name: 'Show roles' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /matches$/ }).textContent()).toBe('1 role matches');
    await page.getByRole('link', { name: 'Digital inclusion helper' }).click();

    await expect.poll(() => h1(page)).toBe('Digital inclusion helper');
    await settled(page);
    await page.getByText('What is a DBS check?').click();
    await expect.poll(() => page.getByText('You do not need to arrange it yourself and it is free for volunteers.', { exact: false }).isVisible()).toBe(true);
    expect(await page.getByText('If you are under 18, a parent or guardian will need to give their consent').count()).toBe(1);
    await expectNoAxeViolations(page);
    await shot(page, 'role');
    await onAPhone(page, 'role');

    await page.getByRole('link', { name: 'Apply for this role' }).click();
    await expect.poll(() => h1(page)).toBe('Apply to be a digital inclusion helper');
    await onAPhone(page, 'apply');
    // the demo resident gave a date of birth when she first applied: it is held, not asked again; she corrects it
    await page.getByRole('button', { name: 'This is wrong' }).click();
    await page.getByRole('button', { name: 'Send application' }).click();
    const summary = page.getByRole('alert');
    await expect.poll(() => summary.textContent()).toContain('Enter when you are free to help');
    expect(await summary.textContent()).toContain('Enter your date of birth');
    await expectNoAxeViolations(page);
    await summary.getByRole('link', { name: 'Enter your date of birth' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('dateOfBirth');

    const seventeen = new Date().getUTCFullYear() - 17;
    await page.getByLabel('When are you free to help?').fill('Wednesday afternoons after college');
    await page.getByLabel('Wednesday').check({ force: true });
    await page.getByLabel('Why would you like to do this role?').fill('I help my gran with her tablet and enjoy it.');
    await page.locator('#dateOfBirth').fill('1');
    await page.locator('#dateOfBirth-month').fill('1');
    await page.locator('#dateOfBirth-year').fill(String(seventeen));
    await expect.poll(() => page.getByText('A parent or guardian needs to agree').count()).toBe(1);
    await expectNoAxeViolations(page);
    await shot(page, 'apply-under-18');
    await page.getByRole('button', { name: 'Send application' }).click();
    await expect.poll(() => h1(page)).toBe('Application sent');
    expect(await page.getByText("Because you are under 18, they will also need your parent or guardian's consent").count()).toBe(1);
    await expectNoAxeViolations(page);

    const mine = await platform.call('GET', '/api/volunteer-applications', { token: await platform.tokenFor('resident@example.org') });
    const applied = mine.body.items.find((a: { roleId: string }) => a.roleId === roleIds['Digital inclusion helper']);
    expect(applied).toMatchObject({ status: 'submitted', under18: true, days: ['wed'] });
    expect(seriousErrors(errors)).toEqual([]);
  });

  it('asks signed-out people to sign in on the pages that need it', async () => {
    // both arrive by email: the shift reminders link to the volunteer's page, the application alerts to the queue
    for (const path of [paths.volunteeringMe(), paths.volunteerApplications()]) {
      const { page } = await open(path);
      await settled(page);
      await expect.poll(() => page.getByRole('main').getByRole('link', { name: 'Sign in' }).count()).toBe(1);
      await expectNoAxeViolations(page);
      await page.context().close();
    }
  });
});

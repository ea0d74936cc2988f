/**
 * A link worker's journey, by clicks from the front door: a new referral for someone who phoned (consent
 * recorded with who gave it and when), a plan agreed and a place booked from it; a case note with its writer
 * and time; a contact attempt; a follow-up date that puts the case on the "due today" list; "what matters"
 * changed, the earlier words kept. Outcomes checked on screen and through the API; axe finds nothing on any
 * page visited, at desktop and 320px.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoActivities } from '../../functions/local/seed/directory';
import { demoIds } from '../../functions/local/seed/ids';
import { londonDate } from '../../functions/sessions/rules';
import { choice, expectAccessible } from '../helpers/accessible';
import { closeSuite, openSuite, startJourney } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';

const lunchClub = demoActivities.find((a) => a.title === 'Lunch Club')!;

describe('a link worker refers someone who phoned, books them a place and follows up, by clicks', { timeout: 300_000 }, () => {
  let p: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    ({ platform: p, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform: p, browser }));

  it('makes the referral and books a place from the plan in twelve clicks or fewer, then notes, follows up and updates what matters', async () => {
    const j = await startJourney(browser, p, { as: 'linkworker' });
    const page = j.page;
    try {
      await expectAccessible(page, 'home, signed in');
      await j.click(page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Referrals' }));
      await page.getByRole('heading', { name: 'How your caseload is going' }).waitFor();
      await page.getByText('Overdue: not contacted yet').first().waitFor();
      await expectAccessible(page, 'caseload');
      await j.click(page.getByRole('link', { name: 'New referral' }));
      await page.getByRole('heading', { level: 1, name: 'New referral' }).waitFor();
      await page.getByRole('checkbox', { name: 'Social isolation' }).waitFor();
      await expectAccessible(page, 'new referral');

      await j.click(choice(page, 'They phoned us, or came in'));
      await page.getByLabel('Full name').fill('Mabel Ashworth');
      await page.getByLabel('Phone number').fill('07700 900358');
      await j.click(choice(page, 'Phone call'));
      await j.click(choice(page, 'Social isolation'));
      await page.getByLabel('What matters to them').fill('Since my husband died the days are very quiet. I would like a hot meal with other people.');
      await j.click(choice(page, 'The person themself'));
      await j.click(choice(page, 'The groups running the activities they go to'));
      await j.click(page.getByRole('button', { name: 'Make the referral' }));
      await page.getByRole('heading', { level: 1, name: 'Mabel Ashworth' }).waitFor();
      const made = (await page.getByText(/Referral made\. Its reference is/).textContent())!;
      const reference = made.match(/reference is (\S+)\./)![1]!;
      await expectAccessible(page, 'the referral, just made');

      await j.click(choice(page, 'Lunch Club'));
      await j.click(page.getByRole('button', { name: 'Save the plan' }));
      const book = page.getByRole('button', { name: /^Book a place/ }).first();
      await book.waitFor();
      await j.click(book);
      await page.getByText(/^Place booked: Lunch Club, /).waitFor();
      expect(j.clicks, 'clicks for a new referral for someone who phoned, booked onto an activity').toBeLessThanOrEqual(12);
      console.log(`clicks for "new referral for a person who phoned, booked onto an activity": ${j.clicks}`);
      await expectAccessible(page, 'the referral, booked');

      const lw = j.token!;
      const list = (await p.call('GET', '/api/referrals', { token: lw })).body.items as { id: string; reference: string }[];
      const id = list.find((r) => r.reference === reference)!.id;
      const read = async () => (await p.call('GET', `/api/referrals/${id}`, { token: lw })).body;
      let r = await read();
      expect(r).toMatchObject({ status: 'connected', source: 'self', reasons: ['social-isolation'], plan: [{ activityId: lunchClub.id }] });
      expect(r.bookings).toEqual([expect.objectContaining({ activityId: lunchClub.id, reservationStatus: 'confirmed' })]);
      expect(r.personal.consent).toMatchObject({ givenBy: 'person', sharing: ['link-worker-team', 'activity-providers'], recordedBy: demoIds.users.linkworker });
      expect(londonDate(new Date(r.personal.consent.givenAt))).toBe(londonDate(new Date()));

      // a case note, with who wrote it and when
      await page.getByLabel('New note').fill('Her son drives her on Thursdays; she would like a seat near the door.');
      await j.click(page.getByRole('button', { name: 'Add the note' }));
      await page.getByText('Note added.').waitFor();
      await page
        .locator('#notes')
        .locator('..')
        .getByText(/^Lena Kowalski, /)
        .waitFor();

      // a contact attempt, and a follow-up date for today, which puts the case on the due-today list
      const contact = page.getByRole('region', { name: 'Contact and follow-up' });
      await j.click(choice(contact, 'Text message'));
      await j.click(choice(contact, 'Sent'));
      await j.click(page.getByRole('button', { name: 'Log the attempt' }));
      await page.getByText('Contact attempt logged.').waitFor();
      const [year, month, day] = londonDate(new Date()).split('-');
      const followUp = page.getByRole('group', { name: 'When to get back to them' });
      await followUp.getByLabel('Day').fill(String(Number(day)));
      await followUp.getByLabel('Month').fill(String(Number(month)));
      await followUp.getByLabel('Year').fill(year!);
      await j.click(page.getByRole('button', { name: 'Set the follow-up date' }));
      await page.getByText(/^Follow-up set for /).waitFor();

      // what matters, changed: the earlier words are kept with who wrote them
      await j.click(page.getByText('Change what matters to Mabel'));
      await page.getByLabel('What matters to them, in their words').fill('A hot meal with other people, and someone to talk to about gardening.');
      await j.click(page.getByRole('button', { name: 'Save what matters' }));
      await page.getByText('What matters to them is updated. The earlier words are kept below.').waitFor();
      await page.getByRole('heading', { name: 'Earlier words' }).waitFor();
      await expectAccessible(page, 'the referral, followed up');

      // how she wants to hear from us, and what helps her read it (the Accessible Information Standard)
      const comms = page.getByRole('region', { name: 'How to contact them, and their needs' });
      await j.click(choice(comms, 'A phone call from someone at the hub'));
      await j.click(choice(comms, 'Large print'));
      await j.click(comms.getByRole('button', { name: 'Save how to contact them' }));
      await page.getByText('Saved. We will contact them this way from now on.').waitFor();
      await page.getByText('A phone call from someone at the hub', { exact: true }).first().waitFor();
      await expectAccessible(page, 'the referral, communication needs recorded');

      r = await read();
      expect(r.personal.notes).toEqual([expect.objectContaining({ text: 'Her son drives her on Thursdays; she would like a seat near the door.', byName: 'Lena Kowalski' })]);
      expect(r.timeline.find((e: { kind: string }) => e.kind === 'contact')?.detail).toBe('Text message: sent');
      expect(r).toMatchObject({ followUpOn: londonDate(new Date()), followUpDue: true });
      expect(r.personal.whatMattersHistory).toEqual([
        expect.objectContaining({ text: 'Since my husband died the days are very quiet. I would like a hot meal with other people.', byName: 'Lena Kowalski' }),
      ]);
      expect(r.personal.person.communication).toEqual({ channel: 'phone', needs: ['large-print'], recorded: true });

      await j.click(page.getByRole('link', { name: 'Back to referrals' }));
      const due = page.getByRole('list', { name: 'Due today' });
      await due.getByRole('link', { name: 'Mabel Ashworth' }).waitFor();
      await due.getByRole('listitem').filter({ hasText: 'Mabel Ashworth' }).getByText('Communication needs').first().waitFor();
      await expectAccessible(page, 'caseload, due today');

      // bad input: each mistake beside its question and at the top, in the order of the questions; nothing written
      const before = ((await p.call('GET', '/api/referrals?includeClosed=true', { token: lw })).body.items as unknown[]).length;
      await j.click(page.getByRole('link', { name: 'New referral' }));
      await page.getByLabel('Full name').fill('Norman Nodate');
      const consentDate = page.getByRole('group', { name: 'When did they agree?' });
      await consentDate.getByLabel('Year').fill(String(Number(year) + 1));
      await j.click(page.getByRole('button', { name: 'Make the referral' }));
      const summary = page.getByRole('alert');
      await summary.waitFor();
      expect(await summary.getByRole('link').allTextContents()).toEqual([
        'Choose how the referral reached you',
        'Enter a phone number or an email address, so you can contact them',
        'Choose how they would like to be contacted',
        'Choose at least one thing they would like help with',
        'Write what matters to them, in their words',
        'Choose who agreed to the referral',
        'The date they agreed must be today or in the past',
      ]);
      expect(await page.locator('#consent-givenAt-error').textContent()).toContain('The date they agreed must be today or in the past');
      await expectAccessible(page, 'new referral, with mistakes');
      expect(((await p.call('GET', '/api/referrals?includeClosed=true', { token: lw })).body.items as unknown[]).length).toBe(before);
      expect(j.errors).toEqual([]);
    } finally {
      await j.context.close();
    }
  });
});

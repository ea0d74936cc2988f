/**
 * A signed-in resident asks for support, by clicks from the front door: the menu and the home page both have
 * "Ask for support"; the form is filled in from their profile; mistakes are listed at the top in the order of
 * the questions, each linked to its question; the phone number they type is kept (on their record and the
 * referral); one short reference on the confirmation page, in the email, in the link workers' queue and on
 * their list of requests. axe finds nothing on any page visited, at desktop and 320px.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { listMailbox } from '../../functions/messages/data';
import { detailsKey, personKey } from '../../functions/referrals/data';
import { choice, expectAccessible } from '../helpers/accessible';
import { closeSuite, openSuite, startJourney } from '../helpers/journey';
import { eventually, type TestPlatform } from '../helpers/platform';

describe('a signed-in resident asks for support, by clicks', { timeout: 300_000 }, () => {
  let p: TestPlatform;
  let browser: Browser;

  beforeAll(async () => {
    ({ platform: p, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform: p, browser }));

  const raw = async (key: Record<string, string>) => (await p.deps.db.doc.send(new GetCommand({ TableName: p.deps.db.tableName, Key: key, ConsistentRead: true }))).Item;

  it('keeps "Ask for support" in the menu and on the home page, fills in what it knows, and gives one reference everywhere', async () => {
    const j = await startJourney(browser, p, { as: 'resident' });
    const page = j.page;
    try {
      await expectAccessible(page, 'home, signed in');
      const menu = page.getByRole('navigation', { name: 'Menu' });
      expect(await menu.getByRole('link', { name: 'Ask for support', exact: true }).count()).toBe(1);
      expect(await page.getByRole('main').getByRole('link', { name: 'Ask for support', exact: true }).count()).toBe(1);
      await j.click(menu.getByRole('link', { name: 'Ask for support', exact: true }));
      await page.getByRole('heading', { level: 1, name: 'Ask for support' }).waitFor();
      await page.getByRole('checkbox', { name: 'Carers' }).waitFor();
      await expect.poll(() => page.getByLabel('Your name').inputValue()).toBe('Rosa Bennett');
      expect(await page.getByLabel('Email address (if you would like an email)').inputValue()).toBe('resident@example.org');
      await expectAccessible(page, 'ask for support, filled in');

      // mistakes first: listed at the top in the order of the questions, each linking to its question
      await page.getByLabel('Your name').fill('');
      await j.click(choice(page, 'Phone call'));
      await j.click(page.getByRole('button', { name: 'Send my request' }));
      const summary = page.getByRole('alert');
      await summary.waitFor();
      expect(await summary.getByRole('link').allTextContents()).toEqual([
        'Enter your name',
        'Enter a phone number, so we can call or text you',
        'Tell us a little about what would help',
        'Tick the box to say you agree, so we can help you',
      ]);
      await expect.poll(() => page.title()).toMatch(/^Error: /);
      await expectAccessible(page, 'ask for support, with mistakes');
      await j.click(summary.getByRole('link', { name: 'Enter a phone number, so we can call or text you' }));
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('phone');

      await page.getByLabel('Your name').fill('Rosa Bennett');
      await page.getByLabel('Phone number (if you would like a call or text)').fill('07700 900246');
      await page.getByLabel('What would help you?').fill('Caring for Mum takes all my time. I would like to meet other carers, and have a break now and then.');
      await j.click(choice(page, 'Carers'));
      await j.click(choice(page, 'I agree to a link worker using this to contact and help me'));
      await j.click(page.getByRole('button', { name: 'Send my request' }));
      await page.getByRole('heading', { level: 1, name: 'We have your request' }).waitFor();
      const reference = (await page.locator('.panel-body strong').textContent())!;
      expect(reference).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
      await expectAccessible(page, 'request sent');

      // the same reference in the link workers' queue, with the phone number kept on the record and the referral
      const lw = await p.tokenFor('linkworker@example.org');
      const queued = ((await p.call('GET', '/api/referrals?scope=unassigned', { token: lw })).body.items as { id: string; reference: string }[]).find((r) => r.reference === reference);
      expect(queued).toBeDefined();
      expect((await raw(personKey(demoIds.users.resident)))?.phone).toBe('07700 900246');
      expect((await raw(detailsKey(queued!.id)))?.contact).toMatchObject({ phone: '07700 900246' });
      // and in the email
      await p.stream.idle();
      const mail = await eventually(async () => {
        const found = (await listMailbox(p.deps.db)).find((m) => m.kind === 'referral.received' && m.text.includes(reference));
        if (!found) throw new Error('not yet');
        return found;
      });
      expect(mail.address).toBe('resident@example.org');

      // and on their list of requests, from the home page's entry
      await j.click(page.getByRole('banner').getByRole('link', { name: 'Common Ground' }));
      await j.click(page.getByRole('main').getByRole('link', { name: 'Ask for support', exact: true }));
      await page.getByText(`Reference ${reference}`).waitFor();
      await expectAccessible(page, 'ask for support, with earlier requests');
      expect(j.errors).toEqual([]);
    } finally {
      await j.context.close();
    }
  });
});

/**
 * "Near me" (issue 21, point 2) in headless Chromium against the real platform with the demo data, from the
 * front door by clicks: a resident finds activities near a postcode of the demo area, nearest first with how
 * far each is; a postcode the directory does not know is said beside the field and in the error summary;
 * "Use my location" says plainly when the browser is not allowed to share it, and searches from where the
 * resident is when it is. axe-core scans each state at desktop width and at 320 px.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPostcodes } from '../../functions/local/seed/postcodes';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { closeSuite, type Journey, openSuite, phone, startJourney } from '../helpers/journey';
import { clickMenuLink } from '../helpers/menu';
import type { TestPlatform } from '../helpers/platform';

describe('finding activities near me', { timeout: 90_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser, contexts }));

  async function findActivities(opts: { phone?: boolean } = {}): Promise<Journey> {
    const j = await startJourney(browser, platform, { as: null, ...(opts.phone ? { viewport: phone } : {}) });
    contexts.push(j.context);
    await clickMenuLink(j, 'Find activities');
    await j.page.getByRole('heading', { level: 1, name: 'Find activities' }).waitFor();
    return j;
  }

  /** The results' titles and the miles each says it is away. */
  async function results(j: Journey): Promise<{ title: string; miles: number }[]> {
    await j.page.locator('.activity-distance').first().waitFor();
    return j.page.locator('.activity').evaluateAll((items) =>
      items.map((li) => {
        const words = li.querySelector('.activity-distance')?.textContent ?? '';
        return { title: li.querySelector('.activity-title')?.textContent ?? '', miles: words.startsWith('Less than') ? 0 : Number(words.split(' ')[0]) };
      }),
    );
  }

  for (const [width, opts] of [
    ['desktop', {}],
    ['320 px', { phone: true }],
  ] as const) {
    it(`shows the activities near a postcode nearest first, with how far each is (${width})`, async () => {
      const j = await findActivities(opts);
      await j.page.getByLabel('Postcode').fill('wf3 5lm'); // the canal towpath, at Westfield's edge
      await j.click(j.page.getByLabel('How far'));
      await j.page.getByLabel('How far').selectOption({ label: 'Within 2 miles' });
      await j.click(j.page.getByRole('button', { name: 'Show activities' }));
      await j.page.getByText('Nearest first, within 2 miles of WF3 5LM.').waitFor();
      const found = await results(j);
      expect(found[0]).toEqual({ title: 'Walk and Talk for Women', miles: 0 });
      expect(found.map((f) => f.miles)).toEqual([...found.map((f) => f.miles)].sort((a, b) => a - b));
      expect(found.length).toBeGreaterThan(3);
      expect(Math.max(...found.map((f) => f.miles))).toBeLessThanOrEqual(2);
      // Riverside, about 5 km away, is not within 2 miles
      expect(found.map((f) => f.title)).not.toContain('Mindful Walk in Riverside Park');
      expect(await j.page.getByText(/^(Less than 0\.1|\d+(\.\d)?) miles? away$/).count()).toBe(found.length);
      if (opts.phone) expect(await horizontalOverflow(j.page)).toBeLessThanOrEqual(0);
      await expectNoAxeViolations(j.page);
      expect(j.errors).toEqual([]);
    });
  }

  it('says beside the field and in the summary that a postcode is not one it knows', async () => {
    const j = await findActivities({ phone: true });
    await j.page.getByLabel('Postcode').fill('OL9 9ZZ');
    await j.click(j.page.getByRole('button', { name: 'Show activities' }));
    await j.page.getByRole('alert').waitFor();
    expect(await j.page.getByRole('alert').textContent()).toContain('Postcode: We do not know the postcode OL9 9ZZ');
    expect(await j.page.locator('#postcode-error').textContent()).toContain('We do not know the postcode OL9 9ZZ');
    expect(await j.page.getByLabel('Postcode').getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(j.page);
  });

  it('says plainly when the browser may not share the location, and searches from it when it may', async () => {
    const j = await findActivities();
    await j.context.clearPermissions();
    await j.click(j.page.getByRole('button', { name: 'Use my location' }));
    await j.page.getByText('You did not allow this site to use your location. Type your postcode instead.').waitFor();
    await expectNoAxeViolations(j.page);

    const library = demoPostcodes.find((x) => x.postcode === 'RV3 1EF')!; // Riverside Library
    await j.context.grantPermissions(['geolocation']);
    await j.context.setGeolocation({ latitude: library.lat, longitude: library.lng });
    await j.click(j.page.getByRole('button', { name: 'Use my location' }));
    await j.page.getByText('Nearest first, within 5 miles of your location.').waitFor();
    const found = await results(j);
    expect(found.map((f) => f.miles)).toEqual([...found.map((f) => f.miles)].sort((a, b) => a - b));
    expect(found[0]!.miles).toBeLessThan(0.2);
    expect(await j.page.getByText('Showing activities near your location.').count()).toBe(1);
    await expectNoAxeViolations(j.page);
    expect(j.errors).toEqual([]);
  });

  it('lets an admin import postcodes from a CSV file, showing progress and the rows left out by line', async () => {
    const j = await startJourney(browser, platform, { as: 'admin' });
    contexts.push(j.context);
    await j.click(j.page.getByRole('link', { name: 'Postcodes, for searches near a postcode' }));
    await j.page.getByRole('heading', { level: 1, name: 'Postcodes' }).waitFor();
    await j.click(j.page.getByRole('button', { name: 'Import postcodes' }));
    await j.page.getByRole('alert').waitFor();
    expect(await j.page.getByRole('alert').textContent()).toContain('Choose a CSV file of postcodes');
    await expectNoAxeViolations(j.page);

    // the ONS Postcode Directory's columns (a few of its dozens), quoted as it quotes them
    const csv = [
      '"pcd","pcd2","pcds","dointr","lat","long"',
      '"WF4 1AA","WF4  1AA","WF4 1AA","202001","53.5600","-2.1400"',
      '"WF4 1AB","WF4  1AB","WF4 1AB","202001","north","-2.1400"',
      '',
      '"WF4 1AD","WF4  1AD","WF4 1AD","202001","99.999999","0.000000"',
      '"WF4 1AE","WF4  1AE","WF4 1AE","202001","53.5610","-2.1410"',
    ].join('\r\n');
    await j.page.getByLabel('CSV file').setInputFiles({ name: 'postcodes.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await j.click(j.page.getByRole('button', { name: 'Import postcodes' }));
    await j.page.getByRole('heading', { name: 'Import finished' }).waitFor();
    expect(await j.page.getByRole('status').filter({ hasText: 'Imported' }).textContent()).toBe('Imported 2 postcodes from 4 of 4 rows.');
    const rows = await j.page.locator('table tbody tr').allTextContents();
    expect(rows).toEqual(['3The latitude and longitude of WF4 1AB must be numbers, like 53.5452 and -2.1104', '5WF4 1AD has no location in the directory (it may have closed)']);
    await expectNoAxeViolations(j.page);
    await j.page.setViewportSize(phone);
    expect(await horizontalOverflow(j.page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(j.page);

    // a search can start from an imported postcode at once
    await clickMenuLink(j, 'Find activities');
    await j.page.getByLabel('Postcode').fill('WF4 1AE');
    await j.click(j.page.getByRole('button', { name: 'Show activities' }));
    await j.page.getByText('Nearest first, within 5 miles of WF4 1AE.').waitFor();
    expect((await results(j)).length).toBeGreaterThan(0);
    expect(j.errors).toEqual([]);
  });
});

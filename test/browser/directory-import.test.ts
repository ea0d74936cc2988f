/**
 * Importing activities and organisations (issue 21, point 4) in headless Chromium against the real platform
 * with the demo data, from the front door by clicks: the admin finds the import page from their home page,
 * the template can be downloaded, a small CSV file is previewed (nothing written; a bad row is named by line,
 * column and what is wrong), imported, and the report says what was added. axe-core scans each state at
 * desktop width and at 320 px.
 */
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { closeSuite, openSuite, phone, startJourney } from '../helpers/journey';
import type { TestPlatform } from '../helpers/platform';

describe('importing activities and organisations', { timeout: 120_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    ({ platform, browser } = await openSuite());
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser, contexts }));

  it('lets an admin preview a CSV file made from the template, import it, and see what was added and what was not', async () => {
    const j = await startJourney(browser, platform, { as: 'admin' });
    contexts.push(j.context);
    await j.click(j.page.getByRole('link', { name: 'Import activities and organisations' }));
    await j.page.getByRole('heading', { level: 1, name: 'Import activities and organisations' }).waitFor();
    const template = j.page.getByRole('link', { name: 'Download the CSV template' });
    expect(await template.getAttribute('download')).toBe('directory-import-template.csv');
    expect(decodeURIComponent((await template.getAttribute('href'))!)).toContain('Organisation,Organisation description');
    await j.click(j.page.getByRole('button', { name: 'Preview the file' }));
    await j.page.getByRole('alert').waitFor();
    expect(await j.page.getByRole('alert').textContent()).toContain('Choose a CSV file made from the template');
    await expectNoAxeViolations(j.page);

    const csv = [
      'Organisation,Activity title,Activity description,Priorities,Hub,Cost,How people join,Places',
      'Riverside Ramblers,Riverside stroll,"A slow walk by the river, then tea.",Social isolation,Riverside Library,Free,Drop in,15',
      'Riverside Ramblers,Tea dance,"Dancing, tea and cake.",Knitting,Riverside Library,£2.00,Book a place,30',
    ].join('\r\n');
    await j.page.getByLabel('File to import').setInputFiles({ name: 'import.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await j.click(j.page.getByRole('button', { name: 'Preview the file' }));
    await j.page.getByRole('heading', { name: 'Preview' }).waitFor();
    expect(await j.page.getByRole('status').filter({ hasText: 'Nothing has changed yet' }).textContent()).toBe(
      'Nothing has changed yet. 1 to add, 0 to update, 0 already up to date, 1 cannot be imported.',
    );
    const preview = j.page.getByRole('table', { name: 'What each row will do' });
    expect(await preview.locator('tbody tr').allTextContents()).toEqual([
      '3Tea danceCannot be importedPriorities: “Knitting” is not a priority in the directory',
      '2Riverside strollWill be added (and its new organisation, Riverside Ramblers)',
    ]);
    await expectNoAxeViolations(j.page);
    await j.page.setViewportSize(phone);
    expect(await horizontalOverflow(j.page)).toBeLessThanOrEqual(0);
    await expectNoAxeViolations(j.page);

    await j.click(j.page.getByRole('button', { name: 'Import 1 row' }));
    await j.page.getByRole('heading', { name: 'Import finished' }).waitFor();
    expect(await j.page.getByRole('status').filter({ hasText: 'Added' }).textContent()).toBe('Added 1, updated 0, 0 already up to date, 0 not imported.');
    expect(await j.page.getByRole('table', { name: 'What each row did' }).locator('tbody tr').allTextContents()).toEqual(['2Riverside strollAdded (and its new organisation, Riverside Ramblers)']);
    await expectNoAxeViolations(j.page);
    await j.page.setViewportSize({ width: 1280, height: 900 });
    await expectNoAxeViolations(j.page);
    expect(j.errors).toEqual([]);

    // the activity is in the directory
    const found = await platform.call('GET', '/api/activities?q=Riverside%20stroll');
    expect(found.body.items.map((a: { title: string }) => a.title)).toContain('Riverside stroll');
  });
});

/**
 * Issue 17 in the browser: a person's own data from their account page (a readable page and a download),
 * asking for erasure; a partnership admin finding and erasing them from the People page; and signing out
 * leaving nothing on a shared device (the register's copies and queued marks, after sending them or warning,
 * the service worker's caches and the token). Journeys start at / and go by clicks; axe at desktop and 320px.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { addDays, londonDate } from '../../functions/sessions/rules';
import { attendanceFixtures } from '../helpers/attendance';
import { expectNoAxeViolations, horizontalOverflow } from '../helpers/browser';
import { closeSuite, type Journey, openSuite, phone, settled, startJourney } from '../helpers/journey';
import { startPlatform, type TestPlatform } from '../helpers/platform';

describe('privacy in the browser', { timeout: 120_000 }, () => {
  let p: TestPlatform;
  let browser: Browser;
  const journeys: Journey[] = [];
  const ruth = { email: 'ruth.quill@example.org', name: 'Ruth Quill' };
  let ruthId: string;
  // the platform's clock: the real time, except while marks are sent from a shared device (a register opens
  // 30 minutes before its session starts), when it stands ten minutes before tomorrow's session
  const clock = manualClock(new Date());

  beforeAll(async () => {
    ({ platform: p, browser } = await openSuite(() => startPlatform({ seed: true, clock })));
  }, 900_000);
  afterAll(() => closeSuite({ platform: p, browser, contexts: journeys }));
  const journey = async (options: Parameters<typeof startJourney>[2]) => {
    const j = await startJourney(browser, p, options);
    journeys.push(j);
    return j;
  };
  const heading = (page: Page) => page.getByRole('heading', { level: 1 }).textContent();
  async function axeBothWidths(page: Page) {
    await expectNoAxeViolations(page);
    await page.setViewportSize(phone);
    await expectNoAxeViolations(page);
    expect(await horizontalOverflow(page)).toBe(0);
    await page.setViewportSize({ width: 1280, height: 900 });
  }

  it('lets a resident see and download their data and ask for it to be erased, from their account', async () => {
    const j = await journey({ as: null, email: ruth.email });
    ruthId = (await p.call('GET', '/api/me', { token: j.token })).body.userId;
    await j.click(j.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Your account' }));
    await expect.poll(() => heading(j.page)).toBe('Your account');
    await settled(j.page);
    await axeBothWidths(j.page);

    await j.click(j.page.getByRole('button', { name: 'See your data on this page' }));
    await j.page.getByRole('heading', { level: 3, name: /Profile \(1\)/ }).waitFor();
    expect(await j.page.getByText(ruth.email).count()).toBeGreaterThan(0);
    await axeBothWidths(j.page);

    const [download] = await Promise.all([j.page.waitForEvent('download'), j.click(j.page.getByRole('button', { name: 'Download your data' }))]);
    const saved = JSON.parse(await readFile((await download.path())!, 'utf8'));
    expect(saved.items.profile[0]).toMatchObject({ email: ruth.email, userId: ruthId });
    await j.page.getByText(/Your data is saved as common-ground-data-/).waitFor();

    await j.page.getByLabel('Anything you would like us to know (optional)').fill('I am moving away.');
    await j.click(j.page.getByRole('button', { name: 'Ask us to delete your data' }));
    await j.page.getByText('You have asked us to delete your data').waitFor();
    await axeBothWidths(j.page);
    const mine = await p.call('GET', '/api/erasure-requests/mine', { token: j.token });
    expect(mine.body.items[0]).toMatchObject({ status: 'requested', note: 'I am moving away.' });
    expect(j.clicks).toBeLessThanOrEqual(6);
  });

  it('lets a partnership admin find the person who asked and erase their data', async () => {
    const j = await journey({ as: 'admin' });
    await j.click(j.page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'People' }));
    await expect.poll(() => heading(j.page)).toBe('People and their data');
    await j.page.getByText(/Ruth Quill \(ruth\.quill@example\.org\) asked on/).waitFor();
    await axeBothWidths(j.page);
    await j.page.getByLabel('Why you are looking them up').fill('Erasure request from Ruth Quill');
    await j.click(j.page.getByRole('button', { name: 'Look up Ruth Quill' }));
    const found = j.page.getByRole('region', { name: 'Ruth Quill' });
    await found.getByText(/Profile: 1/).waitFor();
    await axeBothWidths(j.page);
    await j.click(found.getByRole('button', { name: 'Erase their data' }));
    await found.getByText('Confirm that you want to erase their data').first().waitFor();
    await found.getByRole('checkbox', { name: 'Erase everything we hold on Ruth Quill' }).check({ force: true });
    await j.click(found.getByRole('button', { name: 'Erase their data' }));
    await j.page.getByText('Their data is erased').waitFor();
    await axeBothWidths(j.page);

    const after = await p.call('GET', `/api/person-data?q=${ruthId}&reason=${encodeURIComponent('Check the erasure')}`, { token: j.token });
    expect(after.body.items[0]).toMatchObject({ personId: ruthId, hasAccount: false, erased: true });
    expect(await p.call('GET', '/api/erasure-requests', { token: j.token }).then((a) => a.body.items)).toEqual([]);
  });

  describe('signing out of a shared device', () => {
    let sessionId: string;
    let booked: { userId: string };

    beforeAll(async () => {
      const f = attendanceFixtures(p);
      const s = await f.session(addDays(londonDate(new Date()), 1));
      sessionId = s.id;
      booked = await f.named('dot.device@example.org', 'Dot Device');
      await f.book(booked as never, sessionId);
      clock.set(new Date(Date.parse(s.startsAt) - 10 * 60_000));
    });
    afterAll(() => clock.set(new Date()));

    /** What the register keeps on the device: a copy of a register and a mark waiting to be sent (as the register page leaves them). */
    async function leaveRegisterOnDevice(page: Page) {
      await page.evaluate(
        async ({ sessionId, personId }) => {
          const db = await new Promise<IDBDatabase>((resolve, reject) => {
            const open = indexedDB.open('commonground-register');
            open.onupgradeneeded = () => open.result.createObjectStore('kv');
            open.onsuccess = () => resolve(open.result);
            open.onerror = () => reject(open.error);
          });
          const tx = db.transaction('kv', 'readwrite');
          tx.objectStore('kv').put({ session: { id: sessionId }, people: [{ personId, name: 'Dot Device' }] }, `register:${sessionId}`);
          tx.objectStore('kv').put([{ kind: 'mark', markId: `d-${Date.now()}-device`, personId, role: 'resident', status: 'attended', markedAt: new Date().toISOString() }], `queue:${sessionId}`);
          await new Promise((r) => (tx.oncomplete = r));
          db.close();
          await (await caches.open('commonground-shell-v1')).put('/', new Response('<html>the app</html>'));
        },
        { sessionId, personId: booked.userId },
      );
    }
    async function whatIsLeft(page: Page) {
      return page.evaluate(async () => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const open = indexedDB.open('commonground-register');
          open.onupgradeneeded = () => open.result.createObjectStore('kv');
          open.onsuccess = () => resolve(open.result);
        });
        const keys = await new Promise<IDBValidKey[]>((resolve) => {
          const req = db.transaction('kv').objectStore('kv').getAllKeys();
          req.onsuccess = () => resolve(req.result);
        });
        db.close();
        return { stored: keys.length, caches: (await caches.keys()).filter((n) => n.startsWith('commonground-')).length, localStorage: localStorage.length };
      });
    }

    it('warns before losing marks it cannot send, then clears everything', async () => {
      const j = await journey({ as: 'coordinator' });
      await leaveRegisterOnDevice(j.page);
      await j.context.setOffline(true);
      await j.click(j.page.getByRole('button', { name: 'Sign out' }));
      await expect.poll(() => heading(j.page)).toBe('Marks not sent yet');
      await j.page.getByText('One mark from a register on this device has not been sent').waitFor();
      await axeBothWidths(j.page);
      await j.click(j.page.getByRole('button', { name: 'Sign out and lose it' }));
      await j.page.getByText('You have signed out.').waitFor();
      expect(await whatIsLeft(j.page)).toEqual({ stored: 0, caches: 0, localStorage: 0 });
      await j.context.setOffline(false);
    });

    it('sends marks waiting on the device before it signs out', async () => {
      const j = await journey({ as: 'coordinator' });
      await leaveRegisterOnDevice(j.page);
      await j.click(j.page.getByRole('button', { name: 'Sign out' }));
      await j.page.getByText('You have signed out.').waitFor();
      expect(await whatIsLeft(j.page)).toEqual({ stored: 0, caches: 0, localStorage: 0 });
      const register = await p.call('GET', `/api/registers/${sessionId}`, { token: await p.tokenFor('coordinator@example.org') });
      expect(register.body.people.find((x: { personId: string }) => x.personId === booked.userId).mark).toMatchObject({ status: 'attended' });
    });
  });
});

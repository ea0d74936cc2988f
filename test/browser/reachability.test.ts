/**
 * Every page is reached by clicking. For each role, sign in from the home page and follow links (clicking
 * them, then going back) until no new kind of page turns up; every page `web/src/routes.tsx` says is for that
 * role must have been reached. Pages that only open from an email or a code say so in routes.tsx (`arrives`).
 * On the way, the rendered HTML of every page opened is checked against the HTML standard: each address is
 * opened once and each kind of page at most a few times per role (see budget), and one kind of page can differ by
 * what it shows (a referral with a plan to choose had two elements with the id "plan").
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../functions/lib/actor';
import { londonDate, londonMidnight } from '../../functions/lib/london';
import { demoIds } from '../../functions/local/seed/ids';
import { pages } from '../../web/src/routes';
import { lunchClub } from '../helpers/attendance';
import { describeHtmlProblems, type HtmlProblem, htmlProblems } from '../helpers/html';
import { closeSuite, type DemoPerson, openSuite, settled, startJourney } from '../helpers/journey';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/** preact-iso patterns (`/activities/:id`) as regular expressions, most specific first */
const patterns = pages
  .map((p) => ({ path: p.path, re: new RegExp(`^${p.path.replace(/:[A-Za-z]+/g, '[^/]+')}/?$`) }))
  .sort((a, b) => b.path.split('/').filter((s) => !s.startsWith(':')).length - a.path.split('/').filter((s) => !s.startsWith(':')).length);

const patternOf = (pathname: string) => patterns.find((p) => p.re.test(pathname))?.path;

const meantFor = (role: Role | 'signed-out') => pages.filter((p) => p.who === 'everyone' || (Array.isArray(p.who) && p.who.includes(role))).map((p) => p.path);

/**
 * Pages not reachable by clicking for these roles, each with why. The test fails when a listed page becomes
 * reachable, so the list can only shrink. Empty: every page meant for a role is reached.
 */
const notYetReachable: Partial<Record<DemoPerson, string[]>> = {};

/**
 * How many different addresses of one kind of page the crawl opens: one for a fixed page, three for a page of
 * one thing (an activity, a role), since what it offers depends on the thing (a role you have applied for has
 * no Apply link, the next one does).
 */
const budget = (pattern: string) => (pattern.includes(':') ? 3 : 1);

/**
 * Clicks every same-site link to a kind of page still within its budget, depth first, returning to the page it
 * came from after each (each address is entered once and each kind of page a few times, so the depth stays
 * bounded). `onPage` is called on each page it opens (the home page too), once the page has settled.
 */
async function crawl(page: Page, onPage: (pattern: string) => Promise<void>, maxDepth = 50): Promise<Set<string>> {
  const reached = new Set<string>();
  const opened = new Map<string, number>();
  const seen = new Set<string>();
  const visit = async (depth: number) => {
    // a page's links come with its data: on a busy machine that can take longer than settled's usual 15 s
    await settled(page, 30_000);
    const here = patternOf(new URL(page.url()).pathname);
    if (here) {
      reached.add(here);
      await onPage(here);
    }
    if (depth >= maxDepth) return;
    const hrefs = await page.$$eval('a[href]', (as) => [...new Set(as.map((a) => a.getAttribute('href') ?? ''))]);
    if (process.env.CRAWL_DEBUG) console.log(depth, page.url(), hrefs.join(' '));
    for (const href of hrefs) {
      if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) continue;
      const url = new URL(href, page.url());
      const target = patternOf(url.pathname);
      if (!target || seen.has(url.pathname) || (opened.get(target) ?? 0) >= budget(target)) continue;
      seen.add(url.pathname);
      opened.set(target, (opened.get(target) ?? 0) + 1);
      const from = page.url();
      const link = page.locator(`a[href="${href.replace(/"/g, '\\"')}"]`).first();
      // a link inside a collapsed menu is still a link the person can open: click it through the DOM; a click
      // that did not take (a busy machine, the list drawn again meanwhile) is tried once more
      for (let attempt = 0; attempt < 2 && page.url() === from; attempt++) {
        await link.evaluate((a: HTMLAnchorElement) => a.click());
        await page.waitForURL((u) => u.pathname + u.search === href || u.href !== from, { timeout: 10_000 }).catch(() => undefined);
      }
      if (page.url() === from) {
        // still here: another page's link to it may yet be followed
        if (process.env.CRAWL_DEBUG) console.log('click did not navigate', from, href);
        seen.delete(url.pathname);
        opened.set(target, (opened.get(target) ?? 1) - 1);
        continue;
      }
      await visit(depth + 1);
      await page.goBack();
      await page.waitForURL(from, { timeout: 10_000 });
      await settled(page, 30_000);
    }
  };
  await visit(0);
  return reached;
}

describe('every page is reached by clicking from the home page', { timeout: 300_000 }, () => {
  let platform: TestPlatform;
  let browser: Browser;

  // the real time, except while a session earlier today is scheduled (see below)
  let offsetMs = 0;
  const clock = { now: () => new Date(Date.now() + offsetMs) };

  beforeAll(async () => {
    ({ platform, browser } = await openSuite(() => startPlatform({ seed: true, clock })));
    // A register is reached from the day's sessions, so the partner's organisation (Age Well) has one today,
    // whatever the day and hour the test runs: scheduled at 07:00 (before the hub opens, with the coordinator's
    // reason) while the clock stands just after midnight, so it is never in the past when made.
    const today = londonDate(new Date());
    const coordinator = await platform.tokenFor('coordinator@example.org');
    offsetMs = Date.parse(londonMidnight(today)) + 60_000 - Date.now();
    const early = await platform.op('scheduleSessions', {
      params: { activityId: lunchClub.id },
      token: coordinator,
      body: { startDate: today, startTime: '07:00', durationMinutes: 30, capacity: 5, outsideHoursReason: 'A register for the partner to reach, whatever the day' },
    });
    offsetMs = 0;
    expect(early.status, JSON.stringify(early.body)).toBe(201);
    // Lists link to their items only when there are some: the partner's organisation gets an application waiting
    // (Rosa asks to befriend) and a volunteer whose checks are due for it (Vikram, approved; his certificates were
    // recorded by the hub, so they do not count for Age Well's role).
    const befriender = (await platform.op('listRoles', { query: { limit: 100 } })).body.items.find((r) => r.title === 'Befriender')!.roleId;
    const apply = async (email: string) =>
      platform.op('applyForRole', { params: { roleId: befriender }, token: await platform.tokenFor(email), body: { availability: 'Weekday afternoons', statement: 'I like a good chat.' } });
    for (const email of ['resident@example.org', 'volunteer@example.org']) expect((await apply(email)).status).toBe(201);
    const approved = await platform.op('reviewApplication', {
      params: { roleId: befriender, volunteerId: demoIds.users.volunteer },
      token: await platform.tokenFor('partner@example.org'),
      body: { decision: 'approve' },
    });
    expect(approved.status).toBe(200);
    await platform.stream.idle();
  }, 900_000);

  afterAll(() => closeSuite({ platform, browser }));

  /** conformance problems in the rendered HTML of every page the crawls open, checked by the last test */
  const problems: HtmlProblem[] = [];
  const validate = (page: Page, who: string) => async (pattern: string) => {
    problems.push(...(await htmlProblems(await page.content(), `${pattern} (${who})`)));
  };

  it('lists, for every page no one clicks to, the email or code that opens it', () => {
    for (const p of pages) if (p.who === 'nobody') expect(p.arrives, p.path).toMatch(/\w/);
  });

  it.each(['resident', 'volunteer', 'coordinator', 'partner', 'linkworker', 'admin'] as DemoPerson[])('as a %s', async (who) => {
    const journey = await startJourney(browser, platform, { as: who });
    try {
      const reached = await crawl(journey.page, validate(journey.page, who));
      const missing = meantFor(who).filter((p) => !reached.has(p));
      expect(
        missing.filter((p) => !notYetReachable[who]?.includes(p)),
        `pages for a ${who} that no link leads to`,
      ).toEqual([]);
      expect(notYetReachable[who]?.filter((p) => reached.has(p)) ?? [], `now reachable: take them off notYetReachable`).toEqual([]);
    } finally {
      await journey.context.close();
    }
  });

  it('signed out, reaches every page meant for people not signed in', async () => {
    const journey = await startJourney(browser, platform, { as: null });
    try {
      const reached = await crawl(journey.page, validate(journey.page, 'signed out'));
      expect(meantFor('signed-out').filter((p) => !reached.has(p))).toEqual([]);
    } finally {
      await journey.context.close();
    }
  });

  it('renders every page it opened as HTML that conforms to the standard (html-validate)', () => {
    expect(describeHtmlProblems(problems), `${problems.length} problems`).toBe('');
  });
});

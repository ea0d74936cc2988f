/**
 * Section 5: what the directory page costs a phone: the JavaScript and CSS it loads (gzip), and its first and
 * largest contentful paint in headless Chromium under DevTools' "Slow 4G" network throttling, median of 5.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { createLogger } from '../../../functions/lib/log';
import { startPlatform } from '../../../functions/local/platform';
import { figure, median, notBuilt } from '../ops';
import type { BenchContext, Figure, Section } from '../types';

const maxFirstPageJsGzip = 60 * 1024;
const maxLcpMs = 2500;
/** Core Web Vitals' "good": cumulative layout shift under 0.1, the first results within LCP's 2.5 s. */
const maxCls = 0.1;
const maxResultsMs = 2500;

/** Chrome DevTools' "Slow 4G" preset (formerly "Fast 3G"), the one Lighthouse uses for mobile: per-request latency and throughput. */
export const slow4g = { latencyMs: 562.5, downloadBytesPerSecond: (1.6 * 1000 * 1000 * 0.9) / 8, uploadBytesPerSecond: (750 * 1000 * 0.9) / 8 };
const chromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface WebBuildModule {
  buildWeb(options: { minify?: boolean }): Promise<{ firstPageJsGzip: number; cssGzip: number }>;
  distDir: string;
}

const gzipSize = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

/** The files index.html loads before any code runs: its script and stylesheets and every static import of the script, transitively. */
export function staticFirstLoad(distDir: string): string[] {
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || !existsSync(join(distDir, file))) return;
    seen.add(file);
    if (!file.endsWith('.js')) return;
    const code = readFileSync(join(distDir, file), 'utf8');
    // static `import … from "./x.js"`, `export … from "./x.js"` and bare `import "./x.js"`; not import("…")
    for (const m of code.matchAll(/(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
      visit(relative(distDir, join(distDir, file, '..', m[1]!)));
    }
  };
  refs.forEach(visit);
  return [...seen];
}

/** The directory page: /activities once the directory's web pages exist (web/src/routes.tsx names it by paths.activities), the home page until then. */
function directoryPath(root: string): string {
  const routes = join(root, 'web/src/routes.tsx');
  return existsSync(routes) && /paths\.activities\.pattern|['"]\/activities['"]/.test(readFileSync(routes, 'utf8')) ? '/activities' : '/';
}

interface PageLoad {
  fcp: number | null;
  lcp: number | null;
  /** when the first result card was in the page: the content people came for, after the frame */
  results: number | null;
  /** cumulative layout shift: the largest session window of shifts (gaps under 1 s, at most 5 s), as Lighthouse counts it */
  cls: number;
  /** what shifted, biggest first (for finding the cause) */
  shifted: string[];
  files: string[];
}

type Paint = { fcp: number | null; lcp: number | null; results: number | null; shifts: { value: number; at: number; what: string }[] };

/** CLS from layout-shift entries: the worst session window (shifts less than 1 s apart, a window at most 5 s). */
export function clsOf(shifts: { value: number; at: number }[]): number {
  let worst = 0;
  let window = 0;
  let first = -Infinity;
  let last = -Infinity;
  for (const s of [...shifts].sort((a, b) => a.at - b.at)) {
    if (s.at - last > 1000 || s.at - first > 5000) {
      window = 0;
      first = s.at;
    }
    window += s.value;
    last = s.at;
    worst = Math.max(worst, window);
  }
  return worst;
}

/** The directory's list of results (web/src/pages/directory/find.tsx). */
const resultSelector = '.activity-list li';
/** An activity page's facts (web/src/pages/directory/activity.tsx): shown once the activity has loaded. */
const activitySelector = 'main dl.facts';

async function loadPage(browser: import('playwright-core').Browser, url: string, cpuSlowdown: number, selector = resultSelector): Promise<PageLoad> {
  const context = await browser.newContext({ viewport: { width: 412, height: 823 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: slow4g.latencyMs,
      downloadThroughput: slow4g.downloadBytesPerSecond,
      uploadThroughput: slow4g.uploadBytesPerSecond,
    });
    if (cpuSlowdown > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuSlowdown });
    await page.addInitScript((selector) => {
      const w = window as unknown as { __paint: Paint };
      w.__paint = { fcp: null, lcp: null, results: null, shifts: [] };
      // no named functions in here: tsx would wrap them in a helper the page does not have
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as unknown as { value: number; startTime: number; hadRecentInput: boolean; sources?: { node: Node | null }[] }[]) {
          if (!e.hadRecentInput)
            w.__paint.shifts.push({
              value: e.value,
              at: e.startTime,
              what: (e.sources ?? []).map((x) => (x.node instanceof Element ? `${x.node.tagName.toLowerCase()}.${[...x.node.classList].join('.')}` : String(x.node?.nodeName))).join(' '),
            });
        }
      }).observe({ type: 'layout-shift', buffered: true });
      new MutationObserver((_, observer) => {
        if (!document.querySelector(selector)) return;
        w.__paint.results = performance.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') w.__paint.fcp = e.startTime;
      }).observe({ type: 'paint', buffered: true });
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__paint.lcp = e.startTime;
      }).observe({ type: 'largest-contentful-paint', buffered: true });
    }, selector);
    const files: string[] = [];
    page.on('response', (r) => {
      const path = new URL(r.url()).pathname;
      if (/\.(js|css)$/.test(path)) files.push(path.slice(1));
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    // the results follow the code and one API call, which on a busy machine can outlast the network going quiet
    await page
      .locator(selector)
      .first()
      .waitFor({ timeout: 60_000 })
      .catch(() => undefined);
    await page.waitForTimeout(300);
    const { shifts, ...paint } = await page.evaluate(() => (window as unknown as { __paint: Paint }).__paint);
    const shifted = [...shifts]
      .sort((a, b) => b.value - a.value)
      .slice(0, 3)
      .map((x) => `${x.value.toFixed(3)} at ${x.at.toFixed(0)} ms: ${x.what}`);
    return { ...paint, cls: clsOf(shifts), shifted, files };
  } finally {
    await context.close();
  }
}

export const webSection: Section = {
  id: 'web',
  title: '5. Web: first page weight and paint times',
  async run(ctx: BenchContext) {
    const buildFile = join(ctx.root, 'web/build.ts');
    if (!existsSync(buildFile)) return { figures: [notBuilt('web', 'web app', 'no web/build.ts yet')] };
    const web = (await import(pathToFileURL(buildFile).href)) as WebBuildModule;
    // The smoke run's web app is the one the test run built, being served to other test files as this runs:
    // rebuilding it (the same files, rewritten) could hand one of them half a file.
    const reuse = ctx.smoke && existsSync(join(web.distDir, 'index.html'));
    if (!reuse) ctx.progress('building the web app');
    const built = reuse ? undefined : await web.buildWeb({ minify: true });
    const size = (files: string[], ext: string) => files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gzipSize(join(web.distDir, f)), 0);
    const initial = staticFirstLoad(web.distDir);

    const path = directoryPath(ctx.root);
    // the smoke run's pages come from the bench's own platform (seeded, serving web/dist); a full run seeds a
    // platform of its own, so what earlier sections wrote does not weigh on the paint times
    const platform = reuse
      ? ctx.platform
      : await startPlatform({
          endpoint: ctx.endpoint,
          tableName: `bench-web-${randomUUID()}`,
          port: 0,
          seed: true,
          log: createLogger('error'),
          webDir: web.distDir,
        });
    const cpuSlowdown = Number(process.env.BENCH_CPU_SLOWDOWN ?? 1);
    const runs = ctx.size(5, 1);
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs });
    const loads: PageLoad[] = [];
    const activityLoads: PageLoad[] = [];
    // an activity page: the first one the directory lists
    const listed = (await (await fetch(`${platform.url}/api/activities?limit=1`)).json()) as { items: { id: string }[] };
    const activityPath = listed.items[0] ? `/activities/${listed.items[0].id}` : undefined;
    try {
      for (let r = 0; r < runs; r++) {
        ctx.progress(`loading ${path} throttled, run ${r + 1}/${runs}`);
        loads.push(await loadPage(browser, platform.url + path, cpuSlowdown));
        if (activityPath) activityLoads.push(await loadPage(browser, platform.url + activityPath, cpuSlowdown, activitySelector));
      }
    } finally {
      await browser.close();
      if (platform !== ctx.platform) await platform.stop();
    }
    const loaded = [...new Set(loads[0]!.files)].filter((f) => existsSync(join(web.distDir, f)));
    const missing = (values: (number | null)[]) => values.some((v) => v === null);
    const fcps = loads.map((l) => l.fcp);
    const lcps = loads.map((l) => l.lcp);
    const shown = loads.map((l) => l.results);
    const figures: Figure[] = [
      figure('web.firstPage.jsGzip', `JS loaded by ${path} (gzip)`, size(loaded, '.js'), 'bytes', { max: maxFirstPageJsGzip }, loaded.filter((f) => f.endsWith('.js')).join(', ')),
      figure('web.firstPage.cssGzip', `CSS loaded by ${path} (gzip)`, size(loaded, '.css'), 'bytes'),
      figure(
        'web.static.jsGzip',
        'JS index.html loads before any code runs (gzip)',
        size(initial, '.js'),
        'bytes',
        undefined,
        built ? `build script says ${built.firstPageJsGzip} B` : 'as the test run built it',
      ),
      figure('web.fcp', `first contentful paint of ${path} (median)`, missing(fcps) ? null : median(fcps as number[]), 'ms', undefined, `runs: ${fcps.map((v) => v?.toFixed(0) ?? '—').join(', ')} ms`),
      figure(
        'web.lcp',
        `largest contentful paint of ${path} (median)`,
        missing(lcps) ? null : median(lcps as number[]),
        'ms',
        { max: maxLcpMs },
        `runs: ${lcps.map((v) => v?.toFixed(0) ?? '—').join(', ')} ms`,
      ),
      // LCP is the page frame (index.html holds it statically); the results come after the code and one API call
      figure(
        'web.results',
        `first results shown on ${path} (median)`,
        missing(shown) ? null : median(shown as number[]),
        'ms',
        { max: maxResultsMs },
        `runs: ${shown.map((v) => v?.toFixed(0) ?? '—').join(', ')} ms`,
      ),
      figure(
        'web.cls',
        `cumulative layout shift of ${path} (median)`,
        median(loads.map((l) => l.cls)),
        'ratio',
        { max: maxCls },
        `runs: ${loads.map((l) => l.cls.toFixed(3)).join(', ')}${loads[0]!.shifted.length ? `; largest: ${loads[0]!.shifted.join('; ')}` : ''}`,
      ),
    ];
    if (activityLoads.length) {
      const shownActivity = activityLoads.map((l) => l.results);
      figures.push(
        figure(
          'web.activity.results',
          'an activity page: details shown (median)',
          missing(shownActivity) ? null : median(shownActivity as number[]),
          'ms',
          { max: maxResultsMs },
          `runs: ${shownActivity.map((v) => v?.toFixed(0) ?? '—').join(', ')} ms`,
        ),
        figure(
          'web.activity.cls',
          'an activity page: cumulative layout shift (median)',
          median(activityLoads.map((l) => l.cls)),
          'ratio',
          { max: maxCls },
          `runs: ${activityLoads.map((l) => l.cls.toFixed(3)).join(', ')}${activityLoads[0]!.shifted.length ? `; largest: ${activityLoads[0]!.shifted.join('; ')}` : ''}`,
        ),
      );
    }
    return {
      figures,
      notes: [
        `Headless Chromium, 412×823 viewport, cache off, DevTools "Slow 4G": ${slow4g.latencyMs} ms latency per request, ${((slow4g.downloadBytesPerSecond * 8) / 1e6).toFixed(2)} Mbit/s down, ${((slow4g.uploadBytesPerSecond * 8) / 1e3).toFixed(0)} kbit/s up; CPU ${cpuSlowdown > 1 ? `${cpuSlowdown}x slower` : 'not slowed (BENCH_CPU_SLOWDOWN=4 to slow it)'}; median of ${runs}.`,
        'JS/CSS "loaded by" the page are the files the browser fetched for it (entry, static imports and the page\'s own lazy chunk), gzip level 9.',
      ],
    };
  },
};

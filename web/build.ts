/**
 * Builds the web app into web/dist/: esbuild bundles src/main.tsx (ESM, code-split by route) and
 * src/styles.css, then writes index.html pointing at the content-hashed files.
 *
 *   npx tsx web/build.ts            one minified build, prints sizes
 *   npx tsx web/build.ts --watch    rebuild on change (not minified)
 *
 * The local server and the browser tests call buildWeb() directly.
 * index.html carries no inline script or style, so a strict Content-Security-Policy works. It holds the page
 * frame as static HTML (src/components/shell.ts), shown while the code loads.
 */

import { readFileSync } from 'node:fs';
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { type BuildOptions, build, context, type Metafile, type Plugin } from 'esbuild';
import { staticFrame } from './src/components/shell';

const webDir = dirname(fileURLToPath(import.meta.url));
export const distDir = join(webDir, 'dist');

export interface BuildResult {
  /** files written, relative to web/dist, with raw and gzip sizes in bytes */
  files: { file: string; bytes: number; gzip: number }[];
  /** gzip bytes of the JavaScript a browser must load to show the first page (entry + its static imports) */
  firstPageJsGzip: number;
  /** gzip bytes of all JavaScript, every page included */
  allJsGzip: number;
  /** gzip bytes of all CSS */
  cssGzip: number;
}

function options(minify: boolean): BuildOptions {
  return {
    entryPoints: { main: join(webDir, 'src/main.tsx'), styles: join(webDir, 'src/styles.css') },
    outdir: distDir,
    absWorkingDir: webDir,
    bundle: true,
    format: 'esm',
    splitting: true,
    minify,
    sourcemap: minify ? false : 'linked',
    target: 'es2020',
    platform: 'browser',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    chunkNames: 'chunks/[name]-[hash]',
    assetNames: 'assets/[name]-[hash]',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': minify ? '"production"' : '"development"' },
    plugins: [entryInOneChunk(minify)],
  };
}

/**
 * The first page's code in two files, the entry and one chunk, where plain code splitting made fifteen. esbuild
 * puts each piece of shared code in a chunk of its own per set of entries that use it, and every lazy page is an
 * entry: so what the entry shares with some pages and not others became fourteen small chunks. On a slow phone,
 * over HTTP/1.1's six connections, those cost three round trips before any page could start. Here every lazy page also imports all of the entry's own graph, which the entry has loaded before
 * any page can load, so a page fetches nothing more than before, and all the shared code has one set of users.
 * The entry's graph comes from a first build that only reads it. The price: each module the entry imports is
 * kept whole, unused exports too, so the entry should import small modules (lib/units, not directory/geo).
 */
function entryInOneChunk(minify: boolean): Plugin {
  const entry = join(webDir, 'src/main.tsx');
  let graph: string[] = [];
  let lazy = new Set<string>();
  return {
    name: 'entry-in-one-chunk',
    setup(b) {
      b.onStart(async () => {
        const { metafile } = await build({ ...options(minify), plugins: [], entryPoints: [entry], write: false, minify: false });
        const inputs = metafile!.inputs;
        const statics = new Set<string>();
        const visit = (path: string) => {
          if (statics.has(path) || !inputs[path]) return;
          statics.add(path);
          for (const i of inputs[path]!.imports) if (i.kind === 'import-statement') visit(i.path);
        };
        visit(relative(webDir, entry).split('\\').join('/'));
        graph = [...statics].map((p) => resolve(webDir, p)).filter((p) => p !== entry);
        // a page both imported and lazily loaded by the entry is part of the entry's graph already
        lazy = new Set(Object.values(inputs).flatMap((v) => v.imports.filter((i) => i.kind === 'dynamic-import').map((i) => resolve(webDir, i.path))));
        for (const p of graph) lazy.delete(p);
      });
      b.onResolve({ filter: /^cg:entry-graph$/ }, () => ({ path: 'entry-graph', namespace: 'cg' }));
      // every export of each module counts as used by the pages too (a bare import would keep only side effects)
      b.onLoad({ filter: /.*/, namespace: 'cg' }, () => ({
        resolveDir: webDir,
        loader: 'js',
        contents: `${graph.map((p, n) => `import * as m${n} from ${JSON.stringify(p)};`).join('\n')}\nObject.freeze([${graph.map((_, n) => `m${n}`).join(', ')}]);\n`,
      }));
      b.onLoad({ filter: /\.tsx?$/ }, (args) => {
        if (!lazy.has(args.path)) return undefined;
        // on the first line, so the source map's lines stay true
        return { contents: `import 'cg:entry-graph'; ${readFileSync(args.path, 'utf8')}`, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
      });
    },
  };
}

/**
 * The page's first read (src/early.ts): a small classic script, loaded async at the top of the head, so the read
 * starts while the entry is still arriving. It carries its own copy of the few modules it needs.
 */
function earlyReads(minify: boolean): BuildOptions {
  return {
    entryPoints: { early: join(webDir, 'src/early.ts') },
    outdir: distDir,
    absWorkingDir: webDir,
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'iife',
    minify,
    target: 'es2020',
    platform: 'browser',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** The service worker (offline register): its own bundle at a fixed URL, /sw.js, so its scope is the whole site. */
function serviceWorker(minify: boolean): BuildOptions {
  return { entryPoints: [join(webDir, 'src/sw.ts')], outfile: join(distDir, 'sw.js'), bundle: true, format: 'iife', minify, target: 'es2020', platform: 'browser', logLevel: 'warning' };
}

function outputFor(metafile: Metafile, entry: string): string {
  const found = Object.entries(metafile.outputs).find(([, out]) => out.entryPoint && resolve(webDir, out.entryPoint) === resolve(webDir, entry));
  if (!found) throw new Error(`esbuild produced no output for ${entry}`);
  return distPath(found[0]);
}

function indexHtml(script: string, stylesheet: string, preloads: string[], early: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<script async src="/${early}"></script>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="Find local activities, groups and volunteering, and reserve a place.">
<meta name="theme-color" content="#0b0c0c">
<title>Common Ground</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/${stylesheet}">
<script type="module" src="/${script}"></script>
${preloads.map((file) => `<link rel="modulepreload" href="/${file}">`).join('\n')}
</head>
<body>
<noscript><p>Common Ground needs JavaScript switched on. If you cannot use JavaScript, please phone or visit your local community hub.</p></noscript>
<div id="app">${staticFrame()}</div>
</body>
</html>
`;
}

/** Search engines may index the pages (the directory is public); the API is for programs, not crawlers. */
const robots = 'User-agent: *\nAllow: /\nDisallow: /api/\n';

/** Pages whose code index.html preloads for everyone (see finish). */
const landingPages: string[] = [];

/** metafile paths are relative to webDir; answer the path inside dist with forward slashes */
const distPath = (metaPath: string) => relative(distDir, resolve(webDir, metaPath)).split('\\').join('/');

const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b0c0c"/><circle cx="16" cy="16" r="9" fill="none" stroke="#ffdd00" stroke-width="4"/></svg>\n`;

/**
 * Every chunk the entry imports is fetched at once with it, not after it has arrived: on a slow phone each
 * level of imports costs a round trip. So are the chunks of any landing pages listed (none now: the directory's
 * search page, the one most people open first, is in the entry itself).
 */
function preloadsOf(metafile: Metafile, script: string): string[] {
  const found = new Set<string>();
  const visit = (metaPath: string) => {
    const file = distPath(metaPath);
    if (found.has(file)) return;
    found.add(file);
    for (const imp of metafile.outputs[metaPath]?.imports ?? []) if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(Object.keys(metafile.outputs).find((k) => distPath(k) === script)!);
  for (const page of landingPages) {
    const out = Object.entries(metafile.outputs).find(([, o]) => o.entryPoint && resolve(webDir, o.entryPoint) === resolve(webDir, page));
    if (out) visit(out[0]);
  }
  return [...found].filter((f) => f !== script && f.endsWith('.js'));
}

/** Write index.html and the favicon, delete files from earlier builds, and measure what was written. */
async function finish(metafile: Metafile, earlyMetafile: Metafile): Promise<BuildResult> {
  const script = outputFor(metafile, 'src/main.tsx');
  const stylesheet = outputFor(metafile, 'src/styles.css');
  const early = outputFor(earlyMetafile, 'src/early.ts');
  await writeFile(join(distDir, 'index.html'), indexHtml(script, stylesheet, preloadsOf(metafile, script), early));
  await writeFile(join(distDir, 'favicon.svg'), favicon);
  await writeFile(join(distDir, 'robots.txt'), robots);

  const keep = new Set(['index.html', 'favicon.svg', 'robots.txt', 'sw.js', early, ...Object.keys(metafile.outputs).map(distPath)]);
  for (const file of await listFiles(distDir)) {
    if (!keep.has(file)) await rm(join(distDir, file));
  }

  const files: BuildResult['files'] = [];
  for (const file of [...keep].sort()) {
    const body = readFileSync(join(distDir, file));
    files.push({ file, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length });
  }
  const size = (file: string) => files.find((f) => f.file === file)?.gzip ?? 0;

  // the first page needs the entry and every chunk it imports statically (not the lazy route chunks)
  const firstPage = new Set<string>();
  const visit = (metaPath: string) => {
    const file = distPath(metaPath);
    if (firstPage.has(file)) return;
    firstPage.add(file);
    for (const imp of metafile.outputs[metaPath]?.imports ?? []) {
      if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
    }
  };
  visit(Object.keys(metafile.outputs).find((k) => distPath(k) === script)!);
  const firstPageJsGzip = [...firstPage, early].reduce((sum, f) => sum + size(f), 0);
  const total = (ext: string) => files.filter((f) => f.file.endsWith(ext)).reduce((sum, f) => sum + f.gzip, 0);
  return { files, firstPageJsGzip, allJsGzip: total('.js'), cssGzip: total('.css') };
}

async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const path = join(dir, name);
    if ((await stat(path)).isDirectory()) out.push(...(await listFiles(path, prefix ? `${prefix}/${name}` : name)));
    else out.push(prefix ? `${prefix}/${name}` : name);
  }
  return out;
}

/** One build of the web app into web/dist. Minified unless told otherwise. */
export async function buildWeb({ minify = true }: { minify?: boolean } = {}): Promise<BuildResult> {
  await mkdir(distDir, { recursive: true });
  const [result, earlyResult] = await Promise.all([build(options(minify)), build(earlyReads(minify)), build(serviceWorker(minify))]);
  return finish(result.metafile!, earlyResult.metafile!);
}

/** Rebuild on every change until the process ends. */
export async function watchWeb(): Promise<void> {
  await mkdir(distDir, { recursive: true });
  const report: Plugin = {
    name: 'index-html',
    setup(b) {
      b.onEnd(async (result) => {
        if (result.errors.length || !result.metafile) return;
        const r = await finish(result.metafile, (await build(earlyReads(false))).metafile!);
        console.log(`web: rebuilt, first page ${kb(r.firstPageJsGzip)} JS gzip, ${kb(r.cssGzip)} CSS gzip`);
      });
    },
  };
  await build(serviceWorker(false));
  const opts = options(false);
  const ctx = await context({ ...opts, plugins: [...opts.plugins!, report] });
  await ctx.watch();
  console.log('web: watching web/src for changes');
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export function printSizes(r: BuildResult): void {
  const width = Math.max(...r.files.map((f) => f.file.length));
  for (const f of r.files) console.log(`  ${f.file.padEnd(width)}  ${kb(f.bytes).padStart(9)}  ${kb(f.gzip).padStart(9)} gzip`);
  console.log(`  JavaScript gzip: ${kb(r.firstPageJsGzip)} before any page (entry + shared chunks; budget 60 KB), ${kb(r.allJsGzip)} for every page; CSS gzip: ${kb(r.cssGzip)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  if (process.argv.includes('--watch')) {
    await watchWeb();
  } else {
    const r = await buildWeb({ minify: true });
    console.log('web/dist:');
    printSizes(r);
  }
}

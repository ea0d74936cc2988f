/**
 * Section 1: each Lambda bundle built as infra/constructs/api-function.ts builds it, its size, what it is made
 * of, and the cold start of a fresh Node process importing it (building the handler, no request), against a
 * reference bundle of only Hono + hono/aws-lambda + the DynamoDB document client.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { domains } from '../../../functions/domains';
import { figure, median, notBuilt } from '../ops';
import type { BenchContext, Figure, Section } from '../types';

/** Issue #10: every Lambda bundle, minified, at most 400 KB (also asserted on `cdk synth` in test/infra/synth.test.ts). */
export const maxBundleBytes = 400 * 1024;
const maxImportRatio = 1.3;
/** Text that belongs only to the local runtime: none of it may reach a Lambda. */
export const localOnlyMarkers = ['devSignIn', '/api/dev'];

/**
 * The bundling options of infra/constructs/api-function.ts (NodejsFunction on nodejs24.x): minified ESM for
 * Node 24, module-first main fields, the AWS SDK left to the runtime (bundleAwsSDK: false: nodejs24.x carries
 * SDK v3), external source maps, and a banner defining require() for CommonJS dependencies.
 */
export const lambdaBuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  banner: { js: "import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);" },
  metafile: true,
  logLevel: 'silent',
  /** provided by the Lambda runtime; resolved from node_modules when the bench imports a bundle */
  external: ['@aws-sdk/*'],
} as const;

export interface LambdaBundle {
  name: string;
  file: string;
  bytes: number;
  gzip: number;
  /** bytes in the minified output by package (app code is "functions") */
  composition: Record<string, number>;
  text: string;
}

/** Every Lambda entry: one per domain in functions/domains.ts, plus the stream handler and the scheduled jobs. */
export function lambdaEntries(root: string): { name: string; entry: string }[] {
  return [...domains.map((d) => d.name), 'stream', 'jobs'].map((name) => ({ name, entry: join(root, 'functions/lambda', `${name}.ts`) }));
}

export async function buildLambdaBundle(root: string, name: string, entry: string, outDir: string): Promise<LambdaBundle> {
  const file = join(outDir, name, 'index.mjs');
  const result = await build({
    ...lambdaBuildOptions,
    entryPoints: [entry],
    outfile: file,
    absWorkingDir: root,
    mainFields: [...lambdaBuildOptions.mainFields],
    external: [...lambdaBuildOptions.external],
  });
  const text = readFileSync(file, 'utf8');
  return { name, file, bytes: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length, composition: composition(result.metafile!), text };
}

function composition(meta: Metafile): Record<string, number> {
  const out: Record<string, number> = {};
  for (const output of Object.values(meta.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
      const group = pkg ? (pkg.startsWith('@aws-sdk/') ? '@aws-sdk' : pkg.startsWith('@smithy/') ? '@smithy' : pkg) : path.split('/')[0]!;
      out[group] = (out[group] ?? 0) + bytesInOutput;
    }
  }
  return out;
}

const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
const topParts = (c: Record<string, number>) =>
  Object.entries(c)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([k, v]) => `${k} ${kb(v)}`)
    .join(', ');

/** Import time (ms) of a bundle in a fresh Node process, measured inside it, and the whole process's wall time. */
function coldStart(file: string): Promise<{ importMs: number; processMs: number }> {
  const script = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)});
if (typeof m.handler !== 'function') throw new Error('no handler');
process.stdout.write(JSON.stringify({ importMs: performance.now() - t }));`;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--enable-source-maps', '--input-type=module', '-e', script], {
      env: {
        PATH: process.env.PATH ?? '',
        // what the Lambda has: its region, table and user pool (dummies: nothing is called)
        AWS_REGION: 'eu-west-2',
        TABLE_NAME: 'bench-table',
        USER_POOL_ID: 'eu-west-2_abc123',
        USER_POOL_CLIENT_ID: 'benchclientid',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`importing ${file} failed (${code}): ${err.slice(0, 500)}`));
      resolve({ importMs: (JSON.parse(out) as { importMs: number }).importMs, processMs: performance.now() - started });
    });
  });
}

export const bundlesSection: Section = {
  id: 'bundles',
  title: '1. Lambda bundles and cold start',
  async run(ctx: BenchContext) {
    // inside the project, so a bundle's imports of the runtime-provided @aws-sdk/* resolve from node_modules
    mkdirSync(join(ctx.root, '.bench'), { recursive: true });
    const outDir = mkdtempSync(join(ctx.root, '.bench', 'bundles-'));
    try {
      const figures: Figure[] = [];
      const built: LambdaBundle[] = [];
      for (const { name, entry } of lambdaEntries(ctx.root)) {
        if (!existsSync(entry)) {
          figures.push(notBuilt(`bundle.${name}`, `${name} bundle`, `no entry at functions/lambda/${name}.ts`));
          continue;
        }
        ctx.progress(`bundling ${name}`);
        built.push(await buildLambdaBundle(ctx.root, name, entry, outDir));
      }
      const reference = await buildLambdaBundle(ctx.root, 'reference', join(ctx.root, 'test/bench/reference-lambda.ts'), outDir);

      // round-robin over the bundles so each run of each shares the machine's noise of the moment
      const runs = ctx.size(15, 1);
      const all = [reference, ...built];
      const samples = new Map(all.map((b) => [b.name, { importMs: [] as number[], processMs: [] as number[] }]));
      for (let r = 0; r < runs; r++) {
        ctx.progress(`cold start run ${r + 1}/${runs}`);
        for (const b of all) {
          const s = await coldStart(b.file);
          samples.get(b.name)!.importMs.push(s.importMs);
          samples.get(b.name)!.processMs.push(s.processMs);
        }
      }
      const refImport = median(samples.get('reference')!.importMs);
      figures.push(
        figure('bundle.reference.bytes', 'reference bundle (Hono + DynamoDB document client)', reference.bytes, 'bytes', undefined, `${kb(reference.gzip)} gzip`),
        figure('bundle.reference.importMs', 'reference import + handler (median)', refImport, 'ms', undefined, `process ${median(samples.get('reference')!.processMs).toFixed(0)} ms, n=${runs}`),
      );
      for (const b of built) {
        const s = samples.get(b.name)!;
        const found = localOnlyMarkers.filter((m) => b.text.includes(m));
        figures.push(
          figure(`bundle.${b.name}.bytes`, `${b.name} bundle minified`, b.bytes, 'bytes', { max: maxBundleBytes }, topParts(b.composition)),
          figure(`bundle.${b.name}.gzip`, `${b.name} bundle gzip`, b.gzip, 'bytes'),
          figure(`bundle.${b.name}.zod`, `${b.name} bundle: zod (zod/mini) share`, b.composition.zod ?? 0, 'bytes'),
          figure(`bundle.${b.name}.importMs`, `${b.name} import + handler (median)`, median(s.importMs), 'ms', undefined, `process ${median(s.processMs).toFixed(0)} ms, n=${runs}`),
          figure(`bundle.${b.name}.importRatio`, `${b.name} import / reference import`, median(s.importMs) / refImport, 'ratio', { max: maxImportRatio }),
          figure(`bundle.${b.name}.localOnly`, `${b.name} bundle: local-only code (devSignIn, /api/dev)`, found.length, 'count', { max: 0 }, found.join(', ')),
        );
      }
      return {
        figures,
        notes: [
          `Built like infra/constructs/api-function.ts: esbuild, minified ESM, target node24, platform node, @aws-sdk/* from the runtime (imported from node_modules here), createRequire banner, external source map; gzip level 9; KB = 1024 bytes.`,
          `Cold start: a fresh \`node --enable-source-maps\` (as NODE_OPTIONS on the Lambda) importing the bundle, which builds the handler at module scope; timed inside the process; ${runs} runs per bundle, round-robin.`,
        ],
      };
    } finally {
      rmSync(outDir, { recursive: true, force: true });
    }
  },
};

/**
 * `npm run bench`: every performance figure in one run, each against its target.
 *   npm run bench                                   full run; writes bench-results.json
 *   npm run bench -- --compare bench-results.json   also prints the change against an earlier run
 *   npm run bench -- --smoke                        tiny sizes (what the smoke test runs)
 *   npm run bench -- --only bundles,latency         some sections only
 *   npm run bench -- --out other.json
 * Exits 1 when a section failed (a bug), not when a figure is OVER its target.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type BenchResults, runBench } from './harness';
import { formatComparison, formatResults } from './report';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const smoke = process.argv.includes('--smoke');
const comparePath = arg('--compare');
const outPath = resolve(arg('--out') ?? 'bench-results.json');
const only = arg('--only')?.split(',');
// read the earlier run before this one overwrites it
const before = comparePath && existsSync(comparePath) ? (JSON.parse(readFileSync(comparePath, 'utf8')) as BenchResults) : undefined;
if (comparePath && !before) process.stderr.write(`No earlier run at ${comparePath}: nothing to compare with.\n`);

const results = await runBench({ smoke, ...(only ? { only } : {}) });
process.stdout.write(`${formatResults(results)}\n`);
writeFileSync(outPath, `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`\nWrote ${outPath}\n`);
if (before) process.stdout.write(`\n${formatComparison(before, results)}\n`);
process.exit(results.sections.some((s) => s.error) ? 1 : 0);

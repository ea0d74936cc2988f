import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The directory BucketDeployment uploads: web/dist, built first if missing. Without a web build script
 * (early in the project) a placeholder page outside the repository stands in, so synth still works.
 */
export function resolveWebAssets(projectRoot: string): string {
  const dist = join(projectRoot, 'web', 'dist');
  if (existsSync(join(dist, 'index.html'))) return dist;

  const buildScript = join(projectRoot, 'web', 'build.ts');
  if (existsSync(buildScript)) {
    // stdout goes to stderr: the CDK CLI shows it, and nothing parses it.
    execFileSync('npx', ['tsx', buildScript], { cwd: projectRoot, stdio: ['ignore', 2, 2] });
    if (existsSync(join(dist, 'index.html'))) return dist;
    throw new Error(`${buildScript} ran but wrote no ${join(dist, 'index.html')}`);
  }

  const placeholder = join(tmpdir(), 'common-ground-web-placeholder');
  mkdirSync(placeholder, { recursive: true });
  writeFileSync(join(placeholder, 'index.html'), '<!doctype html><html lang="en"><meta charset="utf-8"><title>Common Ground</title><p>The web app has not been built yet.</p></html>\n');
  process.stderr.write(`web/build.ts not found: deploying a placeholder page from ${placeholder}\n`);
  return placeholder;
}

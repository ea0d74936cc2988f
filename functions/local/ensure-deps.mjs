// Runs before `npm start`, `npm test` and `npm run bench` (plain Node, no dependencies needed):
// installs the npm packages on a fresh clone, or again when package-lock.json has changed since.
import { execSync } from 'node:child_process';
import { existsSync, lstatSync, statSync } from 'node:fs';

const installed = 'node_modules/.package-lock.json';
// A linked node_modules (shared between work trees) is someone's deliberate setup: leave it alone.
const linked = existsSync('node_modules') && lstatSync('node_modules').isSymbolicLink();
const stale = !linked && (!existsSync(installed) || statSync('package-lock.json').mtimeMs > statSync(installed).mtimeMs);
if (stale) {
  console.log('Installing npm packages (first run, or package-lock.json changed)…');
  execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
}

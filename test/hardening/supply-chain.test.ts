import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/**
 * `npm audit --omit=dev`: no high or critical advisories in what ships. Needs the registry; offline it
 * says so and skips rather than fail. (cdk-nag is checked in test/infra.)
 */
describe('supply chain', () => {
  it('has no high or critical advisories in production dependencies', (ctx) => {
    const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', cwd: new URL('../..', import.meta.url).pathname, timeout: 90_000 });
    let report: { metadata?: { vulnerabilities?: Record<string, number> }; message?: string; error?: { code?: string; summary?: string } } | undefined;
    try {
      report = JSON.parse(run.stdout);
    } catch {
      report = undefined;
    }
    const counts = report?.metadata?.vulnerabilities;
    if (!counts) {
      console.warn(`[hardening] npm audit could not run here (${report?.message ?? run.stderr.slice(0, 200)}): the advisory endpoint is not reachable; skipped, not passed`);
      ctx.skip();
      return;
    }
    console.log(`[hardening] npm audit --omit=dev: ${JSON.stringify(counts)}`);
    expect({ high: counts.high ?? 0, critical: counts.critical ?? 0 }).toEqual({ high: 0, critical: 0 });
  });
});

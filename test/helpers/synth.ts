import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * The real `cdk synth` output (templates and every function bundled by esbuild), made once per test run and
 * shared by the files that need it (test/infra/synth.test.ts, the rehearsal). The first file to ask synthesises;
 * the others wait for it. CG_CDK_OUT names an existing output instead (e.g. from `npm run rehearse`).
 */
export async function synthesised(): Promise<string> {
  if (process.env.CG_CDK_OUT) return process.env.CG_CDK_OUT;
  const out = join(inject('snapshotDir'), 'cdk.out');
  const done = join(out, '.synthesised');
  const failed = join(out, '.failed');
  let mine = false;
  try {
    mkdirSync(out);
    mine = true;
  } catch {
    /* another file is synthesising */
  }
  if (mine) {
    try {
      execFileSync('npx', ['cdk', 'synth', '--quiet', '--output', out], { stdio: 'pipe', timeout: 300_000 });
      writeFileSync(done, new Date().toISOString());
    } catch (err) {
      const e = err as { stderr?: Buffer; message: string };
      writeFileSync(failed, `${e.message}\n${e.stderr?.toString() ?? ''}`);
      throw err;
    }
    return out;
  }
  const deadline = Date.now() + 600_000;
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(`cdk synth failed in another test file (see ${failed})`);
    if (Date.now() > deadline) throw new Error('waited 10 minutes for cdk synth in another test file');
    await new Promise((r) => setTimeout(r, 500));
  }
  return out;
}

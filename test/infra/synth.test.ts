import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { domains } from '../../functions/domains';
import { maxBundleBytes } from '../bench/sections/bundles';
import { synthesised } from '../helpers/synth';

/**
 * The real `cdk synth`, offline, with every Lambda bundled by esbuild as a deployment would be (made once per
 * run and shared with the deploy rehearsal's test files: test/helpers/synth.ts).
 */
describe('cdk synth', () => {
  it('synthesises offline, bundles every function within 400 KB, ships the OpenAPI document, and no bundle holds the dev sign-in', async () => {
    const out = await synthesised();
    expect(existsSync(join(out, 'CommonGround-dev-Api.template.json'))).toBe(true);
    const bundles = readdirSync(out)
      .map((name) => join(out, name))
      .filter((dir) => statSync(dir).isDirectory() && existsSync(join(dir, 'index.mjs')));
    expect(bundles.length).toBe(domains.length + 4); // + the stream handler, the scheduled jobs, the sign-up trigger and the inbound texts
    const oversized: string[] = [];
    const functionOf = lambdaNamesByAsset(out);
    for (const dir of bundles) {
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code).not.toMatch(/devSignIn|\/api\/dev\b/);
      const bytes = Buffer.byteLength(code);
      if (bytes > maxBundleBytes) oversized.push(`${functionOf.get(basename(dir)) ?? basename(dir)}: ${(bytes / 1024).toFixed(0)} KB`);
    }
    expect(oversized, `bundles over ${maxBundleBytes / 1024} KB minified`).toEqual([]);
    const withDocument = bundles.filter((dir) => existsSync(join(dir, 'openapi.json')));
    expect(withDocument.length).toBe(1);
    const document = JSON.parse(readFileSync(join(withDocument[0]!, 'openapi.json'), 'utf8'));
    expect(document.paths['/api/me'].get.operationId).toBe('getMe');
    expect(JSON.stringify(document)).not.toContain('devSignIn');
  }, 400_000);
});

/** asset.<hash> directory -> the logical id of the Lambda function deployed from it, from every synthesised template. */
function lambdaNamesByAsset(dir: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.template.json'))) {
    const template = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { Resources?: Record<string, { Type: string; Properties?: { Code?: { S3Key?: unknown } } }> };
    for (const [id, r] of Object.entries(template.Resources ?? {})) {
      const key = r.Type === 'AWS::Lambda::Function' ? r.Properties?.Code?.S3Key : undefined;
      if (typeof key === 'string') names.set(`asset.${key.replace(/\.zip$/, '')}`, id);
    }
  }
  return names;
}

import { afterAll, beforeEach, describe, expect, type TestContext, vi } from 'vitest';

/**
 * Runs chosen tests of the API test files through the deploy rehearsal, from the same test code: the files are
 * imported here with CG_PLATFORM=rehearsal, one after another (each in its own describe, so each file's platform
 * starts and stops in turn), and every test not chosen is skipped. A chosen name (a test's or a describe's) that
 * matches nothing fails the run, so a renamed test cannot silently drop out of the smoke set.
 */
export function throughTheRehearsal(files: { file: string; load: () => Promise<unknown>; chosen: string[] | 'all' }[]) {
  const before = process.env.CG_PLATFORM;
  process.env.CG_PLATFORM = 'rehearsal';
  const matched = new Set<string>();
  beforeEach((ctx: TestContext) => {
    const names: string[] = [];
    for (let t: { name: string; suite?: unknown } | undefined = ctx.task; t; t = t.suite as typeof t) names.push(t.name);
    const entry = files.find((f) => names.includes(f.file));
    const hit = entry && (entry.chosen === 'all' ? entry.file : entry.chosen.find((c) => names.includes(c)));
    if (!hit) return ctx.skip();
    matched.add(`${entry.file}: ${hit}`);
  });
  for (const f of files) {
    describe(f.file, async () => {
      // Test files share their worker's modules (isolate: false): one that ran earlier here is cached, and
      // importing it again would register nothing. Afresh, its tests register in this describe.
      vi.resetModules();
      await f.load();
    });
  }
  afterAll(() => {
    // and the next file in this worker does not find the copies made here, registered under the rehearsal
    vi.resetModules();
    process.env.CG_PLATFORM = before;
    const wanted = files.flatMap((f) => (f.chosen === 'all' ? [`${f.file}: ${f.file}`] : f.chosen.map((c) => `${f.file}: ${c}`)));
    expect(
      wanted.filter((w) => !matched.has(w)),
      'chosen smoke tests that no longer exist',
    ).toEqual([]);
  });
}

import { defineConfig } from 'vitest/config';
import SlowestFirst from './helpers/sequencer';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    globalSetup: ['test/helpers/global-setup.ts'],
    sequence: { sequencer: SlowestFirst },
    testTimeout: 600_000,
    hookTimeout: 600_000,
    pool: 'forks',
    // A worker runs its files one after another with the modules it has loaded (the SDK, Hono, zod, every
    // domain), instead of loading them all again for each file: ten API files took 128 s this way and 148 s
    // isolated. The files keep no state in shared modules; the rehearsal's smoke files import test files
    // afresh (test/rehearsal/smoke.ts).
    isolate: false,
    // Four workers on two cores: a worker often waits (on a browser, a timer, the stream), and with three the
    // cores were busy 1.6 of 2 on average. A clean-clone CI run on 2026-12-03 took 14 min 16 s with four and
    // 17 min 22 s with three (both with DynamoDB Local keeping the schemas it reads: functions/local/java).
    maxWorkers: 4,
    reporters: ['default'],
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});

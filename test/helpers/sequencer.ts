import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The slowest files, slowest first (from a full run on the 2-core machine). Vitest starts the files its cache
 * says are slowest first, but a clean clone (CI) has no cache, and then it starts the largest files first:
 * the rehearsal's smoke files are a few lines long, so they started last and ran on alone for minutes after
 * everything else had finished. The rest follow in vitest's own order.
 */
const slowestFirst = [
  'test/browser/reachability.test.ts',
  'test/hardening/hostile-input.test.ts',
  'test/concurrency/reservations-model.test.ts',
  'test/hardening/authz-matrix.test.ts',
  'test/api/directory-import.test.ts',
  // These seed the demo data at the instants the rehearsal's smoke journeys use, and leave snapshots for them,
  // so the smoke's platforms load the data instead of seeding it again through the local runtime.
  'test/api/reports.test.ts',
  'test/api/referrals.test.ts',
  'test/api/attendance.test.ts',
  'test/api/rooms.test.ts',
  'test/rehearsal/smoke-journeys.test.ts',
  'test/bench-smoke.test.ts',
  'test/browser/resident-booking.test.ts',
  'test/rehearsal/smoke-authz.test.ts',
  'test/browser/volunteers.test.ts',
  'test/rehearsal/rehearsal.test.ts',
  'test/browser/shell.test.ts',
  'test/rehearsal/smoke-burst.test.ts',
  'test/browser/linkworker.test.ts',
  'test/browser/referrals.test.ts',
  'test/hardening/durability.test.ts',
  'test/browser/directory.test.ts',
  'test/api/hub-diary.test.ts',
  'test/concurrency/rooms.test.ts',
  'test/hardening/faults.test.ts',
  'test/api/start.test.ts',
];

export default class SlowestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const ordered = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = slowestFirst.indexOf(relative(this.ctx.config.root, f.moduleId));
      return i < 0 ? slowestFirst.length : i;
    };
    return ordered
      .map((f, at) => ({ f, at, rank: rank(f) }))
      .sort((a, b) => a.rank - b.rank || a.at - b.at)
      .map(({ f }) => f);
  }
}

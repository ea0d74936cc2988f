import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { volunteerFixtures } from '../helpers/volunteers';

let p: TestPlatform;
let f: ReturnType<typeof volunteerFixtures>;
beforeAll(async () => {
  p = await startPlatform({ seed: true });
  f = volunteerFixtures(p);
});
afterAll(() => p?.stop());

/** Runs `fn` over `items`, `width` at a time (setting up data without swamping the shared machine). */
async function inBatches<T, R>(items: T[], width: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += width) out.push(...(await Promise.all(items.slice(i, i + width).map(fn))));
  return out;
}

describe('signing up for shifts under concurrency', () => {
  it('100 approved volunteers with valid checks signing up at once for 5 places fill exactly 5', async () => {
    const role = await f.role({ title: 'Café host', requirements: { dbs: 'basic', training: [], references: false } });
    const [shift] = await f.shift([{ roleId: role.roleId, places: 5 }]);
    const volunteers = await inBatches(
      Array.from({ length: 100 }, (_, i) => i),
      20,
      async (i) => {
        const v = await f.person(`rush.${i}@example.org`);
        await f.approve(v, role.roleId);
        await f.check(v.userId, 'dbs-basic', f.today(), `${Number(f.today().slice(0, 4)) + 3}-01-01`);
        return v;
      },
    );

    const answers = await Promise.all(volunteers.map((v) => p.call('POST', `/api/shifts/${shift!.shiftId}/sign-up`, { token: v.token, body: { roleId: role.roleId } })));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(5);
    expect(statuses.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    const refused = answers.filter((a) => a.status !== 201);
    expect(refused.every((a) => a.status === 503 || a.body.code === 'shift_full')).toBe(true);

    const rota = await p.call('GET', `/api/shifts/${shift!.shiftId}`, { token: await f.coordinator() });
    expect(rota.body.roles[0]).toMatchObject({ places: 5, taken: 5, open: 0 });
    expect(rota.body.volunteers).toHaveLength(5);
    const winners = new Set(answers.map((a, i) => (a.status === 201 ? volunteers[i]!.userId : undefined)).filter(Boolean));
    expect(new Set(rota.body.volunteers.map((v: { volunteerId: string }) => v.volunteerId))).toEqual(winners);
  }, 900_000); // setting up 100 approved, checked volunteers is ~400 requests

  it('one volunteer firing at 10 overlapping shifts at once gets exactly one', async () => {
    const role = await f.role({ requirements: { dbs: 'none', training: [], references: false } });
    const v = await f.person('double.booker@example.org');
    await f.approve(v, role.roleId);
    const shifts = await inBatches(
      Array.from({ length: 10 }, (_, i) => i),
      10,
      async (i) => (await f.shift([{ roleId: role.roleId, places: 3 }], { inDays: 12, startTime: `10:${String(i * 5).padStart(2, '0')}`, endTime: '12:00' }))[0]!,
    );
    const answers = await Promise.all(shifts.map((s) => p.call('POST', `/api/shifts/${s.shiftId}/sign-up`, { token: v.token, body: { roleId: role.roleId } })));
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 201).every((a) => a.status === 409)).toBe(true);
    const me = await p.call('GET', '/api/volunteering/me', { token: v.token });
    expect(me.body.upcomingShifts).toHaveLength(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { attendanceFixtures } from '../helpers/attendance';
import { startPlatform, type TestPlatform } from '../helpers/platform';

/**
 * Issue 17, point 4 (the API's part): nothing stays on a shared device. Answers carrying personal data are
 * Cache-Control: no-store, and a register that shows someone's access needs puts the read on their audit
 * trail, as a referral read does. (Signing out clears the device: test/browser/privacy.test.ts.)
 */
const clock = manualClock('2026-05-12T08:00:00Z');
let p: TestPlatform;
let f: ReturnType<typeof attendanceFixtures>;
let sessionId: string;
let dee: { userId: string; token: string };

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  f = attendanceFixtures(p);
  sessionId = (await f.session('2026-05-12')).id;
  dee = await f.person('dee.needs@example.org');
  await p.op('setMyAccessNeeds', { token: dee.token, body: { needs: ['hearing-loop'], notes: 'Please face me when you speak', shareWithHub: true } });
  await f.book(dee, sessionId);
});
afterAll(() => p?.stop());

describe('answers are not kept', () => {
  it('marks every answer about a person no-store, errors included; open data says its own', async () => {
    const coordinator = await f.coordinator();
    for (const [path, token] of [
      ['/api/me', dee.token],
      ['/api/me/access-needs', dee.token],
      ['/api/my-reservations', dee.token],
      [`/api/person-data/${dee.userId}`, dee.token],
      [`/api/registers/${sessionId}`, coordinator],
      ['/api/referrals/01ARZ3NDEKTSV4RRFFQ69G5FAV', coordinator],
    ] as const) {
      const answer = await p.call('GET', path, { token });
      expect(answer.headers.get('cache-control'), path).toBe('no-store');
    }
  });
});

describe('access needs on a register', () => {
  it('puts each read on the person’s audit trail, like a referral read', async () => {
    const auditOf = async () => (await p.op('exportPersonData', { params: { id: dee.userId }, token: dee.token })).body.items.referralAudit ?? [];
    const before = (await auditOf()).filter((a) => a.action === 'read-access-needs');
    const register = await p.op('getRegister', { params: { sessionId }, token: await f.coordinator() });
    expect(register.body.people.find((x) => x.personId === dee.userId)?.accessNeeds?.notes).toBe('Please face me when you speak');
    const reads = (await auditOf()).filter((a) => a.action === 'read-access-needs');
    expect(reads).toHaveLength(before.length + 1);
    expect(reads.at(-1)).toMatchObject({ personId: dee.userId, actorRoles: ['coordinator'] });
  });
});

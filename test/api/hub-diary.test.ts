/**
 * One hub diary (issue 18): registers taken when sessions happen, sessions held in rooms under the rooms'
 * no-double-booking guarantee, cancelling a session leaving no one stranded. Through HTTP, on DynamoDB Local.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { attendanceFixtures } from '../helpers/attendance';
import { startPlatform, type TestPlatform } from '../helpers/platform';

// Monday 1 June 2026, 09:00 in London (BST)
const clock = manualClock('2026-06-01T08:00:00Z');
let p: TestPlatform;
let f: ReturnType<typeof attendanceFixtures>;

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
  f = attendanceFixtures(p);
});
afterAll(async () => {
  await p?.stop();
});

const at = async <T>(instant: string, fn: () => Promise<T>): Promise<T> => {
  const was = clock.now();
  clock.set(instant);
  try {
    return await fn();
  } finally {
    clock.set(was);
  }
};

describe('registers are taken when sessions happen (point 4)', () => {
  it('accepts "Here" and "No-show" from 30 minutes before the start until 7 days after the end, and refuses outside with the reason', async () => {
    // Tuesday 2 June, 14:00 to 15:30 London (13:00Z to 14:30Z)
    const session = await f.session('2026-06-02');
    const ada = await f.person('ada.window@example.org');
    const ben = await f.person('ben.window@example.org');
    await f.book(ada, session.id);
    await f.book(ben, session.id);
    const coordinator = await f.coordinator();
    const post = (marks: unknown[]) => p.op('recordAttendance', { params: { sessionId: session.id }, token: coordinator, body: { marks } as never });

    // the day before: refused, nothing written, and the register says so instead of offering the buttons
    const early = await post([f.mark(ada.userId, 'attended', clock.now().toISOString())]);
    expect(early.status).toBe(422);
    expect(early.body).toMatchObject({ code: 'register_not_open', errors: [{ field: 'body.marks.0.status', rule: 'register_not_open' }] });
    expect(early.body.detail).toBe('The register opens at 13:30 on Tuesday 2 June 2026, 30 minutes before the session starts. Mark people when they arrive.');
    const closedView = await p.op('getRegister', { params: { sessionId: session.id }, token: coordinator });
    expect(closedView.body.marking).toMatchObject({ open: false, rule: 'register_not_open', opensAt: '2026-06-02T12:30:00.000Z', closesAt: '2026-06-09T14:30:00.000Z' });
    expect(closedView.body.counts).toMatchObject({ attended: 0, noShow: 0 });

    // one minute before it opens: still refused; at 13:30 it opens
    const justBefore = await at('2026-06-02T12:29:00Z', () => post([f.mark(ada.userId, 'attended', '2026-06-02T12:29:00Z')]));
    expect(justBefore.status).toBe(422);
    const opened = await at('2026-06-02T12:30:00Z', () => post([f.mark(ada.userId, 'attended', '2026-06-02T12:30:00Z'), f.mark(ben.userId, 'no-show', '2026-06-02T12:30:00Z')]));
    expect(opened.status, JSON.stringify(opened.body)).toBe(200);
    const openView = await at('2026-06-02T13:00:00Z', () => p.op('getRegister', { params: { sessionId: session.id }, token: coordinator }));
    expect(openView.body.marking).toMatchObject({ open: true });

    // a late register a week on (the last moment) corrects Ben, keeping the history; a minute later it is closed
    const late = await at('2026-06-09T14:30:00Z', () => post([f.mark(ben.userId, 'attended', '2026-06-09T14:30:00Z')]));
    expect(late.status, JSON.stringify(late.body)).toBe(200);
    expect(late.body.results[0]!.current).toMatchObject({ status: 'attended', previousStatus: 'no-show' });
    expect(late.body.results[0]!.current.history.map((h: { status: string }) => h.status)).toEqual(['no-show', 'attended']);
    const closed = await at('2026-06-09T14:31:00Z', () => post([f.mark(ben.userId, 'no-show', '2026-06-09T14:31:00Z')]));
    expect(closed.status).toBe(422);
    expect(closed.body).toMatchObject({ code: 'register_closed' });
    expect(closed.body.detail).toBe('The register closed on Tuesday 9 June 2026, 7 days after the session. Marks can no longer be added or changed.');

    // check-in at the door keeps the same window
    const door = await at('2026-06-02T08:00:00Z', async () => {
      const cal = await f.person('cal.window@example.org');
      const booking = await f.book(cal, session.id);
      return p.op('checkIn', { token: coordinator, body: { sessionId: session.id, code: booking.checkInCode } });
    });
    expect(door.status).toBe(422);
    expect(door.body).toMatchObject({ code: 'register_not_open' });
  });

  it('a session cancelled by the hub keeps the marks already made, shows who lost their place, and takes no more', async () => {
    const session = await f.session('2026-06-03');
    const dee = await f.person('dee.cancel@example.org');
    const eve = await f.person('eve.cancel@example.org');
    await f.book(dee, session.id);
    await f.book(eve, session.id);
    const coordinator = await f.coordinator();
    await at('2026-06-03T13:00:00Z', async () => {
      const marked = await p.op('recordAttendance', { params: { sessionId: session.id }, token: coordinator, body: { marks: [f.mark(dee.userId, 'attended', '2026-06-03T13:00:00Z')] } });
      expect(marked.status, JSON.stringify(marked.body)).toBe(200);
      const cancelled = await p.op('cancelSession', { params: { sessionId: session.id }, token: coordinator, body: { reason: 'The heating failed' } });
      expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
      await p.stream.idle();
      const refused = await p.op('recordAttendance', { params: { sessionId: session.id }, token: coordinator, body: { marks: [f.mark(eve.userId, 'no-show', '2026-06-03T13:05:00Z')] } });
      expect(refused.status).toBe(422);
      expect(refused.body).toMatchObject({ code: 'session_cancelled' });
      const register = await p.op('getRegister', { params: { sessionId: session.id }, token: coordinator });
      expect(register.body.marking).toMatchObject({ open: false, rule: 'session_cancelled' });
      expect(register.body.people.find((x: { personId: string }) => x.personId === dee.userId)!.mark).toMatchObject({ status: 'attended', history: [expect.objectContaining({ status: 'attended' })] });
      expect(register.body.cancelled).toEqual([expect.objectContaining({ personId: eve.userId, byHub: true })]);
    });
  });
});

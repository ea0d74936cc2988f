import { describe, expect, it } from 'vitest';
import { canMove, checkMove, countBy, isBot, isOverdue, nextStatuses, overdueBefore, purgeAt, summariseWellbeing } from '../../functions/referrals/rules';
import { referralStatuses } from '../../functions/referrals/schema';

const facts = { plan: [1], bookings: [1], outcome: 'did-not-engage', declinedReason: 'no', attendedCount: 1 };

describe('the referral workflow', () => {
  it('follows received -> contacted -> plan agreed -> connected -> attended -> closed', () => {
    const path = ['received', 'contacted', 'plan-agreed', 'connected', 'attended', 'closed'] as const;
    for (let i = 1; i < path.length; i++) expect(checkMove(path[i - 1]!, path[i]!, facts)).toEqual([]);
  });

  it('allows declined and unable-to-contact from the early statuses, and reopening after no contact', () => {
    expect(canMove('received', 'declined')).toBe(true);
    expect(canMove('received', 'unable-to-contact')).toBe(true);
    expect(canMove('unable-to-contact', 'contacted')).toBe(true);
    expect(canMove('attended', 'declined')).toBe(false);
  });

  it('never leaves closed or declined, and skips no step forward', () => {
    for (const to of referralStatuses) {
      expect(canMove('closed', to)).toBe(false);
      expect(canMove('declined', to)).toBe(false);
    }
    expect(canMove('received', 'plan-agreed')).toBe(false);
    expect(canMove('contacted', 'connected')).toBe(false);
    expect(nextStatuses('closed')).toEqual([]);
  });

  it('names what is missing for a move', () => {
    const none = { plan: [], bookings: [], attendedCount: 0 };
    expect(checkMove('contacted', 'plan-agreed', none)[0]).toMatchObject({ field: 'body.plan', rule: 'required' });
    expect(checkMove('plan-agreed', 'connected', none)[0]).toMatchObject({ rule: 'no_booking' });
    expect(checkMove('connected', 'attended', none)[0]).toMatchObject({ rule: 'no_attendance' });
    expect(checkMove('contacted', 'closed', none)[0]).toMatchObject({ field: 'body.outcome' });
    expect(checkMove('received', 'declined', none)[0]).toMatchObject({ field: 'body.declinedReason' });
    expect(checkMove('received', 'closed', facts)[0]).toMatchObject({ field: 'body.status', rule: 'invalid_transition' });
    expect(checkMove('contacted', 'contacted', none)).toEqual([]);
  });
});

describe('overdue, retention and spam', () => {
  const now = new Date('2026-03-10T12:00:00Z');
  it('flags a referral still received after the set days, and only then', () => {
    expect(isOverdue({ status: 'received', createdAt: '2026-03-02T12:00:00Z' }, now, 7)).toBe(true);
    expect(isOverdue({ status: 'received', createdAt: '2026-03-04T12:00:00Z' }, now, 7)).toBe(false);
    expect(isOverdue({ status: 'contacted', createdAt: '2026-01-01T12:00:00Z' }, now, 7)).toBe(false);
    expect(overdueBefore(now, 7)).toBe('2026-03-03T12:00:00.000Z');
  });
  it('purges personal details the retention period after a referral finishes', () => {
    expect(purgeAt(now, 730)).toBe(Date.parse('2028-03-09T12:00:00Z') / 1000);
  });
  it('treats a filled honeypot as a bot', () => {
    expect(isBot(undefined)).toBe(false);
    expect(isBot('  ')).toBe(false);
    expect(isBot('http://spam.example')).toBe(true);
  });
});

describe('outcomes in aggregate', () => {
  const rec = (lifeSatisfaction: number, anxiety: number) => ({ lifeSatisfaction, worthwhile: 5, happiness: 5, anxiety, recordedAt: '' });
  it('suppresses fewer than five people', () => {
    const four = Array.from({ length: 4 }, () => ({ start: rec(2, 8), end: rec(6, 3) }));
    expect(summariseWellbeing(four)).toEqual({ people: null, suppressed: true });
  });
  it('reports mean start, end and change per question', () => {
    const five = [2, 3, 4, 5, 6].map((s) => ({ start: rec(s, 8), end: rec(s + 2, 5) }));
    const summary = summariseWellbeing(five);
    expect(summary.people).toBe(5);
    expect(summary.questions!.lifeSatisfaction).toEqual({ meanStart: 4, meanEnd: 6, meanChange: 2 });
    expect(summary.questions!.anxiety).toEqual({ meanStart: 8, meanEnd: 5, meanChange: -3 });
  });
  it('suppresses small counts', () => {
    const items = [...Array(6).fill({ s: 'self' }), ...Array(2).fill({ s: 'gp-practice' })];
    expect(countBy(items, (i) => i.s, ['self', 'gp-practice', 'other'])).toEqual({ self: 6, 'gp-practice': null, other: null });
  });
});

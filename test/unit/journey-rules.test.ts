import { describe, expect, it } from 'vitest';
import { caseloadOrder, isFollowUpDue, isProfessional, median, referenceOf, sharesWith } from '../../functions/referrals/rules';
import { checkAnswers } from '../../functions/reservations/rules';
import { describeDay, describeMoment, describeWhen } from '../../functions/sessions/rules';
import type { SessionView } from '../../functions/sessions/schema';
import { formatDate, formatDateTime, formatTime, formatWhen } from '../../web/src/format';
import { dateState, paymentWords, stateWords } from '../../web/src/pages/sessions/booking';

describe('one date style', () => {
  it('says a date, a time and a session the same way on every page and in every message', () => {
    const start = '2026-12-02T10:00:00Z';
    const end = '2026-12-02T11:30:00Z';
    expect(formatDate(new Date(start))).toBe('Wednesday 2 December 2026');
    expect(formatTime(new Date('2026-07-01T13:05:00Z'))).toBe('14:05'); // British Summer Time
    expect(formatDateTime(start)).toBe('Wednesday 2 December 2026 at 10:00');
    expect(formatWhen(start, end)).toBe('Wednesday 2 December 2026, 10:00 to 11:30');
    expect(describeDay(start)).toBe('Wednesday 2 December 2026');
    expect(describeMoment(start)).toBe('Wednesday 2 December 2026 at 10:00');
    expect(describeWhen({ startsAt: start, localStartTime: '10:00', localEndTime: '11:30' })).toBe(formatWhen(start, end));
  });
});

describe('referral rules', () => {
  it('makes a short reference from the random end of the id', () => {
    expect(referenceOf('01KBWZ4V9E0000ABCDEFGHJKMN')).toBe('EFGH-JKMN');
  });

  it('orders a caseload overdue first, then follow-ups due, then the rest, finished last, oldest first within each', () => {
    const c = (id: string, over: Partial<{ overdue: boolean; followUpDue: boolean; status: 'received' | 'contacted' | 'closed'; createdAt: string }>) => ({
      id,
      overdue: false,
      followUpDue: false,
      status: 'contacted' as const,
      createdAt: '2026-01-01',
      ...over,
    });
    const cases = [
      c('closed', { status: 'closed', createdAt: '2025-01-01' }),
      c('open-new', { createdAt: '2026-02-01' }),
      c('due', { followUpDue: true }),
      c('open-old', { createdAt: '2025-06-01' }),
      c('overdue', { overdue: true, status: 'received' }),
    ];
    expect(cases.sort(caseloadOrder).map((x) => x.id)).toEqual(['overdue', 'due', 'open-old', 'open-new', 'closed']);
  });

  it('has a follow-up due from its day on, while the case is open', () => {
    expect(isFollowUpDue({ status: 'contacted', followUpOn: '2026-03-05' }, '2026-03-04')).toBe(false);
    expect(isFollowUpDue({ status: 'contacted', followUpOn: '2026-03-05' }, '2026-03-05')).toBe(true);
    expect(isFollowUpDue({ status: 'closed', followUpOn: '2026-03-05' }, '2026-03-06')).toBe(false);
  });

  it('shares only what was agreed and not withdrawn', () => {
    const consent = { sharing: ['link-worker-team', 'activity-providers'] as ('link-worker-team' | 'activity-providers')[] };
    expect(sharesWith(consent, 'activity-providers')).toBe(true);
    expect(sharesWith(consent, 'gp-practice')).toBe(false);
    expect(sharesWith({ ...consent, withdrawals: [{ scope: 'activity-providers', at: '2026-03-02T09:00:00Z', by: 'lw' }] }, 'activity-providers')).toBe(false);
    expect(sharesWith(undefined, 'activity-providers')).toBe(false);
  });

  it('takes professionals as referrers, never a resident or volunteer alone', () => {
    expect(isProfessional(['resident'])).toBe(false);
    expect(isProfessional(['volunteer', 'resident'])).toBe(false);
    expect(isProfessional([])).toBe(false);
    expect(isProfessional(['partner'])).toBe(true);
    expect(isProfessional(['linkworker'])).toBe(true);
  });

  it('finds a median', () => {
    expect(median([])).toBeNull();
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 10])).toBe(3.5);
  });
});

describe('booking questions', () => {
  const questions = [
    { id: 'diet', label: 'Any dietary needs?', required: true },
    { id: 'access', label: 'Anything we should know?' },
  ];
  it('keeps the answers with the words of their questions, and needs the required ones from people booking for themselves', () => {
    expect(checkAnswers(questions, [{ questionId: 'diet', answer: 'Halal' }], true)).toEqual({ answers: [{ questionId: 'diet', question: 'Any dietary needs?', answer: 'Halal' }], problems: [] });
    expect(checkAnswers(questions, [], true).problems).toEqual([{ field: 'body.answers.diet', rule: 'required', message: 'Answer “Any dietary needs?”' }]);
    expect(checkAnswers(questions, [], false).problems).toEqual([]);
    expect(checkAnswers(questions, [{ questionId: 'shoe', answer: '6' }], false).problems).toEqual([
      { field: 'body.answers.shoe', rule: 'unknown_question', message: 'is not one of this activity’s questions' },
    ]);
  });
});

describe('what a date on an activity page offers', () => {
  const now = '2026-12-01T09:00:00.000Z';
  const s = (over: Partial<SessionView> = {}): SessionView => ({
    id: 'S',
    activityId: 'A',
    activityTitle: 'T',
    startsAt: '2026-12-08T10:00:00.000Z',
    endsAt: '2026-12-08T11:00:00.000Z',
    localDate: '2026-12-08',
    localStartTime: '10:00',
    localEndTime: '11:00',
    dayOfWeek: 2,
    capacity: 10,
    confirmed: 3,
    placesLeft: 7,
    waitlisted: 0,
    status: 'scheduled',
    bookingMode: 'reserve',
    opensAt: '2026-11-10T10:00:00.000Z',
    closesAt: '2026-12-08T08:00:00.000Z',
    ...over,
  });
  it('is one state, with the one thing to do', () => {
    expect(stateWords(dateState(s(), 'reserve', undefined, now))).toBe('7 places left.');
    expect(stateWords(dateState(s({ placesLeft: 0, waitlisted: 2 }), 'reserve', undefined, now))).toBe('Full. You would be number 3 on the waiting list.');
    // someone already waiting: a freed place is theirs, so a newcomer waits too
    expect(dateState(s({ placesLeft: 1, waitlisted: 1 }), 'reserve', undefined, now).kind).toBe('waitlist');
    expect(stateWords(dateState(s({ opensAt: '2026-12-03T10:00:00.000Z' }), 'reserve', undefined, now))).toBe('Booking opens on Thursday 3 December 2026.');
    expect(stateWords(dateState(s(), 'drop-in', undefined, now))).toBe('Drop in, no booking needed.');
    expect(dateState(s({ closesAt: '2026-12-01T08:00:00.000Z' }), 'reserve', undefined, now).kind).toBe('closed');
    expect(stateWords(dateState(s(), 'reserve', { status: 'confirmed', companion: true } as never, now))).toBe('You’re booked (you and a companion).');
  });

  it('says how paying works', () => {
    expect(paymentWords({ kind: 'free' })).toBe('It is free.');
    expect(paymentWords({ kind: 'amount', pence: 250, per: 'session', howToPay: 'on the day, cash or card' })).toBe(
      '£2.50 per session. How to pay: on the day, cash or card. You do not pay anything now.',
    );
    expect(paymentWords({ kind: 'pay-what-you-can', suggestedPence: 300 })).toBe('Pay what you can (about £3). You pay at the session. You do not pay anything now.');
  });
});

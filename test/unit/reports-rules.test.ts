import { describe, expect, it } from 'vitest';
import {
  channelRows,
  contributionOf,
  countersOf,
  differenceOf,
  figuresOf,
  medianDays,
  monthsBetween,
  placeCheckCounters,
  placesFreedByReplies,
  rankGaps,
  releasedPlaces,
  sequenceOrder,
  workingDaysBetween,
} from '../../functions/reports/rules';

const mark = (status: string, extra: Record<string, unknown> = {}) => ({
  type: 'AttendanceMark',
  pk: 'REGISTER#S',
  sk: 'MARK#resident#P',
  sessionId: 'S',
  activityId: 'A',
  activityTitle: 'Tea',
  hubId: 'H',
  organisationId: 'O',
  localDate: '2026-04-14',
  startsAt: '2026-04-14T13:00:00.000Z',
  role: 'resident',
  status,
  version: 1,
  ...extra,
});

describe('contributions', () => {
  it('moves a corrected mark from one figure to another, and a repeat adds nothing', () => {
    const first = contributionOf(mark('attended'), { priorities: ['b', 'a'] });
    expect(Object.values(first)).toEqual([
      { month: '2026-04', cell: 'HUB#H#ACT#A', meta: expect.objectContaining({ priorities: ['a', 'b'] }), counters: { attended: 1, markedConfirmOff: 1 } },
      // and the session's own day cell, so a report counts it once it has started
      {
        month: '2026-04',
        cell: 'DAY#2026-04-14#2026-04-14T13:00:00.000Z#HUB#H#ACT#A',
        meta: expect.objectContaining({ sessionId: 'S', startsAt: '2026-04-14T13:00:00.000Z' }),
        counters: { attended: 1, markedConfirmOff: 1 },
      },
    ]);
    const corrected = contributionOf(mark('no-show', { version: 2 }));
    expect(differenceOf(countersOf(first), corrected).map((d) => d.add)).toEqual([
      { attended: -1, noShows: 1, noShowsConfirmOff: 1 },
      { attended: -1, noShows: 1, noShowsConfirmOff: 1 },
    ]);
    expect(differenceOf(countersOf(corrected), corrected)).toEqual([]);
  });

  it('moves a session to its new month, and counts a cancelled one only as cancelled', () => {
    const session = { type: 'Session', pk: 'SESSION#S', sk: 'META', activityId: 'A', hubId: 'H', localDate: '2026-04-30', status: 'scheduled', capacity: 10, confirmed: 4, waitlisted: 0 };
    const april = contributionOf(session);
    const may = contributionOf({ ...session, localDate: '2026-05-01' });
    const diff = differenceOf(countersOf(april), may);
    expect(diff.map((d) => [d.id, d.add])).toEqual([
      ['2026-04|HUB#H#ACT#A', { sessions: -1, placesOffered: -10, reserved: -4 }],
      ['2026-04|DAY#2026-04-30##HUB#H#ACT#A', { sessions: -1, placesOffered: -10, reserved: -4 }],
      ['2026-05|HUB#H#ACT#A', { sessions: 1, placesOffered: 10, reserved: 4 }],
      ['2026-05|DAY#2026-05-01##HUB#H#ACT#A', { sessions: 1, placesOffered: 10, reserved: 4 }],
    ]);
    expect(Object.values(contributionOf({ ...session, status: 'cancelled' }))[0]!.counters).toEqual({ sessionsCancelled: 1 });
  });

  it('counts a referral once overall and once under each reason; volunteer marks and pending hours not at all', () => {
    const referral = { type: 'Referral', createdAt: '2026-03-31T23:30:00Z', source: 'self', status: 'received', reasons: ['x', 'y'], bookings: [], events: [] };
    expect(Object.keys(contributionOf(referral))).toEqual(['2026-04|REF#ALL#self#received', '2026-04|REF#PRI#x#self#received', '2026-04|REF#PRI#y#self#received']);
    expect(contributionOf(mark('attended', { role: 'volunteer' }))).toEqual({});
    expect(contributionOf({ type: 'VolunteerHours', status: 'pending', date: '2026-04-01', hours: 2, ownerKind: 'hub', ownerId: 'H' })).toEqual({});
  });

  it('counts a referral through the funnel: contact in working days, days to a first session, declined for no suitable activity', () => {
    // Friday 22 May 2026; Monday 25 May is a bank holiday
    const referral = {
      type: 'Referral',
      createdAt: '2026-05-22T10:00:00Z',
      source: 'gp-practice',
      status: 'closed',
      reasons: [],
      bookings: [{ sessionId: 'S' }],
      events: [
        { at: '2026-05-22T10:00:00Z', kind: 'received', status: 'received' },
        { at: '2026-05-29T10:00:00Z', kind: 'status', status: 'contacted' },
        { at: '2026-06-04T10:00:00Z', kind: 'status', status: 'attended' },
      ],
    };
    expect(workingDaysBetween('2026-05-22', '2026-05-29')).toBe(4);
    const counters = Object.values(contributionOf(referral))[0]!.counters;
    expect(counters).toMatchObject({ referred: 1, contactedInTime: 1, referralsBooked: 1, referralsAttended: 1, attendDays13: 1 });
    const declined = { ...referral, status: 'declined', declinedReason: 'There is no suitable group near her', events: [] };
    expect(Object.values(contributionOf(declined))[0]!.counters).toMatchObject({ declined: 1, declinedNoActivity: 1 });
    expect(Object.values(contributionOf({ ...declined, declinedReason: 'Moved away' }))[0]!.counters.declinedNoActivity).toBeUndefined();
    expect(medianDays({ attendDays3: 2, attendDays10: 1, attendDays40: 1 })).toBe(6.5);
    expect(medianDays({ attendDays3: 1, attendDays10: 1, attendDays40: 1 })).toBe(10);
    expect(medianDays({ referred: 4 })).toBeNull();
  });

  it('orders stream sequence numbers of different lengths', () => {
    expect(sequenceOrder('999') < sequenceOrder('1000')).toBe(true);
  });
});

describe('reminders and replies', () => {
  const check = (state: string, extra: Record<string, unknown> = {}) => ({
    type: 'PlaceCheck',
    pk: 'PLACECHECK#S_P',
    sk: 'CHECK',
    reservationId: 'S_P',
    sessionId: 'S',
    activityId: 'A',
    activityTitle: 'Tea',
    hubId: 'H',
    organisationId: 'O',
    startsAt: '2026-04-14T13:00:00.000Z',
    replyBy: '2026-04-12T13:00:00.000Z',
    state,
    ...extra,
  });

  it('splits marked places by whether the activity asks people to confirm; cancelled late is not a marked place', () => {
    const on = (status: string) => Object.values(contributionOf(mark(status), { priorities: [], confirm: true }))[0]!.counters;
    expect(on('no-show')).toEqual({ noShows: 1, markedConfirmOn: 1, noShowsConfirmOn: 1 });
    expect(on('left-early')).toEqual({ attended: 1, leftEarly: 1, markedConfirmOn: 1 });
    expect(on('cancelled-late')).toEqual({ cancelledLate: 1 });
  });

  it('counts a place check by how it was asked, and an answer after the reply-by time as no answer', () => {
    expect(placeCheckCounters(check('asked', { channel: 'phone' }))).toEqual({ checksAskedPhone: 1, checksYesPhone: 0, checksNoPhone: 0, checksNoAnswerPhone: 0 });
    expect(placeCheckCounters(check('no', { phone: '+447700900123', answeredAt: '2026-04-11T09:00:00.000Z' }))).toMatchObject({ checksAskedText: 1, checksNoText: 1 });
    expect(placeCheckCounters(check('yes', { channel: 'email', answeredAt: '2026-04-13T09:00:00.000Z' }))).toMatchObject({ checksYesEmail: 0, checksNoAnswerEmail: 1 });
    expect(placeCheckCounters(check('freed', { channel: 'letter' }))).toMatchObject({ checksAskedLetter: 1, checksNoAnswerLetter: 1 });
    // counted in its session's day cell; a check from before the organisation was kept is not counted
    expect(Object.keys(contributionOf(check('asked', { channel: 'text' })))).toEqual(['2026-04|HUB#H#ACT#A', '2026-04|DAY#2026-04-14#2026-04-14T13:00:00.000Z#HUB#H#ACT#A']);
    expect(contributionOf(check('asked', { organisationId: undefined }))).toEqual({});
    expect(channelRows({ checksAskedText: 2, checksNoText: 1 })[0]).toEqual({ channel: 'text', counters: { checksAsked: 2, checksYes: 0, checksNo: 1, checksNoAnswer: 0 } });
  });

  it('counts places freed by replies as refilled up to the places people from the waiting list hold', () => {
    expect(placesFreedByReplies({ placesFreedByReply: 2, placesFromWaitlist: 1 })).toEqual({ placesFreedByReply: 2, placesRefilledAfterReply: 1 });
    expect(placesFreedByReplies({ placesFreedByReply: 1, placesFromWaitlist: 3 })).toEqual({ placesFreedByReply: 1, placesRefilledAfterReply: 1 });
    expect(placesFreedByReplies({ placesFromWaitlist: -1 })).toEqual({ placesFreedByReply: 0, placesRefilledAfterReply: 0 });
  });
});

describe('figures', () => {
  it('suppresses counts of 1 to 4 people and what rests on them, never zero or places', () => {
    const f = figuresOf('attendance', { sessions: 1, placesOffered: 8, reserved: 6, attended: 4, noShows: 0 }, 1000, true);
    expect(f).toMatchObject({ sessions: 1, placesOffered: 8, reserved: 6, attended: null, noShows: 0, attendanceRate: null });
    expect(figuresOf('attendance', { attended: 4 }, 1000, false).attended).toBe(4);
  });

  it('ranks gaps by shortfall and leaves out places with room for everyone waiting', () => {
    const gaps = rankGaps(
      [
        { key: 'a', priority: 'a', counters: { placesOffered: 10, reserved: 10, waitlisted: 6 } },
        { key: 'b', priority: 'b', counters: { placesOffered: 10, reserved: 2, waitlisted: 3 } },
        { key: 'c', priority: 'c', counters: { placesOffered: 5, reserved: 5, waitlisted: 5, referralsUnplaced: 9 } },
      ],
      false,
    );
    expect(gaps.map((g) => [g.key, g.shortfall])).toEqual([
      ['c', 14],
      ['a', 6],
    ]);
  });

  it('lists the months of a period across a year end', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });

  it('counts a place given back as left empty while the session has a free place for it, and as taken again once it has not', () => {
    expect(releasedPlaces({ capacity: 3, confirmed: 3 })).toEqual({ placesReleased: 0, placesRefilled: 0, placesLeftEmpty: 0 });
    expect(releasedPlaces({ capacity: 3, confirmed: 3, placesReleased: 1 })).toEqual({ placesReleased: 1, placesRefilled: 1, placesLeftEmpty: 0 });
    expect(releasedPlaces({ capacity: 3, confirmed: 2, placesReleased: 2 })).toEqual({ placesReleased: 2, placesRefilled: 1, placesLeftEmpty: 1 });
    // places never booked are free too: a released place is empty first
    expect(releasedPlaces({ capacity: 10, confirmed: 3, placesReleased: 2 })).toEqual({ placesReleased: 2, placesRefilled: 0, placesLeftEmpty: 2 });
    const noShows = figuresOf('demand', { attended: 8, noShows: 2 }, 0, false);
    expect(noShows.noShowRate).toBe(20);
    expect(figuresOf('demand', { attended: 8, noShows: 2, placesReleased: 3, placesRefilled: 2, placesLeftEmpty: 1 }, 0, true)).toMatchObject({
      noShowRate: null,
      placesReleased: null,
      placesRefilled: null,
      placesLeftEmpty: null,
    });
  });
});

import { describe, expect, it } from 'vitest';
import { holdingOf, isPastHolding, newCheckInCode, positionOf, reservationIdOf, splitReservationId } from '../../functions/reservations/rules';

describe('reservation rules', () => {
  it('makes check-in codes of 6 letters and digits nobody confuses (no 0/O, 1/I/L, 5/S, 2/Z, 8/B)', () => {
    for (let i = 0; i < 500; i++) {
      const code = newCheckInCode();
      expect(code).toMatch(/^[A-Z0-9]{6}$/);
      expect(code).not.toMatch(/[0O1IL5S2Z8B]/);
    }
  });

  it('places someone in the queue by their ticket less the earlier tickets gone, first at best', () => {
    expect(positionOf(5, 2)).toBe(3);
    expect(positionOf(1, 0)).toBe(1);
    // a ticket counted as gone that was their own (or a race in the counts) still answers first, not 0 or less
    expect(positionOf(3, 3)).toBe(1);
    expect(positionOf(2, 7)).toBe(1);
  });

  it('keeps holdings sorted and pruned by when the session ends', () => {
    const entry = holdingOf({ endsAt: '2026-05-12T11:00:00.000Z', sessionId: 'S1' });
    expect(isPastHolding(entry, new Date('2026-05-12T10:59:59.000Z'))).toBe(false);
    expect(isPastHolding(entry, new Date('2026-05-12T11:00:00.000Z'))).toBe(true);
  });

  it('gives a reservation the id of its session and person, and reads them back', () => {
    expect(splitReservationId(reservationIdOf('01JDEM0VSER000000000000001', 'person-1'))).toEqual({ sessionId: '01JDEM0VSER000000000000001', personId: 'person-1' });
  });
});

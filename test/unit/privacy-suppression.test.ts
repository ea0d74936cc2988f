import { describe, expect, it } from 'vitest';
import { protectedFigures } from '../../functions/reports/rules';

/** Secondary suppression (issue 17, point 11): what a table hides so that no hidden figure comes back from its total. */
const attended = (rows: number[]) => {
  const total = { attended: rows.reduce((a, b) => a + b, 0) };
  const out = protectedFigures('attendance', [rows.map((n) => ({ attended: n }))], total, 1000);
  return { rows: out.tables[0]!.map((r) => r.attended), total: out.total.attended };
};

describe('protectedFigures', () => {
  it('hides the smallest figure shown beside a lone small one', () => {
    expect(attended([7, 2, 12])).toEqual({ rows: [null, null, 12], total: 21 });
  });

  it('hides the whole column when the hidden figures could only all be 1 (or all 4)', () => {
    expect(attended([1, 1, 1, 1, 1])).toEqual({ rows: [null, null, null, null, null], total: null });
    expect(attended([4, 4])).toEqual({ rows: [null, null], total: null });
  });

  it('leaves two small figures that could be several things, and a small total hidden on its own', () => {
    expect(attended([2, 3, 9])).toEqual({ rows: [null, null, 9], total: 14 });
    expect(attended([1, 2])).toEqual({ rows: [null, null], total: null });
  });

  it('hides nothing when nothing is small', () => {
    expect(attended([5, 0, 9])).toEqual({ rows: [5, 0, 9], total: 14 });
  });
});

/**
 * The demo data is what people first see after `npm start`, and what journey tests start from: the demo
 * resident's bookings must be there whatever the day and hour it is seeded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { manualClock } from '../../functions/lib/clock';
import { demoActivities } from '../../functions/local/seed/directory';
import { startPlatform, type TestPlatform } from '../helpers/platform';

// a Thursday at 10:30 in London (GMT): Lunch Club starts at 12:00 today, and its booking closed at 10:00
const clock = manualClock('2026-12-03T10:30:00Z');
let p: TestPlatform;

beforeAll(async () => {
  p = await startPlatform({ seed: true, clock });
}, 300_000);
afterAll(() => p?.stop());

describe('demo data', () => {
  it('books the demo resident on the first date of three activities that can still be booked, even when the first date has closed', async () => {
    const token = await p.tokenFor('resident@example.org');
    const mine = await p.op('listMyReservations', { token });
    expect(mine.status).toBe(200);
    const lunchClub = demoActivities.find((a) => a.title === 'Lunch Club')!;
    const booked = mine.body.items.filter((r) => r.status === 'confirmed');
    expect(booked).toHaveLength(3);
    const lunch = booked.find((r) => r.activityId === lunchClub.id);
    expect(lunch?.startsAt).toBe('2026-12-10T12:00:00.000Z'); // next Thursday's
    expect(lunch?.companion).toBe(true);
  });
});

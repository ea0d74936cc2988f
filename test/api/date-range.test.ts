import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { startPlatform, type TestPlatform } from '../helpers/platform';
import { tableItemCount } from '../helpers/rooms';

/**
 * Dates, instants, months and local date-times outside the years 1900 to 2100 (functions/lib/fields.ts
 * saneYear) are refused with a 400 naming the field and the rule, and nothing is written.
 */
let p: TestPlatform;
let linkworker: string;
let coordinator: string;
let admin: string;
beforeAll(async () => {
  p = await startPlatform({ seed: true });
  linkworker = await p.tokenFor('linkworker@example.org');
  coordinator = await p.tokenFor('coordinator@example.org');
  admin = await p.tokenFor('admin@example.org');
});
afterAll(() => p?.stop());

const refusedFor = (answer: { status: number; headers: Headers; body: any }, field: string) => {
  expect(answer.status).toBe(400);
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(answer.body.errors).toEqual(expect.arrayContaining([{ field, rule: 'year_out_of_range', message: 'must be in the years 1900 to 2100' }]));
};

describe('dates in absurd years', () => {
  it('refuses a date of birth in the year 0000, 1899 or 2101 and writes nothing; 1900 and 2100 are fine', async () => {
    const before = await tableItemCount(p);
    for (const dateOfBirth of ['0000-01-01', '1899-12-31', '2101-01-01', '9999-12-31']) {
      refusedFor(await p.op('createPerson', { token: linkworker, body: { name: 'Ada Lovelace', dateOfBirth } }), 'body.dateOfBirth');
    }
    expect(await tableItemCount(p)).toBe(before);
    for (const dateOfBirth of ['1900-01-01', '2100-12-31']) {
      expect((await p.op('createPerson', { token: linkworker, body: { name: 'Ada Lovelace', dateOfBirth } })).status).toBe(201);
    }
  });

  it('refuses an instant in the year 0000 in a query', async () => {
    refusedFor(await p.op('listShifts', { query: { hubId: demoIds.hubs.oakRoadCentre, from: '0000-01-01T00:00:00Z' } }), 'query.from');
    refusedFor(await p.call('GET', `/api/shifts?hubId=${demoIds.hubs.oakRoadCentre}&to=2101-01-01T00:00:00%2B01:00`), 'query.to');
    expect((await p.op('listShifts', { query: { hubId: demoIds.hubs.oakRoadCentre, from: '2026-01-01T00:00:00Z' } })).status).toBe(200);
  });

  it('refuses a month and a local date-time in an absurd year', async () => {
    refusedFor(await p.op('getReport', { query: { kind: 'summary', from: '0000-01' }, token: admin }), 'query.from');
    const roomId = '01JDEM0R00M000000000000001';
    const booking = await p.call('POST', `/api/rooms/${roomId}/bookings`, { token: coordinator, body: { start: '0000-03-29T10:00', end: '0000-03-29T11:00' } });
    refusedFor(booking, 'body.start');
    refusedFor(booking, 'body.end');
  });
});

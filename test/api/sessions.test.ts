import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoIds } from '../../functions/local/seed/ids';
import { fanOutNotice } from '../../functions/reservations/service';
import { eventually, type TestPlatform } from '../helpers/platform';
import { newSession, reserve, startSessionsPlatform, steadySteps, talkingSpace } from '../helpers/sessions';

let p: TestPlatform;
let coordinator: string, partner: string, resident: string;
beforeAll(async () => {
  p = await startSessionsPlatform();
  [coordinator, partner, resident] = (await Promise.all(['coordinator', 'partner', 'resident'].map((r) => p.tokenFor(`${r}@example.org`)))) as [string, string, string];
});
afterAll(() => p?.stop());

const schedule = (token: string, activityId: string, body: Record<string, unknown>, key?: string) =>
  p.call('POST', `/api/activity-sessions/${activityId}`, { token, body, ...(key ? { headers: { 'idempotency-key': key } } : {}) });

describe('scheduleSessions and listSessions', () => {
  it('a weekly session across the October clock change keeps its local start time (UTC shifts)', async () => {
    const made = await schedule(coordinator, steadySteps().id, { startDate: '2027-10-19', startTime: '10:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=TU;COUNT=3' });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body.sessions.map((s: any) => [s.localDate, s.localStartTime, s.startsAt])).toEqual([
      ['2027-10-19', '10:00', '2027-10-19T09:00:00.000Z'],
      ['2027-10-26', '10:00', '2027-10-26T09:00:00.000Z'],
      ['2027-11-02', '10:00', '2027-11-02T10:00:00.000Z'],
    ]);
    const listed = await p.op('listSessions', { params: { activityId: steadySteps().id }, query: { from: '2027-10-01', to: '2027-11-30' } });
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: any) => s.localStartTime)).toEqual(['10:00', '10:00', '10:00']);
    expect(listed.body.items[0]).toMatchObject({ capacity: steadySteps().booking.defaultCapacity, placesLeft: steadySteps().booking.defaultCapacity, waitlisted: 0, seriesId: made.body.seriesId });
  });

  it('the same Idempotency-Key makes the same sessions once', async () => {
    const body = { startDate: '2027-01-05', startTime: '18:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;COUNT=4' };
    const first = await schedule(coordinator, steadySteps().id, body, 'series-1');
    const again = await schedule(coordinator, steadySteps().id, body, 'series-1');
    expect(first.body.created).toBe(4);
    expect(again.body.created).toBe(0);
    expect(again.body.sessions.map((s: any) => s.id)).toEqual(first.body.sessions.map((s: any) => s.id));
    const listed = await p.op('listSessions', { params: { activityId: steadySteps().id }, query: { from: '2027-01-01', to: '2027-02-28' } });
    expect(listed.body.items.filter((s: any) => s.localStartTime === '18:00')).toHaveLength(4);
  });

  it('previewSessions shows the dates without making them', async () => {
    const preview = await p.op('previewSessions', {
      params: { activityId: steadySteps().id },
      token: coordinator,
      body: { startDate: '2027-05-03', startTime: '11:00', durationMinutes: 60, rrule: 'FREQ=WEEKLY;BYDAY=MO;COUNT=5', skipBankHolidays: true },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.skipped.map((s: any) => s.localDate)).toEqual(['2027-05-03', '2027-05-31']);
    expect(preview.body.occurrences.map((s: any) => s.localDate)).toEqual(['2027-05-10', '2027-05-17', '2027-05-24']);
    const listed = await p.op('listSessions', { params: { activityId: steadySteps().id }, query: { from: '2027-05-01', to: '2027-05-31' } });
    expect(listed.body.items).toEqual([]);
  });

  it('only the activity’s coordinators and partners schedule; bad input is a 400 naming the field', async () => {
    const body = { startDate: '2027-02-01', startTime: '10:00', durationMinutes: 60 };
    expect((await schedule(resident, steadySteps().id, body)).status).toBe(403);
    expect((await schedule(partner, talkingSpace().id, body)).status).toBe(403); // another organisation's, at a hub the partner does not coordinate
    expect((await schedule(partner, steadySteps().id, body)).status).toBe(201); // their own organisation's
    expect((await p.op('scheduleSessions', { params: { activityId: steadySteps().id }, body })).status).toBe(401);
    const bad: [Record<string, unknown>, string][] = [
      [{ ...body, startTime: '25:00' }, 'body.startTime'],
      [{ ...body, rrule: 'FREQ=DAILY' }, 'body.rrule'],
      [{ ...body, capacity: 0 }, 'body.capacity'],
      [{ ...body, confirmed: 3 }, 'body.confirmed'],
      [{ ...body, exceptions: [{ action: 'explode', date: '2027-02-01' }] }, 'body.exceptions.0.action'],
    ];
    for (const [b, field] of bad) {
      const answer = await schedule(coordinator, steadySteps().id, b);
      expect(answer.status, field).toBe(400);
      expect(
        answer.body.errors.map((e: any) => e.field),
        JSON.stringify(answer.body),
      ).toContain(field);
    }
    expect((await schedule(coordinator, steadySteps().id, { ...body, startDate: '2020-01-01' })).status).toBe(422);
    expect((await p.op('listSessions', { params: { activityId: steadySteps().id }, query: { from: '2027-01-01', to: '2026-01-01' } })).status).toBe(400);
  });
});

describe('updateSession and cancelSession', () => {
  it('moving a session tells everyone booked, with a new calendar entry', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id);
    expect((await reserve(p, resident, sessionId, 'move')).status).toBe(201);
    const moved = await p.op('updateSession', { params: { sessionId }, token: coordinator, body: { localStartTime: '16:30' } });
    expect(moved.status).toBe(200);
    expect(moved.body.localStartTime).toBe('16:30');
    await p.stream.idle();
    await eventually(async () => {
      const mail = (await p.op('devMailbox', { query: { toUserId: demoIds.users.resident } })).body.items.filter((m: any) => m.kind === 'session.moved');
      expect(mail).toHaveLength(1);
      expect(mail[0]!.attachments![0]!.content).toMatch(/DTSTART;TZID=Europe\/London:\d{8}T163000/);
    });
    // the same move sent again (a retried request) is no move, and the notice's stream record delivered again
    // tells nobody again (sessions/service.ts changeOne, reservations/consumers.ts, fanOutNotice)
    expect((await p.op('updateSession', { params: { sessionId }, token: coordinator, body: { localStartTime: '16:30' } })).status).toBe(200);
    const { Items: notices = [] } = await p.deps.db.doc.send(
      new QueryCommand({ TableName: p.deps.db.tableName, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)', ExpressionAttributeValues: { ':pk': `SESSION#${sessionId}`, ':n': 'NOTICE#' } }),
    );
    expect(notices).toHaveLength(1);
    const n = notices[0]!;
    expect(await fanOutNotice(p.deps, { sessionId, sk: n.sk, kind: n.kind, subject: n.subject, text: n.text })).toBe(0);
    await p.stream.idle();
    expect((await p.op('devMailbox', { query: { toUserId: demoIds.users.resident } })).body.items.filter((m: any) => m.kind === 'session.moved')).toHaveLength(1);
    expect((await p.op('updateSession', { params: { sessionId }, token: resident, body: { capacity: 3 } })).status).toBe(403);
    expect((await p.call('PATCH', `/api/sessions/${sessionId}`, { token: coordinator, body: { status: 'cancelled' } })).status).toBe(400);
  });

  it('getSession answers places left; an unknown session is a 404', async () => {
    const sessionId = await newSession(p, coordinator, steadySteps().id, { capacity: 5 });
    await reserve(p, resident, sessionId, 'g');
    expect((await p.op('getSession', { params: { sessionId } })).body).toMatchObject({ capacity: 5, confirmed: 1, placesLeft: 4 });
    expect((await p.op('getSession', { params: { sessionId: '01ZZZZZZZZZZZZZZZZZZZZZZZZ' } })).status).toBe(404);
    const cancelled = await p.op('cancelSession', { params: { sessionId }, token: coordinator, body: {} });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', placesLeft: 0 });
    // safe to retry: cancelling again answers the cancelled session (issue 18)
    expect((await p.op('cancelSession', { params: { sessionId }, token: coordinator, body: {} })).body).toMatchObject({ status: 'cancelled' });
  });
});

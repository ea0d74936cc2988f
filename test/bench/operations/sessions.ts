// Sessions (issue #4): getSession, see ../reservations.ts. scheduleSessions (issue 18): below.
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { profileKey } from '../../../functions/accounts/data';
import { activityKey, hubKey } from '../../../functions/directory/data';
import { closedReason, hubDiaryOf } from '../../../functions/directory/hours';
import type { Actor } from '../../../functions/lib/actor';
import { newId } from '../../../functions/lib/ids';
import { addDays, londonDate } from '../../../functions/lib/london';
import { demoActivities } from '../../../functions/local/seed/directory';
import { demoIds } from '../../../functions/local/seed/ids';
import { getRoom, roomKey, sessionHoldItems } from '../../../functions/rooms/data';
import type { Room } from '../../../functions/rooms/schema';
import { putSessionInRoom, getSession as readSession } from '../../../functions/sessions/data';
import { holdOf } from '../../../functions/sessions/place';
import type { Session } from '../../../functions/sessions/schema';
import { mapLimit } from '../ops';
import type { BenchContext, BenchOperation } from '../types';

export { getSession } from '../reservations';

const lunchClub = demoActivities.find((a) => a.title === 'Lunch Club')!; // Age Well at Oak Road Centre
const coordinator: Actor = { userId: demoIds.users.coordinator, roles: ['coordinator'], hubIds: [demoIds.hubs.oakRoadCentre], organisationIds: [] };
const dates = 10;

/**
 * The first Wednesday from two years ahead that starts ten Wednesdays on which Oak Road is open. So far ahead
 * that the thousands of sessions the bench makes stay out of every page and listing the other sections measure.
 */
async function tenOpenWednesdays(ctx: BenchContext): Promise<string> {
  const hub = (await hubDiaryOf(ctx.raw, demoIds.hubs.oakRoadCentre))!;
  let day = addDays(londonDate(new Date()), 730);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 3) day = addDays(day, 1);
  for (; ; day = addDays(day, 7)) {
    if (Array.from({ length: dates }, (_, w) => addDays(day, 7 * w)).every((d) => !closedReason(hub, d))) return day;
  }
}

/** A room of Oak Road with the Main hall's setup and cleardown (15 minutes each), open every day. */
async function newRoom(ctx: BenchContext, token: string, name: string): Promise<string> {
  const answer = await ctx.http({
    method: 'POST',
    path: '/api/rooms',
    token,
    body: {
      hubId: demoIds.hubs.oakRoadCentre,
      name,
      capacity: 40,
      facilities: ['stepFree'],
      openingHours: (['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const).map((day) => ({ day, opens: '08:00', closes: '22:00' })),
      setupMinutes: 15,
      cleardownMinutes: 15,
    },
  });
  if (answer.status !== 201) throw new Error(`createRoom: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.roomId as string;
}

interface ScheduleState {
  token: string;
  startDate: string;
  roomIds: string[];
  /** a session and room as made above, copied (new ids, a room of its own) for the raw writes */
  template: { session: Session; room: Room };
}

const body = (startDate: string, roomId: string) => ({ startDate, startTime: '10:00', durationMinutes: 60, rrule: `FREQ=WEEKLY;COUNT=${dates}`, roomId, capacity: 20 });

/**
 * A coordinator schedules a weekly session for ten weeks in a room (issue 18): GetItem memberships, GetItem
 * activity, GetItem hub (its opening hours and closed days), GetItem room and GetItem hub again (the room's
 * label names the hub), one Query of the room's diary for clashes (gsi1), then one TransactWriteItems per date:
 * the session, its hold in the room's diary and a slot per quarter hour the room is blocked (an hour and the
 * 15-minute setup and cleardown: 6 slots), so each date is made with its room or not at all. Each call holds a
 * room of its own, quiet over the ten weeks: the figures are the design's, not a crowded diary's.
 */
export const scheduleSessions: BenchOperation<ScheduleState> = {
  name: 'scheduleSessions',
  operationId: 'scheduleSessions',
  expected: {
    requests: 16,
    readUnits: 3,
    writeUnits: 220,
    why: '5 GetItem (memberships, activity, hub, room, hub) + 1 Query of the room diary (0.5 each) + 10 TransactWriteItems of 8 items: session (1-2 KB, gsi1 + gsi2), hold (gsi1), 6 slots, at 2 units per item and index entry (22 a date)',
  },
  setup: async (ctx, calls) => {
    const token = await ctx.tokenFor('coordinator@example.org');
    const startDate = await tenOpenWednesdays(ctx);
    const stamp = Date.now().toString(36);
    const roomIds = await mapLimit(
      Array.from({ length: calls + 1 }, (_, i) => i),
      4,
      (i) => newRoom(ctx, token, `Bench room ${stamp}-${i}`),
    );
    // the last room makes the template the raw writes copy
    const made = await ctx.http({ method: 'POST', path: `/api/activity-sessions/${lunchClub.id}`, token, body: body(startDate, roomIds[calls]!) });
    if (made.status !== 201 || made.body.sessions.length !== dates) throw new Error(`scheduleSessions: ${made.status} ${JSON.stringify(made.body)}`);
    const session = (await readSession(ctx.raw, made.body.sessions[0].id, true))!;
    const room = (await getRoom(ctx.raw, roomIds[calls]!))!;
    return { token, startDate, roomIds: roomIds.slice(0, calls), template: { session, room } };
  },
  request: (s, i) => ({ method: 'POST', path: `/api/activity-sessions/${lunchClub.id}`, token: s.token, body: body(s.startDate, s.roomIds[i]!), expectStatus: 201 }),
  raw: async (ctx, s) => {
    const t = ctx.raw.tableName;
    const { session, room } = s.template;
    await ctx.raw.doc.send(new GetCommand({ TableName: t, Key: profileKey(demoIds.users.coordinator), ProjectionExpression: 'hubIds, organisationIds' }));
    await ctx.raw.doc.send(new GetCommand({ TableName: t, Key: activityKey(lunchClub.id) }));
    await ctx.raw.doc.send(new GetCommand({ TableName: t, Key: hubKey(demoIds.hubs.oakRoadCentre) }));
    await ctx.raw.doc.send(new GetCommand({ TableName: t, Key: roomKey(room.roomId) }));
    await ctx.raw.doc.send(new GetCommand({ TableName: t, Key: hubKey(demoIds.hubs.oakRoadCentre) }));
    const rawRoom: Room = { ...room, roomId: `RAW${newId()}` };
    await ctx.raw.doc.send(
      new QueryCommand({
        TableName: t,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': `ROOM#${rawRoom.roomId}#OCCURRENCES`, ':a': session.startsAt, ':b': addDays(session.localDate, 7 * dates) },
      }),
    );
    const now = new Date();
    for (let w = 0; w < dates; w++) {
      const shift = (iso: string) => new Date(Date.parse(iso) + w * 7 * 86_400_000).toISOString();
      const copy: Session = { ...session, id: newId(now), startsAt: shift(session.startsAt), endsAt: shift(session.endsAt), localDate: addDays(session.localDate, 7 * w), roomId: rawRoom.roomId };
      await putSessionInRoom(ctx.raw, copy, sessionHoldItems(ctx.raw, holdOf(rawRoom, copy, coordinator, now)));
    }
  },
};

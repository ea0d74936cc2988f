import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { profileKey } from '../../../functions/accounts/data';
import { hubKey, organisationKey } from '../../../functions/directory/data';
import { isBankHoliday } from '../../../functions/lib/holidays';
import { demoIds } from '../../../functions/local/seed/ids';
import { demoRoomIds } from '../../../functions/local/seed/rooms';
import { bookingKey, occurrenceKey, roomKey } from '../../../functions/rooms/data';
import type { BenchOperation } from '../types';

/**
 * The n-th weekday from three weeks ahead, so the quiet room (weekdays 09:00-20:00) is open. Five requests a day,
 * as a busy room gets: the clash check reads the day's diary, pending requests included, so sixty requests
 * piled on one day would measure a day no room has. Partners' requests stay pending, so they never clash.
 */
function aWeekdayAhead(n: number): string {
  const d = new Date(Date.now() + 21 * 86_400_000);
  for (let left = n; ; d.setUTCDate(d.getUTCDate() + 1)) {
    // Oak Road is closed on bank holidays: a request for one is refused
    if ([0, 6].includes(d.getUTCDay()) || isBankHoliday(d.toISOString().slice(0, 10))) continue;
    if (left-- === 0) return d.toISOString().slice(0, 10);
  }
}
const dayOf = (i: number) => aWeekdayAhead(Math.floor(i / 5));

/**
 * A partner asks for a room for one date: memberships GetItem (signing in the partner), GetItem of the room,
 * one Query of the room's diary for clashes with confirmed bookings, one BatchGetItem each for the names of who
 * asks and their organisation (the booking carries them, so lists and the diary never look them up), one
 * TransactWriteItems (booking + its date).
 * An approval is then a Query of the booking (one partition) + one TransactWriteItems per date
 * (a slot per quarter hour of the blocked time, the date, the booking, the outbox message).
 */
export const requestRoomBooking: BenchOperation<{ token: string }> = {
  name: 'requestRoomBooking',
  operationId: 'requestRoomBooking',
  expected: {
    requests: 7,
    readUnits: 3,
    writeUnits: 10,
    why: 'GetItem memberships + GetItem room + GetItem hub (its opening hours and closed days) + Query room diary (gsi1) + BatchGetItem requester name + BatchGetItem organisation name + TransactWriteItems of 2 items and 3 index entries (booking with gsi2, gsi3; date with gsi1) at 2 units each',
  },
  setup: async (ctx) => ({ token: await ctx.tokenFor('partner@example.org') }),
  request: ({ token }, i) => {
    const date = dayOf(i);
    const hour = 9 + (i % 5) * 2;
    return {
      method: 'POST',
      path: `/api/rooms/${demoRoomIds.oakRoadQuietRoom}/bookings`,
      token,
      body: { start: `${date}T${String(hour).padStart(2, '0')}:00`, end: `${date}T${String(hour + 1).padStart(2, '0')}:00`, purpose: 'Bench request', expectedAttendance: 5 },
      expectStatus: 201,
    };
  },
  raw: async (ctx, _state, i) => {
    const date = dayOf(i);
    const t = ctx.raw.tableName;
    await ctx.raw.doc.send(new GetCommand({ TableName: t, Key: profileKey(demoIds.users.partner), ProjectionExpression: 'hubIds, organisationIds' }));
    await ctx.raw.doc.send(new GetCommand({ TableName: t, Key: roomKey(demoRoomIds.oakRoadQuietRoom) }));
    await ctx.raw.doc.send(new GetCommand({ TableName: t, Key: hubKey(demoIds.hubs.oakRoadCentre) }));
    await ctx.raw.doc.send(
      new QueryCommand({
        TableName: t,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :a AND :b',
        ExpressionAttributeValues: { ':pk': `ROOM#${demoRoomIds.oakRoadQuietRoom}#OCCURRENCES`, ':a': `${date}T00:00`, ':b': `${date}T23:59` },
      }),
    );
    await ctx.raw.doc.send(
      new BatchGetCommand({ RequestItems: { [t]: { Keys: [profileKey(demoIds.users.partner)], ProjectionExpression: 'userId, #n', ExpressionAttributeNames: { '#n': 'name' } } } }),
    );
    await ctx.raw.doc.send(new BatchGetCommand({ RequestItems: { [t]: { Keys: [organisationKey(demoIds.organisations.ageWell)] } } }));
    const id = `01RAWBENCH${String(i).padStart(16, '0')}`;
    const start = `${date}T10:00:00.000Z`;
    return ctx.raw.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: t,
              Item: {
                ...bookingKey(id),
                gsi2pk: 'REQUESTER#raw',
                gsi2sk: `ROOMBOOKING#${id}`,
                gsi3pk: 'HUB#raw#PENDINGROOMBOOKINGS',
                gsi3sk: `${start}#${id}`,
                purpose: 'Bench request',
                status: 'pending',
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: { TableName: t, Item: { ...occurrenceKey(id, start), gsi1pk: 'ROOM#raw#OCCURRENCES', gsi1sk: `${start}#${id}`, status: 'pending' }, ConditionExpression: 'attribute_not_exists(pk)' },
          },
        ],
      }),
    );
  },
};

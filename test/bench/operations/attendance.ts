import { BatchWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { profileKey } from '../../../functions/accounts/data';
import { putMark, readForMarking } from '../../../functions/attendance/data';
import { markOrder, monthOf } from '../../../functions/attendance/rules';
import { newId } from '../../../functions/lib/ids';
import { demoActivities } from '../../../functions/local/seed/directory';
import { demoIds } from '../../../functions/local/seed/ids';
import { demoSessionId } from '../../../functions/local/seed/sessions';
import { reservationKey } from '../../../functions/reservations/data';
import { getSession, putSessions } from '../../../functions/sessions/data';
import { londonDate, slotOf } from '../../../functions/sessions/rules';
import type { Session } from '../../../functions/sessions/schema';
import type { BenchContext, BenchOperation } from '../types';

/** Marks per batch: a helper sending a handful of taps at once (or a queue sent on reconnecting). */
const perBatch = 5;

interface State {
  token: string;
  session: Session;
  /** people booked on the session: [call][mark] for the API, and as many again for the raw calls */
  api: string[][];
  raw: string[][];
}

/** Bookings written straight to the table (the bench measures marking, not booking): 25 per BatchWriteItem. */
async function book(ctx: BenchContext, sessionId: string, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => newId());
  for (let i = 0; i < ids.length; i += 25) {
    const puts = ids.slice(i, i + 25).map((personId) => ({
      PutRequest: { Item: { ...reservationKey(sessionId, personId), type: 'Reservation', sessionId, personId, status: 'confirmed', companion: false, places: 1, checkInCode: 'ACDEFG' } },
    }));
    await ctx.raw.doc.send(new BatchWriteCommand({ RequestItems: { [ctx.raw.tableName]: puts } }));
  }
  return ids;
}

const chunk = (ids: string[]) => Array.from({ length: ids.length / perBatch }, (_, i) => ids.slice(i * perBatch, (i + 1) * perBatch));

/**
 * A coordinator's batch of first marks at a Lunch Club session about to start: the session and the people's
 * bookings in one BatchGetItem, then one conditional UpdateItem per mark (no transaction).
 */
export const recordAttendance: BenchOperation<State> = {
  name: `recordAttendance (${perBatch} marks)`,
  operationId: 'recordAttendance',
  expected: {
    requests: 2 + perBatch,
    readUnits: 0.5 + 0.5 * (1 + perBatch),
    writeUnits: perBatch,
    why: `GetItem of the coordinator's memberships + one BatchGetItem (session META and ${perBatch} reservations, eventually consistent) + ${perBatch} conditional UpdateItems (mark items < 1 KB; "attended" writes no index)`,
  },
  setup: async (ctx, calls) => {
    const lunchClub = demoActivities.find((a) => a.title === 'Lunch Club')!;
    // a register takes marks from 30 minutes before its session starts: a Lunch Club session like the seeded
    // one (same item, same size), starting ten minutes from now, written straight to the table
    const seeded = (await getSession(ctx.raw, demoSessionId(lunchClub.id, 0)))!;
    const starts = new Date(Date.now() + 10 * 60_000);
    const startTime = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(starts);
    const durationMinutes = (Date.parse(seeded.endsAt) - Date.parse(seeded.startsAt)) / 60_000;
    const session: Session = { ...seeded, ...slotOf(londonDate(starts), startTime, durationMinutes), id: newId() };
    await putSessions(ctx.raw, [session]);
    const [apiPeople, rawPeople] = await Promise.all([book(ctx, session.id, calls * perBatch), book(ctx, session.id, calls * perBatch)]);
    return { token: await ctx.tokenFor('coordinator@example.org'), session, api: chunk(apiPeople), raw: chunk(rawPeople) };
  },
  request: (s, i) => ({
    method: 'POST',
    path: `/api/registers/${s.session.id}/marks`,
    token: s.token,
    body: { marks: s.api[i]!.map((personId, j) => ({ markId: `bench-${i}-${j}-api`, personId, status: 'attended', markedAt: new Date(Date.now() - 60_000).toISOString() })) },
    expectStatus: 200,
  }),
  raw: async (ctx, s, i) => {
    await ctx.raw.doc.send(new GetCommand({ TableName: ctx.raw.tableName, Key: profileKey(demoIds.users.coordinator), ProjectionExpression: 'hubIds, organisationIds' }));
    const people = s.raw[i]!;
    await readForMarking(ctx.raw, s.session.id, people);
    const now = new Date().toISOString();
    const facts = {
      sessionId: s.session.id,
      activityId: s.session.activityId,
      activityTitle: s.session.activityTitle,
      hubId: s.session.hubId,
      organisationId: s.session.organisationId,
      localDate: s.session.localDate,
      month: monthOf(s.session.localDate),
      startsAt: s.session.startsAt,
    };
    return Promise.all(
      people.map((personId, j) =>
        putMark(ctx.raw, {
          ...facts,
          personId,
          role: 'resident',
          status: 'attended',
          markId: `bench-${i}-${j}-raw`,
          markedAt: now,
          markedBy: demoIds.users.coordinator,
          recordedAt: now,
          markOrder: markOrder(now, `bench-${i}-${j}-raw`),
        }),
      ),
    );
  },
};

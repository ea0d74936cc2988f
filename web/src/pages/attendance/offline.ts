/**
 * The register's offline store, on the device (IndexedDB through idb-keyval):
 * - the last register read for each session, so the page opens with no signal;
 * - the marks and walk-ins made but not yet sent. Each has an id made on the device, so sending one
 *   twice (a retry after a dropped connection) is recorded once by the server.
 * The service worker (src/sw.ts) keeps the app itself available offline.
 * Signing out (auth.ts) sends what is waiting, then clears all of it: a shared device keeps nobody's register.
 */
import { clear, createStore, del, get, keys, set, update } from 'idb-keyval';
import type { MarkInput, MarkOutcome, RegisterView, WalkInInput } from '../../../../functions/attendance/schema';
import { ApiError, callApi } from '../../api';

const store = createStore('commonground-register', 'kv');

export type PendingMark = MarkInput & { kind: 'mark' };
export type PendingWalkIn = Omit<WalkInInput, 'count'> & { count: number; kind: 'walk-in' };
export type Pending = PendingMark | PendingWalkIn;

const queueKey = (sessionId: string) => `queue:${sessionId}`;
const registerKey = (sessionId: string) => `register:${sessionId}`;

export function newClientId(): string {
  const random = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
  return `d-${Date.now().toString(36)}-${random}`.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
}

export const cachedRegister = (sessionId: string) => get<RegisterView>(registerKey(sessionId), store);
export const cacheRegister = (view: RegisterView) => set(registerKey(view.session.id), view, store);

export async function pending(sessionId: string): Promise<Pending[]> {
  return (await get<Pending[]>(queueKey(sessionId), store)) ?? [];
}

export async function enqueue(sessionId: string, item: Pending): Promise<Pending[]> {
  let out: Pending[] = [];
  await update<Pending[]>(queueKey(sessionId), (q) => (out = [...(q ?? []), item]), store);
  return out;
}

async function remove(sessionId: string, sent: Set<string>): Promise<void> {
  await update<Pending[]>(queueKey(sessionId), (q) => (q ?? []).filter((p) => !sent.has(idOf(p))), store);
  if ((await pending(sessionId)).length === 0) await del(queueKey(sessionId), store);
}

const idOf = (p: Pending) => (p.kind === 'mark' ? p.markId : p.walkInId);

export interface FlushResult {
  sent: number;
  /** marks another helper's later mark replaced */
  superseded: (MarkOutcome & { mine: MarkInput['status'] })[];
  /** things the server refused (not retried): shown to the person */
  refused: { item: Pending; message: string }[];
}

let flushing: Promise<FlushResult> | undefined;

/** Sends everything queued for a session, once at a time. Anything not sent (no connection) stays queued. */
export function flush(sessionId: string): Promise<FlushResult> {
  flushing ??= send(sessionId).finally(() => (flushing = undefined));
  return flushing;
}

async function send(sessionId: string): Promise<FlushResult> {
  const result: FlushResult = { sent: 0, superseded: [], refused: [] };
  const queue = await pending(sessionId);
  const marks = queue.filter((p): p is PendingMark => p.kind === 'mark');
  const done = new Set<string>();
  try {
    for (let i = 0; i < marks.length; i += 100) {
      const batch = marks.slice(i, i + 100);
      try {
        const answer = await callApi('recordAttendance', { params: { sessionId }, body: { marks: batch.map(({ kind: _kind, ...m }) => m) } });
        for (const r of answer.results) {
          done.add(r.markId);
          if (r.outcome === 'superseded') result.superseded.push({ ...r, mine: batch.find((m) => m.markId === r.markId)!.status });
        }
        result.sent += batch.length;
      } catch (err) {
        if (!refusedForGood(err)) throw err;
        for (const m of batch) done.add(m.markId), result.refused.push({ item: m, message: (err as ApiError).detail });
      }
    }
    for (const w of queue.filter((p): p is PendingWalkIn => p.kind === 'walk-in')) {
      try {
        const { kind: _kind, ...body } = w;
        await callApi('recordWalkIn', { params: { sessionId }, body });
        result.sent++;
      } catch (err) {
        if (!refusedForGood(err)) throw err;
        result.refused.push({ item: w, message: (err as ApiError).detail });
      }
      done.add(w.walkInId);
    }
  } finally {
    await remove(sessionId, done);
  }
  return result;
}

/** A 4xx the same request would get again (not a lost connection, a busy server or an expired sign-in). */
const refusedForGood = (err: unknown) => err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 401 && err.status !== 429 && err.status !== 408;

// ---------- signing out ----------

/** How many marks and walk-ins on this device are waiting to be sent, across every register. */
export async function unsentCount(): Promise<number> {
  let n = 0;
  for (const key of await keys<string>(store)) if (String(key).startsWith('queue:')) n += (await get<Pending[]>(key, store))?.length ?? 0;
  return n;
}

/** Sends everything waiting, register by register; answers how many are still waiting (no connection). */
export async function flushAll(): Promise<number> {
  for (const key of await keys<string>(store)) {
    if (!String(key).startsWith('queue:')) continue;
    await flush(String(key).slice('queue:'.length)).catch(() => undefined);
  }
  return unsentCount();
}

/** Removes every register copy and anything not sent from this device. */
export const clearDevice = () => clear(store);

import { hubDiaryOf, keepToDiary, spanOf } from '../directory/hours';
import { type Actor, coordinatesHub } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Conflict, Forbidden, InvalidInput } from '../lib/errors';
import { isBankHoliday } from '../lib/holidays';
import { newId } from '../lib/ids';
import { londonDate } from '../lib/london';
import type { ShiftItem } from './data';
import * as data from './data';
import type { CreateShiftInput, Role, Shift } from './schema';
import { manages, presentShift } from './service';
import { type ShiftTimes, shiftTimes } from './shift-times';

/**
 * Creating a shift or a series of shifts: apart from service.ts because the series needs rrule-temporal,
 * which the stream and jobs Lambdas (using the rest of the service) must not bundle.
 */
export async function createShift(deps: AppDeps, actor: Actor, body: CreateShiftInput, idempotencyKey?: string): Promise<{ items: Shift[]; closed?: { localDate: string; reason: string }[] }> {
  if (!manages(actor, body.owner)) throw new Forbidden(`You can only add shifts for a ${body.owner.kind} you ${body.owner.kind === 'hub' ? 'coordinate' : 'act for'}.`);
  const roleIds = body.places.map((p) => p.roleId);
  if (new Set(roleIds).size !== roleIds.length) throw new InvalidInput([{ field: 'body.places', rule: 'duplicate', message: 'names a role more than once' }]);
  const roles = (await data.getMany(deps.db, roleIds.map(data.roleKey))) as unknown as Role[];
  body.places.forEach((p, i) => {
    const role = roles.find((r) => r.roleId === p.roleId);
    if (!role || role.owner.id !== body.owner.id) {
      throw new InvalidInput([{ field: `body.places.${i}.roleId`, rule: 'unknown_role', message: `is not one of this ${body.owner.kind}'s roles` }]);
    }
  });
  let times: ShiftTimes[];
  try {
    times = shiftTimes(body);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    const [field, message] = err.message.split(': ');
    throw new InvalidInput([{ field: `body.${field}`, rule: 'invalid', message: message ?? err.message }]);
  }
  const hubId = body.hubId ?? (body.owner.kind === 'hub' ? body.owner.id : undefined);
  // a series skips the days the hub is closed (bank holidays too, as the hub's sessions do): nobody is rostered for them
  const diary = keepToDiary(hubId ? await hubDiaryOf(deps.db, hubId) : undefined, times, (t) => spanOf(t.startsAt, t.endsAt), {
    series: !!body.rrule,
    override: body.outsideHoursReason,
    mayOverride: !!hubId && coordinatesHub(actor, hubId),
    field: 'body.startTime',
  });
  times = diary.keep;
  if (body.rrule && !hubId) {
    times = times.filter((t) => !isBankHoliday(londonDate(new Date(t.startsAt))));
    if (!times.length) throw new InvalidInput([{ field: 'body.rrule', rule: 'no_dates', message: 'gives only bank holidays' }]);
  }
  const now = deps.clock.now();
  const overridden = new Set(diary.overridden);
  if (Date.parse(times[0]!.startsAt) <= now.getTime()) throw new InvalidInput([{ field: 'body.date', rule: 'in_past', message: 'must be in the future' }]);
  const seriesId = body.rrule ? newId(now) : undefined;
  const { rrule: _r, places, date: _d, startTime: _st, endTime: _et, outsideHoursReason, ...rest } = body;
  const shifts: ShiftItem[] = times.map((t) => ({
    ...rest,
    ...(body.hubId ? {} : body.owner.kind === 'hub' ? { hubId: body.owner.id } : {}),
    shiftId: newId(now),
    ...(seriesId ? { seriesId } : {}),
    ...t,
    places: Object.fromEntries(places.map((p) => [p.roleId, p.places])),
    taken: Object.fromEntries(places.map((p) => [p.roleId, 0])),
    roleTitles: Object.fromEntries(places.map((p) => [p.roleId, roles.find((r) => r.roleId === p.roleId)!.title])),
    openPlaces: places.reduce((n, p) => n + p.places, 0),
    createdBy: actor.userId,
    status: 'open',
    ...(overridden.has(t) ? { hoursOverride: { reason: outsideHoursReason!, by: actor.userId, at: now.toISOString() } } : {}),
  }));
  const ref = await data.createShifts(deps.db, shifts, { userId: actor.userId, key: idempotencyKey, now, request: body });
  if (ref !== (seriesId ?? shifts[0]!.shiftId)) throw new Conflict('This Idempotency-Key was already used for other shifts; those were created.', 'idempotency_key_reused', { ref });
  const closed = diary.closed.map((c) => ({ localDate: c.problem.localDate, reason: c.problem.message }));
  return { items: shifts.map((s) => presentShift(s)), ...(closed.length ? { closed } : {}) };
}

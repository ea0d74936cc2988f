import { type DiaryProblem, diaryProblem, type HubDiary, hubDiaryOf, keepToDiary, type LocalSpan, spanOf as spanAt } from '../directory/hours';
import { type Actor, coordinatesHub } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { DomainError } from '../lib/errors';
import { formatWhen, londonDate } from '../lib/london';
import { shiftsOnSessionDay } from '../volunteers/data';
import { followSession } from '../volunteers/rules';
import type { ClosedDate, Occurrence, Session } from './schema';

/**
 * Sessions keep to their hub's diary (opening hours and closed days): a session held at the hub (not
 * "somewhere else", not at another venue) is refused outside it unless a coordinator gives a reason.
 */

type Timed = Pick<Session, 'localDate' | 'localStartTime' | 'localEndTime' | 'startsAt' | 'endsAt'>;

const spanOf = (s: Timed): LocalSpan => ({ localDate: s.localDate, startTime: s.localStartTime, endTime: s.localEndTime, endDate: londonDate(s.endsAt) });

/** The diary a session at this hub keeps to (none when it is held elsewhere). */
export async function diaryOf(deps: AppDeps, hubId: string | undefined, elsewhere: string | undefined): Promise<HubDiary | undefined> {
  return hubId && !elsewhere ? hubDiaryOf(deps.db, hubId) : undefined;
}

export const closedDateOf = (s: Timed, reason: string): ClosedDate => ({
  localDate: s.localDate,
  localStartTime: s.localStartTime,
  localEndTime: s.localEndTime,
  startsAt: s.startsAt,
  reason,
});

/**
 * The sessions to make: a series without the dates the hub is closed on (listed in `closed`); the rest must
 * be within its hours, or go ahead on a coordinator's reason, recorded on each session outside them.
 */
export function sessionsInDiary<S extends Session>(
  hub: HubDiary | undefined,
  actor: Actor,
  all: S[],
  opts: { series: boolean; reason?: string | undefined; now: Date },
): { sessions: S[]; closed: ClosedDate[] } {
  const scheduled = all.filter((s) => s.status === 'scheduled');
  const outcome = keepToDiary(hub, scheduled, spanOf, { series: opts.series, override: opts.reason, mayOverride: !!hub && coordinatesHub(actor, hub.hubId), field: 'body.startTime' });
  const left = new Set(outcome.closed.map((c) => c.item));
  for (const s of outcome.overridden) s.hoursOverride = { reason: opts.reason!, by: actor.userId, at: opts.now.toISOString() };
  return { sessions: all.filter((s) => !left.has(s)), closed: outcome.closed.map((c) => closedDateOf(c.item, c.problem.message)) };
}

/** The preview's view of the diary: closed dates moved to `skipped` (and listed), and why the hours refuse it. */
export function previewInDiary(hub: HubDiary | undefined, preview: { occurrences: Occurrence[]; skipped: Occurrence[] }, series: boolean) {
  if (!hub) return preview;
  const closed: ClosedDate[] = [];
  const occurrences: Occurrence[] = [];
  const skipped = [...preview.skipped];
  let outsideHours: string | undefined;
  for (const o of preview.occurrences) {
    const problem = o.status === 'scheduled' ? diaryProblem(hub, spanOf(o)) : undefined;
    if (problem?.rule === 'hub_closed' && series) {
      closed.push(closedDateOf(o, problem.message));
      skipped.push({ ...o, status: 'cancelled', note: 'hub-closed' });
      continue;
    }
    if (problem) outsideHours ??= problem.message;
    occurrences.push(o);
  }
  return { occurrences, skipped, ...(closed.length ? { closed } : {}), ...(outsideHours ? { outsideHours } : {}) };
}

/**
 * The volunteer shifts that help run the moved sessions follow them (`followSession`), so they keep to the hub's
 * diary too: a shift that would land outside it refuses the change (naming the shift and the hours) unless a
 * coordinator gives a reason. Answers, by session id, the shifts going ahead outside the diary on that reason.
 */
export async function shiftsInDiary(deps: AppDeps, actor: Actor, hub: HubDiary | undefined, moves: { from: Session; to: Timed }[], reason: string | undefined): Promise<Map<string, string[]>> {
  const outside = new Map<string, string[]>();
  if (!hub) return outside;
  const problems: { message: string; problem: DiaryProblem }[] = [];
  for (const { from, to } of moves) {
    const shifts = await shiftsOnSessionDay(deps.db, from.id, from.localDate);
    for (const shift of shifts.filter((x) => x.status === 'open')) {
      const next = followSession(shift, from, to);
      const problem = diaryProblem(hub, spanAt(next.startsAt, next.endsAt));
      if (!problem) continue;
      problems.push({ message: `The volunteer shift “${shift.title}” would then be ${formatWhen(next.startsAt, next.endsAt)}: ${problem.message}`, problem });
      outside.set(from.id, [...(outside.get(from.id) ?? []), shift.shiftId]);
    }
  }
  if (problems.length && reason === undefined) {
    const mayOverride = coordinatesHub(actor, hub.hubId);
    const also = problems.length > 1 ? ` That is so for ${problems.length} shifts.` : '';
    const message = `${problems[0]!.message}${also} Choose a time when the hub is open for the shifts too${mayOverride ? ', or give a reason to go ahead anyway' : ''}.`;
    const rule = problems[0]!.problem.rule;
    throw new DomainError(422, 'Not possible', message, {
      code: rule,
      errors: [{ field: 'body.localStartTime', rule, message }],
      dates: problems.map((p) => ({ localDate: p.problem.localDate, rule: p.problem.rule, reason: p.message })),
    });
  }
  return outside;
}

import { actsForOrganisation, coordinatesHub, isAdmin, type Actor } from '../lib/actor';
import { listAdminUserIds } from '../accounts/data';
import type { AppDeps } from '../lib/deps';
import { Forbidden, InvalidInput, NotFound, type FieldProblem } from '../lib/errors';
import { newId } from '../lib/ids';
import { outboxPut, putMessageOnce } from '../lib/outbox';
import { listSessionsOf, listSessionsOn, refreshSessionSnapshot } from '../sessions/data';
import * as data from './data';
import { daysBetween, isStale, maxDateRangeDays, planSearch, staleBefore, summariseSchedule, sameSchedule, availabilityOf, upcomingShown, datesToRefresh, localDateOf, rangeFromToday } from './rules';
import type {
  Activity,
  ActivityCard,
  ActivityView,
  CareCommunity,
  CreateActivity,
  Hub,
  HubInput,
  ListActivitiesQuery,
  Organisation,
  Priority,
  UpdateActivity,
  UpcomingSession,
} from './schema';
import type { SessionFacts } from './rules';

// ---------- who may do what ----------

/** Admins manage every activity; a partner those of the organisations it acts for; a coordinator those at its hubs. */
export function canManageActivity(actor: Actor | undefined, activity: Pick<Activity, 'organisationId' | 'hubId'>): boolean {
  return !!actor && (isAdmin(actor) || actsForOrganisation(actor, activity.organisationId) || (!!activity.hubId && coordinatesHub(actor, activity.hubId)));
}

function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new Forbidden('Only partnership admins can do this.');
}

// ---------- activities: finding ----------

export async function listActivities(deps: AppDeps, query: ListActivitiesQuery): Promise<{ items: ActivityCard[]; nextCursor?: string }> {
  const { limit, cursor, from, to, ...rest } = query;
  await checkFilters(deps, { ...rest, from, to });
  const range = rangeFromToday(from, to, localDateOf(deps.clock.now()));
  // a wholly past range reads no partition (the cursor is still checked)
  const plan = range ? planSearch({ ...rest, ...range }) : { streams: [], conditions: [] };
  const result = await data.searchDirectory(deps.db, plan, limit, cursor);
  const now = deps.clock.now().toISOString();
  const items = result.items.map((card) => {
    const upcoming = card.upcoming.filter((u) => u.endsAt > now);
    return { ...card, upcoming, ...(upcoming[0] ? { nextSessionStart: upcoming[0].startsAt } : {}), ...(card.hubId && card.placeName ? { hubName: card.placeName } : {}) };
  });
  return { items, ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}) };
}

/**
 * The priority ids in the taxonomy, remembered for a minute per process: every search that filters by
 * priority checks them, and the list changes rarely. One not in the remembered list is looked up before
 * it is called unknown, so a priority added elsewhere a moment ago is still accepted.
 */
const priorityCache = new Map<string, { at: number; ids: Set<string> }>();
async function knownPriorities(deps: AppDeps, wanted: string[]): Promise<Set<string>> {
  let cached = priorityCache.get(deps.db.tableName);
  if (!cached || Date.now() - cached.at > 60_000) {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await data.listPriorities(deps.db, 100, cursor);
      for (const p of page.items) ids.add(p.id);
      cursor = page.nextCursor;
    } while (cursor);
    cached = { at: Date.now(), ids };
    priorityCache.set(deps.db.tableName, cached);
  }
  const missing = wanted.filter((p) => !cached.ids.has(p));
  if (!missing.length) return cached.ids;
  for (const p of await data.getPriorities(deps.db, missing)) cached.ids.add(p.id);
  return cached.ids;
}

async function checkFilters(deps: AppDeps, f: Omit<ListActivitiesQuery, 'limit' | 'cursor'>): Promise<void> {
  const problems: FieldProblem[] = [];
  if (f.from && f.to && daysBetween(f.from, f.to) > maxDateRangeDays) {
    problems.push({ field: 'query.to', rule: 'range_too_long', message: `must be at most ${maxDateRangeDays} days after from` });
  }
  if (f.priority?.length) {
    const known = await knownPriorities(deps, f.priority);
    for (const p of f.priority) if (!known.has(p)) problems.push({ field: 'query.priority', rule: 'unknown_priority', message: `${p} is not a priority in the directory` });
  }
  if (problems.length) throw new InvalidInput(problems);
}

export async function getActivity(deps: AppDeps, actor: Actor | undefined, id: string): Promise<ActivityView> {
  const activity = await data.getActivity(deps.db, id);
  if (!activity || (activity.status !== 'active' && !canManageActivity(actor, activity))) throw new NotFound('That activity');
  return viewOf(deps, actor, activity);
}

async function viewOf(deps: AppDeps, actor: Actor | undefined, a: Activity): Promise<ActivityView> {
  const now = deps.clock.now();
  const [hub, organisation, sessions] = await Promise.all([
    a.hubId ? data.getHub(deps.db, a.hubId) : undefined,
    data.getOrganisation(deps.db, a.organisationId),
    data.querySessionsOf(deps.db, a.id, now.toISOString(), 10),
  ]);
  const { schedule: _s, createdAt: _c, createdBy: _cb, updatedBy: _ub, ...rest } = a;
  return {
    ...rest,
    ...(organisation ? { organisationName: organisation.name } : {}),
    ...(hub ? { hubName: hub.name, careCommunityId: hub.careCommunityId } : {}),
    upcoming: upcomingOf(sessions, a.booking.mode),
    ...(canManageActivity(actor, a) ? { needsReview: a.status !== 'ended' && isStale(a.lastReviewedAt, now) } : {}),
  };
}

/** The next few scheduled sessions with places left, read live (the index only keeps the availability band). */
function upcomingOf(sessions: SessionFacts[], mode: string): UpcomingSession[] {
  return sessions
    .filter((s) => s.status === 'scheduled')
    .slice(0, upcomingShown)
    .map((s) => ({
      sessionId: s.id,
      startsAt: s.startsAt,
      endsAt: s.endsAt,
      availability: availabilityOf(mode, s.capacity, s.confirmed),
      ...(mode === 'drop-in' ? {} : { placesLeft: Math.max(0, s.capacity - s.confirmed) }),
      ...(s.room ? { room: s.room } : {}),
    }));
}

// ---------- activities: writing ----------

export async function createActivity(deps: AppDeps, actor: Actor, body: CreateActivity, idempotencyKey?: string): Promise<ActivityView> {
  if (!canManageActivity(actor, body)) {
    throw new Forbidden('You can add activities only for your own organisation or at a hub you coordinate.');
  }
  await checkReferences(deps, body, 'body');
  const now = deps.clock.now();
  const activity: Activity = {
    ...withoutNulls(body),
    id: newId(now),
    status: body.status,
    lastReviewedAt: now.toISOString(),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: actor.userId,
    updatedBy: actor.userId,
    version: 1,
  };
  const idem = idempotencyKey ? { userId: actor.userId, key: idempotencyKey, expiresAt: Math.floor(now.getTime() / 1000) + 86_400 } : undefined;
  const { id, created } = await data.createActivity(deps.db, activity, idem);
  if (created) await data.syncActivityIndex(deps.db, id);
  const stored = created ? activity : await data.getActivity(deps.db, id, true);
  if (!stored) throw new NotFound('That activity');
  return viewOf(deps, actor, stored);
}

/**
 * Changes an activity. Saving (even with no changes) confirms it is still right: lastReviewedAt moves on.
 * The changed activity must still be one the actor manages (a partner cannot hand it to another organisation).
 */
export async function updateActivity(deps: AppDeps, actor: Actor, id: string, patch: UpdateActivity): Promise<ActivityView> {
  const current = await managedActivity(deps, actor, id);
  const merged = withoutNulls({ ...current, ...patch }) as Activity;
  if (patch.hubId) delete merged.venue;
  if (patch.venue) {
    delete merged.hubId;
    delete merged.roomId;
  }
  const problems: FieldProblem[] = [];
  if (!!merged.hubId === !!merged.venue) problems.push({ field: 'body.hubId', rule: 'custom', message: 'give either hubId or venue (exactly one)' });
  if (problems.length) throw new InvalidInput(problems);
  if (!canManageActivity(actor, merged)) throw new Forbidden('You can move activities only to your own organisation or to a hub you coordinate.');
  await checkReferences(deps, { ...patch, hubId: merged.hubId, roomId: merged.roomId, organisationId: patch.organisationId }, 'body');
  const now = deps.clock.now();
  const next: Activity = { ...merged, version: current.version + 1, updatedAt: now.toISOString(), updatedBy: actor.userId, lastReviewedAt: now.toISOString() };
  await data.replaceActivity(deps.db, next, current.version);
  await data.syncActivityIndex(deps.db, id);
  if (next.status !== current.status) await holdSessions(deps, next);
  return viewOf(deps, actor, next);
}

/**
 * A paused or ended activity's sessions stop taking bookings at once: its status goes onto each session
 * still to come, which every booking's write is conditioned on (the stream's snapshot keeper does the same
 * again, and tells the people booked: sessions/consumers.ts).
 */
async function holdSessions(deps: AppDeps, activity: Activity): Promise<void> {
  const now = deps.clock.now();
  const upcoming = await listSessionsOf(deps.db, activity.id, now.toISOString(), new Date(now.getTime() + 400 * 86_400_000).toISOString(), 1000);
  for (const s of upcoming) await refreshSessionSnapshot(deps.db, s.id, { activityStatus: activity.status });
}

export async function archiveActivity(deps: AppDeps, actor: Actor, id: string): Promise<ActivityView> {
  return updateActivity(deps, actor, id, { status: 'ended' });
}

async function managedActivity(deps: AppDeps, actor: Actor, id: string): Promise<Activity> {
  const activity = await data.getActivity(deps.db, id, true);
  if (!activity) throw new NotFound('That activity');
  if (!canManageActivity(actor, activity)) {
    if (activity.status !== 'active') throw new NotFound('That activity');
    throw new Forbidden('Only the organisation running this activity, its hub coordinator or an admin can change it.');
  }
  return activity;
}

/** Every id an activity refers to must exist: unknown ones are a 400 naming the field, before anything is written. */
async function checkReferences(
  deps: AppDeps,
  a: { organisationId?: string | undefined; hubId?: string | null | undefined; roomId?: string | null | undefined; priorities?: string[] | undefined; venue?: { careCommunityId?: string | undefined } | null | undefined },
  where: string,
): Promise<void> {
  const db = deps.db;
  const [organisation, hub, priorities, careCommunity] = await Promise.all([
    a.organisationId ? data.getOrganisation(db, a.organisationId) : undefined,
    a.hubId ? data.getHub(db, a.hubId) : undefined,
    a.priorities ? data.getPriorities(db, a.priorities) : [],
    a.venue?.careCommunityId ? data.getCareCommunity(db, a.venue.careCommunityId) : undefined,
  ]);
  const problems: FieldProblem[] = [];
  if (a.organisationId && !organisation) problems.push({ field: `${where}.organisationId`, rule: 'unknown_organisation', message: 'is not an organisation in the directory' });
  if (a.hubId && !hub) problems.push({ field: `${where}.hubId`, rule: 'unknown_hub', message: 'is not a hub in the directory' });
  if (a.roomId && (!a.hubId || (hub && !hub.rooms.some((r) => r.id === a.roomId)))) {
    problems.push({ field: `${where}.roomId`, rule: 'unknown_room', message: 'is not a room at that hub' });
  }
  if (a.venue?.careCommunityId && !careCommunity) problems.push({ field: `${where}.venue.careCommunityId`, rule: 'unknown_care_community', message: 'is not a care community' });
  const known = new Set(priorities.map((p) => p.id));
  (a.priorities ?? []).forEach((p, i) => {
    if (!known.has(p)) problems.push({ field: `${where}.priorities.${i}`, rule: 'unknown_priority', message: `${p} is not a priority in the directory` });
  });
  if (problems.length) throw new InvalidInput(problems);
}

function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null && v !== undefined)) as never;
}

/** Activities an organisation runs, or a hub hosts, in any status: for the people who manage them. */
export async function listManagedActivities(deps: AppDeps, actor: Actor, by: { organisationId: string } | { hubId: string }, limit: number, cursor?: string) {
  const allowed = 'hubId' in by ? coordinatesHub(actor, by.hubId) : actsForOrganisation(actor, by.organisationId);
  if (!allowed) throw new Forbidden('You can list only the activities you manage.');
  const page = await data.listActivitiesOf(deps.db, by, limit, cursor);
  const now = deps.clock.now();
  return { ...page, items: page.items.map((a) => ({ id: a.id, title: a.title, status: a.status, lastReviewedAt: a.lastReviewedAt, needsReview: a.status !== 'ended' && isStale(a.lastReviewedAt, now) })) };
}

// ---------- freshness ----------

/** Activities not reviewed for six months: all of them for admins, their own for partners and coordinators. */
export async function listActivitiesDueReview(deps: AppDeps, actor: Actor, limit: number, cursor?: string) {
  const page = await data.listUnreviewedSince(deps.db, staleBefore(deps.clock.now()), limit, cursor);
  return { ...page, items: page.items.filter((a) => canManageActivity(actor, a)).map((a) => ({ id: a.id, title: a.title, organisationId: a.organisationId, hubId: a.hubId, status: a.status, lastReviewedAt: a.lastReviewedAt })) };
}

/**
 * Tells the people who look after each stale activity (whoever created and last changed it) that it needs
 * checking, once per review date, and sends every admin one summary (once per admin per day). Safe to run
 * daily (a scheduled job) or by hand: an activity already flagged for its current review date is skipped.
 */
export async function sendReviewReminders(deps: AppDeps): Promise<{ flagged: number }> {
  const now = deps.clock.now();
  const flaggedTitles: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await data.listUnreviewedSince(deps.db, staleBefore(now), 100, cursor);
    for (const a of page.items) {
      const owners = [...new Set([a.createdBy, a.updatedBy])];
      const link = `${deps.config.siteOrigin}/activities/${a.id}/edit`;
      const messages = owners.map((userId, i) =>
        outboxPut(deps.db.tableName, {
          toUserId: userId,
          kind: 'directory.review-due',
          subject: `Please check "${a.title}" is still right`,
          text: `"${a.title}" has not been checked since ${a.lastReviewedAt.slice(0, 10)}. Residents rely on the directory being up to date. Open ${link}, check the details and save (saving with no changes is fine).`,
        }, now, reminderId(a.id, a.lastReviewedAt, i)),
      );
      if (await data.flagForReview(deps.db, a, messages, now)) flaggedTitles.push(a.title);
    }
    cursor = page.nextCursor;
  } while (cursor);
  if (flaggedTitles.length) {
    const admins = await listAdminUserIds(deps.db);
    await Promise.all(admins.map((adminId) =>
      putMessageOnce(deps.db, {
        toUserId: adminId,
        kind: 'directory.review-due-summary',
        subject: `${flaggedTitles.length} directory ${flaggedTitles.length === 1 ? 'entry needs' : 'entries need'} checking`,
        text: `These activities have not been checked for six months; their organisers have been asked to review them:\n${flaggedTitles.map((t) => `- ${t}`).join('\n')}\n\nSee ${deps.config.siteOrigin}/activities/review`,
      }, now, summaryId(adminId, now)),
    ));
  }
  return { flagged: flaggedTitles.length };
}

/** An admin runs the reminders by hand; every admin gets the summary. */
export async function remindAsAdmin(deps: AppDeps, actor: Actor): Promise<{ flagged: number }> {
  requireAdmin(actor);
  return sendReviewReminders(deps);
}

/** One summary per admin per day: a retried or repeated run that day writes no second one. */
function summaryId(adminId: string, now: Date): string {
  return `REVIEW-SUMMARY-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${adminId}`;
}

/** A stable outbox id per activity, review date and recipient, so a retried reminder is written once. */
function reminderId(activityId: string, lastReviewedAt: string, n: number): string {
  return `REVIEW-${activityId}-${lastReviewedAt.replace(/[^0-9]/g, '')}-${n}`;
}

// ---------- schedule (kept from the sessions) ----------

/** Recomputes an activity's schedule summary from its sessions; writes only when what the index shows changed. */
export async function refreshSchedule(deps: AppDeps, activityId: string): Promise<boolean> {
  const activity = await data.getActivity(deps.db, activityId, true);
  if (!activity) return false;
  const now = deps.clock.now();
  const since = new Date(now.getTime() - 86_400_000).toISOString();
  const sessions = await data.querySessionsOf(deps.db, activityId, since);
  const schedule = summariseSchedule(sessions, activity.booking.mode, now);
  if (sameSchedule(schedule, activity.schedule)) return false;
  await data.setSchedule(deps.db, activityId, schedule);
  await data.syncActivityIndex(deps.db, activityId);
  return true;
}

/** Where the daily refresh starts when it has never run: far enough back to cover a missed week. */
const firstRefreshLookbackMs = 7 * 86_400_000;

/**
 * The daily job that keeps day / time-of-day / date facets and the cards' next sessions true as time
 * passes: refreshes the schedule of every activity with a session that ended, or came within the horizon,
 * since the last run. The activities are found by Querying the sessions of each of those dates (gsi2
 * SESSIONS#<localDate>), never by a Scan. Idempotent: a refresh recomputes from the sessions, and the
 * high-water mark (refreshed through) only moves forward, after the work is done, so a failed run is
 * simply redone. Returns how many activities' schedules changed.
 */
export async function refreshPassedSchedules(deps: AppDeps): Promise<number> {
  const now = deps.clock.now();
  const through = await data.getScheduleRefreshedThrough(deps.db);
  const last = through ? new Date(through) : new Date(now.getTime() - firstRefreshLookbackMs);
  const { ended, entered } = datesToRefresh(last, now);
  const [endedSessions, enteredSessions] = await Promise.all([
    Promise.all(ended.map((d) => listSessionsOn(deps.db, d))),
    Promise.all(entered.map((d) => listSessionsOn(deps.db, d))),
  ]);
  const [since, until] = [last.toISOString(), now.toISOString()];
  const activityIds = new Set([
    ...endedSessions.flat().filter((s) => s.endsAt > since && s.endsAt <= until).map((s) => s.activityId),
    ...enteredSessions.flat().map((s) => s.activityId),
  ]);
  let changed = 0;
  const queue = [...activityIds];
  await Promise.all(Array.from({ length: 4 }, async () => {
    for (let id = queue.pop(); id; id = queue.pop()) if (await refreshSchedule(deps, id)) changed++;
  }));
  await data.setScheduleRefreshedThrough(deps.db, until);
  return changed;
}

// ---------- hubs, organisations, priorities, care communities ----------

export async function listHubs(deps: AppDeps, careCommunityId: string | undefined, limit: number, cursor?: string) {
  return data.listHubs(deps.db, careCommunityId, limit, cursor);
}

export async function getHub(deps: AppDeps, id: string): Promise<Hub> {
  const hub = await data.getHub(deps.db, id);
  if (!hub) throw new NotFound('That hub');
  return hub;
}

export async function createHub(deps: AppDeps, actor: Actor, body: HubInput): Promise<Hub> {
  requireAdmin(actor);
  await checkCareCommunity(deps, body.careCommunityId);
  const now = deps.clock.now();
  const hub: Hub = { ...body, id: newId(now), updatedAt: now.toISOString() };
  await data.putHub(deps.db, hub);
  return hub;
}

export async function updateHub(deps: AppDeps, actor: Actor, id: string, patch: Partial<HubInput>): Promise<Hub> {
  if (!coordinatesHub(actor, id)) throw new Forbidden('Only this hub’s coordinators and admins can change it.');
  const current = await getHub(deps, id);
  if (patch.careCommunityId) await checkCareCommunity(deps, patch.careCommunityId);
  const next: Hub = { ...current, ...patch, updatedAt: deps.clock.now().toISOString() };
  if (!(await data.replaceHub(deps.db, next))) throw new NotFound('That hub');
  return next;
}

async function checkCareCommunity(deps: AppDeps, id: string): Promise<void> {
  if (!(await data.getCareCommunity(deps.db, id))) {
    throw new InvalidInput([{ field: 'body.careCommunityId', rule: 'unknown_care_community', message: 'is not a care community' }]);
  }
}

export const listOrganisations = (deps: AppDeps, limit: number, cursor?: string) => data.listOrganisations(deps.db, limit, cursor);

export async function getOrganisation(deps: AppDeps, id: string): Promise<Organisation> {
  const org = await data.getOrganisation(deps.db, id);
  if (!org) throw new NotFound('That organisation');
  return org;
}

export async function createOrganisation(deps: AppDeps, actor: Actor, body: Omit<Organisation, 'id'>): Promise<Organisation> {
  requireAdmin(actor);
  const org: Organisation = { ...body, id: newId(deps.clock.now()) };
  await data.putOrganisation(deps.db, org);
  return org;
}

export const listPriorities = (deps: AppDeps, limit: number, cursor?: string) => data.listPriorities(deps.db, limit, cursor);

/** Adds a priority to the managed taxonomy; its id is a slug of the label unless given. */
export async function createPriority(deps: AppDeps, actor: Actor, body: { id?: string | undefined; label: string; description?: string | undefined }): Promise<Priority> {
  requireAdmin(actor);
  const id = body.id ?? slugOf(body.label);
  if (!id) throw new InvalidInput([{ field: 'body.label', rule: 'no_letters', message: 'must contain letters or digits' }]);
  const priority: Priority = { id, label: body.label, ...(body.description ? { description: body.description } : {}) };
  await data.putPriority(deps.db, priority);
  return priority;
}

export const slugOf = (label: string) =>
  label.normalize('NFKD').toLowerCase().replace(/['’]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);

export const listCareCommunities = (deps: AppDeps, limit: number, cursor?: string) => data.listCareCommunities(deps.db, limit, cursor);

export async function createCareCommunity(deps: AppDeps, actor: Actor, body: { name: string; description?: string | undefined }): Promise<CareCommunity> {
  requireAdmin(actor);
  const cc: CareCommunity = { id: newId(deps.clock.now()), name: body.name, ...(body.description ? { description: body.description } : {}) };
  await data.putCareCommunity(deps.db, cc);
  return cc;
}

import type * as z from 'zod/mini';
import { listAdminUserIds, listHubCoordinators, listOrganisationPeople as peopleOf } from '../accounts/data';
import { type Actor, actsForOrganisation, canManageActivity, coordinatesHub, hasRole, isAdmin } from '../lib/actor';
import type { AppDeps } from '../lib/deps';
import { Conflict, type FieldProblem, Forbidden, InvalidInput, NotFound } from '../lib/errors';
import { idempotencyOf } from '../lib/idempotency';
import { newId } from '../lib/ids';
import { outboxPut, putMessageOnce } from '../lib/outbox';
import { pageLink, paths } from '../lib/paths';
import * as data from './data';
import { metresPerMile, normalisePostcode, type Point } from './geo';
import type { SessionFacts } from './rules';
import {
  availabilityOf,
  datesToRefresh,
  daysBetween,
  indexVersion,
  isStale,
  localDateOf,
  maxDateRangeDays,
  planSearch,
  postcodeRowProblem,
  rangeFromToday,
  sameSchedule,
  staleBefore,
  summariseSchedule,
  upcomingShown,
} from './rules';
import type {
  Activity,
  ActivityCard,
  ActivityToCheck,
  ActivityView,
  CareCommunity,
  Claim,
  CreateActivity,
  claimBody,
  claimSchema,
  Hub,
  HubInput,
  ListActivitiesQuery,
  Organisation,
  PartnershipSettings,
  PostcodeImport,
  Priority,
  ProblemReason,
  ProblemReport,
  problemReportBody,
  problemReportSchema,
  UpcomingSession,
  UpdateActivity,
} from './schema';
import { defaultNearMiles } from './schema';

// ---------- who may do what ----------

export function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new Forbidden('Only partnership admins can do this.');
}

// ---------- activities: finding ----------

export async function listActivities(deps: AppDeps, query: ListActivitiesQuery): Promise<{ items: ActivityCard[]; nextCursor?: string }> {
  const { limit, cursor, from, to, postcode, latitude, longitude, miles, ...rest } = query;
  const [, centre] = await Promise.all([checkFilters(deps, { ...rest, from, to }), placeToSearchFrom(deps, postcode, latitude, longitude)]);
  const range = rangeFromToday(from, to, localDateOf(deps.clock.now()));
  const near = centre ? { centre, metres: (miles ?? defaultNearMiles) * metresPerMile } : undefined;
  // a wholly past range reads no partition (the cursor is still checked)
  const plan = range ? planSearch({ ...rest, ...range, near }) : { streams: [], conditions: [] };
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

/** The point a search near a place measures from: a postcode's centroid, or the point given. */
async function placeToSearchFrom(deps: AppDeps, postcode: string | undefined, latitude: number | undefined, longitude: number | undefined): Promise<Point | undefined> {
  if (latitude !== undefined && longitude !== undefined) return { lat: latitude, lng: longitude };
  if (!postcode) return undefined;
  const centre = await data.getPostcode(deps.db, postcode);
  if (!centre)
    throw new InvalidInput([{ field: 'query.postcode', rule: 'unknown_postcode', message: `We do not know the postcode ${normalisePostcode(postcode)}. Check it, or try a postcode nearby` }]);
  return centre;
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
    deps.sessions.ofActivity(a.id, now.toISOString(), undefined, 10),
  ]);
  const { schedule: _s, createdAt: _c, createdBy: _cb, updatedBy: _ub, ...rest } = a;
  return {
    ...rest,
    ...(organisation ? { organisationName: organisation.name } : {}),
    ...(hub ? { hubName: hub.name, careCommunityId: hub.careCommunityId } : {}),
    // activities saved before these settings existed: a companion place allowed, not a course, no questions
    booking: { ...a.booking, companionPlaces: a.booking.companionPlaces ?? true, course: a.booking.course ?? false, questions: a.booking.questions ?? [] },
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
  // a partner's new activity waits for an admin when the partnership says so; admins and the hub's coordinators list at once
  const byPartner = !isAdmin(actor) && !(body.hubId && coordinatesHub(actor, body.hubId));
  const waits = byPartner && body.status === 'active' && (await data.getPartnershipSettings(deps.db)).newActivitiesNeedApproval;
  const activity: Activity = {
    ...withoutNulls(body),
    id: newId(now),
    status: waits ? 'paused' : body.status,
    ...(waits ? { awaitingApproval: true } : {}),
    lastReviewedAt: now.toISOString(),
    lastReviewedBy: actor.userId,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    createdBy: actor.userId,
    updatedBy: actor.userId,
    version: 1,
  };
  const idem = idempotencyOf('createActivity', actor.userId, idempotencyKey, body, now);
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
  if (merged.awaitingApproval) {
    // only an admin's approval lists it: its own people can change it meanwhile, or end it
    if (isAdmin(actor) && patch.status === 'active') delete merged.awaitingApproval;
    else if (merged.status === 'active') merged.status = 'paused';
  }
  await checkReferences(deps, { ...patch, hubId: merged.hubId, roomId: merged.roomId, organisationId: patch.organisationId }, 'body', current.priorities);
  const now = deps.clock.now();
  const next: Activity = { ...merged, version: current.version + 1, updatedAt: now.toISOString(), updatedBy: actor.userId, lastReviewedAt: now.toISOString(), lastReviewedBy: actor.userId };
  await data.replaceActivity(deps.db, next, current.version);
  await data.syncActivityIndex(deps.db, id);
  // a paused or ended activity's sessions stop taking bookings at once (the stream's snapshot keeper does the
  // same again, and tells the people booked: sessions/consumers.ts)
  if (next.status !== current.status) await deps.sessions.holdBookings(next, deps.clock.now());
  return viewOf(deps, actor, next);
}

export async function archiveActivity(deps: AppDeps, actor: Actor, id: string): Promise<ActivityView> {
  return updateActivity(deps, actor, id, { status: 'ended' });
}

/** An admin lists a partner's activity that was waiting for approval. */
export async function approveActivity(deps: AppDeps, actor: Actor, id: string): Promise<ActivityView> {
  requireAdmin(actor);
  const current = await managedActivity(deps, actor, id);
  if (!current.awaitingApproval) throw new Conflict('This activity is not waiting for approval.', 'not_awaiting_approval');
  return updateActivity(deps, actor, id, { status: 'active' });
}

/** Partners' new activities waiting for an admin's approval, oldest first (admins). */
export async function listAwaitingApproval(deps: AppDeps, actor: Actor, limit: number, cursor?: string): Promise<{ items: ActivityToCheck[]; nextCursor?: string }> {
  requireAdmin(actor);
  const page = await data.listAwaitingApproval(deps.db, limit, cursor);
  return { ...page, items: await toCheck(deps, page.items) };
}

/** Activities with their organisation's and hub's names, for the lists admins work through. */
async function toCheck(deps: AppDeps, activities: Activity[]): Promise<ActivityToCheck[]> {
  const [orgs, hubs] = await Promise.all([
    data.getOrganisations(
      deps.db,
      activities.map((a) => a.organisationId),
    ),
    data.getHubs(
      deps.db,
      activities.flatMap((a) => (a.hubId ? [a.hubId] : [])),
    ),
  ]);
  const orgName = new Map(orgs.map((o) => [o.id, o.name]));
  const hubName = new Map(hubs.map((h) => [h.id, h.name]));
  return activities.map((a) => ({
    id: a.id,
    title: a.title,
    organisationId: a.organisationId,
    ...(orgName.has(a.organisationId) ? { organisationName: orgName.get(a.organisationId)! } : {}),
    ...(a.hubId ? { hubId: a.hubId, ...(hubName.has(a.hubId) ? { hubName: hubName.get(a.hubId)! } : {}) } : {}),
    status: a.status,
    lastReviewedAt: a.lastReviewedAt,
    ...(a.lastReviewedBy ? { lastReviewedBy: a.lastReviewedBy } : {}),
    createdAt: a.createdAt,
  }));
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
  a: {
    organisationId?: string | undefined;
    hubId?: string | null | undefined;
    roomId?: string | null | undefined;
    priorities?: string[] | undefined;
    venue?: { careCommunityId?: string | undefined } | null | undefined;
  },
  where: string,
  /** priorities the activity already has: an archived one may stay, but no activity can newly take one */
  already: string[] = [],
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
  const archived = new Set(priorities.filter((p) => p.archived).map((p) => p.id));
  (a.priorities ?? []).forEach((p, i) => {
    if (!known.has(p)) problems.push({ field: `${where}.priorities.${i}`, rule: 'unknown_priority', message: `${p} is not a priority in the directory` });
    else if (archived.has(p) && !already.includes(p)) problems.push({ field: `${where}.priorities.${i}`, rule: 'archived_priority', message: `${p} is no longer used: choose another priority` });
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
  const at = now.toISOString();
  const hubIds = [...new Set(page.items.flatMap((a) => (a.hubId && !a.hubName ? [a.hubId] : [])))];
  const hubNames = new Map((await data.getHubs(deps.db, hubIds)).map((h) => [h.id, h.name]));
  return {
    ...page,
    items: page.items.map((a) => {
      const placeName = a.hubName ?? (a.hubId ? hubNames.get(a.hubId) : undefined) ?? a.venue?.name;
      const nextStarts = (a.schedule?.upcoming ?? []).filter((u) => u.endsAt > at).map((u) => u.startsAt);
      return {
        id: a.id,
        title: a.title,
        status: a.status,
        lastReviewedAt: a.lastReviewedAt,
        needsReview: a.status !== 'ended' && isStale(a.lastReviewedAt, now),
        ...(placeName ? { placeName } : {}),
        nextStarts,
      };
    }),
  };
}

/** The people who act for an organisation (read only: membership comes from sign-in), for its partners and admins. */
export async function listOrganisationPeople(deps: AppDeps, actor: Actor, organisationId: string) {
  if (!actsForOrganisation(actor, organisationId)) throw new Forbidden('Only the people of this organisation can see who else acts for it.');
  const people = await peopleOf(deps.db, organisationId);
  return { items: people.map((p) => ({ name: p.name, ...(p.email ? { email: p.email } : {}) })) };
}

// ---------- freshness ----------

/** Activities not reviewed for six months: all of them for admins, their own for partners and coordinators. */
export async function listActivitiesDueReview(deps: AppDeps, actor: Actor, limit: number, cursor?: string): Promise<{ items: ActivityToCheck[]; nextCursor?: string }> {
  const page = await data.listUnreviewedSince(deps.db, staleBefore(deps.clock.now()), limit, cursor);
  return {
    ...page,
    items: await toCheck(
      deps,
      page.items.filter((a) => canManageActivity(actor, a)),
    ),
  };
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
      const link = pageLink(deps.config.siteOrigin, paths.editActivity({ id: a.id }));
      const messages = owners.map((userId, i) =>
        outboxPut(
          deps.db.tableName,
          {
            toUserId: userId,
            kind: 'directory.review-due',
            subject: `Please check "${a.title}" is still right`,
            text: `"${a.title}" has not been checked since ${a.lastReviewedAt.slice(0, 10)}. Residents rely on the directory being up to date. Open ${link}, check the details and save (saving with no changes is fine).`,
          },
          now,
          reminderId(a.id, a.lastReviewedAt, i),
        ),
      );
      if (await data.flagForReview(deps.db, a, messages, now)) flaggedTitles.push(a.title);
    }
    cursor = page.nextCursor;
  } while (cursor);
  if (flaggedTitles.length) {
    const admins = await listAdminUserIds(deps.db);
    await Promise.all(
      admins.map((adminId) =>
        putMessageOnce(
          deps.db,
          {
            toUserId: adminId,
            kind: 'directory.review-due-summary',
            subject: `${flaggedTitles.length} directory ${flaggedTitles.length === 1 ? 'entry needs' : 'entries need'} checking`,
            text: `These activities have not been checked for six months; their organisers have been asked to review them:\n${flaggedTitles.map((t) => `- ${t}`).join('\n')}\n\nCheck them, or confirm they are still correct: ${pageLink(deps.config.siteOrigin, paths.reviewDue())}`,
          },
          now,
          summaryId(adminId, now),
        ),
      ),
    );
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
  const sessions = await deps.sessions.ofActivity(activityId, since, undefined, 200);
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
  const [endedSessions, enteredSessions] = await Promise.all([Promise.all(ended.map((d) => deps.sessions.onDate(d))), Promise.all(entered.map((d) => deps.sessions.onDate(d)))]);
  const [since, until] = [last.toISOString(), now.toISOString()];
  const activityIds = new Set([
    ...endedSessions
      .flat()
      .filter((s) => s.endsAt > since && s.endsAt <= until)
      .map((s) => s.activityId),
    ...enteredSessions.flat().map((s) => s.activityId),
  ]);
  let changed = 0;
  const queue = [...activityIds];
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let id = queue.pop(); id; id = queue.pop()) if (await refreshSchedule(deps, id)) changed++;
    }),
  );
  await data.setScheduleRefreshedThrough(deps.db, until);
  await reindexIfOutdated(deps);
  return changed;
}

/** Indexes every active activity again when the index's version has moved on since they were (see rules.ts indexVersion). */
export async function reindexIfOutdated(deps: AppDeps): Promise<number> {
  if ((await data.getIndexVersion(deps.db)) >= indexVersion) return 0;
  const queue = await data.activeActivityIds(deps.db);
  let changed = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let id = queue.pop(); id; id = queue.pop()) if ((await data.syncActivityIndex(deps.db, id)).written > 0) changed++;
    }),
  );
  await data.setIndexVersion(deps.db, indexVersion);
  return changed;
}

// ---------- hubs, organisations, priorities, care communities ----------

/** Archived things stay (old records name them) but leave the lists people choose from, unless asked for. */
const current = <T extends { archived?: boolean | undefined }>(page: { items: T[]; nextCursor?: string }, includeArchived?: boolean) =>
  includeArchived ? page : { ...page, items: page.items.filter((i) => !i.archived) };

export async function listHubs(deps: AppDeps, careCommunityId: string | undefined, limit: number, cursor?: string, includeArchived?: boolean) {
  return current(await data.listHubs(deps.db, careCommunityId, limit, cursor), includeArchived);
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

const changedSince = () => new Conflict('Someone changed this hub after you opened it. Reload the page to see their change, then make yours again.', 'hub_changed');

/**
 * A change to a hub is written over the version it was made from. Given a `version` (what the person's page
 * showed), a change made since is refused; without one, two changes at once both stand (the second is made
 * again over the first), never one lost.
 */
export async function updateHub(deps: AppDeps, actor: Actor, id: string, body: Partial<HubInput> & { archived?: boolean | undefined; version?: number | undefined }): Promise<Hub> {
  if (!coordinatesHub(actor, id)) throw new Forbidden('Only this hub’s coordinators and admins can change it.');
  if (body.archived !== undefined) requireAdmin(actor);
  if (body.careCommunityId) await checkCareCommunity(deps, body.careCommunityId);
  const { version: seen, ...patch } = body;
  for (let attempt = 1; ; attempt++) {
    const current = await data.getHub(deps.db, id, true);
    if (!current) throw new NotFound('That hub');
    const readAt = current.version ?? 0;
    if (seen !== undefined && seen !== readAt) throw changedSince();
    const next: Hub = withoutNulls({ ...current, ...patch, version: readAt + 1, updatedAt: deps.clock.now().toISOString() }) as Hub;
    if (!next.archived) delete next.archived;
    if (await data.replaceHub(deps.db, next, readAt)) return next;
    // Each round one of the writers racing here wins, so the unluckiest of n needs n tries: ten, spread a
    // little apart, covers more people changing one hub at the same moment than there are in a partnership.
    if (seen !== undefined || attempt >= 10) throw changedSince();
    await new Promise((r) => setTimeout(r, Math.random() * 25 * attempt));
  }
}

/** Who coordinates a hub: for its coordinators and admins (the accounts domain keeps the list). */
export async function listCoordinatorsOf(deps: AppDeps, actor: Actor, hubId: string) {
  if (!coordinatesHub(actor, hubId)) throw new Forbidden('Only this hub’s coordinators and admins can see who coordinates it.');
  return { items: await listHubCoordinators(deps.db, hubId) };
}

async function checkCareCommunity(deps: AppDeps, id: string): Promise<void> {
  const cc = await data.getCareCommunity(deps.db, id);
  if (!cc || cc.archived) {
    throw new InvalidInput([{ field: 'body.careCommunityId', rule: 'unknown_care_community', message: 'is not a care community in use' }]);
  }
}

export const listOrganisations = async (deps: AppDeps, limit: number, cursor?: string, includeArchived?: boolean) => current(await data.listOrganisations(deps.db, limit, cursor), includeArchived);

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

export async function updateOrganisation(deps: AppDeps, actor: Actor, id: string, patch: Partial<Omit<Organisation, 'id'>>): Promise<Organisation> {
  requireAdmin(actor);
  const org = archivable({ ...(await getOrganisation(deps, id)), ...withoutNulls(patch) });
  if (!(await data.replaceOrganisation(deps.db, org))) throw new NotFound('That organisation');
  return org;
}

export const listPriorities = async (deps: AppDeps, limit: number, cursor?: string, includeArchived?: boolean) => current(await data.listPriorities(deps.db, limit, cursor), includeArchived);

/** Adds a priority to the managed taxonomy; its id is a slug of the label unless given. */
/**
 * Part of the partnership's postcode extract (admins): the good rows are stored (a postcode already there is
 * replaced, so sending a part again changes nothing), the bad ones are left out and reported by line.
 */
export async function importPostcodes(deps: AppDeps, actor: Actor, body: PostcodeImport): Promise<{ imported: number; problems: { line: number; message: string }[] }> {
  requireAdmin(actor);
  const problems: { line: number; message: string }[] = [];
  const good: { postcode: string; lat: number; lng: number }[] = [];
  for (const row of body.rows) {
    const problem = postcodeRowProblem(row);
    if (problem) problems.push({ line: row.line, message: problem });
    else good.push({ postcode: row.pcds, lat: Number(row.lat), lng: Number(row.long) });
  }
  await data.putPostcodes(deps.db, good);
  await indexPlacesAt(deps, new Set(good.map((g) => normalisePostcode(g.postcode))));
  return { imported: good.length, problems };
}

/** Indexes again the activities that had no known point and are at one of these postcodes, so they can be found near a place. */
async function indexPlacesAt(deps: AppDeps, postcodes: Set<string>): Promise<void> {
  if (!postcodes.size) return;
  const activities = await data.getActivities(deps.db, await data.activitiesWithoutPoint(deps.db));
  const hubs = new Map((await data.getHubs(deps.db, [...new Set(activities.flatMap((a) => (a.hubId ? [a.hubId] : [])))])).map((h) => [h.id, h]));
  const placed = activities.filter((a) => {
    const postcode = (a.hubId ? hubs.get(a.hubId) : a.venue)?.address.postcode;
    return !!postcode && postcodes.has(normalisePostcode(postcode));
  });
  for (const a of placed) await data.syncActivityIndex(deps.db, a.id);
}

export async function createPriority(deps: AppDeps, actor: Actor, body: { id?: string | undefined; label: string; description?: string | undefined }): Promise<Priority> {
  requireAdmin(actor);
  const id = body.id ?? slugOf(body.label);
  if (!id) throw new InvalidInput([{ field: 'body.label', rule: 'no_letters', message: 'must contain letters or digits' }]);
  const priority: Priority = { id, label: body.label, ...(body.description ? { description: body.description } : {}) };
  await data.putPriority(deps.db, priority);
  return priority;
}

/** Changes a priority's words or archives it; its id (on every activity that has it) never changes. */
export async function updatePriority(
  deps: AppDeps,
  actor: Actor,
  id: string,
  patch: { label?: string | undefined; description?: string | undefined; archived?: boolean | undefined },
): Promise<Priority> {
  requireAdmin(actor);
  const found = await data.getPriority(deps.db, id);
  if (!found) throw new NotFound('That priority');
  const priority = archivable({ ...found, ...withoutNulls(patch) });
  if (!(await data.replacePriority(deps.db, priority))) throw new NotFound('That priority');
  priorityCache.delete(deps.db.tableName);
  return priority;
}

export const slugOf = (label: string) =>
  label
    .normalize('NFKD')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);

export const listCareCommunities = async (deps: AppDeps, limit: number, cursor?: string, includeArchived?: boolean) => current(await data.listCareCommunities(deps.db, limit, cursor), includeArchived);

export async function createCareCommunity(deps: AppDeps, actor: Actor, body: { name: string; description?: string | undefined }): Promise<CareCommunity> {
  requireAdmin(actor);
  const cc: CareCommunity = { id: newId(deps.clock.now()), name: body.name, ...(body.description ? { description: body.description } : {}) };
  await data.putCareCommunity(deps.db, cc);
  return cc;
}

export async function updateCareCommunity(
  deps: AppDeps,
  actor: Actor,
  id: string,
  patch: { name?: string | undefined; description?: string | undefined; archived?: boolean | undefined },
): Promise<CareCommunity> {
  requireAdmin(actor);
  const found = await data.getCareCommunity(deps.db, id);
  if (!found) throw new NotFound('That care community');
  const cc = archivable({ ...found, ...withoutNulls(patch) });
  if (!(await data.replaceCareCommunity(deps.db, cc))) throw new NotFound('That care community');
  return cc;
}

/** `archived: false` is stored as no flag at all. */
function archivable<T extends { archived?: boolean | undefined }>(item: T): T {
  if (!item.archived) delete item.archived;
  return item;
}

// ---------- the partnership's settings ----------

export async function getPartnershipSettings(deps: AppDeps, actor: Actor): Promise<PartnershipSettings> {
  if (!hasRole(actor, 'admin', 'coordinator', 'partner')) throw new Forbidden('Only the partnership’s staff can see its settings.');
  return data.getPartnershipSettings(deps.db);
}

export async function updatePartnershipSettings(deps: AppDeps, actor: Actor, patch: { newActivitiesNeedApproval: boolean }): Promise<PartnershipSettings> {
  requireAdmin(actor);
  const settings: PartnershipSettings = { ...patch, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.userId };
  await data.putPartnershipSettings(deps.db, settings);
  return settings;
}

// ---------- keeping listings true: problem reports, claims, "still correct" ----------

const reasonWords: Record<ProblemReason, string> = {
  'information-unclear': 'The information is unclear',
  'contact-details-wrong': 'The contact details are wrong',
  'service-closed': 'It has closed or stopped',
  'wrong-area': 'It is in the wrong area',
};

/** The people a listing's problems go to: its organisation's people, its hub's coordinators and the admins. */
async function listingPeople(deps: AppDeps, activity: Activity): Promise<string[]> {
  const [organisation, hub, admins] = await Promise.all([peopleOf(deps.db, activity.organisationId), activity.hubId ? listHubCoordinators(deps.db, activity.hubId) : [], listAdminUserIds(deps.db)]);
  return [...new Set([...organisation.map((p) => p.userId), ...hub.map((p) => p.userId), ...admins])];
}

/** Anyone (signed in or not) reports a problem with an active listing; its people and the admins are told. */
export async function reportProblem(deps: AppDeps, actor: Actor | undefined, activityId: string, body: z.infer<typeof problemReportBody>): Promise<ProblemReportView> {
  const activity = await data.getActivity(deps.db, activityId);
  if (!activity || activity.status === 'ended') throw new NotFound('That activity');
  const now = deps.clock.now();
  const report: ProblemReport = {
    id: newId(now),
    activityId,
    activityTitle: activity.title,
    organisationId: activity.organisationId,
    ...(activity.hubId ? { hubId: activity.hubId } : {}),
    reason: body.reason,
    ...(body.note ? { note: body.note } : {}),
    status: 'open',
    reportedAt: now.toISOString(),
    ...(actor ? { reportedBy: actor.userId } : {}),
  };
  const link = pageLink(deps.config.siteOrigin, paths.problemReports());
  const messages = (await listingPeople(deps, activity)).map((userId) =>
    outboxPut(
      deps.db.tableName,
      {
        toUserId: userId,
        kind: 'directory.problem-reported',
        subject: `Someone reported a problem with "${activity.title}"`,
        text: `${reasonWords[body.reason]}.${body.note ? `\n\nThey wrote: "${body.note}"` : ''}\n\nPlease check the listing, correct it if need be, and mark the report resolved: ${link}`,
      },
      now,
    ),
  );
  await data.createProblemReport(deps.db, report, messages);
  return problemView(report);
}

export type ProblemReportView = z.infer<typeof problemReportSchema>;
const problemView = ({ reportedBy: _r, organisationId: _o, hubId: _h, resolvedBy: _b, ...view }: ProblemReport): ProblemReportView => view;

/** Reports on the listings the actor looks after (admins: all), open ones by default, oldest first. */
export async function listProblemReports(deps: AppDeps, actor: Actor, status: 'open' | 'resolved', limit: number, cursor?: string) {
  if (!hasRole(actor, 'admin', 'partner', 'coordinator')) throw new Forbidden('Problem reports are for the people who look after listings.');
  // an admin reads the partnership's queue; the listings' people read their organisations' and hubs' own
  const owners: data.ProblemOwner[] = isAdmin(actor)
    ? []
    : [
        ...(hasRole(actor, 'partner') ? actor.organisationIds.map((id) => ({ kind: 'organisation' as const, id })) : []),
        ...(hasRole(actor, 'coordinator') ? actor.hubIds.map((id) => ({ kind: 'hub' as const, id })) : []),
      ];
  if (!isAdmin(actor) && !owners.length) return { items: [] };
  const page = isAdmin(actor) ? await data.listProblemReports(deps.db, status, limit, cursor) : await data.listProblemReportsOf(deps.db, owners, status, limit, cursor);
  return { ...page, items: page.items.filter((r) => canManageActivity(actor, { organisationId: r.organisationId, ...(r.hubId ? { hubId: r.hubId } : {}) })).map(problemView) };
}

/** The listing's people or an admin mark a report resolved (once). */
export async function resolveProblem(deps: AppDeps, actor: Actor, activityId: string, reportId: string, resolution: string | undefined): Promise<ProblemReportView> {
  const report = await data.getProblemReport(deps.db, activityId, reportId);
  if (!report) throw new NotFound('That problem report');
  if (!canManageActivity(actor, { organisationId: report.organisationId, ...(report.hubId ? { hubId: report.hubId } : {}) }))
    throw new Forbidden('Only the listing’s people or an admin can resolve its problem reports.');
  const at = deps.clock.now().toISOString();
  if (!(await data.resolveProblemReport(deps.db, report, actor.userId, at, resolution))) throw new Conflict('This report is already resolved.', 'already_resolved');
  return problemView({ ...report, status: 'resolved', resolvedAt: at, ...(resolution ? { resolution } : {}) });
}

/** The listing's people confirm it is still correct: its review date moves to today, nothing else changes. */
export async function confirmStillCorrect(deps: AppDeps, actor: Actor, id: string): Promise<ActivityView> {
  return updateActivity(deps, actor, id, {});
}

/** "Is this yours?": someone who acts for an organisation claims a listing for it; an admin decides. */
export async function claimActivity(deps: AppDeps, actor: Actor, activityId: string, body: z.infer<typeof claimBody>): Promise<ClaimView> {
  // a partner's role, not only the organisation's id on the profile: someone whose partner role was taken away keeps no claim to make
  if (!hasRole(actor, 'partner') || !actor.organisationIds.includes(body.organisationId)) {
    throw new Forbidden('You can claim a listing only for an organisation you act for.');
  }
  const [activity, organisation] = await Promise.all([data.getActivity(deps.db, activityId), data.getOrganisation(deps.db, body.organisationId)]);
  if (!activity || activity.status === 'ended') throw new NotFound('That activity');
  if (activity.organisationId === body.organisationId) throw new Conflict('This listing is already your organisation’s.', 'already_yours');
  const now = deps.clock.now();
  const claim: Claim = {
    activityId,
    activityTitle: activity.title,
    organisationId: body.organisationId,
    ...(organisation ? { organisationName: organisation.name } : {}),
    currentOrganisationId: activity.organisationId,
    ...(body.note ? { note: body.note } : {}),
    status: 'pending',
    claimedAt: now.toISOString(),
    claimedBy: actor.userId,
  };
  await data.createClaim(deps.db, claim);
  const admins = await listAdminUserIds(deps.db);
  await Promise.all(
    admins.map((adminId) =>
      putMessageOnce(
        deps.db,
        {
          toUserId: adminId,
          kind: 'directory.claim',
          subject: `${organisation?.name ?? 'An organisation'} says "${activity.title}" is theirs`,
          text: `Please check and approve or refuse the claim: ${pageLink(deps.config.siteOrigin, paths.claims())}`,
        },
        now,
        `CLAIM-${activityId}-${body.organisationId}-${now.getTime()}-${adminId}`,
      ),
    ),
  );
  return claimView(claim);
}

export type ClaimView = z.infer<typeof claimSchema>;
const claimView = ({ claimedBy: _c, decidedBy: _d, ...view }: Claim): ClaimView => view;

export async function listClaims(deps: AppDeps, actor: Actor, status: 'pending' | 'approved' | 'refused', limit: number, cursor?: string) {
  requireAdmin(actor);
  const page = await data.listClaims(deps.db, status, limit, cursor);
  return { ...page, items: page.items.map(claimView) };
}

/**
 * An admin approves a claim (the listing moves to the claiming organisation, and its people now look after
 * it) or refuses it. The decision is recorded first, conditionally, so two admins cannot both decide.
 */
export async function decideClaim(deps: AppDeps, actor: Actor, activityId: string, organisationId: string, approve: boolean): Promise<ClaimView> {
  requireAdmin(actor);
  const claim = await data.getClaim(deps.db, activityId, organisationId);
  if (!claim) throw new NotFound('That claim');
  const at = deps.clock.now().toISOString();
  if (!(await data.decideClaim(deps.db, activityId, organisationId, approve ? 'approved' : 'refused', actor.userId, at))) throw new Conflict('This claim has already been decided.', 'already_decided');
  if (approve) await updateActivity(deps, actor, activityId, { organisationId });
  await putMessageOnce(
    deps.db,
    {
      toUserId: claim.claimedBy,
      kind: 'directory.claim-decided',
      subject: approve ? `"${claim.activityTitle}" is now your organisation’s` : `Your claim for "${claim.activityTitle}" was not approved`,
      text: approve
        ? `You can now change it and keep it up to date: ${pageLink(deps.config.siteOrigin, paths.activity({ id: activityId }))}`
        : 'Ask your partnership’s admin if you think this is wrong.',
    },
    new Date(at),
    `CLAIM-DECIDED-${activityId}-${organisationId}-${Date.parse(at)}`,
  );
  return claimView({ ...claim, status: approve ? 'approved' : 'refused', decidedAt: at });
}

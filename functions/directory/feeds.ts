import type { AppDeps } from '../lib/deps';
import { type FieldProblem, InvalidInput, NotFound } from '../lib/errors';
import { pageLink, paths } from '../lib/paths';
import { type SeriesEvent, writeCalendar } from './calendar';
import * as data from './data';
import { normalisePostcode } from './geo';
import * as oruk from './openreferral';
import { planSearch, type SearchPlan } from './rules';
import type { Activity, days, Hub } from './schema';

type Day = (typeof days)[number];

/**
 * Open data: the Open Referral UK feed and iCalendar feeds. Public, read-only, active activities only.
 */

/** A list query: paging, and for services the profile's filters (parsed by orukQuery in feed-routes.ts). */
export interface PageQuery {
  page: number;
  per_page: number;
  search?: string | undefined;
  taxonomy_term_id?: string | undefined;
  taxonomy_id?: string | undefined;
  minimum_age?: number | undefined;
  maximum_age?: number | undefined;
  /** minutes into the day */
  start_time?: number | undefined;
  end_time?: number | undefined;
  day?: Day[] | undefined;
  postcode?: string | undefined;
  proximity?: number | undefined;
}

/** How far from a postcode's centroid a search reaches when no proximity is given (metres). */
export const defaultProximity = 10_000;

/** The profile's paging fields around one page of contents. */
function profilePage<T>(contents: T[], total: number, page: number, perPage: number) {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return { total_items: total, total_pages: totalPages, page_number: page, size: contents.length, first_page: page === 1, last_page: page >= totalPages, empty: contents.length === 0, contents };
}

export function apiInfo(deps: AppDeps) {
  return {
    version: '3.0',
    profile: 'https://openreferral.org/uk-profile',
    openapi_url: `${deps.config.siteOrigin}/api/openapi.json`,
  };
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(Math.floor(minutes % 60)).padStart(2, '0')}`;

async function planFor(deps: AppDeps, q: PageQuery): Promise<SearchPlan> {
  const problems: FieldProblem[] = [];
  let priority: string | undefined;
  if (q.taxonomy_term_id) {
    priority = (await allPriorities(deps)).find((p) => oruk.priorityTermId(p.id) === q.taxonomy_term_id)?.id;
    if (!priority) problems.push({ field: 'query.taxonomy_term_id', rule: 'unknown_taxonomy_term', message: 'is not a taxonomy term of this directory' });
  }
  // every term of the one taxonomy is a priority, and every activity has at least one: it narrows nothing further
  if (q.taxonomy_id && q.taxonomy_id !== oruk.taxonomyId) problems.push({ field: 'query.taxonomy_id', rule: 'unknown_taxonomy', message: 'is not a taxonomy of this directory' });
  if (q.proximity !== undefined && !q.postcode) problems.push({ field: 'query.proximity', rule: 'needs_postcode', message: 'needs a postcode to measure from' });
  const centre = q.postcode ? await data.getPostcode(deps.db, q.postcode) : undefined;
  if (q.postcode && !centre) problems.push({ field: 'query.postcode', rule: 'unknown_postcode', message: 'is not a postcode in this directory’s postcode list' });
  if (problems.length) throw new InvalidInput(problems);
  // start_time rounds up and end_time down to the minute the index holds
  const startsFrom = q.start_time !== undefined ? hhmm(Math.ceil(q.start_time)) : undefined;
  const metres = q.proximity ?? defaultProximity;
  return planSearch({
    ...(priority ? { priority: [priority] } : {}),
    ...(q.search ? { q: q.search } : {}),
    ...(q.day ? { day: q.day } : {}),
    minimumAge: q.minimum_age,
    maximumAge: q.maximum_age,
    ...(startsFrom ? { startsFrom } : {}),
    ...(q.end_time !== undefined ? { endsBy: hhmm(Math.floor(q.end_time)) } : {}),
    ...(centre ? { near: { centre, metres } } : {}),
  });
}

/**
 * One numbered page of active activities. Page numbers are what the profile asks for; underneath, the
 * directory index is read in key order up to the page (so late pages cost more; crawlers should use
 * per_page up to 100). The total comes from a COUNT over the facet's partition.
 */
async function activityPage(deps: AppDeps, q: PageQuery): Promise<{ activities: Activity[]; total: number }> {
  const plan = await planFor(deps, q);
  let cursor: string | undefined;
  let cards: { id: string }[] = [];
  for (let page = 1; page <= q.page; page++) {
    const result = await data.searchDirectory(deps.db, plan, q.per_page, cursor, Number.MAX_SAFE_INTEGER);
    cards = result.items;
    cursor = result.nextCursor;
    if (!cursor && page < q.page) {
      cards = [];
      break;
    }
  }
  const single = plan.streams.length === 1 && plan.conditions.length === 0;
  const total = single ? await data.countFacet(deps.db, plan.streams[0]!.facet) : await countAll(deps, plan);
  const activities = (
    await data.getActivities(
      deps.db,
      cards.map((c) => c.id),
    )
  ).filter((a) => a.status === 'active');
  return { activities, total };
}

async function countAll(deps: AppDeps, plan: SearchPlan): Promise<number> {
  let total = 0;
  let cursor: string | undefined;
  do {
    const result = await data.searchDirectory(deps.db, plan, 50, cursor, Number.MAX_SAFE_INTEGER);
    total += result.items.length;
    cursor = result.nextCursor;
  } while (cursor);
  return total;
}

export async function listServices(deps: AppDeps, q: PageQuery) {
  const { activities, total } = await activityPage(deps, q);
  const organisations = new Map(
    (
      await data.getOrganisations(
        deps.db,
        activities.map((a) => a.organisationId),
      )
    ).map((o) => [o.id, o]),
  );
  const contents = activities.map((activity) => oruk.serviceSummary({ activity, organisation: organisations.get(activity.organisationId), siteOrigin: deps.config.siteOrigin }));
  return profilePage(contents, total, q.page, q.per_page);
}

/** Everything the profile nests in one service. */
async function serviceParts(deps: AppDeps, uuid: string): Promise<oruk.ServiceParts> {
  const id = oruk.uuidToUlid(uuid);
  const activity = id ? await data.getActivity(deps.db, id) : undefined;
  if (activity?.status !== 'active') throw new NotFound('That service');
  const now = deps.clock.now();
  const [organisation, hub, priorities, sessions] = await Promise.all([
    data.getOrganisation(deps.db, activity.organisationId),
    activity.hubId ? data.getHub(deps.db, activity.hubId) : undefined,
    data.getPriorities(deps.db, activity.priorities),
    deps.sessions.ofActivity(activity.id, new Date(now.getTime() - 7 * 86_400_000).toISOString(), undefined, 200),
  ]);
  const postcode = (hub ?? activity.venue)?.address.postcode;
  const careCommunityId = hub?.careCommunityId ?? activity.venue?.careCommunityId;
  const [point, careCommunity] = await Promise.all([postcode ? data.getPostcode(deps.db, postcode) : undefined, careCommunityId ? data.getCareCommunity(deps.db, careCommunityId) : undefined]);
  return { activity, organisation, hub, priorities, sessions, siteOrigin: deps.config.siteOrigin, point, careCommunity };
}

export async function getService(deps: AppDeps, uuid: string) {
  return oruk.service(await serviceParts(deps, uuid));
}

export async function getServiceAtLocation(deps: AppDeps, uuid: string) {
  return oruk.serviceAtLocation(await serviceParts(deps, uuid));
}

export async function listServiceAtLocations(deps: AppDeps, q: PageQuery) {
  const { activities, total } = await activityPage(deps, q);
  const hubs = new Map(
    (
      await data.getHubs(
        deps.db,
        activities.flatMap((a) => (a.hubId ? [a.hubId] : [])),
      )
    ).map((h) => [h.id, h]),
  );
  const placeOf = (a: Activity) => (a.hubId ? hubs.get(a.hubId) : a.venue);
  const points = await data.getPostcodes(
    deps.db,
    activities.flatMap((a) => {
      const place = placeOf(a);
      return place ? [place.address.postcode] : [];
    }),
  );
  const pointOf = (a: Activity) => {
    const place = placeOf(a);
    return place ? points.get(normalisePostcode(place.address.postcode)) : undefined;
  };
  return profilePage(
    activities.map((a) => oruk.serviceAtLocationSummary(a, a.hubId ? hubs.get(a.hubId) : undefined, pointOf(a))),
    total,
    q.page,
    q.per_page,
  );
}

async function allPriorities(deps: AppDeps) {
  const out = [];
  let cursor: string | undefined;
  do {
    const page = await data.listPriorities(deps.db, 100, cursor);
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

export function listTaxonomies(deps: AppDeps, q: PageQuery) {
  const all = [oruk.taxonomy(deps.config.siteOrigin)];
  return profilePage(all.slice((q.page - 1) * q.per_page, q.page * q.per_page), all.length, q.page, q.per_page);
}

export async function getTaxonomy(deps: AppDeps, id: string) {
  if (id !== oruk.taxonomyId) throw new NotFound('That taxonomy');
  return { ...oruk.taxonomy(deps.config.siteOrigin), taxonomy_terms: (await allPriorities(deps)).map(oruk.taxonomyTerm) };
}

export async function listTaxonomyTerms(deps: AppDeps, q: PageQuery) {
  const all = (await allPriorities(deps)).map(oruk.taxonomyTerm);
  return profilePage(all.slice((q.page - 1) * q.per_page, q.page * q.per_page), all.length, q.page, q.per_page);
}

export async function getTaxonomyTerm(deps: AppDeps, id: string) {
  const term = (await allPriorities(deps)).map(oruk.taxonomyTerm).find((t) => t.id === id);
  if (!term) throw new NotFound('That taxonomy term');
  return term;
}

// ---------- iCalendar ----------

async function seriesOf(deps: AppDeps, activity: Activity, placeName: string | undefined): Promise<SeriesEvent> {
  const since = new Date(deps.clock.now().getTime() - 7 * 86_400_000).toISOString();
  const sessions = await deps.sessions.ofActivity(activity.id, since, undefined, 200);
  return {
    uid: `activity-${activity.id}@common-ground`,
    summary: activity.title,
    description: `${activity.description}\n\n${pageLink(deps.config.siteOrigin, paths.activity({ id: activity.id }))}`,
    ...(placeName ? { location: placeName } : {}),
    url: pageLink(deps.config.siteOrigin, paths.activity({ id: activity.id })),
    updatedAt: activity.updatedAt,
    sequence: activity.version,
    sessions,
  };
}

const placeLine = (hub: Hub | undefined, a: Activity) => {
  const place = hub ?? a.venue;
  return place ? `${place.name}, ${place.address.line1}, ${place.address.town} ${place.address.postcode}` : undefined;
};

export async function activityCalendar(deps: AppDeps, id: string): Promise<string> {
  const activity = await data.getActivity(deps.db, id);
  if (activity?.status !== 'active') throw new NotFound('That activity');
  const hub = activity.hubId ? await data.getHub(deps.db, activity.hubId) : undefined;
  return writeCalendar(activity.title, [await seriesOf(deps, activity, placeLine(hub, activity))]);
}

export async function hubCalendar(deps: AppDeps, id: string): Promise<string> {
  const hub = await data.getHub(deps.db, id);
  if (!hub) throw new NotFound('That hub');
  const activities: Activity[] = [];
  let cursor: string | undefined;
  do {
    const page = await data.listActivitiesOf(deps.db, { hubId: id }, 100, cursor);
    activities.push(...page.items.filter((a) => a.status === 'active'));
    cursor = page.nextCursor;
  } while (cursor);
  const events = await Promise.all(activities.map((a) => seriesOf(deps, a, placeLine(hub, a))));
  return writeCalendar(hub.name, events);
}

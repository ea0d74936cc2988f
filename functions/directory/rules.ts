import { addDays, weekdayCodes as days, daysBetween, londonDate } from '../lib/london';
import { cellPrecisions, geohash, type Point, postcodePattern } from './geo';
import { importColumns } from './import-template';
import type {
  Accessibility,
  AccessNeed,
  Activity,
  ActivityCard,
  Availability,
  BookingMode,
  Cost,
  ImportColumn,
  ImportRow,
  ListActivitiesQuery,
  ScheduleSummary,
  TimeOfDay,
  UpcomingSession,
} from './schema';

/**
 * The directory's decisions, pure: how an activity is indexed for finding (its facets), how a search is
 * planned onto those facets, how sessions summarise into a schedule, and when an entry is stale.
 */

// ---------- ordering ----------

/** The stable order of every list: title (folded), then id to break ties. Also the index sort key. */
export function orderKey(title: string, id: string): string {
  const folded = title
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  return `${folded}#${id}`;
}

// ---------- free text ----------

const stopWords = new Set(
  'a an and are as at be by for from has have in is it its of on or our the this that to was we with you your all any can who what when where will out into about more than not but their them they there just get also'.split(
    ' ',
  ),
);

/** A light stemmer, the same for what is indexed and what is searched: walking/walks/walked → walk. */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w;
}

/** The distinct searchable words of some text, stemmed, without stop words. */
export function wordsOf(text: string): string[] {
  const out = new Set<string>();
  for (const raw of text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)) {
    if (raw.length < 3 || stopWords.has(raw)) continue;
    out.add(stem(raw));
  }
  return [...out];
}

/**
 * Words from the title, organiser, place and priorities come first; description words fill up to the cap.
 * The cap is above the distinct words a 2,000-character description can hold in practice, so any word of it
 * finds the activity (each word is one small index item).
 */
export const maxIndexedWords = 150;
export function searchWords(strong: string[], description: string): string[] {
  const words = new Set(strong.flatMap(wordsOf));
  for (const w of wordsOf(description)) {
    if (words.size >= maxIndexedWords) break;
    words.add(w);
  }
  return [...words].slice(0, maxIndexedWords);
}

// ---------- facets ----------

/** Age bands: an activity is indexed under every band its age range touches; the exact age is then filtered. */
export const ageBands: [number, number][] = [
  [0, 10],
  [11, 17],
  [18, 64],
  [65, 120],
];
export const ageBandOf = (age: number): string => {
  const band = ageBands.find(([lo, hi]) => age >= lo && age <= hi) ?? ageBands[ageBands.length - 1]!;
  return `${band[0]}-${band[1]}`;
};
export const ageBandsFor = (min: number, max: number): string[] => ageBands.filter(([lo, hi]) => hi >= min && lo <= max).map(([lo, hi]) => `${lo}-${hi}`);

export function accessFacts(a: Accessibility | undefined): AccessNeed[] {
  if (!a) return [];
  const facts: [boolean, AccessNeed][] = [
    [a.stepFree, 'step-free'],
    [a.hearingLoop, 'hearing-loop'],
    [a.accessibleToilet, 'accessible-toilet'],
    [a.parking, 'parking'],
    [a.publicTransport, 'public-transport'],
  ];
  return facts.filter(([has]) => has).map(([, need]) => need);
}

export const isFree = (cost: Cost): boolean => cost.kind === 'free';

/** Where an activity happens, resolved from its hub or its own venue. */
export interface Place {
  name?: string;
  careCommunityId?: string;
  accessibility?: Accessibility;
}

/** The attributes every index item carries so the other filters can be applied to it. */
export interface FilterAttributes {
  fPri: string[];
  fHub?: string;
  fCc?: string;
  fOrg: string;
  fDays: string[];
  fTod: string[];
  fDates: string[];
  fFree: boolean;
  fAcc: string[];
  fAgeMin: number;
  fAgeMax: number;
  fMode: string;
  fWords: string[];
  /** the place's postcode centroid, when the postcode is known */
  fLat?: number;
  fLng?: number;
  /** the latest local start time and earliest local end time of the sessions ahead ('HH:MM') */
  fStartMax?: string;
  fEndMin?: string;
}

export interface ActivityIndex {
  orderKey: string;
  /** the sort key of its GEO items, when its place's point is known: see placeOrderKey */
  placeOrderKey?: string;
  facets: string[];
  attributes: FilterAttributes;
  card: ActivityCard;
}

/**
 * The composite facet for "this priority at this hub": a hub holds many activities and a priority is a
 * small share of them, so reading the hub's partition and filtering by priority read ~10 items a result.
 */
export const priorityAtHub = (priority: string, hubId: string) => `PRI#${priority}#HUB#${hubId}`;

/** The composite facet for "free, for this priority": reading the priority's partition and keeping the free ones read ~2.5 items a result. */
export const freeForPriority = (priority: string) => `PRI#${priority}#FREE`;

/**
 * What the index holds, as a number: raise it when indexActivity changes what existing activities should be
 * indexed under, and the daily refresh indexes every active activity again, once. 2: geohash cells of 6
 * characters (issue 21's near-me search reads them for circles up to about 4 miles). 3: a cell's items sorted
 * by place (placeOrderKey), so a search reads a few of a busy place's activities instead of all of them.
 * 4: a cell's activities of each priority in partitions of their own (priorityInCell), for near me with a priority.
 */
export const indexVersion = 4;

/** A place, as a GEO item's sort key names it: its point's geohash of 12 characters (about 2 by 4 cm). */
export const placeKey = (point: Point) => geohash(point, 12);

/**
 * The sort key of an activity's items in the geohash cells: its place, then its id. The activities at one
 * place lie together in id order, their order in a near search (same distance, then id), so the search can
 * read the first few of each place and jump past the rest.
 */
export const placeOrderKey = (point: Point, id: string) => `${placeKey(point)}#${id}`;

/** Every facet (index partition) an active activity is listed under, with its card and filter attributes. */
export function indexActivity(activity: Activity, place: Place, organisationName: string | undefined, priorityLabels: string[], point?: Point): ActivityIndex {
  const schedule = activity.schedule;
  const access = accessFacts(place.accessibility);
  const attributes: FilterAttributes = {
    fPri: activity.priorities,
    ...(activity.hubId ? { fHub: activity.hubId } : {}),
    ...(place.careCommunityId ? { fCc: place.careCommunityId } : {}),
    fOrg: activity.organisationId,
    fDays: (schedule?.daysOfWeek ?? []).map(String),
    fTod: schedule?.timesOfDay ?? [],
    fDates: schedule?.dates ?? [],
    fFree: isFree(activity.cost),
    fAcc: access,
    fAgeMin: activity.audience.ageMin,
    fAgeMax: activity.audience.ageMax,
    fMode: activity.booking.mode,
    fWords: searchWords([activity.title, ...priorityLabels, organisationName ?? '', place.name ?? ''], activity.description),
    ...(point ? { fLat: point.lat, fLng: point.lng } : {}),
    ...(schedule?.latestStart ? { fStartMax: schedule.latestStart } : {}),
    ...(schedule?.earliestEnd ? { fEndMin: schedule.earliestEnd } : {}),
  };
  const facets = [
    'ALL',
    ...activity.priorities.map((p) => `PRI#${p}`),
    ...(attributes.fHub ? [`HUB#${attributes.fHub}`, ...activity.priorities.map((p) => priorityAtHub(p, attributes.fHub!))] : []),
    ...(attributes.fCc ? [`CC#${attributes.fCc}`] : []),
    `ORG#${activity.organisationId}`,
    ...attributes.fDays.map((d) => `DAY#${d}`),
    ...attributes.fTod.map((t) => `TOD#${t}`),
    ...(attributes.fFree ? ['FREE', ...activity.priorities.map(freeForPriority)] : []),
    ...access.map((a) => `ACC#${a}`),
    ...ageBandsFor(attributes.fAgeMin, attributes.fAgeMax).map((b) => `AGE#${b}`),
    `MODE#${attributes.fMode}`,
    ...attributes.fWords.map((w) => `WORD#${w}`),
    ...(point ? cellPrecisions.flatMap((n) => [`GEO#${geohash(point, n)}`, ...activity.priorities.map((p) => priorityInCell(geohash(point, n), p))]) : []),
  ];
  const card: ActivityCard = {
    id: activity.id,
    title: activity.title,
    summary: summarise(activity.description),
    organisationId: activity.organisationId,
    ...(organisationName ? { organisationName } : {}),
    ...(activity.hubId ? { hubId: activity.hubId } : {}),
    ...(place.name ? { placeName: place.name } : {}),
    priorities: activity.priorities,
    cost: activity.cost,
    bookingMode: activity.booking.mode,
    ageMin: activity.audience.ageMin,
    ageMax: activity.audience.ageMax,
    upcoming: schedule?.upcoming ?? [],
  };
  return { orderKey: orderKey(activity.title, activity.id), ...(point ? { placeOrderKey: placeOrderKey(point, activity.id) } : {}), facets, attributes, card };
}

function summarise(description: string): string {
  if (description.length <= 160) return description;
  const cut = description.slice(0, 157);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 100))}…`;
}

// ---------- planning a search ----------

/** A condition on the filter attributes of an index item. */
export type Condition =
  | { kind: 'anyOf'; attribute: keyof FilterAttributes; values: string[] }
  | { kind: 'allOf'; attribute: keyof FilterAttributes; values: string[] }
  | { kind: 'equals'; attribute: keyof FilterAttributes; value: string | boolean }
  | { kind: 'ageWithin'; age: number }
  /** the attribute is present and at least / at most the value */
  | { kind: 'atLeast'; attribute: keyof FilterAttributes; value: number | string }
  | { kind: 'atMost'; attribute: keyof FilterAttributes; value: number | string };

/** One index partition to read, with conditions that apply to it alone (the dates of a partial week). */
export interface Stream {
  facet: string;
  conditions: Condition[];
}

/**
 * Several partitions merged in key order (OR) and conditions every result must meet (AND); or, for a search
 * near a point, the geohash cells around it read nearest first (searchNear), with the same conditions.
 */
export interface SearchPlan {
  streams: Stream[];
  conditions: Condition[];
  near?: Near;
}

/** Within this many metres of a point, nearest first. */
export interface Near {
  centre: Point;
  metres: number;
  /** only activities with this priority: the cells' partitions of it (priorityInCell) hold exactly those */
  priority?: string;
}

/** A geohash cell's activities with one priority: what a search near a place for one priority reads. */
export const priorityInCell = (cell: string, priority: string) => `GEO#${cell}#PRI#${priority}`;

export const maxDateRangeDays = 62;
type Filters = Omit<ListActivitiesQuery, 'limit' | 'cursor'> & {
  /** Open Referral's eligibility filters: the activity's own minimum age is at least this, its maximum at most this */
  minimumAge?: number | undefined;
  maximumAge?: number | undefined;
  /** it has a session starting at or after this local time / ending at or before it ('HH:MM') */
  startsFrom?: string | undefined;
  endsBy?: string | undefined;
  /** its place is within this distance: read from the geohash cells around the point, nearest first */
  near?: Near | undefined;
};

/**
 * Chooses the index partition(s) to read for a search: the filter likely to be most selective drives the
 * Query (several values of it are merged), every other filter becomes a condition on the items read.
 */
export function planSearch(f: Filters): SearchPlan {
  const words = f.q ? wordsOf(f.q) : [];
  const range = f.from || f.to ? datesBetween(f.from ?? f.to!, f.to ?? f.from!) : undefined;
  const filters: Filter[] = [];
  if (words.length) {
    const longest = [...words].sort((a, b) => b.length - a.length || a.localeCompare(b))[0]!;
    const others = words.filter((w) => w !== longest);
    filters.push({
      streams: single(`WORD#${longest}`),
      whenDriving: others.length ? [{ kind: 'allOf', attribute: 'fWords', values: others }] : [],
      otherwise: [{ kind: 'allOf', attribute: 'fWords', values: words }],
    });
  }
  const priorities = f.priority?.length ? unique(f.priority) : undefined;
  if (f.hub && priorities) {
    // both given: the priority-at-hub partitions hold exactly the matches (several priorities OR'd)
    const hub = f.hub;
    filters.push({
      streams: priorities.map((p) => ({ facet: priorityAtHub(p, hub), conditions: [] })),
      whenDriving: [],
      otherwise: [
        { kind: 'equals', attribute: 'fHub', value: hub },
        { kind: 'anyOf', attribute: 'fPri', values: priorities },
      ],
    });
  } else if (f.hub) filters.push(exact(`HUB#${f.hub}`, { kind: 'equals', attribute: 'fHub', value: f.hub }));
  const freeWithPriority = !!(priorities && f.free && !f.hub);
  if (f.organisation) filters.push(exact(`ORG#${f.organisation}`, { kind: 'equals', attribute: 'fOrg', value: f.organisation }));
  if (range) {
    // a date range is served by the weekdays it covers, each keeping only the dates in range
    filters.push({
      streams: byWeekday(range).map(({ day, dates: onDay }) => ({ facet: `DAY#${day}`, conditions: [{ kind: 'anyOf', attribute: 'fDates', values: onDay }] })),
      whenDriving: [],
      otherwise: [{ kind: 'anyOf', attribute: 'fDates', values: range }],
    });
  }
  if (f.careCommunity) filters.push(exact(`CC#${f.careCommunity}`, { kind: 'equals', attribute: 'fCc', value: f.careCommunity }));
  if (freeWithPriority) {
    // free and a priority: the free-for-priority partitions hold exactly the matches
    filters.push({
      streams: priorities!.map((p) => ({ facet: freeForPriority(p), conditions: [] })),
      whenDriving: [],
      otherwise: [
        { kind: 'anyOf', attribute: 'fPri', values: priorities! },
        { kind: 'equals', attribute: 'fFree', value: true },
      ],
    });
  } else if (priorities && !f.hub) filters.push(anyOf('PRI', 'fPri', priorities));
  if (f.access?.length) {
    const [first, ...more] = unique(f.access);
    filters.push({
      streams: single(`ACC#${first}`),
      whenDriving: more.length ? [{ kind: 'allOf', attribute: 'fAcc', values: more }] : [],
      otherwise: [{ kind: 'allOf', attribute: 'fAcc', values: [first!, ...more] }],
    });
  }
  if (f.age !== undefined) {
    const condition: Condition = { kind: 'ageWithin', age: f.age };
    filters.push({ streams: single(`AGE#${ageBandOf(f.age)}`), whenDriving: [condition], otherwise: [condition] });
  }
  if (f.day?.length) filters.push(anyOf('DAY', 'fDays', unique(f.day.map((d) => String(days.indexOf(d) + 1)))));
  if (f.timeOfDay?.length) filters.push(anyOf('TOD', 'fTod', unique(f.timeOfDay)));
  if (f.booking) filters.push(exact(`MODE#${f.booking}`, { kind: 'equals', attribute: 'fMode', value: f.booking }));
  if (f.free && !freeWithPriority) filters.push(exact('FREE', { kind: 'equals', attribute: 'fFree', value: true }));
  // no partition serves these exactly: they drive (reading every active activity) only when nothing else is asked
  if (f.minimumAge !== undefined) filters.push(onlyCondition({ kind: 'atLeast', attribute: 'fAgeMin', value: f.minimumAge }));
  if (f.maximumAge !== undefined) filters.push(onlyCondition({ kind: 'atMost', attribute: 'fAgeMax', value: f.maximumAge }));
  if (f.startsFrom) filters.push(onlyCondition({ kind: 'atLeast', attribute: 'fStartMax', value: f.startsFrom }));
  if (f.endsBy) filters.push(onlyCondition({ kind: 'atMost', attribute: 'fEndMin', value: f.endsBy }));

  // near a point, the cells drive and everything else is a condition on what they hold
  if (f.near) {
    const only = priorities?.length === 1 ? { priority: priorities[0]! } : {};
    return { streams: [], conditions: filters.flatMap((r) => r.otherwise), near: { centre: f.near.centre, metres: f.near.metres, ...only } };
  }
  const [driver, ...rest] = filters;
  if (!driver) return { streams: single('ALL'), conditions: [] };
  return { streams: driver.streams, conditions: [...driver.whenDriving, ...rest.flatMap((r) => r.otherwise)] };
}

/** A filter: the partitions that serve it exactly, and the conditions it needs when it drives or not. */
interface Filter {
  streams: Stream[];
  whenDriving: Condition[];
  otherwise: Condition[];
}

const single = (facet: string): Stream[] => [{ facet, conditions: [] }];
const exact = (facet: string, condition: Condition): Filter => ({ streams: single(facet), whenDriving: [], otherwise: [condition] });
const anyOf = (prefix: string, attribute: keyof FilterAttributes, values: string[]): Filter => ({
  streams: values.map((v) => ({ facet: `${prefix}#${v}`, conditions: [] })),
  whenDriving: [],
  otherwise: [{ kind: 'anyOf', attribute, values }],
});

const onlyCondition = (condition: Condition): Filter => ({ streams: single('ALL'), whenDriving: [condition], otherwise: [condition] });

const unique = <T>(values: T[]): T[] => [...new Set(values)];

// ---------- dates and times (Europe/London wall clock) ----------

const dayMs = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);

export { daysBetween };

export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = toDate(from).getTime(); t <= toDate(to).getTime(); t += dayMs) out.push(fromDate(new Date(t)));
  return out;
}

/** Dates grouped by ISO weekday (1 = Monday). */
function byWeekday(dates: string[]): { day: number; dates: string[] }[] {
  const byDay = new Map<number, string[]>();
  for (const d of dates) {
    const day = ((toDate(d).getUTCDay() + 6) % 7) + 1;
    byDay.set(day, [...(byDay.get(day) ?? []), d]);
  }
  return [...byDay].sort(([a], [b]) => a - b).map(([day, ds]) => ({ day, dates: ds }));
}

export function timeOfDayOf(localTime: string): TimeOfDay {
  const hour = Number(localTime.slice(0, 2));
  return hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening';
}

/** The date on the Europe/London wall clock of an instant. */
export const localDateOf = (instant: Date): string => londonDate(instant);

// ---------- schedule summary ----------

/** The session fields the directory reads (the sessions domain owns the item). */
export interface SessionFacts {
  id: string;
  startsAt: string;
  endsAt: string;
  localDate: string;
  localStartTime: string;
  dayOfWeek: number;
  capacity: number;
  confirmed: number;
  status: 'scheduled' | 'cancelled';
  room?: string;
}

export const scheduleHorizonDays = 90;
export const upcomingShown = 3;

export function availabilityOf(mode: string, capacity: number, confirmed: number): Availability {
  if (mode === 'drop-in') return 'drop-in';
  const left = capacity - confirmed;
  if (left <= 0) return 'full';
  return left <= Math.max(2, Math.floor(capacity / 5)) ? 'few-places' : 'places';
}

/** What the filters and the cards need from an activity's sessions, from now to the horizon. */
/** The last local date a schedule computed at `now` looks ahead to. */
export const horizonDateOf = (now: Date): string => addDays(localDateOf(now), scheduleHorizonDays);

export function summariseSchedule(sessions: SessionFacts[], mode: string, now: Date): ScheduleSummary {
  const horizon = horizonDateOf(now);
  const ahead = sessions.filter((s) => s.status === 'scheduled' && s.endsAt > now.toISOString() && s.localDate <= horizon).sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const upcoming: UpcomingSession[] = ahead.slice(0, upcomingShown).map((s) => ({
    sessionId: s.id,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    availability: availabilityOf(mode, s.capacity, s.confirmed),
    ...(s.room ? { room: s.room } : {}),
  }));
  const starts = ahead.map((s) => s.localStartTime).sort();
  const ends = ahead.map(localEndTime).sort();
  return {
    daysOfWeek: unique(ahead.map((s) => s.dayOfWeek)).sort(),
    timesOfDay: unique(ahead.map((s) => timeOfDayOf(s.localStartTime))).sort(),
    dates: unique(ahead.map((s) => s.localDate)).sort(),
    upcoming,
    ...(starts.length ? { latestStart: starts[starts.length - 1]!, earliestEnd: ends[0]! } : {}),
    computedAt: now.toISOString(),
  };
}

/** A session's local end time ('HH:MM'); one running past midnight counts as ending at 23:59. */
function localEndTime(s: SessionFacts): string {
  const [h, m] = s.localStartTime.split(':').map(Number);
  const minutes = Math.min(h! * 60 + m! + Math.round((Date.parse(s.endsAt) - Date.parse(s.startsAt)) / 60_000), 23 * 60 + 59);
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/**
 * A schedule summary goes stale in two ways as time passes: a session ends (its day, time of day and date
 * must stop matching, and it leaves the card), or a session's date comes within the horizon. Between two
 * runs of the refresh, the sessions that did so are on these local dates: the dates sessions ended on
 * since `last` (one day earlier too, for a session that runs past midnight), and the dates that entered
 * the horizon. A long gap is caught up at most `maxCatchUpDays`.
 */
export const maxCatchUpDays = 100;
export function datesToRefresh(last: Date, now: Date): { ended: string[]; entered: string[] } {
  const from = new Date(Math.max(last.getTime(), now.getTime() - maxCatchUpDays * dayMs));
  if (from >= now) return { ended: [], entered: [] };
  const ended = datesBetween(addDays(localDateOf(from), -1), localDateOf(now));
  const firstEntered = addDays(horizonDateOf(from), 1);
  const lastEntered = horizonDateOf(now);
  return { ended, entered: firstEntered <= lastEntered ? datesBetween(firstEntered, lastEntered) : [] };
}

/**
 * The dates of a date-range search that can still match: the summaries hold only dates from today on, so
 * earlier ones are dropped (an entry that is out of date matches nothing in the past). Undefined when the
 * whole range is past.
 */
export function rangeFromToday(from: string | undefined, to: string | undefined, today: string): { from?: string; to?: string } | undefined {
  if (!from && !to) return {};
  const start = from ?? to!;
  const end = to ?? from!;
  if (end < today) return undefined;
  return { from: start < today ? today : start, to: end };
}

/** Whether two summaries differ in anything shown or filtered on (not when they were computed). */
export function sameSchedule(a: ScheduleSummary | undefined, b: ScheduleSummary | undefined): boolean {
  const strip = (s: ScheduleSummary | undefined) => (s ? JSON.stringify({ ...s, computedAt: '' }) : '');
  return strip(a) === strip(b);
}

/**
 * A session change matters to the directory unless only its booking counts moved within one availability
 * band: places left change with every booking, but the index only shows places / few places / full.
 */
export function sessionChangeMatters(before: SessionFacts | undefined, after: SessionFacts | undefined): boolean {
  if (!before || !after) return true;
  const same = (k: keyof SessionFacts) => before[k] === after[k];
  const steady = same('startsAt') && same('endsAt') && same('status') && same('localDate') && same('localStartTime') && same('capacity') && same('room');
  return !steady || availabilityOf('reserve', before.capacity, before.confirmed) !== availabilityOf('reserve', after.capacity, after.confirmed);
}

// ---------- freshness ----------

export const reviewAfterMonths = 6;

/** The instant before which a last review makes an entry stale (6 calendar months before now). */
export function staleBefore(now: Date): string {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - reviewAfterMonths);
  return d.toISOString();
}

export const isStale = (lastReviewedAt: string, now: Date): boolean => lastReviewedAt < staleBefore(now);

// ---------- the postcode import ----------

/** Where the UK's postcodes lie (with the Channel Islands and the Isle of Man), in degrees. */
const ukLatitudes = [49, 61] as const;
const ukLongitudes = [-9, 3] as const;

/**
 * What is wrong with a row of the ONS Postcode Directory, in plain words (undefined when nothing is). The
 * directory gives a postcode with no known location (a closed or non-geographic one) latitude 99.999999.
 */
export function postcodeRowProblem(row: { pcds: string; lat: string; long: string }): string | undefined {
  const postcode = row.pcds.trim();
  if (!postcode) return 'The postcode is missing';
  if (!postcodePattern.test(postcode)) return `${postcode} is not a UK postcode like OL1 1AA`;
  const lat = Number(row.lat.trim());
  const lng = Number(row.long.trim());
  if (!row.lat.trim() || !row.long.trim() || !Number.isFinite(lat) || !Number.isFinite(lng)) return `The latitude and longitude of ${postcode} must be numbers, like 53.5452 and -2.1104`;
  if (lat === 99.999999) return `${postcode} has no location in the directory (it may have closed)`;
  if (lat < ukLatitudes[0] || lat > ukLatitudes[1] || lng < ukLongitudes[0] || lng > ukLongitudes[1]) return `The latitude and longitude of ${postcode} are not in the UK`;
  return undefined;
}

// ---------- importing activities and organisations ----------

/** What a row of the import names, resolved against the directory: hubs and priorities by name. */
export interface ImportLookups {
  hubByName: Map<string, string>;
  /** a priority's id by its id and by its label, lower case */
  priorityByName: Map<string, string>;
}

/** A problem with a row: the template column's heading and the forms' words. */
export interface ImportProblem {
  column: string;
  message: string;
}

const headingOf = new Map<string, string>(importColumns);
export const importHeading = (column: ImportColumn) => headingOf.get(column)!;

const blank = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** The organisation's fields from a row, as the organisation form sends them (validated by its schema). */
export function organisationFromRow(row: ImportRow) {
  const contact = {
    ...(blank(row.organisationEmail) ? { email: blank(row.organisationEmail) } : {}),
    ...(blank(row.organisationWebsite) ? { website: blank(row.organisationWebsite) } : {}),
    ...(blank(row.organisationPhone) ? { phone: blank(row.organisationPhone) } : {}),
  };
  return {
    name: row.organisation?.trim() ?? '',
    ...(blank(row.organisationDescription) ? { description: blank(row.organisationDescription) } : {}),
    contact,
    ...(blank(row.charityNumber) ? { charityNumber: blank(row.charityNumber) } : {}),
  };
}

/** Where a field of the organisation form is in the template. */
export function organisationColumn(path: PropertyKey[]): string {
  const [top, inner] = path.map(String);
  if (top === 'contact') return importHeading(inner === 'email' ? 'organisationEmail' : inner === 'website' ? 'organisationWebsite' : 'organisationPhone');
  if (top === 'description') return importHeading('organisationDescription');
  if (top === 'charityNumber') return importHeading('charityNumber');
  return importHeading('organisation');
}

/** "Free", "£3.50" (per session), "Pay what you can": how the template writes a cost. */
export function costFromCell(cell: string | undefined): Cost | undefined {
  const v = (cell ?? '').trim();
  const lower = v.toLowerCase();
  if (!v || lower === 'free' || lower === '£0' || lower === '0') return { kind: 'free' };
  if (lower.startsWith('pay what you can')) return { kind: 'pay-what-you-can' };
  const m = /^£?\s*(\d{1,4})(?:\.(\d{1,2}))?(?:\s+per\s+(.{1,40}))?$/i.exec(v);
  if (!m) return undefined;
  const pence = Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0'));
  return pence === 0 ? { kind: 'free' } : { kind: 'amount', pence, ...(m[3] ? { per: m[3] } : {}) };
}

const bookingWords: Record<string, BookingMode> = {
  'drop in': 'drop-in',
  'drop-in': 'drop-in',
  'just turn up': 'drop-in',
  book: 'reserve',
  reserve: 'reserve',
  'book a place': 'reserve',
  referral: 'referral-only',
  'referral only': 'referral-only',
  'referral-only': 'referral-only',
};

/**
 * An activity's fields from a row, as the activity form sends them, and the problems only the import can
 * have (a hub or priority it does not know, a cost or number it cannot read). The caller checks the result
 * with the form's own schema (createActivityBody), whose messages the import reports.
 */
export function activityFromRow(row: ImportRow, organisationId: string, look: ImportLookups): { body: Record<string, unknown>; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const priorities = (row.priorities ?? '')
    .split(/[;,]/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const found = look.priorityByName.get(p.toLowerCase());
      if (!found) problems.push({ column: importHeading('priorities'), message: `“${p}” is not a priority in the directory` });
      return found ?? p;
    });
  // a venue with a hub's name is that hub (an Open Referral feed names the hub as the location)
  const hubName = blank(row.hub) ?? (blank(row.venueName) && look.hubByName.has(blank(row.venueName)!.toLowerCase()) ? blank(row.venueName) : undefined);
  const hubId = hubName ? look.hubByName.get(hubName.toLowerCase()) : undefined;
  if (hubName && !hubId) problems.push({ column: importHeading('hub'), message: `“${hubName}” is not a hub in the directory` });
  const cost = costFromCell(row.cost);
  if (!cost) problems.push({ column: importHeading('cost'), message: 'must be Free, Pay what you can, or an amount like £3.50' });
  const mode = bookingWords[(row.booking ?? '').trim().toLowerCase() || 'drop in'];
  if (!mode) problems.push({ column: importHeading('booking'), message: 'must be Drop in, Book a place or Referral only' });
  const whole = (column: ImportColumn, fallback: number) => {
    const v = blank(row[column] as string | undefined);
    if (!v) return fallback;
    if (!/^\d{1,4}$/.test(v)) problems.push({ column: importHeading(column), message: 'must be a whole number' });
    return Number(v);
  };
  const venue = hubName
    ? undefined
    : {
        name: row.venueName?.trim() ?? '',
        address: { line1: row.venueAddress?.trim() ?? '', town: row.venueTown?.trim() ?? '', postcode: row.venuePostcode?.trim() ?? '' },
      };
  const contact = {
    ...(blank(row.contactName) ? { name: blank(row.contactName) } : {}),
    ...(blank(row.contactPhone) ? { phone: blank(row.contactPhone) } : {}),
    ...(blank(row.contactEmail) ? { email: blank(row.contactEmail) } : {}),
  };
  const body = {
    title: row.title?.trim() ?? '',
    description: row.description?.trim() ?? '',
    organisationId,
    ...(hubId ? { hubId } : {}),
    ...(venue ? { venue } : {}),
    priorities,
    audience: { ageMin: whole('minimumAge', 0), ageMax: whole('maximumAge', 120), ...(blank(row.whoFor) ? { whoFor: blank(row.whoFor) } : {}) },
    cost: cost ?? { kind: 'free' },
    booking: { mode: mode ?? 'drop-in', defaultCapacity: whole('places', 20) },
    contact,
  };
  return { body, problems };
}

const activityColumns: Record<string, ImportColumn> = {
  title: 'title',
  description: 'description',
  priorities: 'priorities',
  hubId: 'hub',
  cost: 'cost',
  'booking.mode': 'booking',
  'booking.defaultCapacity': 'places',
  'audience.ageMin': 'minimumAge',
  'audience.ageMax': 'maximumAge',
  'audience.whoFor': 'whoFor',
  'contact.name': 'contactName',
  'contact.phone': 'contactPhone',
  'contact.email': 'contactEmail',
  'venue.name': 'venueName',
  'venue.address.line1': 'venueAddress',
  'venue.address.town': 'venueTown',
  'venue.address.postcode': 'venuePostcode',
};

/** Where a field of the activity form is in the template ("give either hubId or venue" is the Hub column). */
export function activityColumn(path: PropertyKey[]): string {
  const p = path.filter((x) => typeof x === 'string').join('.');
  const key = Object.keys(activityColumns).find((k) => p === k || p.startsWith(`${k}.`)) ?? (p.startsWith('venue') ? 'venue.name' : p.startsWith('cost') ? 'cost' : 'title');
  return importHeading(activityColumns[key]!);
}

/** The form's rule for "exactly one place", in the template's words. */
export const placeMessage = 'give either a hub or a venue (name, address, town and postcode)';

/** The facts of an activity an import sets: equal facts mean the row changes nothing. */
export function importedFacts(a: {
  title: string;
  description: string;
  hubId?: string | undefined;
  venue?: unknown;
  priorities: string[];
  audience: unknown;
  cost: unknown;
  booking: { mode: string; defaultCapacity: number };
  contact: unknown;
}) {
  return JSON.stringify(
    canonical({
      title: a.title,
      description: a.description,
      hubId: a.hubId ?? null,
      venue: a.venue ?? null,
      priorities: a.priorities,
      audience: a.audience,
      cost: a.cost,
      mode: a.booking.mode,
      places: a.booking.defaultCapacity,
      contact: a.contact,
    }),
  );
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}

const modeWords: Record<BookingMode, string> = { 'drop-in': 'Drop in', reserve: 'Book a place', 'referral-only': 'Referral only' };

/** How the template writes a cost (read back by costFromCell). */
export function costCell(cost: Cost): string {
  if (cost.kind === 'free') return 'Free';
  if (cost.kind === 'pay-what-you-can') return 'Pay what you can';
  return `£${(cost.pence / 100).toFixed(2)}${cost.per ? ` per ${cost.per}` : ''}`;
}

/** An activity already in the directory as a row of the template: an import's empty cells keep these values. */
export function activityToRow(a: Activity, organisationName: string, hubName: string | undefined): Omit<ImportRow, 'line'> {
  return {
    organisation: organisationName,
    title: a.title,
    description: a.description,
    priorities: a.priorities.join('; '),
    ...(hubName ? { hub: hubName } : {}),
    ...(a.venue ? { venueName: a.venue.name, venueAddress: a.venue.address.line1, venueTown: a.venue.address.town, venuePostcode: a.venue.address.postcode } : {}),
    cost: costCell(a.cost),
    booking: modeWords[a.booking.mode],
    places: String(a.booking.defaultCapacity),
    minimumAge: String(a.audience.ageMin),
    maximumAge: String(a.audience.ageMax),
    ...(a.audience.whoFor ? { whoFor: a.audience.whoFor } : {}),
    ...(a.contact.name ? { contactName: a.contact.name } : {}),
    ...(a.contact.phone ? { contactPhone: a.contact.phone } : {}),
    ...(a.contact.email ? { contactEmail: a.contact.email } : {}),
  };
}

const venueCells = ['venueName', 'venueAddress', 'venueTown', 'venuePostcode'] as const;

/** A row laid over what is already there: its filled cells change, its empty ones keep; naming a venue moves the activity off its hub. */
export function overlayRow<T extends Partial<ImportRow>>(base: T, row: ImportRow): ImportRow {
  const filled = Object.fromEntries(Object.entries(row).filter(([, v]) => typeof v !== 'string' || v.trim()));
  const movesToVenue = !blank(row.hub) && venueCells.some((c) => blank(row[c]));
  return { ...base, ...(movesToVenue ? { hub: '' } : {}), ...filled } as ImportRow;
}

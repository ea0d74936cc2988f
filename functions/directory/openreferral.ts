import { createHash } from 'node:crypto';
import { pageLink, paths } from '../lib/paths';
import { inferRecurrence } from './calendar';
import type { Point } from './geo';
import type { SessionFacts } from './rules';
import type { Activity, CareCommunity, Cost, Hub, ImportRow, Organisation, Priority, Venue } from './schema';

/**
 * The directory as Open Referral UK (HSDS 3.0 UK profile) objects. Pure mapping: no database here.
 *
 * Ids: the profile wants UUIDs. Our ids are ULIDs, which are 128 bits too, so a service, organisation and
 * hub location id is the same number written as a UUID (reversible: /services/{id} finds the activity).
 * A service_at_location shares its service's id (an activity happens at one place). Priorities, the
 * taxonomy and the nested parts (schedules, costs, contacts, addresses) get name-based UUIDs (SHA-1, v5 style).
 */

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function ulidToUuid(ulid: string): string {
  let n = 0n;
  for (const ch of ulid) n = n * 32n + BigInt(crockford.indexOf(ch));
  const hex = n.toString(16).padStart(32, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function uuidToUlid(uuid: string): string | undefined {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid)) return undefined;
  let n = BigInt(`0x${uuid.replace(/-/g, '')}`);
  let out = '';
  for (let i = 0; i < 26; i++) {
    out = crockford[Number(n % 32n)] + out;
    n /= 32n;
  }
  return out;
}

/** A stable UUID for a name (RFC 4122 version 5 layout over SHA-1). */
export function nameUuid(name: string): string {
  const h = createHash('sha1').update(`common-ground:${name}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const taxonomyId = nameUuid('taxonomy:priorities');
export const priorityTermId = (slug: string) => nameUuid(`priority:${slug}`);

export function taxonomy(siteOrigin: string) {
  return {
    id: taxonomyId,
    name: 'Common Ground priorities',
    description: 'The health and wellbeing priorities the partnership’s activities address, managed by its admins.',
    uri: `${siteOrigin}/api/openreferral/taxonomies/${taxonomyId}`,
    version: '1',
  };
}

export function taxonomyTerm(p: Priority) {
  return { id: priorityTermId(p.id), name: p.label, description: p.description ?? p.label, taxonomy: 'Common Ground priorities', taxonomy_id: taxonomyId, term: p.id };
}

export interface ServiceParts {
  activity: Activity;
  organisation?: Organisation | undefined;
  hub?: Hub | undefined;
  priorities: Priority[];
  sessions: SessionFacts[];
  siteOrigin: string;
  /** the place's postcode centroid, when the partnership's postcode list has it */
  point?: Point | undefined;
  /** the care community the activity serves: its service area */
  careCommunity?: CareCommunity | undefined;
}

const statusOf = { active: 'active', paused: 'temporarily closed', ended: 'defunct' } as const;

/** The one-to-one fields of a service: what /services lists. */
export function serviceSummary({ activity: a, organisation, siteOrigin }: Omit<ServiceParts, 'priorities' | 'sessions' | 'hub'>) {
  return {
    id: ulidToUuid(a.id),
    organization_id: ulidToUuid(a.organisationId),
    name: a.title,
    description: a.description,
    url: pageLink(siteOrigin, paths.activity({ id: a.id })),
    ...(a.contact.email ? { email: a.contact.email } : {}),
    status: statusOf[a.status],
    fees: feesOf(a.cost),
    minimum_age: a.audience.ageMin,
    maximum_age: a.audience.ageMax,
    assured_date: a.lastReviewedAt.slice(0, 10),
    last_modified: a.updatedAt,
    ...(organisation ? { organization: organisationOf(organisation) } : {}),
  };
}

/** A service with everything nested: schedules, where, costs, contacts and its priorities as taxonomy terms. */
export function service(parts: ServiceParts) {
  const { activity: a, hub, priorities, sessions, careCommunity } = parts;
  const id = ulidToUuid(a.id);
  const location = locationOf(a, hub, parts.point);
  return {
    ...serviceSummary(parts),
    schedules: schedulesOf(id, sessions),
    service_areas: careCommunity
      ? [{ id: nameUuid(`service-area:${a.id}:${careCommunity.id}`), service_id: id, name: careCommunity.name, ...(careCommunity.description ? { description: careCommunity.description } : {}) }]
      : [],
    service_at_locations: [{ id, service_id: id, location_id: location.id, location }],
    cost_options: [
      {
        id: nameUuid(`cost:${a.id}`),
        service_id: id,
        option: feesOf(a.cost),
        ...(amountOf(a.cost) !== undefined ? { amount: amountOf(a.cost) } : {}),
        ...(a.cost.kind === 'amount' && a.cost.per ? { amount_description: `per ${a.cost.per}` } : {}),
      },
    ],
    contacts: a.contact.name || a.contact.phone ? [{ id: nameUuid(`contact:${a.id}`), service_id: id, name: a.contact.name ?? parts.organisation?.name ?? a.title }] : [],
    attributes: priorities.map((p) => ({ id: nameUuid(`attribute:${a.id}:${p.id}`), link_id: id, link_type: 'service', taxonomy_term_id: priorityTermId(p.id), taxonomy_term: taxonomyTerm(p) })),
  };
}

export function serviceAtLocation(parts: ServiceParts) {
  const id = ulidToUuid(parts.activity.id);
  const location = locationOf(parts.activity, parts.hub, parts.point);
  return { id, service_id: id, location_id: location.id, location, service: serviceSummary(parts) };
}

/** A listed service at its location, with the location (its address and coordinates) but not the service. */
export function serviceAtLocationSummary(a: Activity, hub: Hub | undefined, point?: Point) {
  const id = ulidToUuid(a.id);
  const location = locationOf(a, hub, point);
  return { id, service_id: id, location_id: location.id, location };
}

function organisationOf(o: Organisation) {
  return {
    id: ulidToUuid(o.id),
    name: o.name,
    description: o.description ?? o.name,
    ...(o.contact.email ? { email: o.contact.email } : {}),
    ...(o.contact.website ? { website: o.contact.website } : {}),
  };
}

function locationOf(a: Activity, hub: Hub | undefined, point?: Point) {
  const place: { name: string; address: Hub['address']; accessibility?: Venue['accessibility'] | undefined; directions?: string | undefined } | undefined = hub ?? a.venue;
  const id = hub ? ulidToUuid(hub.id) : nameUuid(`venue:${a.id}`);
  if (!place) return { id, location_type: 'physical' as const };
  const facts = place.accessibility;
  const accessibility = facts
    ? [
        ...(facts.stepFree ? ['Step-free access'] : []),
        ...(facts.hearingLoop ? ['Hearing loop'] : []),
        ...(facts.accessibleToilet ? ['Accessible toilet'] : []),
        ...(facts.parking ? ['Parking'] : []),
        ...(facts.publicTransport ? ['Near public transport'] : []),
      ].map((fact) => ({ id: nameUuid(`access:${id}:${fact}`), location_id: id, description: fact, ...(facts.notes ? { details: facts.notes } : {}) }))
    : [];
  return {
    id,
    location_type: 'physical' as const,
    name: place.name,
    ...(place.directions ? { description: place.directions } : {}),
    ...(point ? { latitude: point.lat, longitude: point.lng } : {}),
    addresses: [
      {
        id: nameUuid(`address:${id}`),
        location_id: id,
        address_1: [place.address.line1, place.address.line2].filter(Boolean).join(', '),
        city: place.address.town,
        state_province: 'England',
        postal_code: place.address.postcode,
        country: 'GB',
        address_type: 'physical' as const,
      },
    ],
    accessibility,
  };
}

function schedulesOf(serviceId: string, sessions: SessionFacts[]) {
  const r = inferRecurrence(sessions);
  if (!r) return [];
  const closes = new Date(Date.parse(`2000-01-01T${r.first.localStartTime}:00Z`) + r.durationMinutes * 60_000).toISOString().slice(11, 19);
  return [
    {
      id: nameUuid(`schedule:${serviceId}`),
      service_id: serviceId,
      service_at_location_id: serviceId,
      valid_from: r.first.localDate,
      valid_to: r.until.slice(0, 10),
      dtstart: r.first.localDate,
      freq: r.freq,
      interval: r.interval,
      byday: r.byday,
      opens_at: `${r.first.localStartTime}:00`,
      closes_at: closes,
      description: `RRULE:${r.rrule}${r.exceptions.length ? ` (not on ${r.exceptions.join(', ')})` : ''}`,
    },
  ];
}

function feesOf(cost: Cost): string {
  if (cost.kind === 'free') return 'Free';
  if (cost.kind === 'pay-what-you-can') return cost.suggestedPence ? `Pay what you can (suggested £${(cost.suggestedPence / 100).toFixed(2)})` : 'Pay what you can';
  return `£${(cost.pence / 100).toFixed(2)}${cost.per ? ` per ${cost.per}` : ''}`;
}

const amountOf = (cost: Cost) => (cost.kind === 'amount' ? cost.pence / 100 : cost.kind === 'free' ? 0 : undefined);

// ---------- reading another Open Referral UK feed (the import) ----------

type Loose = Record<string, unknown>;
const str = (v: unknown, max: number) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(Math.round(v)) : undefined);
const obj = (v: unknown): Loose | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Loose) : undefined);
const first = (v: unknown): Loose | undefined => (Array.isArray(v) ? obj(v[0]) : undefined);

/** Whether a document is a page of an Open Referral UK /services list (`contents`, each with an id and a name). */
export function isServicesPage(doc: unknown): doc is { contents: unknown[]; last_page?: boolean; total_pages?: number } {
  const d = obj(doc);
  return !!d && Array.isArray(d.contents) && d.contents.every((s) => !!obj(s) && typeof obj(s)!.id === 'string' && typeof obj(s)!.name === 'string');
}

/** The template's cost words for a service's fees ("Free", "£3.50 per session", "Pay what you can"). */
function costWords(service: Loose): string | undefined {
  const fees = str(service.fees, 100);
  if (fees) return fees.replace(/\s*\(.*\)$/, '');
  const option = first(service.cost_options);
  const amount = option?.amount;
  return typeof amount === 'number' ? (amount === 0 ? 'Free' : `£${amount.toFixed(2)}`) : undefined;
}

/**
 * A service of an Open Referral UK feed as a row of the import template: its organisation, words, ages, cost
 * and contact; where it happens and its priorities when the feed nests them (a full service). Ids go into the
 * ORUK id columns, so importing our own feed matches our own records.
 */
export function serviceToImportRow(s: Loose, line: number): ImportRow {
  const org = obj(s.organization);
  const location = obj(first(s.service_at_locations)?.location);
  const address = first(location?.addresses);
  const contact = first(s.contacts);
  const phone = first(contact?.phones) ?? first(s.phones);
  const priorities = Array.isArray(s.attributes)
    ? s.attributes
        .map((a) => obj(obj(a)?.taxonomy_term))
        .map((t) => str(t?.term, 60) ?? str(t?.name, 80))
        .filter((t): t is string => !!t)
    : [];
  const row: ImportRow = {
    line,
    organisation: str(org?.name, 200) ?? '',
    organisationDescription: org && str(org.description, 1200) !== str(org.name, 200) ? str(org.description, 1200) : undefined,
    organisationEmail: str(org?.email, 300),
    organisationWebsite: str(org?.website ?? org?.url, 400),
    title: str(s.name, 200),
    description: str(s.description, 2200),
    priorities: priorities.length ? priorities.join('; ').slice(0, 1000) : undefined,
    venueName: str(location?.name, 200),
    venueAddress: str(address?.address_1, 300),
    venueTown: str(address?.city, 100),
    venuePostcode: str(address?.postal_code, 20),
    cost: costWords(s),
    minimumAge: num(s.minimum_age),
    maximumAge: num(s.maximum_age),
    contactName: str(contact?.name, 200),
    contactPhone: str(phone?.number, 60),
    contactEmail: str(s.email, 300),
    organisationOrukId: str(s.organization_id ?? org?.id, 60),
    activityOrukId: str(s.id, 60),
  };
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as ImportRow;
}

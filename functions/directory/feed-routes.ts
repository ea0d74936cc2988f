import * as z from 'zod/mini';
import { text } from '../lib/fields';
import { defineRoute } from '../lib/route';
import * as feeds from './feeds';
import { idParams } from './schema';

/** Open data feeds: Open Referral UK (HSDS 3.0 UK profile) and iCalendar. Public, no key, CORS open. */
const tags = ['open data'];
const uuid = () => z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID'));
const uuidParams = z.strictObject({ id: uuid() });
const describe = z.describe;
const orukDays = { MO: 'mon', TU: 'tue', WE: 'wed', TH: 'thu', FR: 'fri', SA: 'sat', SU: 'sun' } as const;
const dayNames: Record<string, keyof typeof orukDays> = { MONDAY: 'MO', TUESDAY: 'TU', WEDNESDAY: 'WE', THURSDAY: 'TH', FRIDAY: 'FR', SATURDAY: 'SA', SUNDAY: 'SU' };
/** A local time as Open Referral writes it ('HH:MM' or 'HH:MM:SS'), kept as minutes into the day. */
const time = (description: string) =>
  z.optional(
    z.pipe(
      z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'must be a time like 17:30 or 17:30:00'), describe(description)),
      z.transform((t) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)) + (t.length > 5 ? Number(t.slice(6, 8)) / 60 : 0)),
    ),
  );
const age = (description: string) => z.optional(z.coerce.number().check(z.minimum(0), z.maximum(150), describe(description)));

/**
 * The profile's query parameters, combined with AND. Not strict about names: Open Referral clients send
 * parameters this feed does not define (full, format), and those are ignored; a value of a parameter it does
 * define that is malformed or unknown is a 400 naming the parameter.
 */
export const orukQuery = z.object({
  page: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10_000), describe('Page number, from 1.')), 1),
  per_page: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100), describe('Results per page, 1 to 100 (default 20).')), 20),
  search: z.optional(
    text(100).check(describe('Words that must all appear in the service’s name, description, organisation’s name, location’s name or taxonomy terms (walking finds walk and walks).')),
  ),
  taxonomy_term_id: z.optional(uuid().check(describe('Only services tagged with this taxonomy term (see /taxonomy_terms); an unknown term is a 400.'))),
  taxonomy_id: z.optional(uuid().check(describe('Only services with any term of this taxonomy (see /taxonomies); an unknown taxonomy is a 400.'))),
  minimum_age: age('Only services whose own minimum_age is at least this (the profile’s meaning: minimum_age=18 finds services for adults only).'),
  maximum_age: age('Only services whose own maximum_age is at most this (maximum_age=17 finds services for children and young people only).'),
  start_time: time('Only services with a session starting at or after this local (UK) time, HH:MM or HH:MM:SS.'),
  end_time: time('Only services with a session ending at or before this local (UK) time, HH:MM or HH:MM:SS.'),
  day: z.optional(
    z.pipe(
      z
        .string()
        .check(
          z.regex(
            /^(MO|TU|WE|TH|FR|SA|SU|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)(,(MO|TU|WE|TH|FR|SA|SU|MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY))*$/i,
            'must be a day as the schedule’s byday writes it (MO, TU, WE, TH, FR, SA, SU), or several separated by commas',
          ),
          describe(
            'Only services with a session on this day in the next 90 days: the schedule’s byday values MO, TU, WE, TH, FR, SA, SU (or the day’s name); several separated by commas match any of them.',
          ),
        ),
      z.transform((v) => [
        ...new Set(
          v
            .toUpperCase()
            .split(',')
            .map((d) => orukDays[(dayNames[d] ?? d) as keyof typeof orukDays]),
        ),
      ]),
    ),
  ),
  postcode: z.optional(
    z
      .string()
      .check(
        z.regex(/^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, 'must be a UK postcode like OL1 1AA'),
        describe('Only services held within `proximity` metres (default 10,000) of this postcode’s centroid. A postcode the directory’s postcode extract does not hold is a 400.'),
      ),
  ),
  proximity: z.optional(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(50_000), describe('Distance in metres from the postcode’s centroid, 1 to 50,000; needs postcode.'))),
});
/** The list endpoints without filters (taxonomies, terms): paging only. */
const pageQuery = z.object({ page: orukQuery.shape.page, per_page: orukQuery.shape.per_page });

/** The profile's published schemas, as its own API description references them. */
const profileSchema = (name: string) => ({ $ref: `https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/${name}.json` });
const profilePage = (items: Record<string, unknown>) => ({
  type: 'object',
  required: ['total_items', 'total_pages', 'page_number', 'size', 'first_page', 'last_page', 'empty', 'contents'],
  properties: {
    total_items: { type: 'integer' },
    total_pages: { type: 'integer' },
    page_number: { type: 'integer' },
    size: { type: 'integer' },
    first_page: { type: 'boolean' },
    last_page: { type: 'boolean' },
    empty: { type: 'boolean' },
    contents: { type: 'array', items },
  },
});
const json = (description: string, document?: Record<string, unknown>) => ({ status: 200, description, ...(document ? { document } : {}) });
const calendar = (body: string) => new Response(body, { status: 200, headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'public, max-age=300' } });

const rootRoute = <const Id extends string>(path: string, operationId: Id) =>
  defineRoute({
    method: 'get',
    path,
    operationId,
    summary: 'About this Open Referral UK feed',
    tags,
    auth: 'public',
    response: json('The HSDS version and profile this feed follows', {
      type: 'object',
      required: ['version'],
      properties: { version: { type: 'string' }, profile: { type: 'string' }, openapi_url: { type: 'string' } },
    }),
    handler: async ({ deps }) => feeds.apiInfo(deps),
  });

export const feedRoutes = [
  rootRoute('/api/openreferral', 'getOpenReferralInfo'),
  rootRoute('/api/openreferral/', 'getOpenReferralInfoSlash'),
  defineRoute({
    method: 'get',
    path: '/api/openreferral/services',
    operationId: 'listOpenReferralServices',
    summary: 'Active activities as Open Referral services, by page, filtered by the profile’s parameters (combined with AND)',
    tags,
    auth: 'public',
    query: orukQuery,
    response: json('A page of services with their one-to-one fields', profilePage(profileSchema('compiled/service_list'))),
    errors: [400],
    handler: ({ deps, query }) => feeds.listServices(deps, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/openreferral/services/:id',
    operationId: 'getOpenReferralService',
    summary: 'One service with its schedules, location, costs and taxonomy terms',
    tags,
    auth: 'public',
    params: uuidParams,
    response: json('The service', profileSchema('compiled/service')),
    errors: [404],
    handler: ({ deps, params }) => feeds.getService(deps, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/openreferral/taxonomies',
    operationId: 'listOpenReferralTaxonomies',
    summary: 'The taxonomies services are tagged with',
    tags,
    auth: 'public',
    query: pageQuery,
    response: json('A page of taxonomies', profilePage(profileSchema('taxonomy'))),
    handler: async ({ deps, query }) => feeds.listTaxonomies(deps, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/openreferral/taxonomies/:id',
    operationId: 'getOpenReferralTaxonomy',
    summary: 'One taxonomy and its terms',
    tags,
    auth: 'public',
    params: uuidParams,
    response: json('The taxonomy', profileSchema('taxonomy')),
    errors: [404],
    handler: ({ deps, params }) => feeds.getTaxonomy(deps, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/openreferral/taxonomy_terms',
    operationId: 'listOpenReferralTaxonomyTerms',
    summary: 'The priorities as taxonomy terms',
    tags,
    auth: 'public',
    query: pageQuery,
    response: json('A page of taxonomy terms', profilePage(profileSchema('taxonomy_term'))),
    handler: ({ deps, query }) => feeds.listTaxonomyTerms(deps, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/openreferral/taxonomy_terms/:id',
    operationId: 'getOpenReferralTaxonomyTerm',
    summary: 'One taxonomy term',
    tags,
    auth: 'public',
    params: uuidParams,
    response: json('The taxonomy term', profileSchema('taxonomy_term')),
    errors: [404],
    handler: ({ deps, params }) => feeds.getTaxonomyTerm(deps, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/openreferral/service_at_locations',
    operationId: 'listOpenReferralServiceAtLocations',
    summary: 'Where each service happens, by page, filtered by the profile’s parameters including postcode and proximity (combined with AND)',
    tags,
    auth: 'public',
    query: orukQuery,
    response: json('A page of service-at-locations', profilePage(profileSchema('compiled/service_at_location_list'))),
    errors: [400],
    handler: ({ deps, query }) => feeds.listServiceAtLocations(deps, query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/openreferral/service_at_locations/:id',
    operationId: 'getOpenReferralServiceAtLocation',
    summary: 'One service at its location',
    tags,
    auth: 'public',
    params: uuidParams,
    response: json('The service at its location', profileSchema('compiled/service_at_location')),
    errors: [404],
    handler: ({ deps, params }) => feeds.getServiceAtLocation(deps, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/ical/activities/:id',
    operationId: 'getActivityCalendar',
    summary: 'An activity’s sessions as an iCalendar feed (subscribe or import)',
    tags,
    auth: 'public',
    params: idParams,
    response: { status: 200, description: 'RFC 5545 calendar', contentType: 'text/calendar' },
    errors: [404],
    handler: async ({ deps, params }) => calendar(await feeds.activityCalendar(deps, params.id)),
  }),
  defineRoute({
    method: 'get',
    path: '/api/ical/hubs/:id',
    operationId: 'getHubCalendar',
    summary: 'Every active activity at a hub as one iCalendar feed',
    tags,
    auth: 'public',
    params: idParams,
    response: { status: 200, description: 'RFC 5545 calendar', contentType: 'text/calendar' },
    errors: [404],
    handler: async ({ deps, params }) => calendar(await feeds.hubCalendar(deps, params.id)),
  }),
];

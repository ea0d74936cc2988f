import * as z from 'zod/mini';
import { text } from '../lib/fields';
import { defineRoute } from '../lib/route';
import * as feeds from './feeds';
import { idParams } from './schema';

/** Open data feeds: Open Referral UK (HSDS 3.0 UK profile) and iCalendar. Public, no key, CORS open. */
const tags = ['open data'];
const uuid = () => z.string().check(z.regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a UUID'));
const uuidParams = z.strictObject({ id: uuid() });
/** Not strict: Open Referral clients send parameters this feed does not filter on, and that is fine. */
const pageQuery = z.object({
  page: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(10_000)), 1),
  per_page: z._default(z.coerce.number().check(z.int(), z.minimum(1), z.maximum(100)), 20),
  taxonomy_term_id: z.optional(uuid()),
  search: z.optional(text(100)),
});
const json = (description: string) => ({ status: 200, description });
const calendar = (body: string) =>
  new Response(body, { status: 200, headers: { 'content-type': 'text/calendar; charset=utf-8', 'cache-control': 'public, max-age=300' } });

const rootRoute = <const Id extends string>(path: string, operationId: Id) =>
  defineRoute({
    method: 'get',
    path,
    operationId,
    summary: 'About this Open Referral UK feed',
    tags,
    auth: 'public',
    response: json('The HSDS version and profile this feed follows'),
    handler: async ({ deps }) => feeds.apiInfo(deps),
  });

export const feedRoutes = [
  rootRoute('/api/openreferral', 'getOpenReferralInfo'),
  rootRoute('/api/openreferral/', 'getOpenReferralInfoSlash'),
  defineRoute({
    method: 'get', path: '/api/openreferral/services', operationId: 'listOpenReferralServices',
    summary: 'Active activities as Open Referral services, by page', tags, auth: 'public', query: pageQuery,
    response: json('A page of services'), errors: [400],
    handler: ({ deps, query }) => feeds.listServices(deps, query),
  }),
  defineRoute({
    method: 'get', path: '/api/openreferral/services/:id', operationId: 'getOpenReferralService',
    summary: 'One service with its schedules, location, costs and taxonomy terms', tags, auth: 'public', params: uuidParams,
    response: json('The service'), errors: [404],
    handler: ({ deps, params }) => feeds.getService(deps, params.id),
  }),
  defineRoute({
    method: 'get', path: '/api/openreferral/taxonomies', operationId: 'listOpenReferralTaxonomies',
    summary: 'The taxonomies services are tagged with', tags, auth: 'public', query: pageQuery,
    response: json('A page of taxonomies'),
    handler: async ({ deps, query }) => feeds.listTaxonomies(deps, query),
  }),
  defineRoute({
    method: 'get', path: '/api/openreferral/taxonomies/:id', operationId: 'getOpenReferralTaxonomy',
    summary: 'One taxonomy and its terms', tags, auth: 'public', params: uuidParams,
    response: json('The taxonomy'), errors: [404],
    handler: ({ deps, params }) => feeds.getTaxonomy(deps, params.id),
  }),
  defineRoute({
    method: 'get', path: '/api/openreferral/taxonomy_terms', operationId: 'listOpenReferralTaxonomyTerms',
    summary: 'The priorities as taxonomy terms', tags, auth: 'public', query: pageQuery,
    response: json('A page of taxonomy terms'),
    handler: ({ deps, query }) => feeds.listTaxonomyTerms(deps, query),
  }),
  defineRoute({
    method: 'get', path: '/api/openreferral/taxonomy_terms/:id', operationId: 'getOpenReferralTaxonomyTerm',
    summary: 'One taxonomy term', tags, auth: 'public', params: uuidParams,
    response: json('The taxonomy term'), errors: [404],
    handler: ({ deps, params }) => feeds.getTaxonomyTerm(deps, params.id),
  }),
  defineRoute({
    method: 'get', path: '/api/openreferral/service_at_locations', operationId: 'listOpenReferralServiceAtLocations',
    summary: 'Where each service happens, by page', tags, auth: 'public', query: pageQuery,
    response: json('A page of service-at-locations'), errors: [400],
    handler: ({ deps, query }) => feeds.listServiceAtLocations(deps, query),
  }),
  defineRoute({
    method: 'get', path: '/api/openreferral/service_at_locations/:id', operationId: 'getOpenReferralServiceAtLocation',
    summary: 'One service at its location', tags, auth: 'public', params: uuidParams,
    response: json('The service at its location'), errors: [404],
    handler: ({ deps, params }) => feeds.getServiceAtLocation(deps, params.id),
  }),
  defineRoute({
    method: 'get', path: '/api/ical/activities/:id', operationId: 'getActivityCalendar',
    summary: 'An activity’s sessions as an iCalendar feed (subscribe or import)', tags, auth: 'public', params: idParams,
    response: { status: 200, description: 'RFC 5545 calendar', contentType: 'text/calendar' }, errors: [404],
    handler: async ({ deps, params }) => calendar(await feeds.activityCalendar(deps, params.id)),
  }),
  defineRoute({
    method: 'get', path: '/api/ical/hubs/:id', operationId: 'getHubCalendar',
    summary: 'Every active activity at a hub as one iCalendar feed', tags, auth: 'public', params: idParams,
    response: { status: 200, description: 'RFC 5545 calendar', contentType: 'text/calendar' }, errors: [404],
    handler: async ({ deps, params }) => calendar(await feeds.hubCalendar(deps, params.id)),
  }),
];

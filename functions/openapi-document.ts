import { buildOpenApi } from './lib/openapi';
import { devRoutes } from './local/dev-routes';
import { metaRoutes } from './meta/routes';
import { routesByDomain } from './routes';

/** What each tag groups, for the document's top-level `tags` (validators want every operation's tag declared and described). */
const tagDescriptions = {
  meta: 'Health and this description of the API',
  accounts: 'The signed-in person: their profile, roles and access needs',
  directory: 'Activities, hubs, organisations, priorities and care communities, and their upkeep',
  'open data': 'The directory as open data: the Open Referral UK feed and iCalendar feeds',
  sessions: 'Sessions of activities: schedules, previews, cancellations and calendars',
  reservations: 'Booking places on sessions and courses, waitlists and offers',
  attendance: 'Registers, marks, walk-ins, check-ins and no-shows',
  rooms: 'Rooms at hubs, their availability and room bookings',
  volunteers: 'Volunteer roles, applications, checks, shifts and hours',
  referrals: 'Referrals and self-referrals, link workers’ caseloads and outcomes',
  reports: 'Reports, gaps and exports, with small numbers suppressed',
  privacy: 'What is held on a person: finding it, subject access, erasure and requests to erase',
  reminders: 'Reminders before sessions, “are you still coming?” checks, texts to hubs and how people like to be contacted',
  dev: 'Local runtime only: dev sign-in and the captured mail and texts (never deployed)',
};

/** The whole API's OpenAPI document. `includeDev` adds the local-only dev sign-in (never on AWS). */
export function buildOpenApiDocument({ includeDev = false } = {}) {
  const routes = [...metaRoutes(() => ({})), ...Object.values(routesByDomain).flat(), ...(includeDev ? devRoutes(null as never) : [])];
  return buildOpenApi(routes, { title: 'Common Ground API', version: '0.1.0' }, tagDescriptions);
}

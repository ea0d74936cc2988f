/**
 * Every API domain, the URL prefixes it owns, and what it may do to the table.
 * The CDK stack makes one Lambda per domain and routes these prefixes to it; the local server mounts them all.
 * A test checks that each domain's routes stay under its prefixes, so API Gateway routing stays right.
 * Entry point of each domain's Lambda: functions/lambda/<name>.ts.
 */
export type TableAccess = 'none' | 'read' | 'readWrite';

export interface DomainInfo {
  name: string;
  prefixes: string[];
  tableAccess: TableAccess;
  /** true when every operation needs a signed-in user, so API Gateway's JWT authorizer can guard the routes too */
  signedInOnly: boolean;
}

export const domains: DomainInfo[] = [
  { name: 'meta', prefixes: ['/api/health', '/api/openapi.json', '/api/docs'], tableAccess: 'none', signedInOnly: false },
  { name: 'accounts', prefixes: ['/api/me'], tableAccess: 'readWrite', signedInOnly: true },
  {
    name: 'directory',
    prefixes: [
      '/api/activities',
      '/api/hubs',
      '/api/organisations',
      '/api/priorities',
      '/api/postcodes',
      '/api/care-communities',
      '/api/partnership-settings',
      '/api/openreferral',
      '/api/ical',
      '/api/problem-reports',
      '/api/claims',
      '/api/directory-import',
    ],
    tableAccess: 'readWrite',
    signedInOnly: false,
  },
  { name: 'sessions', prefixes: ['/api/sessions', '/api/activity-sessions'], tableAccess: 'readWrite', signedInOnly: false },
  {
    name: 'reservations',
    prefixes: ['/api/reservations', '/api/my-reservations', '/api/session-reservations', '/api/courses'],
    tableAccess: 'readWrite',
    signedInOnly: true,
  },
  { name: 'attendance', prefixes: ['/api/registers', '/api/attendance', '/api/check-ins'], tableAccess: 'readWrite', signedInOnly: true },
  { name: 'rooms', prefixes: ['/api/rooms', '/api/room-bookings'], tableAccess: 'readWrite', signedInOnly: false },
  {
    name: 'volunteers',
    prefixes: ['/api/volunteer-roles', '/api/volunteer-applications', '/api/volunteer-checks', '/api/shifts', '/api/volunteering'],
    tableAccess: 'readWrite',
    signedInOnly: false,
  },
  { name: 'reports', prefixes: ['/api/reports', '/api/gaps'], tableAccess: 'read', signedInOnly: true },
  { name: 'referrals', prefixes: ['/api/referrals', '/api/self-referrals', '/api/people'], tableAccess: 'readWrite', signedInOnly: false },
  { name: 'privacy', prefixes: ['/api/person-data', '/api/erasure-requests'], tableAccess: 'readWrite', signedInOnly: true },
  { name: 'reminders', prefixes: ['/api/reminder-settings', '/api/place-checks', '/api/hub-texts', '/api/communication-needs'], tableAccess: 'readWrite', signedInOnly: false },
];

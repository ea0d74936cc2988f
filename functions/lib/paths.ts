/**
 * The web app's page paths, in one place: the router matches their patterns, pages build links with them,
 * and messages put them in emails. A page that moves moves everywhere at once, and a link cannot name a page
 * that does not exist. Imports nothing, so the web app bundles it as it does the schemas.
 *
 *   paths.activity.pattern          '/activities/:id'           (for the router)
 *   paths.activity({ id })          '/activities/01J…'          (for a link)
 *   paths.registers({}, { date })   '/registers?date=2026-12-02' (query values left out when undefined)
 */

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | ParamNames<`/${Rest}`> : P extends `${string}:${infer Name}` ? Name : never;

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface PagePath<P extends string> {
  (params?: { [K in ParamNames<P>]: string }, query?: Query): string;
  readonly pattern: P;
}

/** A pattern with its `:name` parts filled in, each encoded (page paths here, API paths in the typed clients). */
export function fillPath(pattern: string, params: Record<string, string> = {}): string {
  return pattern.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`${pattern} needs ${name}`);
    return encodeURIComponent(value);
  });
}

function page<P extends string>(pattern: P): PagePath<P> {
  const build = (params: Record<string, string> = {}, query: Query = {}) => {
    const path = fillPath(pattern, params);
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
    const qs = search.toString();
    return qs ? `${path}?${qs}` : path;
  };
  return Object.assign(build, { pattern }) as PagePath<P>;
}

export const paths = {
  home: page('/'),
  signIn: page('/sign-in'),
  signOut: page('/sign-out'),
  authCallback: page('/auth/callback'),
  activities: page('/activities'),
  newActivity: page('/activities/new'),
  activity: page('/activities/:id'),
  editActivity: page('/activities/:id/edit'),
  scheduleSessions: page('/activities/:id/schedule'),
  myBookings: page('/my-bookings'),
  checkInCodes: page('/bookings/check-in-codes'),
  accessNeeds: page('/me/access-needs'),
  account: page('/account'),
  people: page('/people'),
  askForSupport: page('/ask-for-support'),
  referrals: page('/referrals'),
  newReferral: page('/referrals/new'),
  referral: page('/referrals/:id'),
  volunteering: page('/volunteering'),
  volunteeringMe: page('/volunteering/me'),
  volunteerRoles: page('/volunteering/roles'),
  volunteerRole: page('/volunteering/roles/:roleId'),
  applyForRole: page('/volunteering/roles/:roleId/apply'),
  logHours: page('/volunteering/hours/new'),
  volunteerApplications: page('/volunteering/applications'),
  volunteerApplication: page('/volunteering/applications/:roleId/:volunteerId'),
  rota: page('/volunteering/rota'),
  newShift: page('/volunteering/rota/new'),
  checksDue: page('/volunteering/checks'),
  recordCheck: page('/volunteering/checks/record'),
  hoursToApprove: page('/volunteering/hours'),
  hubs: page('/hubs'),
  newHub: page('/hubs/new'),
  hub: page('/hubs/:hubId'),
  editHub: page('/hubs/:hubId/edit'),
  hubHours: page('/hubs/:hubId/hours'),
  newRoom: page('/hubs/:hubId/rooms/new'),
  editRoom: page('/rooms/:roomId/edit'),
  hubRoomsWeek: page('/hubs/:hubId/rooms'),
  roomRequests: page('/hubs/:hubId/room-requests'),
  organisation: page('/organisation'),
  roomBookings: page('/rooms'),
  askForRoom: page('/rooms/request'),
  requestRoom: page('/rooms/:roomId/request'),
  registers: page('/registers'),
  register: page('/registers/:sessionId'),
  registerCheckIn: page('/registers/:sessionId/check-in'),
  checkIn: page('/check-in'),
  reviewDue: page('/directory/review-due'),
  approvals: page('/directory/approvals'),
  careCommunities: page('/manage/care-communities'),
  manageOrganisations: page('/manage/organisations'),
  priorities: page('/manage/priorities'),
  postcodes: page('/manage/postcodes'),
  directoryImport: page('/manage/import'),
  settings: page('/manage/settings'),
  reports: page('/reports'),
  gaps: page('/reports/gaps'),
  funderSummary: page('/reports/funder-summary'),
  devMailbox: page('/dev/mailbox'),
  notFound: page('/404'),
  reportProblem: page('/activities/:id/report-a-problem'),
  claimActivity: page('/activities/:id/is-this-yours'),
  problemReports: page('/problem-reports'),
  claims: page('/manage/claims'),
  reminderSettings: page('/activities/:id/reminders'),
  confirmPlace: page('/places/:reservationId/confirm'),
  hubTexts: page('/hubs/:hubId/texts'),
  contactChoices: page('/me/contact'),
} as const;

/** An absolute link for a message, from the site's origin (`https://hub.example.org`) and a path built above. */
export const pageLink = (siteOrigin: string, path: string): string => `${siteOrigin.replace(/\/$/, '')}${path}`;

/** Whether a path (no query) is one of the web app's pages: the static hosting answers 404 for any other. */
export function isPagePath(path: string): boolean {
  const trimmed = path.length > 1 ? path.replace(/\/$/, '') : path;
  return Object.values(paths).some((p) => new RegExp(`^${p.pattern.replace(/:[A-Za-z]+/g, '[^/]+')}$`).test(trimmed));
}

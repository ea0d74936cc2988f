/** Who is making a request. Built from a verified token by the auth middleware; services decide with it. */
export const roles = ['resident', 'volunteer', 'coordinator', 'partner', 'linkworker', 'admin'] as const;
export type Role = (typeof roles)[number];

export interface Actor {
  userId: string;
  roles: Role[];
  /** hubs this person coordinates */
  hubIds: string[];
  /** partner organisations this person acts for */
  organisationIds: string[];
  /** when the token the roles came from was issued (seconds): getMe keeps the profile's roles to the newest token's */
  tokenIssuedAt?: number;
}

export const hasRole = (actor: Actor | undefined, ...wanted: Role[]): boolean => !!actor && actor.roles.some((r) => wanted.includes(r));

export const isAdmin = (actor: Actor | undefined): boolean => hasRole(actor, 'admin');

export const coordinatesHub = (actor: Actor | undefined, hubId: string): boolean => !!actor && (isAdmin(actor) || (hasRole(actor, 'coordinator') && actor.hubIds.includes(hubId)));

export const actsForOrganisation = (actor: Actor | undefined, organisationId: string): boolean =>
  !!actor && (isAdmin(actor) || (hasRole(actor, 'partner') && actor.organisationIds.includes(organisationId)));

/** Admins manage every activity (and its sessions); a partner those of the organisations it acts for; a coordinator those at its hubs. */
export function canManageActivity(actor: Actor | undefined, activity: { organisationId: string; hubId?: string | undefined }): boolean {
  return !!actor && (isAdmin(actor) || actsForOrganisation(actor, activity.organisationId) || (!!activity.hubId && coordinatesHub(actor, activity.hubId)));
}

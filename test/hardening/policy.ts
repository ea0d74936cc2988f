import type { World } from './world';

/**
 * The authorisation matrix's vocabulary. Every operation in the OpenAPI document declares one Policy
 * (policies/<domain>.ts); the matrix runs it for every role against the role's own object and someone else's.
 */
export const everyRole = ['anonymous', 'resident', 'volunteer', 'partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'linkworker', 'admin'] as const;
export type Who = (typeof everyRole)[number];
/** 'everyone' = every role including anonymous; 'signedIn' = every role but anonymous */
export type WhoSpec = Who | 'everyone' | 'signedIn';
export type Whose = 'own' | 'other';

export interface Req {
  /** path parameters; the matrix fills them into the operation's path from the OpenAPI document */
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface FixtureContext {
  w: World;
  who: Who;
  /**
   * 'own': an object that belongs to `who` (their booking, their hub's room, their organisation's activity);
   * where `who` cannot own one, the fixture returns someone else's. 'other': one that belongs to somebody else.
   */
  whose: Whose;
}

export interface Policy {
  operationId: string;
  /** roles whose request succeeds on their own object (for operations without an object: whose request succeeds) */
  allowed: WhoSpec[];
  /** roles whose request succeeds on someone else's object; defaults to `allowed` (right for lists and creates) */
  othersAllowed?: WhoSpec[];
  /** statuses a refused request may answer; default [401, 403, 404] */
  otherwise?: number[];
  /** statuses that count as success; default any 2xx */
  ok?: number[];
  /** builds a fresh request (creating whatever objects it needs), so a successful write never spoils the next */
  request(ctx: FixtureContext): Promise<Req>;
  /** why this policy is what it is, where it is not obvious */
  note?: string;
}

export function expand(spec: WhoSpec[]): Set<Who> {
  const out = new Set<Who>();
  for (const s of spec) {
    if (s === 'everyone') everyRole.forEach((r) => out.add(r));
    else if (s === 'signedIn') everyRole.filter((r) => r !== 'anonymous').forEach((r) => out.add(r));
    else out.add(s);
  }
  return out;
}

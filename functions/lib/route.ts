import type { Context } from 'hono';
import type * as z from 'zod/mini';
import type { Actor } from './actor';
import type { AppDeps } from './deps';

/**
 * One API operation: its contract (used for validation and for the OpenAPI document) and its handler.
 * Routes stay thin: validate, call the service, answer. We use zod/mini plus this small helper rather than
 * @hono/zod-openapi so the Lambda bundles carry no OpenAPI generator and no classic zod (bundle budget).
 */
type Schema = z.ZodMiniType;
type Infer<S> = S extends Schema ? z.infer<S> : undefined;
export type Auth = 'public' | 'optional' | 'signedIn';
type ActorFor<A extends Auth> = A extends 'signedIn' ? Actor : Actor | undefined;

export interface ResponseSpec {
  status: number;
  description: string;
  schema?: Schema;
  /** defaults to application/json */
  contentType?: string;
}

export interface HeaderSpec {
  name: string;
  required: boolean;
  description: string;
}

export interface RouteInput<P, Q, B, A extends Auth> {
  params: P;
  query: Q;
  body: B;
  actor: ActorFor<A>;
  deps: AppDeps;
  header(name: string): string | undefined;
  /** the raw Hono context, for the rare route that must set headers or stream */
  c: Context;
}

export interface RouteSpec<P extends Schema | undefined, Q extends Schema | undefined, B extends Schema | undefined, A extends Auth> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono syntax: /api/activities/:id */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  headers?: HeaderSpec[];
  /** the success answer; the handler's return value is sent with this status */
  response: ResponseSpec;
  /** error statuses this operation can answer besides 400/401/500, for the document */
  errors?: number[];
  handler(input: RouteInput<Infer<P>, Infer<Q>, Infer<B>, A>): Promise<unknown>;
}

export type AnyRoute = RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined, Auth>;

export function defineRoute<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  A extends Auth = Auth,
>(spec: RouteSpec<P, Q, B, A>): AnyRoute {
  return spec as unknown as AnyRoute;
}

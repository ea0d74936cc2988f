import type { Context } from 'hono';
import type * as z from 'zod/mini';
import type { Actor } from './actor';
import type { AppDeps } from './deps';

/**
 * One API operation: its contract (used for validation, for the OpenAPI document and for the typed clients in
 * web/src/api.ts and the tests) and its handler. Routes stay thin: validate, call the service, answer. We use
 * zod/mini plus this small helper rather than @hono/zod-openapi so the Lambda bundles carry no OpenAPI generator
 * and no classic zod (bundle budget).
 */
type Schema = z.ZodMiniType;
type Infer<S> = S extends Schema ? z.infer<S> : undefined;
export type Auth = 'public' | 'optional' | 'signedIn';
type ActorFor<A extends Auth> = A extends 'signedIn' ? Actor : Actor | undefined;

/**
 * What a handler may answer: what its response schema describes (checked by the compiler here, and at run time
 * by the mount in tests and the local server); an answer with no schema (CSV, calendars, HTML, the feeds'
 * documents) is anything, including a Response the handler made itself.
 */
export type Answer<R> = [Exclude<R, undefined>] extends [never] ? unknown : z.output<Exclude<R, undefined>>;

/**
 * Operations someone could use to flood others or to guess their way in. The deployed API throttles each
 * marked route harder than the rest (infra/api-stack.ts reads these marks), on top of the per-person limits
 * in the services.
 */
export type Sensitive = 'booking' | 'sign-in' | 'self-referral';

export interface ResponseSpec<R extends Schema | undefined = Schema | undefined> {
  status: number;
  description: string;
  schema?: R;
  /** defaults to application/json */
  contentType?: string;
  /**
   * The answer's JSON Schema for the OpenAPI document when the answer has no zod schema because a published
   * standard defines it (the Open Referral feed references the profile's schemas).
   */
  document?: Record<string, unknown>;
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
  /** the Idempotency-Key header, checked by the mount against the one rule (lib/idempotency.ts) on routes that declare `idempotency` */
  idempotencyKey: string | undefined;
  /** the raw Hono context, for the rare route that must set headers or stream */
  c: Context;
}

export interface RouteSpec<
  P extends Schema | undefined,
  Q extends Schema | undefined,
  B extends Schema | undefined,
  A extends Auth,
  R extends Schema | undefined = Schema | undefined,
  Id extends string = string,
> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Hono syntax: /api/activities/:id */
  path: string;
  operationId: Id;
  summary: string;
  description?: string;
  tags: string[];
  auth: A;
  params?: P;
  query?: Q;
  body?: B;
  headers?: HeaderSpec[];
  /**
   * Takes an Idempotency-Key header ('required' or 'optional'): the mount reads and checks it (one rule for
   * every route, lib/idempotency.ts), documents it, and hands it to the handler as `idempotencyKey`.
   */
  idempotency?: 'required' | 'optional';
  /** marks an operation for the tighter API Gateway throttle (see Sensitive) */
  sensitive?: Sensitive;
  /** the success answer; the handler's return value is sent with this status */
  response: ResponseSpec<R>;
  /** error statuses this operation can answer besides 400/401/500, for the document */
  errors?: number[];
  handler(input: RouteInput<Infer<P>, Infer<Q>, Infer<B>, A>): Promise<Answer<R>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
// biome-ignore lint/suspicious/noExplicitAny: any route at all, whatever its parameters, query, body and answer
export type AnyRoute = RouteSpec<any, any, any, Auth, any, string>;

/** Keeps the route's types (its schemas and operationId), so the registry can type the clients. */
export function defineRoute<
  const Id extends string,
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  A extends Auth = Auth,
  R extends Schema | undefined = undefined,
>(spec: RouteSpec<P, Q, B, A, R, Id>): RouteSpec<P, Q, B, A, R, Id> {
  return spec;
}

// --- The contract as clients see it: typed inputs and answers by operationId (types only) ---

type Present<S> = Exclude<S, undefined>;
// biome-ignore lint/complexity/noBannedTypes: `{} extends V` asks whether V requires nothing
type Part<K extends string, S, V> = [Present<S>] extends [never] ? unknown : {} extends V ? { [k in K]?: V } : { [k in K]: V };
/** A query string carries text: a flag ('true' | 'false') may be given as a boolean. */
type QueryValue<T> = T extends 'true' | 'false' | '1' | '0' ? T | boolean : T;
type QueryInput<T> = { [K in keyof T]?: QueryValue<T[K]> | undefined };
type InputOf<S> = [Present<S>] extends [never] ? never : z.input<Present<S>>;

/** What a client sends to an operation: `params` for the path, `query`, and `body`, each present only when the route takes it. */
export type OperationInput<Route extends AnyRoute> = Part<'params', Route['params'], InputOf<Route['params']>> &
  Part<'query', Route['query'], QueryInput<InputOf<Route['query']>>> &
  Part<'body', Route['body'], InputOf<Route['body']>>;

/** What an operation answers on success (unknown for an answer without a schema). */
export type OperationAnswer<Route extends AnyRoute> = Answer<Route['response']['schema']>;

/** Every operation of a set of routes, by operationId. */
export type OperationsOf<Routes extends AnyRoute> = {
  [Route in Routes as Route['operationId']]: { input: OperationInput<Route>; answer: OperationAnswer<Route> };
};

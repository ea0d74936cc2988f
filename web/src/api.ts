/**
 * The one way the web app talks to the API: operations called by operationId (`callApi`), JSON in and out,
 * the signed-in person's bearer token, and errors from `application/problem+json` (RFC 9457) turned into an
 * ApiError.
 */

import { fillPath } from '../../functions/lib/paths';
import type { OperationId, Operations } from '../../functions/routes';
import { type Method, operations } from './operations';

/** One problem with one field, as the API reports it. `field` is like `body.email` or `query.from`. */
export interface FieldError {
  field: string;
  rule: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly errors: FieldError[];
  /** a short machine code some errors carry, like `session_full` */
  readonly code: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(status: number, title: string, detail: string, errors: FieldError[] = [], extra: { code?: string; retryAfterSeconds?: number } = {}) {
    super(detail || title);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.errors = errors;
    this.code = extra.code;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

const TOKEN_KEY = 'commonground.token';

export function storedToken(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function storeToken(token: string | null): void {
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch {
    // private browsing with storage switched off: the person stays signed in until they reload
  }
}

/** Called when the API says the token is no longer good, so the app can show the person as signed out. */
let onSignedOut: (() => void) | undefined;
export function whenTokenRejected(fn: () => void): void {
  onSignedOut = fn;
}

/** A fresh key for a write the person may retry. Make one per form submission and reuse it on retry. */
export function newIdempotencyKey(): string {
  if (typeof crypto !== 'undefined' && 'randomUUID' in crypto) return crypto.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;
}

/**
 * The typed client: call an operation by its operationId with typed `params`, `query` and `body`, and get its
 * typed answer. The operations' methods and paths come from operations.ts (generated from the route registry);
 * their types from the registry itself, imported as types only, so no server code or zod reaches the bundle.
 *
 *   await callApi('reserveSeat', { params: { sessionId }, body: { companion: false }, idempotencyKey: key })
 */
export type AnswerOf<K extends OperationId> = Operations[K]['answer'];
export type InputOf<K extends OperationId> = Operations[K]['input'];

export interface CallOptions {
  /** sent as the Idempotency-Key header, so a retried write is only done once */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** The input of an operation (and the call's options); optional when the operation takes nothing it requires. */
// biome-ignore lint/complexity/noBannedTypes: `{} extends` asks whether the input requires nothing
export type CallArgs<K extends OperationId> = {} extends InputOf<K> ? [input?: InputOf<K> & CallOptions] : [input: InputOf<K> & CallOptions];

type LooseInput = { params?: Record<string, string>; query?: Record<string, unknown>; body?: unknown } & CallOptions;

/** The URL of an operation, for a link (a calendar file) or a request: `/api/sessions/01J…/calendar`. */
export function operationUrl<K extends OperationId>(op: K, ...[input]: CallArgs<K>): string {
  const { params, query } = (input ?? {}) as LooseInput;
  const [, pattern] = operations[op];
  return withQuery(fillPath(pattern, params), query);
}

export async function callApi<K extends OperationId>(op: K, ...[input]: CallArgs<K>): Promise<AnswerOf<K>> {
  const { body, idempotencyKey, signal } = (input ?? {}) as LooseInput;
  const [method] = operations[op];
  const url = operationUrl(op, ...([input] as CallArgs<K>));
  const started = method === 'GET' ? takeEarly(url) : undefined;
  return (await (started ?? send(method, url, { body, idempotencyKey, signal }))) as AnswerOf<K>;
}

/**
 * Reads started for the page about to be shown before its code has arrived (on a slow phone that saves a whole
 * round trip): by src/early.ts, a small script of its own that the page's head loads beside the entry, and by
 * the entry code. The page's first identical read takes the answer. The list is kept on the window, as the
 * small script carries its own copy of this module.
 */
type EarlyRead = { promise: Promise<unknown>; token: string | null; at: number };
const early: Map<string, EarlyRead> = ((globalThis as { commonGroundEarlyReads?: Map<string, EarlyRead> }).commonGroundEarlyReads ??= new Map());
/** only while fresh: a read made again later must be answered anew */
const isFresh = (read: EarlyRead) => read.token === storedToken() && Date.now() - read.at < 30_000;

export function startEarly<K extends OperationId>(op: K, ...[input]: CallArgs<K>): Promise<AnswerOf<K>> {
  const url = operationUrl(op, ...([input] as CallArgs<K>));
  const started = early.get(url);
  if (started && isFresh(started)) return started.promise as Promise<AnswerOf<K>>;
  const promise = send('GET', url, {});
  promise.catch(() => undefined); // the page's own read reports a failure
  early.set(url, { promise, token: storedToken(), at: Date.now() });
  return promise as Promise<AnswerOf<K>>;
}

function takeEarly(url: string): Promise<unknown> | undefined {
  const started = early.get(url);
  if (!started) return undefined;
  early.delete(url);
  // a failed early read is made again, so the page meets this copy's errors (and its sign-out on a refused token)
  return isFresh(started) ? started.promise.catch(() => send('GET', url, {})) : undefined;
}

/**
 * Call a list operation and follow `nextCursor` to the end (lists a person reads whole: a session's bookings,
 * my bookings). Any other answer is returned as it came. At most `maxPages` pages.
 */
export async function callApiAllPages<K extends OperationId>(op: K, ...[input]: CallArgs<K>): Promise<AnswerOf<K>> {
  const maxPages = 50;
  const first = await callApi(op, ...([input] as CallArgs<K>));
  const page = first as { items?: unknown[]; nextCursor?: string };
  if (!page || !Array.isArray(page.items) || !page.nextCursor) return first;
  const loose = (input ?? {}) as LooseInput;
  const items = [...page.items];
  let cursor: string | undefined = page.nextCursor;
  for (let n = 1; cursor && n < maxPages; n++) {
    const next = (await callApi(op, ...([{ ...loose, query: { ...loose.query, cursor } }] as CallArgs<K>))) as { items: unknown[]; nextCursor?: string };
    items.push(...next.items);
    cursor = next.nextCursor;
  }
  const { nextCursor: _done, ...rest } = page;
  return { ...rest, items, ...(cursor ? { nextCursor: cursor } : {}) } as AnswerOf<K>;
}

/** A query string from values; undefined and null are left out, arrays are sent comma-separated. */
function withQuery(path: string, query: Record<string, unknown> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** One request: JSON in and out, the bearer token, problem+json turned into an ApiError. */
async function send(method: Method, url: string, options: { body?: unknown; idempotencyKey?: string | undefined; signal?: AbortSignal | undefined }): Promise<unknown> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = storedToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
      credentials: 'same-origin',
    });
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'Could not connect', 'We could not reach Common Ground. Check your internet connection and try again.');
  }

  if (response.status === 401 && token) onSignedOut?.();
  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return response.text();
  return response.json();
}

async function toApiError(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = await response.json();
    if (parsed && typeof parsed === 'object') body = parsed as Record<string, unknown>;
  } catch {
    // not JSON: fall back to the status
  }
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  const errors = Array.isArray(body.errors)
    ? body.errors.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object').map((e) => ({ field: text(e.field), rule: text(e.rule), message: text(e.message) || 'Check this answer.' }))
    : [];
  const retry = Number(body.retryAfterSeconds ?? response.headers.get('Retry-After'));
  return new ApiError(response.status, text(body.title) || fallbackTitle(response.status), text(body.detail) || fallbackDetail(response.status), errors, {
    code: text(body.code) || undefined,
    retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : undefined,
  });
}

function fallbackTitle(status: number): string {
  if (status === 401) return 'Not signed in';
  if (status === 403) return 'Not allowed';
  if (status === 404) return 'Not found';
  if (status >= 500) return 'Something went wrong';
  return 'There is a problem';
}

function fallbackDetail(status: number): string {
  if (status === 401) return 'Sign in to do this.';
  if (status === 403) return 'You do not have permission to do this.';
  if (status === 404) return 'We could not find what you were looking for.';
  if (status >= 500) return 'Something went wrong on our side. Please try again in a few minutes.';
  return 'Something was not right with that request. Please check and try again.';
}

/**
 * Field errors keyed by form field id: `body.email` becomes `email`, `body.address.postcode` becomes
 * `address-postcode`, so forms can show each message beside its field.
 */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(err instanceof ApiError)) return out;
  for (const e of err.errors) {
    const id = fieldId(e.field);
    if (id && !out[id]) out[id] = e.message;
  }
  return out;
}

export const fieldId = (field: string): string =>
  field
    .replace(/^(body|query|params|header)\./, '')
    .replace(/[.[\]]+/g, '-')
    .replace(/-$/, '');

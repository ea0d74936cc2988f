/**
 * The one way the web app talks to the API: base `/api`, JSON in and out, the signed-in person's
 * bearer token, and errors from `application/problem+json` (RFC 9457) turned into an ApiError.
 */

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

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** sent as JSON */
  body?: unknown;
  /** added to the URL; undefined values are left out */
  query?: Record<string, string | number | boolean | undefined | null>;
  /** sent as the Idempotency-Key header, so a retried write is only done once */
  idempotencyKey?: string;
  signal?: AbortSignal;
}

/** Call the API. `path` is relative to /api, e.g. `api('/activities', { query: { limit: 6 } })`. */
export async function api<T = unknown>(path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  const token = storedToken();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;

  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method: options.method ?? (options.body === undefined ? 'GET' : 'POST'),
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
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('Content-Type') ?? '';
  if (!type.includes('json')) return (await response.text()) as T;
  return (await response.json()) as T;
}

/**
 * Call a list operation and follow `nextCursor` to the end (lists a person reads whole: a session's bookings,
 * my bookings). Any other answer is returned as it came. At most `maxPages` pages.
 */
export async function apiAllPages<T = unknown>(path: string, options: RequestOptions = {}, maxPages = 50): Promise<T> {
  const first = await api<T>(path, options);
  const page = first as { items?: unknown[]; nextCursor?: string };
  if (!page || !Array.isArray(page.items) || !page.nextCursor) return first;
  const items = [...page.items];
  let cursor: string | undefined = page.nextCursor;
  for (let n = 1; cursor && n < maxPages; n++) {
    const next: { items: unknown[]; nextCursor?: string } = await api(path, { ...options, query: { ...options.query, cursor } });
    items.push(...next.items);
    cursor = next.nextCursor;
  }
  const { nextCursor: _done, ...rest } = page;
  return { ...rest, items, ...(cursor ? { nextCursor: cursor } : {}) } as T;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  let url = `/api${path.startsWith('/') ? path : `/${path}`}`;
  if (query) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) params.set(k, String(v));
    const qs = params.toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  return url;
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
    ? body.errors
        .filter((e): e is Record<string, unknown> => !!e && typeof e === 'object')
        .map((e) => ({ field: text(e.field), rule: text(e.rule), message: text(e.message) || 'Check this answer.' }))
    : [];
  const retry = Number(body.retryAfterSeconds ?? response.headers.get('Retry-After'));
  return new ApiError(
    response.status,
    text(body.title) || fallbackTitle(response.status),
    text(body.detail) || fallbackDetail(response.status),
    errors,
    { code: text(body.code) || undefined, retryAfterSeconds: Number.isFinite(retry) && retry > 0 ? retry : undefined },
  );
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

export const fieldId = (field: string): string => field.replace(/^(body|query|params|header)\./, '').replace(/[.[\]]+/g, '-').replace(/-$/, '');

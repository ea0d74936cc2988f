import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { isBadStartKey, isTransient } from './dynamo-errors';
import { DomainError, InvalidInput, Unavailable } from './errors';
import type { Logger } from './log';
import { invalidCursor } from './pagination';

/** RFC 9457 problem details. Every error answer of the API has this shape. */
export function problemResponse(c: Context, err: DomainError): Response {
  const { retryAfterSeconds, ...extra } = err.extra;
  const body = {
    type: 'about:blank',
    title: err.title,
    status: err.status,
    detail: err.message,
    instance: c.req.path,
    requestId: c.get('requestId' as never) as string | undefined,
    ...extra,
  };
  const headers: Record<string, string> = { 'content-type': 'application/problem+json' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  return new Response(JSON.stringify(body), { status: err.status, headers });
}

/** The one error mapper: domain errors keep their status; anything unexpected is a logged, opaque 500. */
export function toProblem(err: unknown, c: Context, log: Logger): Response {
  if (err instanceof DomainError) return problemResponse(c, err);
  if (err instanceof HTTPException) {
    const status = err.status;
    return problemResponse(c, new DomainError(status, status === 413 ? 'Request too large' : 'Bad request', err.message || 'The request could not be read.'));
  }
  if (err instanceof SyntaxError) {
    return problemResponse(c, new InvalidInput([{ field: 'body', rule: 'invalid_json', message: 'is not valid JSON' }]));
  }
  if (isBadStartKey(err)) {
    return problemResponse(c, invalidCursor());
  }
  if (isTransient(err)) {
    log.warn('database busy or unreachable', { requestId: c.get('requestId' as never), path: c.req.path, error: (err as Error).name });
    return problemResponse(c, new Unavailable());
  }
  log.error('unhandled error', { requestId: c.get('requestId' as never), path: c.req.path, error: String((err as Error)?.stack ?? err) });
  return problemResponse(c, new DomainError(500, 'Something went wrong', 'Something went wrong on our side. Please try again; if it keeps happening, tell your hub.'));
}

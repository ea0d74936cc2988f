/**
 * Domain errors. Services throw these; one onError (functions/lib/problem.ts) turns them into
 * application/problem+json (RFC 9457). Nothing else decides an HTTP status.
 */
export interface FieldProblem {
  /** where the problem is: `body.capacity`, `query.from`, `params.id`, `header.idempotency-key` */
  field: string;
  /** the rule broken, a short code: `required`, `too_big`, `invalid_date`, `unknown_field` ... */
  rule: string;
  /** plain English for a person */
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    message: string,
    readonly extra: { errors?: FieldProblem[]; retryAfterSeconds?: number; code?: string; [k: string]: unknown } = {},
  ) {
    super(message);
  }
}

/** 400: the request is malformed; names each field and rule. */
export class InvalidInput extends DomainError {
  constructor(errors: FieldProblem[], message = describeFields(errors)) {
    super(400, 'Invalid request', message, { errors });
  }
}

/** 401: no valid sign-in. */
export class Unauthorized extends DomainError {
  constructor(message = 'Sign in to do this.') {
    super(401, 'Not signed in', message);
  }
}

/** 403: signed in, but this actor may not do this. */
export class Forbidden extends DomainError {
  constructor(message = 'You do not have permission to do this.') {
    super(403, 'Not allowed', message);
  }
}

/** 404: no such thing, or not one this actor may know about. */
export class NotFound extends DomainError {
  constructor(what: string) {
    super(404, 'Not found', `${what} was not found.`);
  }
}

/** 409: the request clashes with the current state (already booked, slot taken, changed meanwhile). */
export class Conflict extends DomainError {
  constructor(message: string, code = 'conflict', details: Record<string, unknown> = {}) {
    super(409, 'Conflict', message, { code, ...details });
  }
}

/** 422: well-formed, but a domain rule says no (booking window closed, check expired). */
export class RuleViolation extends DomainError {
  constructor(message: string, code: string, field?: string) {
    super(422, 'Not possible', message, {
      code,
      ...(field ? { errors: [{ field, rule: code, message }] } : {}),
    });
  }
}

/** 429: too many requests from this actor; try again later. */
export class TooManyRequests extends DomainError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, 'Too many requests', message, { retryAfterSeconds });
  }
}

/** 503: the database is busy (throttled, transaction conflict); safe to retry after a pause. */
export class Unavailable extends DomainError {
  constructor(message = 'The service is busy. Please try again in a moment.', retryAfterSeconds = 1) {
    super(503, 'Service busy', message, { retryAfterSeconds });
  }
}

function describeFields(errors: FieldProblem[]): string {
  return errors.map((e) => `${e.field}: ${e.message}`).join('; ');
}

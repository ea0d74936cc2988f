import type { Context, Hono } from 'hono';
import type * as z from 'zod/mini';
import type { Actor } from './actor';
import { type AccessClaims, actorFromClaims } from './auth';
import type { AppDeps } from './deps';
import { DomainError, InvalidInput, Unauthorized } from './errors';
import { idempotencyKeyOf } from './idempotency';
import type { AnyRoute } from './route';
import { parseOrThrow, toFieldProblem } from './validation';

export type AppEnv = { Variables: { actor: Actor | undefined; claims: AccessClaims | undefined; requestId: string } };

export interface MountOptions {
  /**
   * Check every answer against its route's response schema, and answer a 500 naming the operation and the
   * fields when one does not match. On in the local server and the tests (functions/local/platform.ts), so a
   * service that drifts from its contract fails loudly there; off on Lambda, where it would cost every request.
   */
  checkResponses?: boolean;
}

/** Registers each route on the Hono app: authenticate, validate params, query and body, run, answer. */
export function mountRoutes(app: Hono<AppEnv>, routes: AnyRoute[], deps: AppDeps, options: MountOptions = {}): void {
  for (const route of routes) {
    app.on(route.method.toUpperCase(), route.path, async (c) => {
      // A public route never needs to know who is calling: the meta function, which has no table access, could
      // not look up a coordinator's hubs (found by the deploy rehearsal: a signed-in coordinator's /api/health was a 500).
      const claims = c.get('claims');
      const actor = claims && route.auth !== 'public' ? await actorFromClaims(claims, deps.membershipsOf) : undefined;
      c.set('actor', actor);
      if (route.auth === 'signedIn' && !actor) throw new Unauthorized();
      const params = route.params ? parseOrThrow(route.params, c.req.param(), 'params') : undefined;
      const query = route.query ? parseOrThrow(route.query, queryObject(c), 'query') : undefined;
      const body = route.body ? parseOrThrow(route.body, await readJsonBody(c), 'body') : undefined;
      const header = (n: string) => c.req.header(n);
      const idempotencyKey = route.idempotency ? idempotencyKeyOf(header, route.idempotency === 'required') : undefined;
      const result = await route.handler({ params, query, body, actor, deps, header, idempotencyKey, c } as never);
      if (result instanceof Response) return result;
      if (route.response.status === 204) return c.body(null, 204);
      if (options.checkResponses) checkAnswer(route, result, deps);
      return c.json(result as object, route.response.status as 200);
    });
  }
}

/** The answer as the client will read it (after JSON), checked against the route's response schema. */
function checkAnswer(route: AnyRoute, result: unknown, deps: AppDeps): void {
  const schema: z.ZodMiniType | undefined = route.response.schema;
  if (!schema) return;
  const sent: unknown = result === undefined ? undefined : JSON.parse(JSON.stringify(result));
  const checked = schema.safeParse(sent);
  if (checked.success) return;
  const errors = checked.error.issues.map((issue) => toFieldProblem(issue, 'response'));
  deps.log.error('answer does not match its response schema', { operationId: route.operationId, errors });
  throw new DomainError(
    500,
    'Answer does not match its contract',
    `${route.operationId} answered something its response schema does not allow: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
    { errors, operationId: route.operationId },
  );
}

/** Query string as an object: a key given once is a string, a key given more than once is an array. */
function queryObject(c: Context): Record<string, string | string[]> {
  const all = c.req.queries();
  return Object.fromEntries(Object.entries(all).map(([k, v]) => [k, v.length === 1 ? (v[0] as string) : v]));
}

async function readJsonBody(c: Context): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  const text = await c.req.text();
  if (text.length === 0) throw new InvalidInput([{ field: 'body', rule: 'required', message: 'is required (send a JSON object)' }]);
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new DomainError(415, 'Unsupported media type', 'Send the body as JSON with the header Content-Type: application/json.');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInput([{ field: 'body', rule: 'invalid_json', message: 'is not valid JSON' }]);
  }
}

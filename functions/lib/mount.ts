import type { Context, Hono } from 'hono';
import type { Actor } from './actor';
import { actorFromClaims, type AccessClaims } from './auth';
import type { AppDeps } from './deps';
import { DomainError, InvalidInput, Unauthorized } from './errors';
import type { AnyRoute } from './route';
import { parseOrThrow } from './validation';

export type AppEnv = { Variables: { actor: Actor | undefined; claims: AccessClaims | undefined; requestId: string } };

/** Registers each route on the Hono app: authenticate, validate params, query and body, run, answer. */
export function mountRoutes(app: Hono<AppEnv>, routes: AnyRoute[], deps: AppDeps): void {
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
      const result = await route.handler({ params, query, body, actor, deps, header: (n: string) => c.req.header(n), c } as never);
      if (result instanceof Response) return result;
      if (route.response.status === 204) return c.body(null, 204);
      return c.json(result as object, route.response.status as 200);
    });
  }
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

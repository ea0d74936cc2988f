import { buildOpenApi } from './lib/openapi';
import { devRoutes } from './local/dev-routes';
import { metaRoutes } from './meta/routes';
import { routesByDomain } from './routes';

/** The whole API's OpenAPI document. `includeDev` adds the local-only dev sign-in (never on AWS). */
export function buildOpenApiDocument({ includeDev = false } = {}) {
  const routes = [...metaRoutes(() => ({})), ...Object.values(routesByDomain).flat(), ...(includeDev ? devRoutes(null as never) : [])];
  return buildOpenApi(routes, { title: 'Common Ground API', version: '0.1.0' });
}

import { InvalidInput } from '../lib/errors';
import { paged } from '../lib/pagination';
import { defineRoute } from '../lib/route';
import { erasureRequestBody, erasureRequestList, erasureRequestSchema, erasureResultSchema, exportSchema, findPersonQuery, personFoundList, personParams, reasonQuery, requestsQuery } from './schema';
import * as service from './service';

const tags = ['privacy'];
const reasonHeader = {
  name: 'X-Access-Reason',
  required: false,
  description: 'Why an admin needs a person’s data (recorded in the audit trail); the `reason` query parameter does the same.',
};

/** An admin's stated reason: the header or the `reason` query parameter. */
function reasonOf(query: { reason?: string | undefined } | undefined, header: (name: string) => string | undefined): string | undefined {
  const fromHeader = header('x-access-reason')?.trim();
  if (fromHeader !== undefined && (fromHeader.length < 5 || fromHeader.length > 300)) {
    throw new InvalidInput([{ field: 'header.x-access-reason', rule: 'invalid_length', message: 'must be 5 to 300 characters' }]);
  }
  return query?.reason ?? (fromHeader || undefined);
}

export const privacyRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/person-data',
    operationId: 'findPerson',
    summary: 'Find a person by an account’s email address or a person’s id, with what is held on them (admins, giving a reason; audited)',
    tags,
    auth: 'signedIn',
    query: findPersonQuery,
    response: { status: 200, description: 'The person found (none or one)', schema: personFoundList },
    errors: [403],
    handler: async ({ deps, actor, query }) => paged(await service.findPerson(deps, actor, query), query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/person-data/:id',
    operationId: 'exportPersonData',
    summary: 'Subject access: everything held on a person, by kind of record (the person themself, or an admin giving a reason)',
    tags,
    auth: 'signedIn',
    params: personParams,
    query: reasonQuery,
    headers: [reasonHeader],
    response: { status: 200, description: 'Everything held', schema: exportSchema },
    errors: [403, 404],
    handler: ({ deps, actor, params, query, header }) => service.exportPersonData(deps, actor, params.id, reasonOf(query, header)),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/person-data/:id',
    operationId: 'erasePersonData',
    summary: 'Erasure: remove or anonymise everything held on a person, keeping anonymous counts (admins, giving a reason; not their own)',
    tags,
    auth: 'signedIn',
    params: personParams,
    query: reasonQuery,
    headers: [reasonHeader],
    response: { status: 200, description: 'What was erased, by kind of record', schema: erasureResultSchema },
    errors: [403, 404],
    handler: ({ deps, actor, params, query, header }) => service.erasePersonData(deps, actor, params.id, reasonOf(query, header)),
  }),
  defineRoute({
    method: 'post',
    path: '/api/erasure-requests',
    operationId: 'requestErasure',
    summary: 'Ask for my data to be erased (the partnership’s admins are told; asking again while it waits is the same request)',
    tags,
    auth: 'signedIn',
    body: erasureRequestBody,
    response: { status: 200, description: 'Your request', schema: erasureRequestSchema },
    handler: ({ deps, actor, body }) => service.requestErasure(deps, actor, body),
  }),
  defineRoute({
    method: 'get',
    path: '/api/erasure-requests/mine',
    operationId: 'getMyErasureRequest',
    summary: 'My request to erase my data, if I made one',
    tags,
    auth: 'signedIn',
    query: requestsQuery,
    response: { status: 200, description: 'Your request (none or one)', schema: erasureRequestList },
    handler: async ({ deps, actor, query }) => paged(await service.getMyErasureRequest(deps, actor), query),
  }),
  defineRoute({
    method: 'get',
    path: '/api/erasure-requests',
    operationId: 'listErasureRequests',
    summary: 'Requests to erase data that are waiting, oldest first (admins)',
    tags,
    auth: 'signedIn',
    query: requestsQuery,
    response: { status: 200, description: 'Requests waiting', schema: erasureRequestList },
    errors: [403],
    handler: ({ deps, actor, query }) => service.listErasureRequests(deps, actor, query),
  }),
];

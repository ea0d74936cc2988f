import { defineRoute } from '../lib/route';
import { accessNeedsBody, accessNeedsView, profileSchema } from './schema';
import { getMe, getMyAccessNeeds, setMyAccessNeeds } from './service';

export const accountRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/me',
    operationId: 'getMe',
    summary: 'Who I am: my profile, roles and the hubs and organisations I act for',
    tags: ['accounts'],
    auth: 'signedIn',
    response: { status: 200, description: 'Your profile', schema: profileSchema },
    errors: [404],
    handler: ({ deps, actor }) => getMe(deps, actor),
  }),
  defineRoute({
    method: 'get',
    path: '/api/me/access-needs',
    operationId: 'getMyAccessNeeds',
    summary: 'My access needs, and whether I share them with the hubs of the sessions I book',
    tags: ['accounts'],
    auth: 'signedIn',
    response: { status: 200, description: 'Your access needs', schema: accessNeedsView },
    errors: [404],
    handler: ({ deps, actor }) => getMyAccessNeeds(deps, actor),
  }),
  defineRoute({
    method: 'put',
    path: '/api/me/access-needs',
    operationId: 'setMyAccessNeeds',
    summary: 'Record my access needs and choose whether to share them with the hubs of the sessions I book',
    description: 'Sharing is consent: the time it was given is recorded, and only the coordinators of the session’s hub see the needs on its register.',
    tags: ['accounts'],
    auth: 'signedIn',
    body: accessNeedsBody,
    response: { status: 200, description: 'Your access needs as recorded', schema: accessNeedsView },
    errors: [404],
    handler: ({ deps, actor, body }) => setMyAccessNeeds(deps, actor, body),
  }),
];

import { defineRoute } from '../lib/route';
import { profileSchema } from './schema';
import { getMe } from './service';

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
];

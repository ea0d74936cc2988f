import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { volunteerRoutes } from '../volunteers/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), volunteerRoutes));

import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { sessionRoutes } from '../sessions/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), sessionRoutes));

import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { roomRoutes } from '../rooms/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), roomRoutes));

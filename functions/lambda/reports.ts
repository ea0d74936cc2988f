import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { reportRoutes } from '../reports/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), reportRoutes));

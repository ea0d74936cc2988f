import { handle } from 'hono/aws-lambda';
import { accountRoutes } from '../accounts/routes';
import { createApp } from '../app';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), accountRoutes));

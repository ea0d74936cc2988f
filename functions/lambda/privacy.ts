import { handle } from 'hono/aws-lambda';
import { privacyRoutes } from '../privacy/routes';
import { createApp } from '../app';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), privacyRoutes));

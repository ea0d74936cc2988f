import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { privacyRoutes } from '../privacy/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), privacyRoutes));

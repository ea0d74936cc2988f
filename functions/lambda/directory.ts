import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { directoryRoutes } from '../directory/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), directoryRoutes));

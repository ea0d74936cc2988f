import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { reminderRoutes } from '../reminders/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), reminderRoutes));

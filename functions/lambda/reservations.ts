import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { reservationRoutes } from '../reservations/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), reservationRoutes));

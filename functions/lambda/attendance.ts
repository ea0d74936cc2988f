import { handle } from 'hono/aws-lambda';
import { attendanceRoutes } from '../attendance/routes';
import { createApp } from '../app';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), attendanceRoutes));

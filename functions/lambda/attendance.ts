import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { attendanceRoutes } from '../attendance/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), attendanceRoutes));

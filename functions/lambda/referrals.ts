import { handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { referralRoutes } from '../referrals/routes';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), referralRoutes));

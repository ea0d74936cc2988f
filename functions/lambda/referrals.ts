import { handle } from 'hono/aws-lambda';
import { referralRoutes } from '../referrals/routes';
import { createApp } from '../app';
import { lambdaDeps } from './deps';

export const handler = handle(createApp(lambdaDeps(), referralRoutes));

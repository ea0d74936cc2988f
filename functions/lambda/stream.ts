import { awsSender } from '../messages/aws-sender';
import { createStreamHandler } from '../stream/handler';
import { streamConsumers } from '../stream/consumers';
import { lambdaDeps } from './deps';

export const handler = createStreamHandler(lambdaDeps(), streamConsumers({ sender: awsSender(process.env.FROM_ADDRESS ?? 'no-reply@example.org', process.env.TEXTS_FROM || undefined) }));

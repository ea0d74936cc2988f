import { awsSender } from '../messages/aws-sender';
import { streamConsumers } from '../stream/consumers';
import { createStreamHandler } from '../stream/handler';
import { lambdaDeps } from './deps';

export const handler = createStreamHandler(lambdaDeps(), streamConsumers({ sender: awsSender(process.env.FROM_ADDRESS ?? 'no-reply@example.org', process.env.TEXTS_FROM || undefined) }));

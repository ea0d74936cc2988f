import { defaultIsContentTypeBinary, handle } from 'hono/aws-lambda';
import { createApp } from '../app';
import { reportRoutes } from '../reports/routes';
import { lambdaDeps } from './deps';

// The CSV export goes back base64-encoded, as bytes: hono reads a text body with Response.text(), which drops the
// UTF-8 byte-order mark Excel needs to open the file as UTF-8 (found by the deploy rehearsal).
export const handler = handle(createApp(lambdaDeps(), reportRoutes), {
  isContentTypeBinary: (type) => /^text\/csv\b/i.test(type) || defaultIsContentTypeBinary(type),
});

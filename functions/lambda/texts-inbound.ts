import { createDeps } from '../deps';
import { inboundTextHandler } from '../reminders/inbound';
import { tableDeps } from './table-deps';

/** Replies to text messages: subscribed to the two-way SNS topic (infra/api-stack.ts). Needs no sign-in. */
const { db, log } = tableDeps();
const deps = createDeps({
  db,
  log,
  verifier: { verify: () => Promise.reject(new Error('no sign-in here')) },
  config: { local: false, siteOrigin: process.env.SITE_ORIGIN ?? 'https://example.org' },
});
export const handler = inboundTextHandler(deps);

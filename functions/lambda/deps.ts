import { createDeps } from '../deps';
import { cognitoVerifier } from '../lib/auth';
import { required, tableDeps } from './table-deps';

export function lambdaDeps() {
  const { db, log } = tableDeps();
  return createDeps({
    db,
    verifier: cognitoVerifier(required('USER_POOL_ID'), required('USER_POOL_CLIENT_ID')),
    log,
    config: {
      local: false,
      siteOrigin: process.env.SITE_ORIGIN ?? 'https://example.org',
      ...(process.env.VOLUNTEER_HOURLY_RATE_PENCE ? { volunteerHourlyRatePence: Number(process.env.VOLUNTEER_HOURLY_RATE_PENCE) } : {}),
    },
  });
}

import type { ReferralsPort } from '../referrals/port';
import type { SessionsPort } from '../sessions/port';
import type { Memberships, TokenVerifier } from './auth';
import type { Clock } from './clock';
import type { Db } from './db';
import type { Logger } from './log';

/** Everything a route, service or stream handler needs from outside. Built once per process. */
export interface AppDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  verifier: TokenVerifier;
  /** hubs and organisations a coordinator or partner acts for */
  membershipsOf(userId: string): Promise<Memberships>;
  config: AppConfig;
  /*
   * Domains that import the caller's domain, reached through the deps so imports between domains go one way
   * (test/architecture.test.ts): each port is its owner's reads and writes, wired in functions/deps.ts.
   */
  /** for bookings and registers: consent to share a referred person's name, person records, the audit trail */
  referrals: ReferralsPort;
  /** for the directory, rooms and volunteers: sessions by activity, date or id, and holding their bookings */
  sessions: SessionsPort;
}

export interface AppConfig {
  /** true only in the local runtime and tests: enables the dev sign-in and dev mailbox */
  local: boolean;
  /** the web site's origin, for CORS and links in messages */
  siteOrigin: string;
  /** largest request body accepted, bytes */
  maxBodyBytes: number;
  /** a referral not contacted within this many days is flagged overdue */
  referralContactDays: number;
  /** days a finished referral's personal details are kept before DynamoDB TTL purges them */
  referralRetentionDays: number;
  /** what an hour volunteered is worth in reports, in pence (the National Living Wage, April 2025) */
  volunteerHourlyRatePence: number;
}

export const defaultConfig: AppConfig = {
  local: false,
  siteOrigin: 'http://localhost:3000',
  maxBodyBytes: 64 * 1024,
  referralContactDays: 7,
  referralRetentionDays: 730,
  volunteerHourlyRatePence: 1221,
};

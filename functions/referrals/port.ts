import type { Db } from '../lib/db';
import * as data from './data';
import type { AuditEntry } from './schema';

/**
 * What the domains below referrals (bookings and registers, which referrals itself books into and reads
 * outcomes from) ask of it: reached as `deps.referrals`, wired in functions/deps.ts, so imports between
 * these domains go one way.
 */
export interface ReferralsPort {
  /**
   * For each place booked through a referral: whether the person consents, as it stands now, to their name
   * reaching activity providers, and the name a link worker recorded when they do.
   */
  sharingWithProviders(bookings: { referralId: string; personId: string }[]): Promise<Map<string, { shared: boolean; name?: string }>>;
  /** True when a link worker recorded this person and the record was not erased. */
  isRecordedPerson(personId: string): Promise<boolean>;
  /** Puts reads and changes of someone's health or safeguarding data on their audit trail. */
  audit(entries: AuditEntry[]): Promise<void>;
}

export function referralsPort(db: Db): ReferralsPort {
  return {
    sharingWithProviders: (bookings) => data.providerSharing(db, bookings),
    isRecordedPerson: async (personId) => {
      const person = await data.getPerson(db, personId);
      return !!person && !person.erasedAt;
    },
    audit: (entries) => data.putAudit(db, entries),
  };
}

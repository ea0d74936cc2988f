import { type ItemType, withoutKeys } from '../lib/personal-data';
import * as data from './data';

/** The referrals domain's items in the personal-data registry (see functions/lib/personal-data.ts). */
export const referralItemTypes: ItemType[] = [
  {
    name: 'referralDetails',
    label: 'Referral details',
    owner: 'referrals',
    key: /^REFERRAL#[^ ]+ DETAILS$/,
    personal: true,
    holds: 'what matters to the person, their notes, contact preferences and the consent they gave',
    erasure: 'removed',
    retention: 'removed by DynamoDB TTL two years after the referral is closed or declined',
    collect: async (deps, personId) => {
      const referrals = await data.referralsOfPerson(deps.db, personId);
      const details = await Promise.all(referrals.map(async (r) => ({ referralId: r.id, ...(await data.getDetails(deps.db, r.id, true)) })));
      return details.filter((d) => Object.keys(d).length > 1);
    },
    erase: async ({ deps, personId }) => {
      let n = 0;
      for (const r of await data.referralsOfPerson(deps.db, personId)) if (await data.deleteDetails(deps.db, r.id)) n++;
      return n;
    },
  },
  {
    name: 'referral',
    label: 'Referral',
    owner: 'referrals',
    key: /^REFERRAL#[^ ]+ REFERRAL$/,
    personal: true,
    holds: 'the person’s id, the reasons they were referred, the support plan and its notes, wellbeing scores, why a referral was declined',
    erasure: 'anonymised: the plan’s notes and the reason for declining go; the status, reasons and scores stay so the referral still counts',
    retention: 'the anonymous referral is kept for the partnership’s reports',
    collect: async (deps, personId) => (await data.referralsOfPerson(deps.db, personId)).map((r) => withoutKeys(r as unknown as Record<string, unknown>)),
    erase: async ({ deps, personId, now }) => {
      let n = 0;
      for (const r of await data.referralsOfPerson(deps.db, personId)) {
        if (r.erased) continue;
        const { declinedReason: _d, ...rest } = r;
        await data.eraseReferral(deps.db, { ...rest, plan: r.plan.map(({ activityId }) => ({ activityId })), erased: true, updatedAt: now.toISOString(), version: r.version + 1 });
        n++;
      }
      return n;
    },
  },
  {
    name: 'person',
    label: 'Person record (for someone referred)',
    owner: 'referrals',
    key: /^PERSON#[^ ]+ PERSON$/,
    personal: true,
    holds: 'name, email, phone, date of birth and contact preferences of someone referred (their account’s id when they have one)',
    erasure: 'anonymised: every personal field goes; the id and the time of erasure stay so a referral cannot be made for them again by mistake',
    retention: 'while they have a referral open, and for the anonymous counts after',
    collect: async (deps, personId) => {
      const person = await data.getPerson(deps.db, personId);
      return person ? [withoutKeys(person as unknown as Record<string, unknown>)] : [];
    },
    erase: async ({ deps, personId, now }) => {
      const person = await data.getPerson(deps.db, personId);
      if (!person || person.erasedAt) return 0;
      await data.erasePerson(deps.db, personId, now);
      return 1;
    },
  },
  {
    name: 'referralAudit',
    label: 'Record of who read the person’s data',
    owner: 'referrals',
    key: /^(REFERRAL|PERSON)#[^ ]+ AUDIT#/,
    personal: true,
    holds: 'who read or changed the person’s referral, access needs or records, when, and the reason they gave',
    erasure: 'kept: it is the partnership’s record that personal data was handled lawfully (ids and reasons only, nothing the person told us)',
    retention: 'six years, as the partnership’s accountability record',
    collect: async (deps, personId) => (await data.auditOfPerson(deps.db, personId)).map((a) => withoutKeys(a as unknown as Record<string, unknown>)),
    erase: async () => 0,
  },
  {
    name: 'referralIdempotency',
    label: 'Retry record of a new referral',
    owner: 'referrals',
    key: /^IDEM#(referrals|createReferral)#[^ ]+ IDEM$/,
    personal: false,
    why: 'the id of the referral a request made, under the sender’s request key; removed by TTL within a day',
  },
];

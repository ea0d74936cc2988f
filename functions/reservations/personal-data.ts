import { type ItemType, withoutKeys } from '../lib/personal-data';
import * as data from './data';
import { isActive } from './rules';

/** The reservations domain's items in the personal-data registry (see functions/lib/personal-data.ts). */
export const reservationItemTypes: ItemType[] = [
  {
    name: 'reservation',
    label: 'Booking (a place or a waiting place)',
    owner: 'reservations',
    key: /^SESSION#[^ ]+ PERSON#/,
    personal: true,
    holds: 'the person’s id, which session, who booked it, a companion, the check-in code and the referral it came from',
    erasure:
      'bookings still to come are cancelled (their places go to the people waiting); every booking then loses its check-in code, referral and person index, keeping only what the session’s counts rest on',
    retention: 'kept as the session’s history',
    collect: async (deps, personId) => (await data.listAllPersonReservations(deps.db, personId)).map((r) => withoutKeys(r as unknown as Record<string, unknown>)),
    erase: async ({ deps, personId, now, actor }) => {
      let n = 0;
      for (const r of await data.listAllPersonReservations(deps.db, personId)) {
        if (isActive(r.status) && r.endsAt > now.toISOString()) {
          await data.moveReservation(deps.db, { reservation: r, from: r.status, to: 'cancelled', now, cancelReason: 'erased', cancelledBy: actor.userId });
        }
        if (await data.anonymiseReservation(deps.db, r, now)) n++;
      }
      return n;
    },
  },
  {
    name: 'reservationHoldings',
    label: 'Count of the person’s bookings',
    owner: 'reservations',
    key: /^PERSON#[^ ]+ RESERVATIONS#HELD$/,
    personal: true,
    holds: 'the sessions the person holds or waits for (ids and times), so the booking limits can be kept',
    erasure: 'removed',
    retention: 'entries go as their sessions end',
    collect: async (deps, personId) => {
      const item = await data.getHoldings(deps.db, personId);
      return item ? [withoutKeys(item)] : [];
    },
    erase: async ({ deps, personId }) => ((await data.deleteHoldings(deps.db, personId)) ? 1 : 0),
  },
  {
    name: 'reservationIdempotency',
    label: 'Retry record of a booking',
    owner: 'reservations',
    key: /^IDEM#(reservations|reserveSeat|reserveCourse)#[^ ]+ IDEM$/,
    personal: false,
    why: 'the first answer to a booking request (ids only), under the sender’s request key; removed by TTL within a day',
  },
];

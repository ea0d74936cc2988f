import { erasedPerson, type ItemType, withoutKeys } from '../lib/personal-data';
import { cancelDates } from './cancel';
import * as data from './data';

/** The rooms domain's items in the personal-data registry (see functions/lib/personal-data.ts). */
export const roomItemTypes: ItemType[] = [
  {
    name: 'roomBookingDate',
    label: 'Date of a room booking',
    owner: 'rooms',
    key: /^ROOMBOOKING#[^ ]+ OCC#/,
    personal: true,
    holds: 'who asked for the room, what for, and the residents’ group it is for',
    erasure: 'anonymised with its booking: a stand-in replaces who asked; their own or their residents’ group’s name goes',
    retention: 'kept as the room’s history',
    collect: async (deps, personId) => {
      const bookings = await data.listAllBookingsOfRequester(deps.db, personId);
      const found = await Promise.all(bookings.map((b) => data.getBooking(deps.db, b.bookingId)));
      return found.flatMap((f) => f?.occurrences ?? []).map((o) => withoutKeys(o as unknown as Record<string, unknown>));
    },
    erase: async ({ deps, personId, now }) => {
      let n = 0;
      for (const b of await data.listAllBookingsOfRequester(deps.db, personId)) {
        const ownGroup = b.customerType === 'residentsGroup';
        // the person's own group's bookings still to come are given up; an organisation's stay its own
        if (ownGroup && (b.status === 'pending' || b.status === 'confirmed') && b.lastEnd > now.toISOString()) {
          const current = await data.getBooking(deps.db, b.bookingId);
          if (current) await cancelDates(deps, current.booking, current.occurrences, { scope: 'rest', reason: 'The person who booked asked for their data to be erased.' }).catch(() => undefined);
        }
        const found = await data.getBooking(deps.db, b.bookingId);
        for (const o of found?.occurrences ?? []) if (await data.anonymiseOccurrence(deps.db, o, erasedPerson, !b.organisationName)) n++;
      }
      return n;
    },
  },
  {
    name: 'roomBooking',
    label: 'Room booking',
    owner: 'rooms',
    key: /^ROOMBOOKING#[^ ]+ META$/,
    personal: true,
    holds: 'who asked for the room, for which group or organisation, what for, and their answers to the room’s questions',
    erasure: 'anonymised: a stand-in replaces who asked, their name and the answers go, and a residents’ group’s name goes; an upcoming booking for their own group is cancelled',
    retention: 'kept as the room’s history',
    collect: async (deps, personId) => (await data.listAllBookingsOfRequester(deps.db, personId)).map((b) => withoutKeys(b as unknown as Record<string, unknown>)),
    erase: async ({ deps, personId, now }) => {
      let n = 0;
      for (const b of await data.listAllBookingsOfRequester(deps.db, personId)) if (await data.anonymiseBooking(deps.db, b, erasedPerson, now)) n++;
      return n;
    },
  },
  { name: 'room', label: 'Room', owner: 'rooms', key: /^ROOM#[^ ]+ META$/, personal: false, why: 'a hub’s room: its name, size, hours and rates' },
  { name: 'roomSlot', label: 'Room time taken', owner: 'rooms', key: /^ROOMSLOT#[^ ]+ SLOT$/, personal: false, why: 'a quarter hour of a room held by a booking (the booking’s id only)' },
  {
    name: 'roomIdempotency',
    label: 'Retry record of a room request',
    owner: 'rooms',
    key: /^IDEM#([^ #]+#requestRoomBooking|requestRoomBooking#[^ #]+)#[^ ]+ IDEM$/,
    personal: false,
    why: 'the id of the booking a request made, under the sender’s request key; removed by TTL within a day',
  },
];

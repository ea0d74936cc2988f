import { paged } from '../lib/pagination';
import { defineRoute } from '../lib/route';
import {
  availabilityQuery, availabilitySchema, bookingIdParams, bookingListSchema, bookingSchema, cancelRoomBookingBody, checkResultSchema,
  checkRoomBookingBody, createRoomBody, declineRoomBookingBody, listRoomBookingsQuery, listRoomsQuery, requestRoomBookingBody,
  roomIdParams, roomListSchema, roomSchema, updateRoomBody,
} from './schema';
import * as rooms from './service';

const tags = ['rooms'];

export const roomRoutes = [
  defineRoute({
    method: 'get', path: '/api/rooms', operationId: 'listRooms', tags, auth: 'optional',
    summary: "A hub's rooms", query: listRoomsQuery,
    response: { status: 200, description: 'The rooms, by name', schema: roomListSchema },
    handler: async ({ deps, query }) => paged(await rooms.listRooms(deps, query.hubId), query),
  }),
  defineRoute({
    method: 'get', path: '/api/rooms/:roomId', operationId: 'getRoom', tags, auth: 'optional',
    summary: 'A room: capacity, facilities, bookable hours, buffers, hire terms and rates', params: roomIdParams,
    response: { status: 200, description: 'The room', schema: roomSchema }, errors: [404],
    handler: ({ deps, params }) => rooms.getRoom(deps, params.roomId),
  }),
  defineRoute({
    method: 'post', path: '/api/rooms', operationId: 'createRoom', tags, auth: 'signedIn',
    summary: 'Add a room to a hub (coordinators of that hub)', body: createRoomBody,
    response: { status: 201, description: 'The new room', schema: roomSchema }, errors: [403],
    handler: ({ deps, actor, body }) => rooms.createRoom(deps, actor, body),
  }),
  defineRoute({
    method: 'patch', path: '/api/rooms/:roomId', operationId: 'updateRoom', tags, auth: 'signedIn',
    summary: "Change a room's details (coordinators of its hub)", params: roomIdParams, body: updateRoomBody,
    response: { status: 200, description: 'The room as it now is', schema: roomSchema }, errors: [403, 404],
    handler: ({ deps, actor, params, body }) => rooms.updateRoom(deps, actor, params.roomId, body),
  }),
  defineRoute({
    method: 'get', path: '/api/rooms/:roomId/availability', operationId: 'getRoomAvailability', tags, auth: 'optional',
    summary: 'Free and busy time of a room between two local dates (at most 31 days)',
    description: 'Private bookings show only as busy to anyone but their requester and the hub’s coordinators.',
    params: roomIdParams, query: availabilityQuery,
    response: { status: 200, description: 'Free, busy and requested blocks in Europe/London time', schema: availabilitySchema }, errors: [404],
    handler: ({ deps, actor, params, query }) => rooms.getRoomAvailability(deps, actor, params.roomId, query),
  }),
  defineRoute({
    method: 'post', path: '/api/rooms/:roomId/booking-check', operationId: 'checkRoomBooking', tags, auth: 'optional',
    summary: 'Which dates of a wanted booking (one range or a repeating pattern) clash with confirmed bookings; writes nothing',
    params: roomIdParams, body: checkRoomBookingBody,
    response: { status: 200, description: 'The dates and their clashes', schema: checkResultSchema }, errors: [404, 422],
    handler: ({ deps, actor, params, body }) => rooms.checkRoomBooking(deps, actor, params.roomId, body),
  }),
  defineRoute({
    method: 'post', path: '/api/rooms/:roomId/bookings', operationId: 'requestRoomBooking', tags, auth: 'signedIn',
    summary: 'Request a room for one time or a repeating pattern (a coordinator of the hub books it at once)',
    description: 'Dates that clash with confirmed bookings are listed in a 409 unless onClash is "skip".',
    params: roomIdParams, body: requestRoomBookingBody, idempotency: 'optional',
    response: { status: 201, description: 'The booking, pending approval (or confirmed for the hub’s coordinators)', schema: bookingSchema },
    errors: [403, 404, 409, 422],
    handler: ({ deps, actor, params, body, idempotencyKey }) => rooms.requestRoomBooking(deps, actor, params.roomId, body, idempotencyKey),
  }),
  defineRoute({
    method: 'get', path: '/api/room-bookings', operationId: 'listRoomBookings', tags, auth: 'signedIn',
    summary: "Room bookings: a room's between two dates, a hub's approvals queue (hubId), or my own (mine=true)",
    query: listRoomBookingsQuery,
    response: { status: 200, description: 'The bookings, earliest first', schema: bookingListSchema }, errors: [403, 404],
    handler: async ({ deps, actor, query }) => paged(await rooms.listRoomBookings(deps, actor, query), query),
  }),
  defineRoute({
    method: 'get', path: '/api/room-bookings/:bookingId', operationId: 'getRoomBooking', tags, auth: 'signedIn',
    summary: 'A room booking with its dates (its requester and the hub’s coordinators)', params: bookingIdParams,
    response: { status: 200, description: 'The booking', schema: bookingSchema }, errors: [404],
    handler: ({ deps, actor, params }) => rooms.getRoomBooking(deps, actor, params.bookingId),
  }),
  defineRoute({
    method: 'post', path: '/api/room-bookings/:bookingId/approve', operationId: 'approveRoomBooking', tags, auth: 'signedIn',
    summary: 'Approve a room request (coordinators of the hub); 409 names any confirmed booking it now clashes with',
    params: bookingIdParams,
    description: 'Dates of a series the hub has closed on since the request are left out (listed in `closed`); a request the hub’s diary no longer allows is refused (422).',
    response: { status: 200, description: 'The confirmed booking', schema: bookingSchema }, errors: [403, 404, 409, 422],
    handler: ({ deps, actor, params }) => rooms.approveRoomBooking(deps, actor, params.bookingId),
  }),
  defineRoute({
    method: 'post', path: '/api/room-bookings/:bookingId/decline', operationId: 'declineRoomBooking', tags, auth: 'signedIn',
    summary: 'Decline a room request with a reason (coordinators of the hub)', params: bookingIdParams, body: declineRoomBookingBody,
    response: { status: 200, description: 'The declined booking', schema: bookingSchema }, errors: [403, 404, 409],
    handler: ({ deps, actor, params, body }) => rooms.declineRoomBooking(deps, actor, params.bookingId, body.reason),
  }),
  defineRoute({
    method: 'post', path: '/api/room-bookings/:bookingId/cancel', operationId: 'cancelRoomBooking', tags, auth: 'signedIn',
    summary: 'Cancel one date or the rest of a booking (its requester or the hub’s coordinators)', params: bookingIdParams, body: cancelRoomBookingBody,
    response: { status: 200, description: 'The booking as it now is', schema: bookingSchema }, errors: [403, 404, 409, 422],
    handler: ({ deps, actor, params, body }) => rooms.cancelRoomBooking(deps, actor, params.bookingId, body),
  }),
];


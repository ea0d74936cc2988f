import * as z from 'zod/mini';
import { idempotencyHeader, idempotencyKeyOf } from '../lib/idempotency';
import { paged } from '../lib/pagination';
import { defineRoute } from '../lib/route';
import {
  activityIdParams,
  courseBody,
  courseResult,
  myReservationsQuery,
  reservationParams,
  reservationView,
  reserveBody,
  reserveResult,
  sessionIdParams,
  sessionReservationsQuery,
} from './schema';
import * as service from './service';

const tags = ['reservations'];

export const reservationRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/session-reservations/:sessionId',
    operationId: 'reserveSeat',
    summary: 'Take a place in a session (for yourself, or for someone you support): confirmed while places are free, else the waitlist',
    tags,
    auth: 'signedIn',
    params: sessionIdParams,
    body: reserveBody,
    headers: [idempotencyHeader(true)],
    response: { status: 201, description: 'Confirmed, or waitlisted with a position', schema: reserveResult },
    errors: [403, 404, 409, 422, 503],
    handler: ({ deps, actor, params, body, header }) =>
      service.reserveSeat(deps, actor, { sessionId: params.sessionId, ...body, idempotencyKey: idempotencyKeyOf(header, true) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/session-reservations/:sessionId',
    operationId: 'listSessionReservations',
    summary: 'Who is booked and waiting for a session (its coordinators and partners)',
    tags,
    auth: 'signedIn',
    params: sessionIdParams,
    query: sessionReservationsQuery,
    response: {
      status: 200,
      description: 'Places first, then the waitlist in order, then cancellations',
      schema: z.object({ items: z.array(reservationView), nextCursor: z.optional(z.string()), session: z.object({ capacity: z.number(), confirmed: z.number(), waitlisted: z.number() }) }),
    },
    errors: [403, 404],
    handler: async ({ deps, actor, params, query }) => paged(await service.listSessionReservations(deps, actor, params.sessionId), query),
  }),
  defineRoute({
    method: 'delete',
    path: '/api/reservations/:id',
    operationId: 'cancelReservation',
    summary: 'Give up a place or a waiting place (the person, whoever booked it, or the activity’s coordinators)',
    tags,
    auth: 'signedIn',
    params: reservationParams,
    response: { status: 200, description: 'The cancelled reservation', schema: reservationView },
    errors: [404, 409, 503],
    handler: ({ deps, actor, params }) => service.cancelReservation(deps, actor, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/api/reservations/:id/accept',
    operationId: 'acceptOffer',
    summary: 'Accept a place offered from the waitlist before its hold runs out',
    tags,
    auth: 'signedIn',
    params: reservationParams,
    response: { status: 200, description: 'The confirmed reservation', schema: reservationView },
    errors: [404, 409, 422],
    handler: ({ deps, actor, params }) => service.acceptOffer(deps, actor, params.id),
  }),
  defineRoute({
    method: 'get',
    path: '/api/my-reservations',
    operationId: 'listMyReservations',
    summary: 'My bookings, soonest first, with waitlist positions and offers',
    tags,
    auth: 'signedIn',
    query: myReservationsQuery,
    response: { status: 200, description: 'Your bookings', schema: z.object({ items: z.array(reservationView), nextCursor: z.optional(z.string()) }) },
    handler: ({ deps, actor, query }) => service.listMyReservations(deps, actor, query.includePast ?? false, query),
  }),
  defineRoute({
    method: 'post',
    path: '/api/courses/:activityId/reservations',
    operationId: 'reserveCourse',
    summary: 'Book every upcoming session of a course: all or nothing, or the ones with places',
    tags,
    auth: 'signedIn',
    params: activityIdParams,
    body: courseBody,
    headers: [idempotencyHeader(false)],
    response: { status: 201, description: 'What was booked and what was not', schema: courseResult },
    errors: [403, 404, 409, 422],
    handler: ({ deps, actor, params, body, header }) => service.reserveCourse(deps, actor, params.activityId, body, idempotencyKeyOf(header)),
  }),
];

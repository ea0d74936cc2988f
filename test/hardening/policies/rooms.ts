import type { FixtureContext, Policy } from '../policy';
import { hubH1, hubH2 } from '../world';

/** The hub the role coordinates ('own') or one it does not ('other'); roles that coordinate none get Oak Road / St Mary's. */
const hubFor = ({ w, who, whose }: FixtureContext) => {
  const owner = w.managed(who, whose);
  return owner.kind === 'hub' ? owner.id : whose === 'own' ? hubH1 : hubH2;
};
const coordinators = ['coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;
/** Who can request a room: residents' groups, partners, and the hub's own coordinators. */
const requesters = ['resident', 'volunteer', 'partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'] as const;

/** A booking of the role's own (they requested it), or in their hub for coordinators; 'other': somebody else's elsewhere. */
async function bookingFor(ctx: FixtureContext): Promise<string> {
  const { w, who, whose } = ctx;
  const f = w.factories;
  if (whose === 'own' && (who === 'resident' || who === 'volunteer' || who === 'partner')) return f.roomBooking(w.as[who], hubH1);
  return f.roomBooking(w.others.resident2, hubFor(ctx));
}

export const roomPolicies: Policy[] = [
  { operationId: 'listRooms', allowed: ['everyone'], request: async () => ({ query: { hubId: hubH1 } }) },
  { operationId: 'getRoom', allowed: ['everyone'], request: async ({ w }) => ({ params: { roomId: await w.factories.room(hubH1) } }) },
  {
    operationId: 'createRoom',
    allowed: [...coordinators],
    othersAllowed: ['admin'],
    request: async (ctx) => ({
      body: { hubId: hubFor(ctx), name: `Room ${ctx.w.seq()}`, capacity: 20, facilities: [], openingHours: [{ day: 'mon', opens: '09:00', closes: '17:00' }], setupMinutes: 0, cleardownMinutes: 0 },
    }),
  },
  {
    operationId: 'updateRoom',
    allowed: [...coordinators],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { roomId: await ctx.w.factories.room(hubFor(ctx), true) }, body: { description: 'Freshly painted' } }),
  },
  {
    operationId: 'getRoomAvailability',
    allowed: ['everyone'],
    request: async ({ w }) => ({ params: { roomId: await w.factories.room(hubH1) }, query: { from: w.inDays(1), to: w.inDays(7) } }),
  },
  {
    operationId: 'checkRoomBooking',
    allowed: ['everyone'],
    request: async ({ w }) => ({ params: { roomId: await w.factories.room(hubH1) }, body: w.factories.slot() }),
  },
  {
    operationId: 'requestRoomBooking',
    allowed: [...requesters],
    othersAllowed: ['resident', 'volunteer', 'partner', 'admin'],
    note: "a coordinator books their own hub's rooms as the hub, not other hubs' (they are neither a partner nor a residents' group)",
    request: async (ctx) => ({
      params: { roomId: await ctx.w.factories.room(hubFor(ctx)) },
      body: { ...ctx.w.factories.slot(), purpose: 'Coffee morning', expectedAttendance: 8, ...(ctx.who === 'partner' ? {} : { groupName: 'Friends of the park' }) },
    }),
  },
  {
    operationId: 'listRoomBookings',
    allowed: [...coordinators],
    othersAllowed: ['admin'],
    note: "the hub's approvals queue; `mine=true` lists only the caller's own requests",
    request: async (ctx) => ({ query: { hubId: hubFor(ctx) } }),
  },
  {
    operationId: 'getRoomBooking',
    allowed: ['resident', 'volunteer', 'partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { bookingId: await bookingFor(ctx) } }),
  },
  {
    operationId: 'approveRoomBooking',
    allowed: [...coordinators],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { bookingId: await ctx.w.factories.roomBooking(ctx.w.others.resident2, hubFor(ctx)) } }),
  },
  {
    operationId: 'declineRoomBooking',
    allowed: [...coordinators],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { bookingId: await ctx.w.factories.roomBooking(ctx.w.others.resident2, hubFor(ctx)) }, body: { reason: 'The hall is being painted' } }),
  },
  {
    operationId: 'cancelRoomBooking',
    allowed: ['resident', 'volunteer', 'partner', 'coordinatorOfHub', 'coordinatorOfOtherHub', 'admin'],
    othersAllowed: ['admin'],
    request: async (ctx) => ({ params: { bookingId: await bookingFor(ctx) }, body: { scope: 'rest' } }),
  },
];

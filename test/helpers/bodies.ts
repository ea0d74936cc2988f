/**
 * Request bodies the API tests send, as factories with overrides: typed as the operation takes them, so a
 * test that means to send something malformed says so by sending it raw (`platform.call`).
 */
import { demoIds } from '../../functions/local/seed/ids';
import type { OperationId } from '../../functions/routes';
import type { InputOf } from '../../web/src/api';

/** What an operation takes as its body. */
export type Body<K extends OperationId> = InputOf<K> extends { body?: infer B } ? NonNullable<B> : never;

/** A new activity at the demo coordinator's hub, run by Age Well: free, booked in advance, 12 places. */
export const newActivity = (over: Partial<Body<'createActivity'>> = {}): Body<'createActivity'> => ({
  title: 'Knit and Natter',
  description: 'Bring your knitting or learn from scratch; wool and needles provided.',
  organisationId: demoIds.organisations.ageWell,
  hubId: demoIds.hubs.oakRoadCentre,
  priorities: ['social-isolation'],
  cost: { kind: 'free' },
  booking: { mode: 'reserve', defaultCapacity: 12 },
  ...over,
});

import type { ComponentChildren } from 'preact';
import type { Cost, UpcomingSession } from '../../../../functions/directory/schema';
import { metresPerMile } from '../../../../functions/lib/units';
import { type Load, useApi } from '../../components/load';
import { shortListQuery } from './find-query';

/** Pieces the directory's pages share: cost and places in plain words, the priority and hub lists. */

export function describeCost(cost: Cost): string {
  if (cost.kind === 'free') return 'Free';
  if (cost.kind === 'pay-what-you-can') return cost.suggestedPence ? `Pay what you can (suggested ${pounds(cost.suggestedPence)})` : 'Pay what you can';
  return `${pounds(cost.pence)}${cost.per ? ` per ${cost.per}` : ''}`;
}

export const pounds = (pence: number) => (pence % 100 === 0 ? `£${pence / 100}` : `£${(pence / 100).toFixed(2)}`);

export function describePlaces(s: Pick<UpcomingSession, 'availability' | 'placesLeft'>): string {
  if (s.availability === 'drop-in') return 'Drop in, no need to book';
  if (s.availability === 'full') return 'Full: you can join the waiting list';
  if (s.placesLeft !== undefined) return `${s.placesLeft} ${s.placesLeft === 1 ? 'place' : 'places'} left`;
  return s.availability === 'few-places' ? 'Only a few places left' : 'Places available';
}

export const bookingWords = { 'drop-in': 'Drop in, no need to book', reserve: 'Reserve a place', 'referral-only': 'By referral only (ask your GP practice or a link worker)' } as const;

/** How far away a place is, in miles as people in the UK say it: "0.8 miles away". */
export function describeDistance(metres: number): string {
  const miles = metres / metresPerMile;
  if (miles < 0.1) return 'Less than 0.1 miles away';
  const rounded = miles < 10 ? Math.round(miles * 10) / 10 : Math.round(miles);
  return `${rounded} ${rounded === 1 ? 'mile' : 'miles'} away`;
}

export function describeAges(ageMin: number, ageMax: number): string {
  if (ageMin <= 0 && ageMax >= 120) return 'All ages';
  if (ageMax >= 120) return `${ageMin} and over`;
  if (ageMin <= 0) return `Up to ${ageMax}`;
  return `${ageMin} to ${ageMax}`;
}

export function Fact({ term, children }: { term: string; children?: ComponentChildren }) {
  return (
    <div class="fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export interface Named {
  id: string;
  label: string;
}

/** A list the forms offer (priorities, hubs, organisations): undefined while it loads, empty if it could not be loaded. */
function named<T extends { id: string }>([load]: [Load<{ items: T[] }>, unknown], label: (item: T) => string): Named[] | undefined {
  if (load.state === 'loading') return undefined;
  return load.state === 'ready' ? load.data.items.map((i) => ({ id: i.id, label: label(i) })) : [];
}

export const usePriorities = () => named(useApi('listPriorities', { query: shortListQuery }), (p) => p.label);
export const useHubs = () => named(useApi('listHubs', { query: shortListQuery }), (h) => h.name);
export const useOrganisations = () => named(useApi('listOrganisations', { query: shortListQuery }), (o) => o.name);

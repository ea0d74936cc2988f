import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Cost, UpcomingSession } from '../../../../functions/directory/schema';
import { api } from '../../api';

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

/** A list the forms offer (priorities, hubs, organisations), loaded once per page. */
export function useList(path: string, label: (item: Record<string, unknown>) => string): Named[] | undefined {
  const [items, setItems] = useState<Named[] | undefined>(undefined);
  useEffect(() => {
    const abort = new AbortController();
    api<{ items: Record<string, unknown>[] }>(path, { query: { limit: 100 }, signal: abort.signal })
      .then((body) => setItems(body.items.map((i) => ({ id: String(i.id), label: label(i) }))))
      .catch(() => !abort.signal.aborted && setItems([]));
    return () => abort.abort();
  }, [path]);
  return items;
}

export const usePriorities = () => useList('/priorities', (p) => String(p.label));
export const useHubs = () => useList('/hubs', (h) => String(h.name));
export const useOrganisations = () => useList('/organisations', (o) => String(o.name));

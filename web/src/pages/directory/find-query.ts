import type { InputOf } from '../../api';

/**
 * The directory's filters as the address holds them (?priority=carers,dementia&day=tue) and as the API is
 * asked: shared by the page and by the entry code that starts the first read early (pages/directory/early.ts),
 * so both ask exactly the same question.
 */
export const listKeys = ['priority', 'day', 'timeOfDay', 'access'] as const;
export const singleKeys = ['q', 'postcode', 'latitude', 'longitude', 'miles', 'hub', 'from', 'to', 'age', 'booking', 'free'] as const;
/** The filters that say where from (a search near a place): shown beside the words, not among "More filters". */
export const nearKeys = ['postcode', 'latitude', 'longitude', 'miles'] as const;
export type Filters = Record<(typeof listKeys)[number], string[]> & Record<(typeof singleKeys)[number], string>;

export function filtersFrom(query: Record<string, string>): Filters {
  const f = {} as Filters;
  for (const k of listKeys) f[k] = (query[k] ?? '').split(',').filter(Boolean);
  for (const k of singleKeys) f[k] = query[k] ?? '';
  return f;
}

export function queryOf(f: Filters): string {
  const params = new URLSearchParams();
  for (const k of listKeys) if (f[k].length) params.set(k, f[k].join(','));
  for (const k of singleKeys) if (f[k]) params.set(k, f[k]);
  return params.toString();
}

/**
 * The filters as the API's query. They come from the address, which a person can edit: the API checks them
 * and the form shows its field errors, so they are passed on as they are.
 */
export const searchOf = (key: string) => Object.fromEntries(new URLSearchParams(key)) as InputOf<'listActivities'>['query'];

/** How many results the first page shows. */
export const firstPageSize = 20;

/** The first page's question, from the address's query. */
export const firstPageQuery = (query: Record<string, string>) => ({ ...searchOf(queryOf(filtersFrom(query))), limit: firstPageSize });

/** A short list read whole to name things (priorities, hubs, organisations): the same question wherever it is asked, so an early read serves it. */
export const shortListQuery = { limit: 100 };

/**
 * Item mapping between a domain's records and the table: the key and index attributes and the item type are
 * the table's, the rest is the record. The domains' data.ts map through these (reminders' and privacy's data.ts
 * strip the same attributes with their own helpers; the local dev mailbox's items keep theirs), so a record
 * never carries a key out.
 */
export const keyAttributes = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'type'] as const;

/** A stored item as its record: without the key, index and type attributes (and any `also` named). */
export function strip<T>(item: Record<string, unknown>, also: readonly string[] = []): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) if (!(keyAttributes as readonly string[]).includes(k) && !also.includes(k)) out[k] = v;
  return out as T;
}

/** A record as an item: its key, its type and any index attributes, then the record itself. */
export const toItem = <R extends object>(key: { pk: string; sk: string }, type: string, record: R, indexes: Record<string, string | undefined> = {}) => ({ ...key, ...indexes, type, ...record });

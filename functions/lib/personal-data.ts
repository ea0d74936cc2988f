import type { Actor } from './actor';
import type { AppDeps } from './deps';

/**
 * The personal-data registry's vocabulary. Every item type in the table is declared once, by the domain
 * that owns it (its `personal-data.ts`, beside its data.ts): either personal, with how it is exported,
 * erased and kept, or not personal, with why not. Subject access (export), erasure and the README's
 * privacy section all read the one list (functions/privacy/registry.ts); a test scans the table and fails
 * on an item no entry declares, or on personal data in an item declared not personal.
 */
export interface ItemTypeInfo {
  /** a stable name for the item type (the export's keys): `profile`, `volunteerApplication` */
  name: string;
  /** the item type in the users' words, for the README and the export page */
  label: string;
  /** the domain whose data.ts writes it */
  owner: string;
  /** matches `<pk> <sk>` of every item of this type (and of no other) */
  key: RegExp;
}

export interface Erasure {
  deps: AppDeps;
  /** the admin erasing (the audit trail names them) */
  actor: Actor;
  personId: string;
  now: Date;
}

export interface PersonalItemType extends ItemTypeInfo {
  personal: true;
  /** what personal data items of this type hold */
  holds: string;
  /** what erasure does to them: removes, anonymises, or keeps (and why) */
  erasure: string;
  /** how long they are kept when nobody asks for erasure */
  retention: string;
  /** every item of this type about the person, as the export shows them (keys left out) */
  collect(deps: AppDeps, personId: string): Promise<Record<string, unknown>[]>;
  /** removes or anonymises the person's items; answers how many items it changed. Repeating it changes nothing. */
  erase(e: Erasure): Promise<number>;
}

export interface OtherItemType extends ItemTypeInfo {
  personal: false;
  /** why it holds no personal data (or only an id that expires with it) */
  why: string;
}

export type ItemType = PersonalItemType | OtherItemType;

/** The table's own attributes, left out of what a person is shown. */
const keyAttributes = new Set(['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'type', 'expiresAt']);
export const withoutKeys = (item: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(item)
      .filter(([k]) => !keyAttributes.has(k))
      .map(([k, v]) => [k, v instanceof Set ? [...v] : v]),
  );

/** What an erased person's id is replaced with where an item must keep someone's id (room bookings, hours). */
export const erasedPerson = 'erased-person';

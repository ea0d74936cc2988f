import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Db } from './db';
import { cancellationReasons, withRetry } from './dynamo-errors';

/** One write of a transaction (Put, Update, Delete or ConditionCheck), as lib-dynamodb takes it. */
export type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** A transaction's item with what it stands for in the domain ('session', 'reservation', 'idempotency'…). */
export interface RoledItem<Role extends string> {
  role: Role;
  item: TransactItem;
}

/**
 * A transaction's outcome: written, or refused by its conditions, saying whose conditions failed and, for an
 * item that asked for it (ReturnValuesOnConditionCheckFailure: 'ALL_OLD'), the item as it was. The caller
 * turns that into its own refusal (a full session, a repeated request) without reading again.
 */
export type TransactOutcome<Role extends string> = { ok: true } | { ok: false; refusedBy: Role[]; found: Partial<Record<Role, Record<string, unknown>>> };

/**
 * Writes the items in one transaction, retrying throttles and conflicts (withRetry). A refusal by a condition
 * is an answer, not an error; anything else is thrown.
 */
export async function transactWrite<Role extends string>(
  db: Db,
  items: RoledItem<Role>[],
  retry: { attempts: number; baseMs: number; capMs: number } = { attempts: 5, baseMs: 20, capMs: 400 },
): Promise<TransactOutcome<Role>> {
  try {
    await withRetry(() => db.doc.send(new TransactWriteCommand({ TransactItems: items.map((i) => i.item) })), retry.attempts, retry.baseMs, retry.capMs);
    return { ok: true };
  } catch (err) {
    const reasons = cancellationReasons(err);
    if (!reasons?.includes('ConditionalCheckFailed')) throw err;
    const returned = (err as { CancellationReasons?: { Item?: Record<string, unknown> }[] }).CancellationReasons ?? [];
    const refusedBy: Role[] = [];
    const found: Partial<Record<Role, Record<string, unknown>>> = {};
    items.forEach(({ role }, i) => {
      if (reasons[i] !== 'ConditionalCheckFailed') return;
      refusedBy.push(role);
      const item = returnedItem(returned[i]?.Item);
      if (item) found[role] = item;
    });
    return { ok: false, refusedBy, found };
  }
}

/** Items with their roles, in order: `roled(items, ['shift', 'signUp', 'record'])`; an item past the roles is 'other'. */
export const roled = <Role extends string>(items: readonly object[], roles: readonly Role[]): RoledItem<Role | 'other'>[] =>
  items.map((item, i) => ({ role: roles[i] ?? 'other', item: item as TransactItem }));

/** A refusal no domain answer covers, carried up as an error (a fault: the caller expected none). */
export class Refused extends Error {
  constructor(readonly refusedBy: string[]) {
    super(`a transaction was refused by its ${refusedBy.join(', ')} condition`);
    this.name = 'Refused';
  }
}

/** Was this error a transaction refused by the condition of the item with this role? */
export const refusedBy = (err: unknown, role: string): boolean => err instanceof Refused && err.refusedBy.includes(role);

/** The item a failed condition returns (ReturnValuesOnConditionCheckFailure), which comes back marshalled. */
export function returnedItem(item: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!item) return undefined;
  const marshalled = Object.values(item).every(
    (v) => v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Set) && Object.keys(v).length === 1 && /^(S|N|B|SS|NS|BS|M|L|NULL|BOOL)$/.test(Object.keys(v)[0]!),
  );
  return marshalled ? unmarshall(item as Record<string, AttributeValue>) : item;
}

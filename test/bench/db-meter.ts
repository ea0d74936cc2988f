import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** What one DynamoDB client sent: requests (commands, by name) and the capacity DynamoDB says they consumed. */
export interface DbWork {
  requests: number;
  /** extra attempts the SDK's retry made on top of `requests` */
  retries: number;
  readUnits: number;
  writeUnits: number;
  byCommand: Record<string, number>;
}

export interface DbMeter {
  /** work since the meter was made */
  total(): DbWork;
  /** counts only the work `fn` causes (nothing else may use the client meanwhile) */
  during<T>(fn: () => Promise<T>): Promise<{ result: T; work: DbWork }>;
}

const readCommands = /^(Get|BatchGet|TransactGet|Query|Scan|ExecuteStatement|BatchExecuteStatement)/;
const emptyWork = (): DbWork => ({ requests: 0, retries: 0, readUnits: 0, writeUnits: 0, byCommand: {} });

interface Consumed {
  CapacityUnits?: number;
  ReadCapacityUnits?: number;
  WriteCapacityUnits?: number;
}

/**
 * Adds a middleware to the client's stack that asks DynamoDB for ReturnConsumedCapacity: 'TOTAL' on every
 * command and adds up what comes back. (The document client shares its stack with the client under it.)
 * Commands that take no such parameter drop it when serialised.
 */
export function meterDb(doc: DynamoDBDocumentClient): DbMeter {
  const work = emptyWork();
  doc.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as Record<string, unknown>;
      input.ReturnConsumedCapacity = 'TOTAL';
      const command = String(context.commandName ?? 'Unknown').replace(/Command$/, '');
      work.requests++;
      work.byCommand[command] = (work.byCommand[command] ?? 0) + 1;
      const result = await next(args);
      const output = result.output as { ConsumedCapacity?: Consumed | Consumed[]; $metadata?: { attempts?: number } };
      work.retries += Math.max(0, (output.$metadata?.attempts ?? 1) - 1);
      const consumed = ([] as Consumed[]).concat(output.ConsumedCapacity ?? []);
      let units = consumed.reduce((sum, c) => sum + (c.CapacityUnits ?? (c.ReadCapacityUnits ?? 0) + (c.WriteCapacityUnits ?? 0)), 0);
      if (command.startsWith('Transact')) units = Math.max(units, transactionFloor(input.TransactItems));
      if (readCommands.test(command)) work.readUnits += units;
      else work.writeUnits += units;
      return result;
    },
    { step: 'initialize', name: 'benchDbMeter', override: true },
  );
  const total = () => ({ ...work, byCommand: { ...work.byCommand } });
  return {
    total,
    async during(fn) {
      const before = total();
      const result = await fn();
      return { result, work: subtract(total(), before) };
    },
  };
}

/**
 * DynamoDB Local reports a transaction's capacity as if it held only its first item (measured: TransactWriteItems
 * of two small Puts reports 2 units, where AWS charges 4). AWS charges every item of a transaction double: at least
 * 2 units an item, and 2 more for each index a Put item writes to. The meter takes the larger of the two.
 * (Items over 1 KB, or 4 KB for reads, still count only as far as DynamoDB Local reports them.)
 */
export function transactionFloor(items: unknown): number {
  if (!Array.isArray(items)) return 0;
  return items.reduce((sum: number, t: { Put?: { Item?: Record<string, unknown> } }) => {
    const indexes = Object.keys(t.Put?.Item ?? {}).filter((k) => /^gsi\d+pk$/.test(k)).length;
    return sum + 2 * (1 + indexes);
  }, 0);
}

export function subtract(a: DbWork, b: DbWork): DbWork {
  const byCommand: Record<string, number> = {};
  for (const [k, v] of Object.entries(a.byCommand)) if (v - (b.byCommand[k] ?? 0) > 0) byCommand[k] = v - (b.byCommand[k] ?? 0);
  return {
    requests: a.requests - b.requests,
    retries: a.retries - b.retries,
    readUnits: round(a.readUnits - b.readUnits),
    writeUnits: round(a.writeUnits - b.writeUnits),
    byCommand,
  };
}

const round = (n: number) => Math.round(n * 1000) / 1000;

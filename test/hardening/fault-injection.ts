import type { Db } from '../../functions/lib/db';

/**
 * A fault-injecting DynamoDB client: middleware on the document client's stack that, while enabled, makes
 * `rate` of the calls fail the way DynamoDB does under load: throttling, transaction conflicts, a timeout
 * before the request, and a timeout AFTER the write succeeded (the client never hears it worked).
 * No database is mocked: every call that is not failed goes to DynamoDB Local as usual.
 */
export type FaultKind = 'throttling' | 'transactionConflict' | 'timeoutBefore' | 'timeoutAfterWrite';
export const faultKinds: FaultKind[] = ['throttling', 'transactionConflict', 'timeoutBefore', 'timeoutAfterWrite'];

export interface FaultInjector {
  enable(rate: number): void;
  disable(): void;
  injected: Record<FaultKind, number>;
  calls: number;
  total(): number;
}

const writes = new Set([
  'PutCommand',
  'UpdateCommand',
  'DeleteCommand',
  'TransactWriteCommand',
  'BatchWriteCommand',
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

function awsError(name: string, message: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { name, $fault: 'server', $metadata: { httpStatusCode: name === 'TimeoutError' ? undefined : 400 }, ...extra });
}

export function injectFaults(db: Db, random: () => number = Math.random): FaultInjector {
  let rate = 0;
  // one call in the first 1/rate is failed for sure, so a small burst cannot pass with no fault by chance
  let forced = -1;
  const injector: FaultInjector = {
    enable: (r) => {
      rate = r;
      forced = injector.calls + Math.floor(random() / r);
    },
    disable: () => void (rate = 0),
    injected: { throttling: 0, transactionConflict: 0, timeoutBefore: 0, timeoutAfterWrite: 0 },
    calls: 0,
    total: () => Object.values(injector.injected).reduce((a, b) => a + b, 0),
  };
  db.doc.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context as { commandName?: string }).commandName ?? '';
      if (rate === 0 || command === 'ScanCommand') return next(args);
      const call = injector.calls++;
      if (random() >= rate && call !== forced) return next(args);
      const kinds = faultKinds.filter((k) => (k === 'timeoutAfterWrite' ? writes.has(command) : k === 'transactionConflict' ? command.startsWith('Transact') : true));
      const kind = kinds[Math.floor(random() * kinds.length)]!;
      injector.injected[kind]++;
      switch (kind) {
        case 'throttling':
          throw awsError('ThrottlingException', 'Rate of requests exceeds the allowed throughput.');
        case 'transactionConflict':
          throw awsError('TransactionCanceledException', 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]', {
            CancellationReasons: ((args.input as { TransactItems?: unknown[] }).TransactItems ?? [{}]).map((_, i) => ({ Code: i === 0 ? 'TransactionConflict' : 'None' })),
          });
        case 'timeoutBefore':
          throw awsError('TimeoutError', 'Connection timed out after 1000 ms');
        case 'timeoutAfterWrite':
          await next(args);
          throw awsError('TimeoutError', 'Socket timed out without establishing a connection');
      }
    },
    { step: 'initialize', name: 'hardeningFaultInjection', override: true },
  );
  return injector;
}

/** What a client may never see in an answer: stack traces, AWS error names, SDK internals. */
export const internals =
  /ThrottlingException|TransactionCanceled|TransactionConflict|TimeoutError|ConditionalCheckFailed|ProvisionedThroughput|ECONNREFUSED|ECONNRESET|\bat [\w.<>]+ \(|node_modules|aws-sdk|DynamoDB/;

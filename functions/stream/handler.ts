import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { AppDeps } from '../lib/deps';

/** One changed item, unmarshalled: what a stream consumer sees. */
export interface StreamChange {
  eventId: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** the record's place in the stream: later changes to the same item have larger numbers */
  sequenceNumber?: string;
  newImage?: Record<string, unknown>;
  oldImage?: Record<string, unknown>;
}

/**
 * A piece of asynchronous work driven by table changes (deliver outbox messages, promote from a waitlist,
 * keep report aggregates). Each must be safe to run twice for the same change: streams deliver at least once.
 */
export interface StreamConsumer {
  name: string;
  wants(change: StreamChange): boolean;
  handle(change: StreamChange, deps: AppDeps): Promise<void>;
}

/**
 * The stream handler Lambda runs, and the local poller calls, this same function.
 * Records are processed in order; the first failure stops the batch and is reported so that
 * only it and later records are retried (ReportBatchItemFailures).
 */
export function createStreamHandler(deps: AppDeps, consumers: StreamConsumer[]) {
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    for (const record of event.Records) {
      const change = toChange(record);
      try {
        for (const consumer of consumers) if (consumer.wants(change)) await consumer.handle(change, deps);
      } catch (err) {
        deps.log.error('stream record failed', { eventId: change.eventId, error: String(err) });
        return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? change.eventId }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

function toChange(record: DynamoDBStreamEvent['Records'][number]): StreamChange {
  const image = (i: unknown) => (i ? unmarshall(i as Record<string, AttributeValue>) : undefined);
  return {
    eventId: record.eventID ?? '',
    eventName: record.eventName ?? 'MODIFY',
    ...(record.dynamodb?.SequenceNumber ? { sequenceNumber: record.dynamodb.SequenceNumber } : {}),
    newImage: image(record.dynamodb?.NewImage),
    oldImage: image(record.dynamodb?.OldImage),
  };
}

import { randomUUID } from 'node:crypto';
import { type DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { fenceKey, pollPace, repairEmptyMaps, streamsApi } from '../../functions/local/stream-poller';
import type { Iam } from './iam';
import type { LambdaFunction, LambdaService } from './lambda';
import type { Templates } from './template';

type StreamRecord = DynamoDBStreamEvent['Records'][number];

/**
 * The Lambda event source mapping on the table's stream, as the template configures it: batches of up to
 * BatchSize records gathered for up to MaximumBatchingWindowInSeconds, each with the eventSourceARN; a function
 * error splits the batch in two when BisectBatchOnFunctionError is on; with ReportBatchItemFailures the batch is
 * retried from the lowest sequence number reported (an empty or unknown identifier fails the whole batch); after
 * MaximumRetryAttempts retries (or past MaximumRecordAgeInSeconds) the records are given up and the batch's
 * description goes to the on-failure destination, and the shard moves on. Lambda reads the stream with the
 * function's execution role, so the role's stream permissions are checked before the first read.
 *
 * Fence items (functions/local/stream-poller.ts) are the rehearsal's own: they mark a point in the stream so
 * `idle()` knows everything before it has been handled; they never reach the function.
 */

export interface FailedBatch {
  /** the on-failure destination's ARN (an SQS queue) */
  destination: string;
  /** what Lambda sends there */
  message: {
    requestContext: { requestId: string; functionArn: string; condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded'; approximateInvokeCount: number };
    responseContext: { statusCode: number; executedVersion: string; functionError: string };
    version: '1.0';
    timestamp: string;
    DDBStreamBatchInfo: {
      shardId: string;
      startSequenceNumber: string;
      endSequenceNumber: string;
      approximateArrivalOfFirstRecord: string;
      approximateArrivalOfLastRecord: string;
      batchSize: number;
      streamArn: string;
    };
  };
}

export interface MappingSettings {
  batchSize: number;
  batchingWindowMs: number;
  bisect: boolean;
  maxRetries: number;
  maxRecordAgeSeconds: number;
  reportBatchItemFailures: boolean;
  onFailure?: string;
  startingPosition: string;
}

export interface EventSourceOptions {
  templates: Templates;
  lambda: LambdaService;
  iam: Iam;
  client: DynamoDBClient;
  endpoint: string;
  tableName: string;
  streamArn: string;
  log: (line: string) => void;
  /** hand nothing written before start to the function (a table restored from a snapshot) */
  skipExisting?: boolean;
  /** only for tests that must not wait: overrides the template's batching window */
  batchingWindowMs?: number;
  pollIntervalMs?: number;
  /** pause before a retry, ms per attempt (Lambda backs off; the rehearsal keeps it short) */
  retryDelayMs?: number;
  /** sees each batch before the function does (tests index the outbox messages it carries) */
  observe?: (records: StreamRecord[]) => void;
}

interface Item {
  record?: StreamRecord;
  fence?: number;
  arrived: number;
}

export class StreamEventSource {
  readonly fn: LambdaFunction;
  readonly streamArn: string;
  readonly settings: MappingSettings;
  readonly failedBatches: FailedBatch[] = [];
  /** invocations of the function, and records handed over (a retried record counts each time) */
  readonly stats = { invocations: 0, failedInvocations: 0, recordsDelivered: 0, recordsDiscarded: 0 };
  private streams: ReturnType<typeof streamsApi>;
  private iterators = new Map<string, string | undefined>();
  private finished = new Set<string>();
  private buffers = new Map<string, Item[]>();
  private running = true;
  private loop?: Promise<void>;
  private handled = 0;
  private fenceSeen = 0;
  private fenceWaiters = new Map<number, () => void>();
  private skipUntil = 0;
  private pace: ReturnType<typeof pollPace>;
  /** sees each batch before the function does */
  observe?: (records: StreamRecord[]) => void;

  constructor(private opts: EventSourceOptions) {
    this.observe = opts.observe;
    const { templates } = opts;
    const mappings = templates.ofType('AWS::Lambda::EventSourceMapping').filter(({ resource, stack }) => templates.resolve(resource.Properties?.EventSourceArn, stack) === opts.streamArn);
    if (mappings.length !== 1) throw new Error(`Expected one event source mapping on ${opts.streamArn}, found ${mappings.length}`);
    const { resource, stack } = mappings[0]!;
    const p = resource.Properties!;
    this.fn = opts.lambda.byReference(p.FunctionName);
    this.streamArn = opts.streamArn;
    this.settings = {
      batchSize: Number(p.BatchSize ?? 100),
      batchingWindowMs: opts.batchingWindowMs ?? Number(p.MaximumBatchingWindowInSeconds ?? 0) * 1000,
      bisect: p.BisectBatchOnFunctionError === true,
      maxRetries: p.MaximumRetryAttempts === undefined || p.MaximumRetryAttempts === -1 ? Infinity : Number(p.MaximumRetryAttempts),
      maxRecordAgeSeconds: p.MaximumRecordAgeInSeconds === undefined || p.MaximumRecordAgeInSeconds === -1 ? Infinity : Number(p.MaximumRecordAgeInSeconds),
      reportBatchItemFailures: (p.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
      startingPosition: String(p.StartingPosition ?? 'LATEST'),
      ...(p.DestinationConfig?.OnFailure?.Destination ? { onFailure: templates.resolve(p.DestinationConfig.OnFailure.Destination, stack) } : {}),
    };
    this.streams = streamsApi(opts.endpoint);
    this.pace = pollPace(opts.pollIntervalMs);
  }

  async start() {
    // Lambda polls the stream as the function's role: without these the mapping never reads a record.
    const needed = [
      { action: 'dynamodb:DescribeStream', resource: this.opts.streamArn },
      { action: 'dynamodb:GetShardIterator', resource: this.opts.streamArn },
      { action: 'dynamodb:GetRecords', resource: this.opts.streamArn },
      { action: 'dynamodb:ListStreams', resource: '*' },
    ];
    for (const request of needed) {
      const denial = await this.opts.iam.check(this.fn.principal, request);
      if (denial) throw new Error(`The stream's event source mapping cannot read the stream: AccessDenied for ${this.fn.id}: ${denial.message}`);
    }
    if (this.opts.skipExisting) this.skipUntil = await this.writeFence();
    this.loop = this.run();
  }

  private async writeFence(): Promise<number> {
    const { Attributes } = await this.opts.client.send(
      new UpdateItemCommand({
        TableName: this.opts.tableName,
        Key: { pk: { S: fenceKey.pk }, sk: { S: fenceKey.sk } },
        UpdateExpression: 'ADD n :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(Attributes?.n?.N);
  }

  private fenceOf(r: StreamRecord): number | undefined {
    return r.dynamodb?.Keys?.pk?.S === fenceKey.pk ? Number(r.dynamodb?.NewImage?.n?.N ?? 0) : undefined;
  }

  private markFence(n: number) {
    this.fenceSeen = Math.max(this.fenceSeen, n);
    for (const [waiting, resolve] of this.fenceWaiters) if (waiting <= this.fenceSeen) this.fenceWaiters.delete(waiting), resolve();
  }

  /** Resolves once every record written before the call has been handled, and everything those caused. */
  async idle() {
    for (;;) {
      const before = this.handled;
      const fence = await this.writeFence();
      this.pace.wake();
      await new Promise<void>((resolve) => (this.fenceSeen >= fence || !this.running ? resolve() : this.fenceWaiters.set(fence, resolve)));
      if (!this.running || this.handled === before) return;
    }
  }

  /** New shards, at the pace pollPace sets. */
  private async discover() {
    if (!this.pace.discoverNow()) return;
    const { StreamDescription } = await this.streams<{ StreamDescription?: { Shards?: { ShardId: string }[] } }>('DescribeStream', { StreamArn: this.opts.streamArn });
    for (const { ShardId } of StreamDescription?.Shards ?? []) {
      if (this.iterators.has(ShardId) || this.finished.has(ShardId)) continue;
      const type = this.settings.startingPosition === 'TRIM_HORIZON' || this.opts.skipExisting ? 'TRIM_HORIZON' : 'LATEST';
      const { ShardIterator } = await this.streams<{ ShardIterator?: string }>('GetShardIterator', { StreamArn: this.opts.streamArn, ShardId, ShardIteratorType: type });
      this.iterators.set(ShardId, ShardIterator);
      this.buffers.set(ShardId, []);
    }
  }

  private async read(): Promise<number> {
    await this.discover();
    let seen = 0;
    for (const [shardId, iterator] of this.iterators) {
      if (!iterator) continue;
      const { Records = [], NextShardIterator } = await this.streams<{ Records?: StreamRecord[]; NextShardIterator?: string }>('GetRecords', { ShardIterator: iterator, Limit: 1000 });
      this.iterators.set(shardId, NextShardIterator);
      seen += Records.length;
      const buffer = this.buffers.get(shardId)!;
      const arrived = Date.now();
      for (const record of Records) {
        const fence = this.fenceOf(record);
        if (this.skipUntil) {
          if (fence !== undefined && fence >= this.skipUntil) this.skipUntil = 0;
          if (fence !== undefined) this.markFence(fence);
          continue;
        }
        buffer.push(fence !== undefined ? { fence, arrived } : { record: { ...repairEmptyMaps(record), eventSourceARN: this.opts.streamArn }, arrived });
      }
    }
    return seen;
  }

  private async run() {
    while (this.running) {
      let seen = 0;
      try {
        seen = await this.read();
        await this.deliverReady();
      } catch (err) {
        if (this.running) this.opts.log(JSON.stringify({ level: 'warn', msg: 'rehearsal stream read failed', error: String(err) }));
      }
      for (const [shardId, iterator] of this.iterators) {
        if (!iterator && this.buffers.get(shardId)!.length === 0) this.iterators.delete(shardId), this.finished.add(shardId), this.pace.shardEnded();
      }
      await this.pace.rest({ seen, gathering: [...this.buffers.values()].some((b) => b.length > 0) });
    }
  }

  /** Each shard in order: fences pass once what precedes them is done; records go in batches. */
  private async deliverReady() {
    for (const [shardId, buffer] of this.buffers) {
      for (;;) {
        const head = buffer[0];
        if (!head) break;
        if (head.fence !== undefined) {
          buffer.shift();
          this.markFence(head.fence);
          continue;
        }
        const batch: Item[] = [];
        for (const item of buffer) {
          if (item.fence !== undefined || batch.length >= this.settings.batchSize) break;
          batch.push(item);
        }
        const full = batch.length >= this.settings.batchSize;
        const windowOver = Date.now() - head.arrived >= this.settings.batchingWindowMs;
        const closedByFence = buffer[batch.length]?.fence !== undefined && this.settings.batchingWindowMs === 0;
        if (!full && !windowOver && !closedByFence) break; // still gathering
        buffer.splice(0, batch.length);
        await this.deliver(
          shardId,
          batch.map((i) => i.record!),
          0,
        );
        this.handled += batch.length;
      }
    }
  }

  private async deliver(shardId: string, records: StreamRecord[], attempt: number): Promise<void> {
    if (records.length === 0) return;
    const tooOld = records.filter((r) => Date.now() / 1000 - Number(r.dynamodb?.ApproximateCreationDateTime ?? Date.now() / 1000) > this.settings.maxRecordAgeSeconds);
    if (tooOld.length) {
      await this.discard(shardId, tooOld, attempt, 'RecordAgeExceeded');
      records = records.filter((r) => !tooOld.includes(r));
      if (records.length === 0) return;
    }
    this.stats.invocations++;
    this.stats.recordsDelivered += records.length;
    this.observe?.(records);
    const result = await this.opts.lambda.invoke(this.fn, { Records: records }).catch((err: unknown) => ({
      error: { errorType: 'Rehearsal.InvokeError', errorMessage: String(err) },
      payload: undefined,
    }));
    let retry: StreamRecord[] | undefined;
    let bisect = false;
    if (result.error) {
      this.stats.failedInvocations++;
      retry = records;
      bisect = this.settings.bisect && records.length > 1;
      this.opts.log(JSON.stringify({ level: 'warn', msg: 'rehearsal stream batch failed', function: this.fn.name, attempt, records: records.length, error: result.error.errorMessage }));
    } else if (this.settings.reportBatchItemFailures) {
      const failures = (result.payload as { batchItemFailures?: { itemIdentifier?: unknown }[] } | null)?.batchItemFailures ?? [];
      if (failures.length) {
        const positions = failures.map((f) => records.findIndex((r) => typeof f.itemIdentifier === 'string' && f.itemIdentifier !== '' && r.dynamodb?.SequenceNumber === f.itemIdentifier));
        // An empty, missing or unknown identifier makes the whole batch a failure.
        retry = positions.some((i) => i < 0) ? records : records.slice(Math.min(...positions));
        this.stats.failedInvocations++;
      }
    }
    if (!retry) return;
    if (attempt >= this.settings.maxRetries) return this.discard(shardId, retry, attempt, 'RetryAttemptsExhausted');
    await new Promise((r) => setTimeout(r, (this.opts.retryDelayMs ?? 50) * (attempt + 1)));
    if (bisect) {
      const half = Math.ceil(retry.length / 2);
      await this.deliver(shardId, retry.slice(0, half), attempt + 1);
      await this.deliver(shardId, retry.slice(half), attempt + 1);
      return;
    }
    await this.deliver(shardId, retry, attempt + 1);
  }

  private async discard(shardId: string, records: StreamRecord[], attempt: number, condition: FailedBatch['message']['requestContext']['condition']) {
    this.stats.recordsDiscarded += records.length;
    const arrival = (r: StreamRecord) => new Date(Number(r.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
    const message: FailedBatch['message'] = {
      requestContext: { requestId: randomUUID(), functionArn: this.fn.arn, condition, approximateInvokeCount: attempt + 1 },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date().toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: String(records[0]!.dynamodb?.SequenceNumber),
        endSequenceNumber: String(records.at(-1)!.dynamodb?.SequenceNumber),
        approximateArrivalOfFirstRecord: arrival(records[0]!),
        approximateArrivalOfLastRecord: arrival(records.at(-1)!),
        batchSize: records.length,
        streamArn: this.opts.streamArn,
      },
    };
    this.opts.log(
      JSON.stringify({ level: 'error', msg: 'rehearsal stream records given up', function: this.fn.name, condition, records: records.length, destination: this.settings.onFailure ?? null }),
    );
    if (!this.settings.onFailure) return;
    // Lambda sends the failure record with the function's role.
    const action = this.settings.onFailure.startsWith('arn:aws:sqs:') ? 'sqs:SendMessage' : 'sns:Publish';
    const denial = await this.opts.iam.check(this.fn.principal, { action, resource: this.settings.onFailure });
    if (denial) {
      this.opts.log(JSON.stringify({ level: 'error', msg: 'rehearsal on-failure destination refused', message: denial.message }));
      return;
    }
    this.failedBatches.push({ destination: this.settings.onFailure, message });
  }

  async stop() {
    this.running = false;
    this.pace.wake();
    await this.loop;
    for (const resolve of this.fenceWaiters.values()) resolve();
    this.fenceWaiters.clear();
  }
}

import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { localCredentials, localRegion } from '../../functions/lib/db';
import { dynamoEndpoint } from './dynamo';
import type { TestPlatform } from './platform';

/** Every record on the table's stream so far, read with the same DynamoDB Streams JSON calls the local poller makes (to replay them). */
export async function readStream(platform: Pick<TestPlatform, 'deps'>): Promise<DynamoDBStreamEvent['Records']> {
  const url = await dynamoEndpoint();
  const client = new DynamoDBClient({ endpoint: url, region: localRegion, credentials: localCredentials });
  const { Table } = await client.send(new DescribeTableCommand({ TableName: platform.deps.db.tableName }));
  client.destroy();
  const authorization = `AWS4-HMAC-SHA256 Credential=${localCredentials.accessKeyId}/20260101/${localRegion}/dynamodb/aws4_request, SignedHeaders=host, Signature=0`;
  const call = async <T>(action: string, body: unknown): Promise<T> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `DynamoDBStreams_20120810.${action}`, authorization },
      body: JSON.stringify(body),
    });
    return (await res.json()) as T;
  };
  const { StreamDescription } = await call<{ StreamDescription: { Shards: { ShardId: string }[] } }>('DescribeStream', { StreamArn: Table!.LatestStreamArn });
  const out: DynamoDBStreamEvent['Records'] = [];
  for (const shard of StreamDescription.Shards) {
    let { ShardIterator } = await call<{ ShardIterator?: string }>('GetShardIterator', { StreamArn: Table!.LatestStreamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' });
    while (ShardIterator) {
      const page = await call<{ Records?: DynamoDBStreamEvent['Records']; NextShardIterator?: string }>('GetRecords', { ShardIterator, Limit: 1000 });
      out.push(...(page.Records ?? []));
      if (!page.Records?.length) break;
      ShardIterator = page.NextShardIterator;
    }
  }
  return out;
}

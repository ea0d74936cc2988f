import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The one table and the client that reaches it. Every domain's data.ts takes this. */
export interface Db {
  doc: DynamoDBDocumentClient;
  tableName: string;
}

export interface DbOptions {
  tableName: string;
  /** DynamoDB Local's URL; omitted on AWS */
  endpoint?: string;
  region?: string;
}

/** Fixed credentials locally: DynamoDB Local keeps one database per access key and region. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
export const localRegion = 'eu-west-2';

export function createDb({ tableName, endpoint, region }: DbOptions): Db {
  const client = new DynamoDBClient(endpoint ? { endpoint, region: region ?? localRegion, credentials: localCredentials, maxAttempts: 3 } : { region, maxAttempts: 3 });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { doc, tableName };
}

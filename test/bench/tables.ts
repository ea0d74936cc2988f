import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { localCredentials, localRegion } from '../../functions/lib/db';
import { createTableInput } from '../../functions/local/bootstrap';

/**
 * A fresh table with the one table's definition (keys, indexes) but no stream, for a section that fills it
 * in bulk and reads no stream: DynamoDB Local spends about as long recording a stream record as writing
 * the item, and on the platform's table its stream poller would then wade through every bulk write.
 */
export async function createTableWithoutStream(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  try {
    const { StreamSpecification: _unread, ...input } = createTableInput(tableName);
    await client.send(new CreateTableCommand(input));
    await waitUntilTableExists({ client, maxWaitTime: 30 }, { TableName: tableName });
  } finally {
    client.destroy();
  }
}

/** Drops a bulk-filled table once its section is done, so DynamoDB Local (in memory) is not slowed by it. */
export async function dropTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials });
  try {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
  } finally {
    client.destroy();
  }
}

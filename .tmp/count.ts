import { DynamoDBClient, DescribeTableCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand, DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoLocal } from '../functions/local/dynamo';
import { ensureTable } from '../functions/local/bootstrap';
import { createDb, localCredentials, localRegion } from '../functions/lib/db';
const dynamo = await startDynamoLocal();
try {
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials });
  await ensureTable(client, 'count-test');
  const db = createDb({ tableName: 'count-test', endpoint: dynamo.endpoint });
  const describe = async () => (await client.send(new DescribeTableCommand({ TableName: 'count-test' }))).Table?.ItemCount;
  console.log('empty', await describe());
  for (let i = 0; i < 3000; i++) await db.doc.send(new PutCommand({ TableName: 'count-test', Item: { pk: `P${i}`, sk: 'S', gsi1pk: 'G', gsi1sk: `x${i}`, pad: 'x'.repeat(300) } }));
  console.log('after 3000 puts', await describe());
  await db.doc.send(new DeleteCommand({ TableName: 'count-test', Key: { pk: 'P1', sk: 'S' } }));
  console.log('after delete', await describe());
  const { TransactWriteCommand, BatchWriteCommand, UpdateCommand } = await import('@aws-sdk/lib-dynamodb');
  await db.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'count-test', Item: { pk: 'T1', sk: 'S' } } }, { Put: { TableName: 'count-test', Item: { pk: 'T2', sk: 'S' } } }] }));
  console.log('after transact +2', await describe());
  await db.doc.send(new BatchWriteCommand({ RequestItems: { 'count-test': [{ PutRequest: { Item: { pk: 'B1', sk: 'S' } } }, { DeleteRequest: { Key: { pk: 'P2', sk: 'S' } } }] } }));
  console.log('after batch +1 -1', await describe());
  await db.doc.send(new UpdateCommand({ TableName: 'count-test', Key: { pk: 'U1', sk: 'S' }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': 1 } }));
  console.log('after upsert +1', await describe());
  let t = Date.now(); for (let i = 0; i < 10; i++) await describe(); console.log('describe ms', (Date.now() - t) / 10);
  t = Date.now(); for (let i = 0; i < 10; i++) { let k; do { const r = await client.send(new ScanCommand({ TableName: 'count-test', Select: 'COUNT', ExclusiveStartKey: k })); k = r.LastEvaluatedKey; } while (k); } console.log('scan count ms', (Date.now() - t) / 10);
} finally { await dynamo.stop(); }
process.exit(0);

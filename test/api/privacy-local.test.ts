import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { CreateTableCommand, DescribeTimeToLiveCommand, DynamoDBClient, PutItemCommand, QueryCommand, UpdateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../functions/lib/db';
import { type DynamoLocal, startDynamoLocal } from '../../functions/local/dynamo';

/**
 * Issue 17, point 12: the local default is private. DynamoDB Local, as npm start and the tests run it,
 * listens on 127.0.0.1 only (someone on the same wifi cannot reach the data), answers no web page's
 * request (CORS), and sends no telemetry.
 */
let dynamo: DynamoLocal;
beforeAll(async () => {
  dynamo = await startDynamoLocal();
});
afterAll(() => dynamo?.stop());

/** Whether a TCP connection to host:port opens. */
const opens = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 3000 });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });

describe('DynamoDB Local', () => {
  it('listens on 127.0.0.1, and not on the machine’s other addresses', async () => {
    const port = Number(new URL(dynamo.endpoint).port);
    expect(new URL(dynamo.endpoint).hostname).toBe('127.0.0.1');
    expect(await opens('127.0.0.1', port)).toBe(true);
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && !a.internal && a.family === 'IPv4')
      .map((a) => a!.address);
    expect(others.length, 'this machine has a network address besides loopback to try').toBeGreaterThan(0);
    for (const address of others) expect(await opens(address, port), address).toBe(false);
  });

  it('answers no web page: a browser’s preflight from another origin gets no CORS permission', async () => {
    const res = await fetch(dynamo.endpoint, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  // the launcher (functions/local/java) keeps each table’s schema as read: tables made alike share what it read
  it('keeps tables made alike apart: changing one’s schema (a new index, time to live) leaves the other as it was', async () => {
    const db = new DynamoDBClient({ endpoint: dynamo.endpoint, region: localRegion, credentials: localCredentials });
    const [a, b] = ['alike-a', 'alike-b'];
    for (const TableName of [a, b]) {
      await db.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        }),
      );
      await db.send(new PutItemCommand({ TableName, Item: { pk: { S: 'one' }, x: { S: 'X' } } }));
    }
    await db.send(
      new UpdateTableCommand({
        TableName: a,
        AttributeDefinitions: [{ AttributeName: 'x', AttributeType: 'S' }],
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: 'byX', KeySchema: [{ AttributeName: 'x', KeyType: 'HASH' }], Projection: { ProjectionType: 'ALL' } } }],
      }),
    );
    await db.send(new UpdateTimeToLiveCommand({ TableName: a, TimeToLiveSpecification: { Enabled: true, AttributeName: 'expires' } }));
    const byX = (TableName: string) => db.send(new QueryCommand({ TableName, IndexName: 'byX', KeyConditionExpression: 'x = :x', ExpressionAttributeValues: { ':x': { S: 'X' } } }));
    await expect(byX(b)).rejects.toMatchObject({ name: 'ValidationException', message: expect.stringMatching(/index/i) });
    await db.send(new PutItemCommand({ TableName: b, Item: { pk: { S: 'two' }, x: { S: 'X' } } }));
    expect((await db.send(new DescribeTimeToLiveCommand({ TableName: b }))).TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
    expect((await db.send(new DescribeTimeToLiveCommand({ TableName: a }))).TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
    db.destroy();
  });
});

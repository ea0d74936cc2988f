/**
 * The yardstick for the Lambda bundles: only what any Hono-on-Lambda function over DynamoDB must carry
 * (Hono, hono/aws-lambda and the DynamoDB document client), built the same way.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const app = new Hono().get('/api/things/:id', async (c) => {
  const { Item } = await doc.send(new GetCommand({ TableName: process.env.TABLE_NAME, Key: { pk: c.req.param('id'), sk: 'META' } }));
  return c.json(Item ?? {});
});

export const handler = handle(app);

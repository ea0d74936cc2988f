import { afterAll } from 'vitest';
import { stopOwnDynamo } from './dynamo';

// Runs before every test file (setupFiles): whatever DynamoDB Local the file started goes when it ends.
afterAll(stopOwnDynamo, 60_000);

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aws, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type DomainInfo, domains as registry } from '../functions/domains';
import { scheduledJobs } from '../functions/jobs';
import { sensitiveOperations } from '../functions/routes';
import { ApiStack } from './api-stack';
import type { ExtraFile } from './constructs/api-function';
import { DataStack } from './data-stack';
import { resolveWebAssets } from './web-assets';

export const projectRoot = fileURLToPath(new URL('..', import.meta.url));

export interface BuildAppOptions {
  /** CDK context, as `-c key=value` would give it; merged over cdk.json's when run by the CLI. */
  context?: Record<string, unknown>;
  /** Defaults to the registry in functions/domains.ts. */
  domains?: DomainInfo[];
  /** Defaults to web/dist (built if missing). Tests pass a fixture directory. */
  webAssetsPath?: string;
  /** Files copied beside a domain's bundled handler, by domain name (e.g. meta: openapi.json). */
  extraFiles?: Record<string, ExtraFile[]>;
}

/**
 * The whole CDK app: DataStack (the table, retained in prod) -> ApiStack (everything stateless).
 * Context: `stage` (default dev; `prod` retains data), `fromAddress` (notification sender),
 * `alarmEmail` (optional), `authDomainPrefix` (Cognito hosted-UI prefix, globally unique).
 */
export function buildApp(options: BuildAppOptions = {}) {
  // cdk.json's context (feature flags) as defaults, so tests synthesise what the CLI does; the CLI's own
  // context still wins when it runs the app.
  const app = new App({ context: { ...cdkJsonContext(), ...options.context } });
  const ctx = (key: string): string | undefined => {
    const value: unknown = app.node.tryGetContext(key);
    return value === undefined || value === null || value === '' ? undefined : String(value);
  };
  const stage = ctx('stage') ?? 'dev';
  if (!/^[a-z][a-z0-9-]{0,19}$/.test(stage)) throw new Error(`context stage must be lower-case kebab: ${stage}`);
  const retain = stage === 'prod';
  const prefix = `CommonGround-${stage}`;

  const data = new DataStack(app, `${prefix}-Data`, {
    retain,
    description: 'Common Ground: the single DynamoDB table',
  });
  const api = new ApiStack(app, `${prefix}-Api`, {
    description: 'Common Ground: HTTP API, functions, sign-in and web site',
    table: data.table,
    domains: options.domains ?? registry,
    scheduledJobs: scheduledJobs.map(({ name, schedule }) => ({ name, schedule })),
    projectRoot,
    webAssetsPath: options.webAssetsPath ?? resolveWebAssets(projectRoot),
    authDomainPrefix: ctx('authDomainPrefix') ?? `common-ground-${stage}-${Aws.ACCOUNT_ID}`,
    fromAddress: ctx('fromAddress') ?? 'no-reply@example.org',
    alarmEmail: ctx('alarmEmail'),
    retain,
    extraFiles: options.extraFiles,
    sensitiveOperations: sensitiveOperations(),
  });

  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, data, api };
}

function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(join(projectRoot, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

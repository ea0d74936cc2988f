import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { TableAccess } from '../../functions/domains';
import { table as tableDefinition } from '../../functions/lib/table';

/** A file written next to the bundled handler, e.g. a pre-built openapi.json. */
export interface ExtraFile {
  name: string;
  content: string;
}

export interface ApiFunctionProps {
  /** Absolute path of the handler module (exports `handler`). */
  entry: string;
  /** Repository root: where package.json, package-lock.json and tsconfig.json live. */
  projectRoot: string;
  table: ITable;
  tableAccess: TableAccess;
  environment?: Record<string, string>;
  memorySize?: number;
  timeout?: Duration;
  logRetention?: RetentionDays;
  /**
   * Files copied into the bundle's output directory (after esbuild, via a command hook).
   * infra/app.ts uses it to give the meta function `openapi.json` from `buildOpenApiDocument()`.
   */
  extraFiles?: ExtraFile[];
}

// Actions, not the grantReadData/grantReadWriteData helpers: those add `<table>/index/*` and the stream
// actions. Here every index is named from functions/lib/table.ts, so there is no wildcard to justify.
// TransactWriteItems needs no action of its own: it is authorised per item as Put/Update/Delete/ConditionCheck.
export const tableReadActions = ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'];
export const tableWriteActions = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

export function tableActions(access: TableAccess): string[] {
  switch (access) {
    case 'none':
      return [];
    case 'read':
      return tableReadActions;
    case 'readWrite':
      return [...tableReadActions, ...tableWriteActions];
  }
}

/** The table and each of its declared indexes, by name. */
export function tableResourceArns(table: ITable): string[] {
  return [table.tableArn, ...tableDefinition.indexes.map((index) => `${table.tableArn}/index/${index.name}`)];
}

/**
 * NodejsFunction with the project's defaults: Node 24 on arm64, minified ESM with source maps, its own log
 * group with retention, a role that can write only to that log group, and table access by level.
 */
export class ApiFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: ApiFunctionProps) {
    super(scope, id);

    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    // An explicit role instead of AWSLambdaBasicExecutionRole (which allows writing to every log group).
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      role,
      logGroup: this.logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        TABLE_NAME: props.table.tableName,
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: true,
        // The nodejs24.x runtime carries AWS SDK v3: using it keeps each bundle near 60 KB instead of 400 KB
        // (the SDK alone is ~320 KB minified) and is CDK's default. The bench measures cold start this way too.
        bundleAwsSDK: false,
        // CommonJS dependencies that call require() need it defined inside an ES module.
        banner: "import { createRequire as __cgCreateRequire } from 'node:module'; const require = __cgCreateRequire(import.meta.url);",
        commandHooks: extraFilesHooks(props.extraFiles ?? []),
      },
    });

    const actions = tableActions(props.tableAccess);
    if (actions.length > 0) {
      role.addToPrincipalPolicy(new PolicyStatement({ actions, resources: tableResourceArns(props.table) }));
    }
  }
}

function extraFilesHooks(files: ExtraFile[]) {
  const staged = files.map((file) => {
    if (!/^[\w.-]+$/.test(file.name)) throw new Error(`extra file name must be a plain file name: ${file.name}`);
    const digest = createHash('sha256').update(file.content).digest('hex').slice(0, 16);
    const dir = join(tmpdir(), 'common-ground-extra-files', digest);
    mkdirSync(dir, { recursive: true });
    const path = join(dir, file.name);
    writeFileSync(path, file.content);
    return { path, name: file.name };
  });
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (_inputDir: string, outputDir: string) => staged.map((file) => `cp ${JSON.stringify(file.path)} ${JSON.stringify(join(outputDir, file.name))}`),
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AwsEndpoint } from './aws-endpoint';
import type { Principal } from './iam';
import { Templates } from './template';

/**
 * The Lambda service for the rehearsal: every AWS::Lambda::Function of the templates whose runtime is Node.js,
 * with the code cdk synth bundled, the memory, timeout and environment variables the template gives it (references
 * resolved), and its execution role. Each function runs in execution environments (worker threads): an environment
 * takes one invocation at a time, more are started while invocations queue (up to `maxEnvironments`), and one that
 * timed out is thrown away, as Lambda does. The bundles are copied byte for byte into a task directory outside the
 * repository beside a node_modules holding only what the Node.js runtime provides (the AWS SDK v3), so a bundle
 * that leans on a package it did not bundle fails here as it would on AWS.
 */

export interface LambdaFunction {
  /** logical id in the template */
  id: string;
  name: string;
  arn: string;
  runtime: string;
  handler: string;
  memoryMb: number;
  timeoutMs: number;
  environment: Record<string, string>;
  principal: Principal;
  /** the task directory the bundle was copied to */
  taskDir: string;
}

export interface InvokeResult {
  /** the handler's answer (JSON round-tripped, as Lambda serialises it) */
  payload?: unknown;
  /** Lambda's error shape when the function failed (FunctionError: Unhandled) */
  error?: { errorType: string; errorMessage: string; stackTrace?: string[] };
  durationMs: number;
  /** time in the handler alone: no queueing for an environment, no cold start */
  handlerMs: number;
  coldStart: boolean;
}

export interface LambdaServiceOptions {
  templates: Templates;
  endpoint: AwsEndpoint;
  /** where the task directories go (a temporary directory outside the repository) */
  workDir: string;
  /** the repository's node_modules: the AWS SDK the runtime provides is taken from here */
  nodeModules: string;
  /** each function's log lines (what CloudWatch Logs would receive) */
  log: (functionName: string, line: string) => void;
  /** the test clock's time for an invocation, when a test moves time */
  now?: () => number | undefined;
  maxEnvironments?: number;
}

const runtimeFile = fileURLToPath(new URL('./lambda-runtime.mjs', import.meta.url));
/** The environment variables a Node.js Lambda runtime sets that a function's code may read. */
const runtimeVariables = (fn: LambdaFunction, region: string) => ({
  AWS_REGION: region,
  AWS_DEFAULT_REGION: region,
  AWS_LAMBDA_FUNCTION_NAME: fn.name,
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
  AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
  AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
  LAMBDA_TASK_ROOT: fn.taskDir,
  LAMBDA_RUNTIME_DIR: fn.taskDir,
  _HANDLER: fn.handler,
  LANG: 'en_US.UTF-8',
  TZ: ':UTC',
});

type Answer = { result?: unknown; error?: InvokeResult['error']; timedOut?: boolean; handlerMs?: number };

class Environment {
  busy = false;
  invocations = 0;
  private pending = new Map<string, (r: Answer) => void>();
  readonly ready: Promise<{ initMs: number; initError?: InvokeResult['error'] }>;
  private worker: Worker;
  dead = false;

  constructor(fn: LambdaFunction, env: Record<string, string>, awsEndpoint: string, region: string, log: (line: string) => void) {
    this.worker = new Worker(runtimeFile, {
      env,
      workerData: { bundle: join(fn.taskDir, `${fn.handler.split('.')[0]}.mjs`), awsEndpoint, region, sourceMaps: /--enable-source-maps/.test(env.NODE_OPTIONS ?? '') },
      stdout: true,
      stderr: true,
      // Lambda gives a function the memory it asks for; the heap is most of it.
      resourceLimits: { maxOldGenerationSizeMb: Math.max(64, Math.floor(fn.memoryMb * 0.85)) },
    });
    for (const stream of [this.worker.stdout, this.worker.stderr]) createInterface({ input: stream }).on('line', log);
    this.ready = new Promise((resolve, reject) => {
      this.worker.once('error', reject);
      this.worker.on('message', (m: any) => {
        if (m.type === 'ready') resolve(m);
        if (m.type === 'result') {
          const done = this.pending.get(m.id);
          this.pending.delete(m.id);
          done?.(m);
        }
      });
    });
    this.worker.on('exit', () => {
      this.dead = true;
      for (const done of this.pending.values()) done({ error: { errorType: 'Runtime.ExitError', errorMessage: 'The execution environment stopped' } });
      this.pending.clear();
    });
  }

  invoke(event: unknown, now: number | undefined, context: unknown) {
    const id = randomUUID();
    return new Promise<Answer>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ type: 'invoke', id, event, now, context });
    });
  }

  async stop() {
    this.dead = true;
    await this.worker.terminate();
  }
}

export class LambdaService {
  readonly functions = new Map<string, LambdaFunction>();
  /** invocations per function name, and cold starts */
  readonly invocations = new Map<string, { count: number; errors: number; coldStarts: number }>();
  private environments = new Map<string, Environment[]>();
  private queues = new Map<string, (() => void)[]>();
  private accessKeys = new Map<string, { accessKeyId: string; secretAccessKey: string; sessionToken: string }>();

  constructor(private opts: LambdaServiceOptions) {
    const { templates } = opts;
    const runtimeModules = join(opts.workDir, 'runtime', 'node_modules');
    mkdirSync(runtimeModules, { recursive: true });
    // What the nodejs runtime carries: AWS SDK v3 (and the Smithy packages it is built from), nothing else.
    for (const scope of ['@aws-sdk', '@smithy']) {
      if (existsSync(join(opts.nodeModules, scope))) symlinkSync(join(opts.nodeModules, scope), join(runtimeModules, scope), 'dir');
    }
    for (const { stack, id, resource } of templates.ofType('AWS::Lambda::Function')) {
      const props = resource.Properties ?? {};
      if (!String(props.Runtime ?? '').startsWith('nodejs')) continue; // CDK's own Python helpers (BucketDeployment)
      const code = props.Code ?? {};
      if (!code.S3Key) continue;
      const name = templates.resolve({ Ref: id }, stack) as string;
      const roleId = Templates.target(props.Role);
      if (!roleId) throw new Error(`Function ${id} has no role`);
      const taskDir = join(opts.workDir, 'runtime', 'task', id);
      cpSync(templates.assetDir(templates.resolve(code.S3Key, stack)), taskDir, { recursive: true });
      this.functions.set(id, {
        id,
        name,
        arn: templates.resolve({ 'Fn::GetAtt': [id, 'Arn'] }, stack),
        runtime: String(props.Runtime),
        handler: String(props.Handler ?? 'index.handler'),
        memoryMb: Number(props.MemorySize ?? 128),
        timeoutMs: Number(props.Timeout ?? 3) * 1000,
        environment: templates.resolve(props.Environment?.Variables ?? {}, stack),
        principal: { functionId: id, functionName: name, roleId, roleName: templates.resolve({ Ref: roleId }, stack) },
        taskDir,
      });
    }
  }

  /** The function a template value (Ref, GetAtt Arn, or an ARN string) names. */
  byReference(value: unknown): LambdaFunction {
    const id = Templates.target(value);
    const fn = id ? this.functions.get(id) : [...this.functions.values()].find((f) => f.arn === value || f.name === value);
    if (!fn) throw new Error(`No Node.js function for ${JSON.stringify(value)}`);
    return fn;
  }

  byName(name: string): LambdaFunction {
    const fn = [...this.functions.values()].find((f) => f.name === name || f.id === name);
    if (!fn) throw new Error(`No function ${name}`);
    return fn;
  }

  /** The execution role's credentials: a key of its own, so every call it makes is checked against its role. */
  private credentials(fn: LambdaFunction) {
    let keys = this.accessKeys.get(fn.id);
    if (!keys) {
      keys = {
        accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
        secretAccessKey: randomBytes(20).toString('base64'),
        sessionToken: randomBytes(32).toString('base64'),
      };
      this.accessKeys.set(fn.id, keys);
      this.opts.endpoint.register(keys.accessKeyId, fn.principal);
    }
    return keys;
  }

  private environmentVariables(fn: LambdaFunction): Record<string, string> {
    const keys = this.credentials(fn);
    return {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      // An empty home: the SDK and lambda-local look for ~/.aws files; the rehearsal must never find real ones.
      HOME: join(this.opts.workDir, 'home'),
      ...runtimeVariables(fn, this.opts.templates.region),
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_SESSION_TOKEN: keys.sessionToken,
      // Every AWS service the function calls is the rehearsal's endpoint.
      AWS_ENDPOINT_URL: this.opts.endpoint.url,
      // Node 20 here against nodejs24.x on AWS: the SDK's warning about it is noise.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      ...fn.environment,
    };
  }

  private async acquire(fn: LambdaFunction): Promise<{ env: Environment; cold: boolean }> {
    const max = this.opts.maxEnvironments ?? 3;
    for (;;) {
      const list = (this.environments.get(fn.id) ?? []).filter((e) => !e.dead);
      this.environments.set(fn.id, list);
      const idle = list.find((e) => !e.busy);
      if (idle) {
        idle.busy = true;
        return { env: idle, cold: false };
      }
      if (list.length < max) {
        mkdirSync(join(this.opts.workDir, 'home'), { recursive: true });
        const env = new Environment(fn, this.environmentVariables(fn), this.opts.endpoint.url, this.opts.templates.region, (line) => this.opts.log(fn.name, line));
        env.busy = true;
        list.push(env);
        return { env, cold: true };
      }
      await new Promise<void>((resolve) => {
        const queue = this.queues.get(fn.id) ?? [];
        queue.push(resolve);
        this.queues.set(fn.id, queue);
      });
    }
  }

  private release(fn: LambdaFunction, env: Environment) {
    env.busy = false;
    this.queues.get(fn.id)?.shift()?.();
  }

  /** Invoke (RequestResponse): the event goes to an environment as JSON, as Lambda passes it. */
  async invoke(fn: LambdaFunction, event: unknown): Promise<InvokeResult> {
    const payload = JSON.parse(JSON.stringify(event));
    const started = performance.now();
    const { env, cold } = await this.acquire(fn);
    const stats = this.invocations.get(fn.name) ?? { count: 0, errors: 0, coldStarts: 0 };
    this.invocations.set(fn.name, stats);
    stats.count++;
    if (cold) stats.coldStarts++;
    try {
      // a worker that could not start at all (out of memory, say) is an init failure, as on Lambda
      const ready = await env.ready.catch((err: unknown) => ({ initMs: 0, initError: { errorType: 'Runtime.ExitError', errorMessage: String(err) } }));
      if (ready.initError) {
        stats.errors++;
        await env.stop();
        return { error: ready.initError, durationMs: performance.now() - started, handlerMs: 0, coldStart: cold };
      }
      const requestId = randomUUID();
      const answer = await env.invoke(payload, this.opts.now?.(), {
        timeoutMs: fn.timeoutMs,
        fields: {
          functionName: fn.name,
          functionVersion: '$LATEST',
          invokedFunctionArn: fn.arn,
          memoryLimitInMB: String(fn.memoryMb),
          awsRequestId: requestId,
          logGroupName: `/aws/lambda/${fn.name}`,
          logStreamName: `rehearsal/[$LATEST]${requestId.replace(/-/g, '')}`,
        },
      });
      // A function that timed out is stopped with its environment; the next invocation starts a fresh one.
      if (answer.timedOut) await env.stop();
      if (answer.error) stats.errors++;
      return { ...(answer.error ? { error: answer.error } : { payload: answer.result }), durationMs: performance.now() - started, handlerMs: answer.handlerMs ?? 0, coldStart: cold };
    } finally {
      this.release(fn, env);
    }
  }

  async stop() {
    await Promise.all([...this.environments.values()].flat().map((e) => e.stop()));
    this.environments.clear();
  }
}

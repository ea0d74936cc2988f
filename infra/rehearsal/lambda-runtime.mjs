// One Lambda execution environment of the rehearsal: a worker thread with the function's own environment
// variables (process.env is the worker's copy), which imports the bundle cdk synth made and runs one
// invocation at a time through lambda-local (the Lambda context, the timeout and Lambda's error shape).
// Plain JavaScript: a worker thread loads it with Node alone, inside or outside the test runner.
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';
import { parentPort, workerData } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const { bundle, awsEndpoint, region, sourceMaps } = workerData;

// The clock. Lambda's is the system clock; a test that moves time moves the rehearsal's, as libfaketime would
// move a machine's. `new Date()` (the app's clock) reads the test's time during an invocation; `Date.now()`
// stays real, so token expiry is judged against real time, as the Node server's verifier judges it.
const RealDate = Date;
let frozen;
globalThis.Date = new Proxy(RealDate, {
  construct(target, args, newTarget) {
    return Reflect.construct(target, args.length === 0 && frozen !== undefined ? [frozen] : args, newTarget === globalThis.Date ? target : newTarget);
  },
  apply(target, thisArg, args) {
    return frozen !== undefined ? new RealDate(frozen).toString() : Reflect.apply(target, thisArg, args);
  },
});

// Nothing reaches AWS: Cognito's key set comes from the rehearsal's endpoint; any other amazonaws.com call fails.
const http = require('node:http');
const https = require('node:https');
const realHttpsRequest = https.request;
function redirected(url, options, callback) {
  if (typeof options === 'function') [callback, options] = [options, undefined];
  const target = typeof url === 'string' || url instanceof URL ? new URL(url) : new URL(`https://${url.hostname ?? url.host}${url.path ?? '/'}`);
  const host = target.hostname;
  if (!host.endsWith('.amazonaws.com') && !host.endsWith('.amazoncognito.com')) return realHttpsRequest(url, options, callback);
  if (host.startsWith('cognito-idp.')) {
    const local = new URL(`/cognito-idp${target.pathname}`, awsEndpoint);
    const { agent: _agent, ...rest } = options ?? {};
    return http.request(local, { ...rest, method: rest.method ?? 'GET' }, callback);
  }
  throw new Error(`The rehearsal never calls AWS: ${host}${target.pathname}`);
}
https.request = redirected;
https.get = (url, options, callback) => {
  const req = redirected(url, options, callback);
  req.end();
  return req;
};
syncBuiltinESMExports();
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (url.hostname.endsWith('.amazonaws.com')) throw new Error(`The rehearsal never calls AWS: ${url.hostname}${url.pathname}`);
  return realFetch(input, init);
};

if (sourceMaps) process.setSourceMapsEnabled(true);
const lambdaLocal = require('lambda-local');

let handlerModule;
let initError;
const started = performance.now();
try {
  handlerModule = await import(pathToFileURL(bundle).href);
  if (typeof handlerModule.handler !== 'function') throw new Error(`${bundle} exports no function "handler"`);
} catch (err) {
  initError = { errorType: err?.name ?? 'Error', errorMessage: `Runtime.ImportModuleError: ${err?.message ?? String(err)}` };
}
parentPort.postMessage({ type: 'ready', initMs: performance.now() - started, initError });

parentPort.on('message', async (message) => {
  if (message.type !== 'invoke') return;
  const { id, event, now, context } = message;
  if (initError) return parentPort.postMessage({ type: 'result', id, error: initError });
  frozen = now;
  const began = performance.now();
  try {
    const result = await lambdaLocal.execute({
      lambdaFunc: handlerModule,
      lambdaHandler: 'handler',
      event,
      region,
      timeoutMs: context.timeoutMs,
      verboseLevel: -1,
      contextOverwrite: (ctx) => Object.assign(ctx, context.fields),
    });
    parentPort.postMessage({ type: 'result', id, handlerMs: performance.now() - began, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) });
  } catch (err) {
    const error =
      err && typeof err === 'object' && 'errorMessage' in err
        ? { errorType: err.errorType, errorMessage: err.errorMessage, stackTrace: err.stackTrace }
        : { errorType: err?.name ?? 'Error', errorMessage: err?.message ?? String(err) };
    parentPort.postMessage({ type: 'result', id, handlerMs: performance.now() - began, error, timedOut: error.errorType === 'TimeoutError' });
  } finally {
    frozen = undefined;
  }
});

import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, javaProblem } from '../../functions/local/dynamo';

/** `npm start` as a person runs it: a real process, a real port, Ctrl-C at the end. */
const dataDir = mkdtempSync(join(tmpdir(), 'cg-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(port: number): { child: ChildProcess; output: () => string; ready: Promise<number> } {
  const begun = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'functions/local/start.ts'], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const ready = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', () => {
      if (out.includes('Common Ground is running at')) resolve(performance.now() - begun);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
  });
  return { child, output: () => out, ready };
}

const stopWithCtrlC = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGINT');
  });

const dynamoProcessesFor = (dir: string) => {
  try {
    return execSync(`pgrep -f "[D]ynamoDBLocal.jar.*${dir}"`, { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

describe('npm start', () => {
  it('serves the web app and API on one port with demo data, keeps data between runs, and stops cleanly on Ctrl-C', async () => {
    const port = await freePort();
    const first = start(port);
    const readyMs = await first.ready;
    const base = `http://localhost:${port}`;
    const page = await fetch(`${base}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app"');
    const firstPageMs = readyMs;
    expect(first.output()).toContain('coordinator@example.org');
    const signIn = await fetch(`${base}/api/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'kept.between.runs@example.org' }),
    });
    const { token } = (await signIn.json()) as { token: string };
    const me1 = (await (await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { userId: string };
    expect(dynamoProcessesFor(dataDir)).not.toBe('');
    expect(await stopWithCtrlC(first.child)).toBe(0);
    expect(dynamoProcessesFor(dataDir)).toBe('');

    const second = start(port);
    await second.ready;
    // the signing key and the data are kept in DATA_DIR: the same token still works and finds the same person
    const me2 = (await (await fetch(`${base}/api/me`, { headers: { authorization: `Bearer ${token}` } })).json()) as { userId: string };
    expect(me2.userId).toBe(me1.userId);
    await stopWithCtrlC(second.child);
    console.log(`npm start: ready to serve its first page in ${(firstPageMs / 1000).toFixed(1)} s (web build + DynamoDB Local + seed)`);
  }, 240_000);

  it('says in one line what to do when the port is busy', async () => {
    const blocker = createServer().listen(0);
    await new Promise((r) => blocker.once('listening', r));
    const port = (blocker.address() as { port: number }).port;
    const run = start(port);
    await expect(run.ready).rejects.toThrow(/Port \d+ is already in use/);
    expect(run.child.exitCode).toBe(1);
    blocker.close();
  });

  it('says what to do when Java is missing', () => {
    expect(javaProblem('/nonexistent/java')).toMatch(/Java is not installed.*install it/);
    expect(javaProblem()).toBeUndefined();
  });
});

/** Starts a Node process that serves HTTP and waits until it answers: built-server tests and benchmarks. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface ChildServer {
  readonly url: string;
  readonly process: ChildProcess;
  /** Milliseconds from spawn to the first 2xx answer of the probe path. */
  readonly readyAfterMs: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Receives the process's standard error line by line (otherwise it goes to the test's). */
  readonly onStderrLine?: (line: string) => void;
  /** How long to wait for the first answer (default 30 s; a first start also migrates and seeds). */
  readonly readyWithinMs?: number;
}

/** Spawns `node <args>` with PORT set and polls `probe` until it answers 2xx. */
export async function startServer(
  args: string[],
  probe: string,
  env: Record<string, string> = {},
  options: StartOptions = {},
): Promise<ChildServer> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const onLine = options.onStderrLine;
  const child = spawn(process.execPath, args, {
    // PORT and HOST last: a test environment's PORT=0 (for in-process apps) must not hide the child.
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', onLine === undefined ? 'inherit' : 'pipe'],
  });
  if (onLine !== undefined && child.stderr !== null) {
    let pending = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
  }
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyWithinMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server ${args.join(' ')} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}${probe}`);
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `server ${args.join(' ')} did not answer ${probe} within ${(options.readyWithinMs ?? 30_000) / 1000} s`,
      );
    }
    await sleep(5);
  }
  const readyAfterMs = Number(process.hrtime.bigint() - started) / 1e6;
  return {
    url,
    process: child,
    readyAfterMs,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

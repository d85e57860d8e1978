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

/** Spawns `node <args>` with PORT set and polls `probe` until it answers 2xx. */
export async function startServer(
  args: string[],
  probe: string,
  env: Record<string, string> = {},
): Promise<ChildServer> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
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
      throw new Error(`server ${args.join(' ')} did not answer ${probe} within 30 s`);
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

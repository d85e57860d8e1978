/** Runs the built CLI exactly as `npx huimin …` does (npm test builds it first when stale). */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { projectRoot } from '../../src/shared/project-root.js';

export async function huimin(
  args: string[],
  env: Record<string, string> = {},
  input = '',
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  const root = projectRoot();
  const child = spawn(process.execPath, [path.join(root, 'bin', 'huimin.js'), ...args], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'silent', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(input);
  const [code] = (await once(child, 'close')) as [number | null];
  return { stdout, stderr, code };
}

import { spawn } from 'node:child_process';
import { REPO } from './app.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a project entry point with the given env and stdin: the TypeScript source through tsx
 * (src/cli.ts, src/main.ts), or with `compiled` the built JavaScript as npm runs it (dist/cli.js);
 * `user` runs it as another user (only root may).
 */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string | undefined>,
  stdin = '',
  o: { compiled?: boolean; user?: { uid: number; gid: number } } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...(o.compiled ? [] : ['--import', 'tsx']), script, ...args], {
      cwd: REPO,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } as NodeJS.ProcessEnv,
      stdio: ['pipe', 'pipe', 'pipe'],
      ...o.user,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

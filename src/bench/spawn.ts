import { spawn } from 'node:child_process';
import path from 'node:path';
import { entryArgs } from '../compose/paths.js';

/** Where a bench run keeps things; every path absolute. */
export interface BenchDirs {
  /** The repository root: child processes run there, as `npm run` would. */
  repo: string;
  /** The word-vector cache (shared with the app: converting it takes ~15 s). */
  cacheDir: string;
  /** PATH and HOME for the children (the rest of their environment is the bench's own). */
  inherit?: { PATH?: string | undefined; HOME?: string | undefined };
}

/**
 * The whole environment of a bench child or in-process app: nothing inherited but PATH and
 * HOME, and the model/Discord keys set empty. The CLI loads `.env` with dotenv, which never
 * overrides a variable that is set, so a developer's API key cannot switch the measured
 * path to LLM mode.
 */
export function benchEnv(dirs: BenchDirs, corpusDir: string, dataDir: string): Record<string, string> {
  return {
    PATH: dirs.inherit?.PATH ?? '',
    HOME: dirs.inherit?.HOME ?? '',
    CORPUS_DIR: corpusDir,
    DATA_DIR: dataDir,
    INDEX_DIR: path.join(dataDir, 'index'),
    CACHE_DIR: dirs.cacheDir,
    LOG_LEVEL: 'silent',
    EMBEDDINGS_PROVIDER: 'local',
    OPENAI_API_KEY: '',
    OPENAI_BASE_URL: '',
    DISCORD_TOKEN: '',
  };
}

export interface NodeRun {
  stdout: string;
  stderr: string;
  /** Spawn to exit, as a user waiting on the command would see it. */
  wallMs: number;
}

/** Runs `COMMAND ...args` in the repo (node when no command is given); rejects on a non-zero exit with its stderr. */
export function runNode(repo: string, args: string[], env: Record<string, string>, command = process.execPath): Promise<NodeRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: repo, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      if (code === 0) resolve({ stdout, stderr, wallMs });
      else
        reject(
          new Error(
            `${args
              .map((a) => path.basename(a))
              .join(' ')
              .slice(0, 120)} exited with ${code}: ${stderr.trim().slice(-2000)}`,
          ),
        );
    });
  });
}

/** Runs one task of bench-child (src/bench/child-tasks.ts) in a fresh process (compiled or through tsx, as this one runs) and returns its JSON result. */
export async function runChildTask<T>(
  repo: string,
  task: string,
  args: unknown,
  env: Record<string, string>,
): Promise<T & { wallMs: number }> {
  const run = await runNode(repo, [...entryArgs('bench-child'), task, JSON.stringify(args)], env);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return { ...(JSON.parse(last) as T), wallMs: run.wallMs };
  } catch {
    throw new Error(`bench child "${task}" printed no JSON result: ${run.stdout.slice(-500)} ${run.stderr.slice(-500)}`);
  }
}

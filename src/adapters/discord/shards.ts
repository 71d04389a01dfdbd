/**
 * DISCORD_SHARDS=auto|N: one process per shard under discord.js's ShardingManager. This process
 * only supervises (it loads no index); each shard process runs `npm start`'s bootstrap
 * (src/main.ts), where runDiscord finds SHARDS/SHARD_COUNT from the manager and runs that shard.
 *
 * Stopping goes over IPC, never by forwarding signals: a Ctrl-C reaches every process of the
 * group anyway, and a second signal would cut a shard's graceful stop short.
 */
import type { ChildProcess } from 'node:child_process';
import { Routes, ShardingManager, type Shard } from 'discord.js';
import type { Config } from '../../compose/config.js';
import { entryArgs } from '../../compose/paths.js';
import { UserError } from '../../domain/errors.js';
import type { Logger } from '../../compose/log.js';
import { errorForLog, TOKEN_REJECTED } from './errors.js';

/** Which shard a process runs, of how many. */
export interface ShardSpec {
  id: number;
  count: number;
}

/** What GET /gateway/bot says about sharding. */
export interface GatewayInfo {
  /** Discord's recommended shard count. */
  shards: number;
  /** How many shards may identify at once (session_start_limit.max_concurrency). */
  maxConcurrency: number;
}

/** The IPC message a shard process takes as "stop gracefully". */
export const STOP_MESSAGE = { footnote: 'stop' } as const;
const isStopMessage = (m: unknown) => typeof m === 'object' && m !== null && (m as { footnote?: unknown }).footnote === 'stop';

/**
 * The entry each shard process runs: the same bootstrap as `npm start`, compiled (dist/main.js)
 * when this process is, else the TypeScript source through tsx (`npm run dev`, the tests).
 */
const shardStart = entryArgs('main');
export const SHARD_ENTRY = shardStart.at(-1)!;
const SHARD_EXEC_ARGV = shardStart.slice(0, -1);

/** The shard this process was spawned to run (ShardingManager sets these variables), or undefined. */
export function shardFromEnv(env: Record<string, string | undefined>): ShardSpec | undefined {
  if (!env.SHARDING_MANAGER || env.SHARDS === undefined) return undefined;
  const id = Number(env.SHARDS);
  const count = Number(env.SHARD_COUNT);
  if (!Number.isInteger(id) || !Number.isInteger(count) || id < 0 || id >= count) {
    throw new Error(`SHARDS=${env.SHARDS} SHARD_COUNT=${env.SHARD_COUNT} is not a shard of a ShardingManager`);
  }
  return { id, count };
}

/**
 * Shards in one identify bucket (id % max_concurrency) must identify at least 5 s apart; shards
 * start one after another, so spacing them by 5.5 s / max_concurrency is enough.
 */
export function spawnDelayMs(maxConcurrency: number): number {
  return Math.ceil(5500 / Math.max(1, maxConcurrency));
}

/**
 * GET /gateway/bot through the configured API URL (discord.js's own helper always asks
 * discord.com, which would bypass DISCORD_API_URL).
 */
export async function fetchGatewayInfo(apiUrl: string, token: string, fetchImpl: typeof fetch = fetch): Promise<GatewayInfo> {
  const res = await fetchImpl(`${apiUrl.replace(/\/$/, '')}/v10${Routes.gatewayBot()}`, { headers: { authorization: `Bot ${token}` } });
  if (res.status === 401) throw new UserError(TOKEN_REJECTED);
  if (!res.ok) throw new Error(`GET /gateway/bot failed: HTTP ${res.status}`);
  const body = (await res.json()) as { shards?: unknown; session_start_limit?: { max_concurrency?: unknown } };
  const shards = Number(body.shards);
  if (!Number.isInteger(shards) || shards < 1) throw new Error('GET /gateway/bot returned no shard count');
  return { shards, maxConcurrency: Number(body.session_start_limit?.max_concurrency) || 1 };
}

/**
 * In a shard process: aborts when the manager says stop, or when it is gone (the IPC channel
 * closed). `dispose()` lets the process exit afterwards (a listened-to IPC channel keeps it alive).
 */
export function stopFromManager(proc: NodeJS.Process): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const onMessage = (m: unknown) => {
    if (isStopMessage(m)) controller.abort();
  };
  const onDisconnect = () => controller.abort();
  proc.on('message', onMessage);
  proc.once('disconnect', onDisconnect);
  // The manager may have gone while this process was still loading.
  if (!proc.connected) controller.abort();
  return {
    signal: controller.signal,
    dispose() {
      proc.off('message', onMessage);
      proc.off('disconnect', onDisconnect);
      if (proc.connected) proc.disconnect();
    },
  };
}

export interface ShardManagerOptions {
  config: Config;
  log: Logger;
  /** The environment each shard process gets (plus the resolved corpus and index folders and the manager's SHARDS, SHARD_COUNT…). */
  env: Record<string, string | undefined>;
  /** Resolves with the reason when a stop is requested (signal, shutdown). */
  stopRequested: Promise<string>;
  /** Default SHARD_ENTRY. */
  entry?: string;
  /** How long a shard gets to stop gracefully before it is killed. Default 30 s. */
  stopTimeoutMs?: number;
  /** How long a shard gets to come online. Default 120 s (it loads the index first). */
  readyTimeoutMs?: number;
}

/**
 * Starts every shard process and supervises them until a stop is requested (exit code 0) or a
 * shard ends on its own; then stops the others and returns that shard's exit code (1 when it
 * was killed by a signal). A shard that dies is not respawned here: a bad token or missing
 * intent would only die again, and the process supervisor restarts the whole bot.
 */
export async function runShardManager(o: ShardManagerOptions): Promise<number> {
  const { config, log } = o;
  const token = config.discord.token;
  if (!token) throw new UserError('DISCORD_TOKEN is not set.');
  const info = await fetchGatewayInfo(config.discord.apiUrl, token);
  const count = config.discord.shards === 'auto' ? info.shards : Number(config.discord.shards);
  log.info({ shards: count, recommended: info.shards, maxConcurrency: info.maxConcurrency }, 'starting shard processes');

  // discord.js sets SHARDING_MANAGER and DISCORD_TOKEN in this process's env here.
  const manager = new ShardingManager(o.entry ?? SHARD_ENTRY, {
    totalShards: count,
    mode: 'process',
    respawn: false,
    execArgv: SHARD_EXEC_ARGV,
    token,
  });
  const live = new Map<number, { child: ChildProcess; shard: Shard }>();
  let stopping = false;
  let onEnded: (ended: { shard: number; code: number }) => void = () => undefined;
  const ended = new Promise<{ shard: number; code: number }>((resolve) => (onEnded = resolve));

  manager.on('shardCreate', (shard: Shard) => {
    shard.env = {
      ...o.env,
      // `--corpus` / `--index` reach the shards as the settings they override.
      CORPUS_DIR: config.corpusDir,
      INDEX_DIR: config.indexDir,
      SHARDING_MANAGER: 'true',
      SHARDING_MANAGER_MODE: 'process',
      SHARDS: String(shard.id),
      SHARD_COUNT: String(count),
      DISCORD_TOKEN: token,
    };
    // mode 'process': every shard is a ChildProcess, never a Worker.
    shard.on('spawn', (spawned) => {
      const child = spawned as ChildProcess;
      live.set(shard.id, { child, shard });
      log.info({ shard: shard.id, pid: child.pid }, 'shard process started');
      // Started while stopping (the manager spawns one after another): end it at once.
      if (stopping) child.kill('SIGTERM');
    });
    shard.on('ready', () => log.info({ shard: shard.id }, 'shard process online'));
    shard.on('death', (dead) => {
      const child = dead as ChildProcess;
      live.delete(shard.id);
      const code = child.exitCode ?? 1;
      if (stopping) return;
      log[code === 0 ? 'info' : 'error']({ shard: shard.id, code, signal: child.signalCode ?? undefined }, 'shard process ended');
      onEnded({ shard: shard.id, code });
    });
  });

  const spawned = manager.spawn({ amount: count, delay: spawnDelayMs(info.maxConcurrency), timeout: o.readyTimeoutMs ?? 120_000 }).then(
    () => ({ kind: 'ready' as const }),
    (error: unknown) => ({ kind: 'failed' as const, error }),
  );
  const requested = o.stopRequested.then((reason) => ({ kind: 'requested' as const, reason }));
  const died = ended.then((e) => ({ kind: 'ended' as const, ...e }));

  let outcome = await Promise.race([spawned, requested, died]);
  if (outcome.kind === 'ready') {
    log.info({ shards: count }, 'footnote is online');
    outcome = await Promise.race([requested, died]);
  }
  stopping = true;
  const code = outcome.kind === 'requested' ? 0 : outcome.kind === 'ended' ? outcome.code : 1;
  if (outcome.kind === 'failed') log.fatal({ err: errorForLog(outcome.error, [token]) }, 'a shard process did not come online');
  log.info({ reason: outcome.kind === 'requested' ? outcome.reason : 'a shard process ended', running: live.size }, 'shutting down');
  await stopAll(live, o.stopTimeoutMs ?? 30_000);
  // A shard the manager was still starting is killed by the 'spawn' listener; wait for the loop to settle.
  await spawned;
  await stopAll(live, o.stopTimeoutMs ?? 30_000);
  log.info('stopped');
  return code;
}

async function stopAll(live: Map<number, { child: ChildProcess; shard: Shard }>, timeoutMs: number): Promise<void> {
  await Promise.all([...live.values()].map(({ child, shard }) => stopChild(child, shard.ready, timeoutMs)));
}

/**
 * A ready shard is asked over IPC (it listens from before login) and finishes its answers; one
 * still starting has nothing in flight and gets SIGTERM. Either way it is killed after `timeoutMs`.
 */
async function stopChild(child: ChildProcess, ready: boolean, timeoutMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  if (ready && child.connected) child.send(STOP_MESSAGE, () => undefined);
  else child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  await exited;
  clearTimeout(timer);
}

import { buildApp } from '../../compose/bootstrap.js';
import type { Config } from '../../compose/config.js';
import { watchCorpus } from '../../app/watch.js';
import { UserError } from '../../domain/errors.js';
import type { Logger } from '../../compose/log.js';
import { startBot, type BotHandle, type BotOptions } from './bot.js';
import { runShardManager, shardFromEnv, stopFromManager } from './shards.js';

export interface RunDiscordOptions extends BotOptions {
  /** Built from the validated config (with its secret scrubber) by the entry point. */
  log: Logger;
  /**
   * The process environment: the shard spec the ShardingManager sets (SHARDS, SHARD_COUNT), and
   * what the manager hands on to its shard processes. Settings come from `config`, never from here.
   */
  env: Record<string, string | undefined>;
  /** Stops the bot like a signal does (tests, embedding). */
  shutdown?: AbortSignal;
  /** Process signals that stop the bot gracefully. Default SIGINT and SIGTERM. */
  signals?: NodeJS.Signals[];
  /** Called once the bot is online (not in the sharding manager, which runs no bot itself). */
  onStarted?(bot: BotHandle): void;
  /** This process, for the IPC channel of a shard process. Default `process`. */
  proc?: NodeJS.Process;
}

/**
 * `npm start` with DISCORD_TOKEN: config → core → bot, then run until SIGINT/SIGTERM (or the
 * session ends for good), stop gracefully and return the exit code: 0 after a requested stop,
 * 1 when Discord ended the session. Configuration problems are thrown (the CLI's exit 2).
 *
 * With DISCORD_SHARDS=auto|N this process becomes the sharding manager (shards.ts) and each
 * shard process comes back here, finds its shard in the environment and runs just that one.
 */
export async function runDiscord(config: Config, options: RunDiscordOptions): Promise<number> {
  if (!config.discord.token) throw new UserError('DISCORD_TOKEN is not set.');
  const { env } = options;
  const shard = options.shard ?? shardFromEnv(env);
  const baseLog = options.log;
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];

  if (!shard && config.discord.shards !== 'off') {
    // The manager listens from the start: starting the shards one by one takes a while.
    const stop = stopRequests(signals, options.shutdown);
    try {
      return await runShardManager({ config, log: baseLog, env, stopRequested: stop.requested });
    } finally {
      stop.dispose();
    }
  }

  // Listening before login, so a stop the manager sends once this shard is ready is never missed.
  const proc = options.proc ?? process;
  const manager = shard && proc.send ? stopFromManager(proc) : undefined;
  try {
    const log = shard ? baseLog.child({ shard: shard.id }) : baseLog;
    const app = await buildApp(config, log);
    let onFatal: (error: Error) => void = () => undefined;
    const fatal = new Promise<Error>((resolve) => (onFatal = resolve));
    const bot = await startBot(app, { ...options, ...(shard ? { shard } : {}), onFatal: (error) => onFatal(error) });
    const info = app.footnote.info();
    app.log.info(
      {
        user: bot.client.user.tag,
        guilds: bot.client.guilds.cache.size,
        mode: info.mode,
        documents: info.counts.documents,
        messageContent: bot.messageContent,
      },
      'footnote is online',
    );
    options.onStarted?.(bot);

    // Every process (each shard too) follows corpus edits itself; /reload only reaches one shard.
    const watcher = watchCorpus(app.footnote, app.config.corpusDir, app.log);
    const stop = stopRequests(signals, options.shutdown, manager?.signal);
    const outcome = await Promise.race([
      stop.requested.then((reason) => ({ reason, code: 0 })),
      fatal.then((error) => ({ reason: error.message, code: 1 })),
    ]);
    // Listeners go before the graceful stop: a second Ctrl-C then gets Node's default, exit now.
    stop.dispose();
    watcher.close();
    app.log.info({ reason: outcome.reason }, 'shutting down');
    await bot.stop();
    return outcome.code;
  } finally {
    manager?.dispose();
  }
}

/** Resolves with a reason on the first of: a process signal, `shutdown`, or the manager's stop. */
function stopRequests(
  signals: NodeJS.Signals[],
  shutdown?: AbortSignal,
  fromManager?: AbortSignal,
): { requested: Promise<string>; dispose(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<string>((resolve) => (onSignal = resolve));
  for (const s of signals) process.once(s, onSignal);
  const aborted = (signal: AbortSignal | undefined, reason: string) =>
    new Promise<string>((resolve) => {
      if (signal?.aborted) resolve(reason);
      signal?.addEventListener('abort', () => resolve(reason), { once: true });
    });
  return {
    requested: Promise.race([signalled, aborted(shutdown, 'shutdown requested'), aborted(fromManager, 'the shard manager asked')]),
    dispose: () => {
      for (const s of signals) process.removeListener(s, onSignal);
    },
  };
}

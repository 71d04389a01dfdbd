import { createApp } from '../../bootstrap.js';
import { UserError } from '../../core/errors.js';
import type { Logger } from '../../log.js';
import { startBot, type BotHandle, type BotOptions } from './bot.js';

export interface RunDiscordOptions extends BotOptions {
  /** Defaults to a logger built from LOG_LEVEL. */
  log?: Logger;
  /** Stops the bot like a signal does (tests, embedding). */
  shutdown?: AbortSignal;
  /** Process signals that stop the bot gracefully. Default SIGINT and SIGTERM. */
  signals?: NodeJS.Signals[];
  /** Called once the bot is online. */
  onStarted?(bot: BotHandle): void;
}

/**
 * `npm start` with DISCORD_TOKEN: config → core → bot, then run until SIGINT/SIGTERM (or the
 * session ends for good), stop gracefully and return the exit code: 0 after a requested stop,
 * 1 when Discord ended the session. Configuration problems are thrown for run-main (exit 2).
 */
export async function runDiscord(env: Record<string, string | undefined>, options: RunDiscordOptions = {}): Promise<number> {
  const app = await createApp(env, {}, options.log);
  if (!app.config.discord.token) throw new UserError('DISCORD_TOKEN is not set.');
  let onFatal: (error: Error) => void = () => undefined;
  const fatal = new Promise<Error>((resolve) => (onFatal = resolve));
  const bot = await startBot(app, { ...options, onFatal: (error) => onFatal(error) });
  const info = app.footnote.info();
  app.log.info({ user: bot.client.user.tag, guilds: bot.client.guilds.cache.size, mode: info.mode, documents: info.counts.documents }, 'footnote is online');
  options.onStarted?.(bot);

  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  let onSignal: (signal: NodeJS.Signals) => void = () => undefined;
  const signalled = new Promise<string>((resolve) => (onSignal = resolve));
  for (const s of signals) process.once(s, onSignal);
  const aborted = new Promise<string>((resolve) => {
    if (options.shutdown?.aborted) resolve('shutdown requested');
    options.shutdown?.addEventListener('abort', () => resolve('shutdown requested'), { once: true });
  });
  const outcome = await Promise.race([
    signalled.then((reason) => ({ reason, code: 0 })),
    aborted.then((reason) => ({ reason, code: 0 })),
    fatal.then((error) => ({ reason: error.message, code: 1 })),
  ]);
  // Listeners go before the graceful stop: a second Ctrl-C then gets Node's default, exit now.
  for (const s of signals) process.removeListener(s, onSignal);
  app.log.info({ reason: outcome.reason }, 'shutting down');
  await bot.stop();
  return outcome.code;
}

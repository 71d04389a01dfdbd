import { runShell } from './adapters/shell/shell.js';
import { createApp } from './bootstrap.js';
import { ConfigError } from './config.js';
import { isUserError } from './core/errors.js';
import { createLogger } from './log.js';

/**
 * `npm start`: with DISCORD_TOKEN the Discord bot, otherwise the shell adapter over stdin
 * (interactive on a TTY, one question per line when piped).
 */
export async function runMain(env: Record<string, string | undefined>): Promise<number> {
  try {
    if (env.DISCORD_TOKEN) {
      const { runDiscord } = await import('./adapters/discord/run.js');
      return await runDiscord(env);
    }
    // The shell's output is the conversation; logs go to stderr and stay quiet unless asked.
    const log = createLogger(env.LOG_LEVEL || 'warn');
    const app = await createApp(env, {}, log);
    await runShell({ ...app, input: process.stdin, output: process.stdout, interactive: Boolean(process.stdin.isTTY) });
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || isUserError(error)) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(`footnote failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

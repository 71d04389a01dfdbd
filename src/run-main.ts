import { parseArgs } from 'node:util';
import { runShell } from './adapters/shell/shell.js';
import { createApp } from './compose/bootstrap.js';
import { watchCorpus } from './app/watch.js';
import { ConfigError } from './compose/config.js';
import { isUserError, UserError } from './domain/errors.js';
import { createLogger, scrubSecrets, secretsOf } from './compose/log.js';

/**
 * `npm start`: with DISCORD_TOKEN the Discord bot, otherwise the shell adapter over stdin
 * (interactive on a TTY, one question per line when piped).
 */
export async function runMain(baseEnv: Record<string, string | undefined>, argv: string[] = []): Promise<number> {
  try {
    const env = { ...baseEnv, ...envFromArgs(argv) };
    if (env.DISCORD_TOKEN) {
      const { runDiscord } = await import('./adapters/discord/run.js');
      return await runDiscord(env);
    }
    // The shell's output is the conversation; logs go to stderr and stay quiet unless asked.
    const log = createLogger(env.LOG_LEVEL || 'warn', undefined, secretsOf(env));
    const app = await createApp(env, {}, log);
    const interactive = Boolean(process.stdin.isTTY);
    // A live chat picks up edits to the corpus; a piped batch answers from what it started with.
    const watcher = interactive ? watchCorpus(app.footnote, app.config.corpusDir, app.log) : undefined;
    try {
      await runShell({ ...app, input: process.stdin, output: process.stdout, interactive });
    } finally {
      watcher?.close();
    }
    return 0;
  } catch (error) {
    if (error instanceof ConfigError || isUserError(error)) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`footnote failed to start: ${scrubSecrets(message, secretsOf(baseEnv))}\n`);
    return 1;
  }
}

/** `npm start -- --corpus DIR --index DIR` are the same as CORPUS_DIR / INDEX_DIR for both adapters. */
function envFromArgs(argv: string[]): Record<string, string> {
  let values: { corpus?: string | boolean; index?: string | boolean };
  try {
    ({ values } = parseArgs({ args: argv, options: { corpus: { type: 'string' }, index: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UserError(`${(error as Error).message}\nUsage: npm start [-- --corpus DIR] [--index DIR]`);
  }
  return {
    ...(typeof values.corpus === 'string' ? { CORPUS_DIR: values.corpus } : {}),
    ...(typeof values.index === 'string' ? { INDEX_DIR: values.index } : {}),
  };
}

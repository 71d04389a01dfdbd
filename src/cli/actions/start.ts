import { runShell } from '../../adapters/shell/shell.js';
import { watchCorpus } from '../../app/watch.js';
import { buildApp } from '../../compose/bootstrap.js';
import type { Outcome } from '../exit.js';
import type { CommandContext } from '../program.js';
import type { StartOptions } from '../specs/start.js';

/**
 * `npm start` (`footnote start`): with DISCORD_TOKEN the Discord bot, otherwise the shell adapter
 * over stdin (interactive on a TTY, one question per line when piped).
 */
export async function start(_options: StartOptions, { config, log, io, progress }: CommandContext): Promise<Outcome> {
  if (config.discord.token) {
    // discord.js costs ~150 ms to load: only the bot pays for it.
    const { runDiscord } = await import('../../adapters/discord/run.js');
    return (await runDiscord(config, { log, env: io.env })) === 0 ? 'ok' : 'failed';
  }
  // The bot logs its start-up; the shell shows the long first-start steps on stderr instead.
  const app = await buildApp(config, log, { progress });
  const interactive = io.stdinIsTTY;
  // A live chat picks up edits to the corpus; a piped batch answers from what it started with.
  const watcher = interactive ? watchCorpus(app.footnote, config.corpusDir, log) : undefined;
  try {
    await runShell({ ...app, input: io.stdin, output: io.stdout, interactive });
  } finally {
    watcher?.close();
  }
  return 'ok';
}

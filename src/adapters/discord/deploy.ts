import { REST, Routes } from 'discord.js';
import { commandDefinitions, type CommandListOptions } from '../../commands/index.js';
import type { Config } from '../../compose/config.js';
import { UserError } from '../../domain/errors.js';
import { scrub } from './errors.js';

export interface DeployIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * `footnote deploy-commands`: registers the static command list with one bulk overwrite — in
 * DISCORD_GUILD_ID when set (instant, for development), else globally. 'failed' when Discord
 * refused; missing settings are a UserError.
 */
export async function deployCommands(discord: Config['discord'], io: DeployIo, options: CommandListOptions = {}): Promise<'ok' | 'failed'> {
  const { token, appId, guildId, apiUrl } = discord;
  const missing = [token ? null : 'DISCORD_TOKEN', appId ? null : 'DISCORD_APP_ID'].filter((k): k is string => k !== null);
  if (!token || !appId) {
    throw new UserError(
      `deploy-commands needs ${missing.join(' and ')}. Both are in the Discord developer portal: the application id on ` +
        `General Information, the token under Bot → Reset Token. Put them in .env or the environment.`,
    );
  }
  const rest = new REST({ api: apiUrl }).setToken(token);
  try {
    const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
    const saved = (await rest.put(route, { body: commandDefinitions(options) })) as { name: string; type?: number }[];
    // Slash commands as /name; the message context-menu command by its menu label.
    const names = saved.map((c) => (c.type === 3 ? `“${c.name}” (message menu)` : `/${c.name}`)).join(', ');
    io.stdout.write(
      guildId
        ? `Registered ${saved.length} commands in guild ${guildId}: ${names}. They are available now.\n`
        : `Registered ${saved.length} global commands: ${names}. Discord may take up to an hour to show changes everywhere.\n`,
    );
    return 'ok';
  } catch (error) {
    io.stderr.write(`deploy-commands failed: ${scrub(error instanceof Error ? error.message : String(error), [token])}\n`);
    return 'failed';
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

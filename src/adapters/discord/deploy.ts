import { REST, Routes } from 'discord.js';
import { commandList } from '../../commands/index.js';
import { ConfigError, loadConfig } from '../../compose/config.js';
import { scrub } from './errors.js';

export interface DeployIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * `npm run deploy-commands`: registers the static command list with one bulk overwrite — in
 * DISCORD_GUILD_ID when set (instant, for development), else globally. Returns the exit code:
 * 0 done, 1 Discord refused, 2 configuration missing or invalid.
 */
export async function deployCommands(env: Record<string, string | undefined>, io: DeployIo): Promise<number> {
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const { token, appId, guildId, apiUrl } = config.discord;
  const missing = [token ? null : 'DISCORD_TOKEN', appId ? null : 'DISCORD_APP_ID'].filter((k): k is string => k !== null);
  if (!token || !appId) {
    io.stderr.write(
      `deploy-commands needs ${missing.join(' and ')}. Both are in the Discord developer portal: the application id on ` +
        `General Information, the token under Bot → Reset Token. Put them in .env or the environment.\n`,
    );
    return 2;
  }
  const commands = commandList();
  const rest = new REST({ api: apiUrl }).setToken(token);
  try {
    const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
    const saved = (await rest.put(route, { body: commands.map((c) => c.definition) })) as { name: string }[];
    const names = saved.map((c) => `/${c.name}`).join(', ');
    io.stdout.write(
      guildId
        ? `Registered ${saved.length} commands in guild ${guildId}: ${names}. They are available now.\n`
        : `Registered ${saved.length} global commands: ${names}. Discord may take up to an hour to show changes everywhere.\n`,
    );
    return 0;
  } catch (error) {
    io.stderr.write(`deploy-commands failed: ${scrub(error instanceof Error ? error.message : String(error), [token])}\n`);
    return 1;
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}

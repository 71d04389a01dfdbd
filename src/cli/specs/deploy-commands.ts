import { arg, type CommandSpec } from '../spec.js';

export type DeployOptions = Record<string, never>;

export const deployCommands: CommandSpec<DeployOptions> = {
  name: 'deploy-commands',
  summary: "register the bot's slash commands with Discord",
  synopsis: [''],
  details:
    'Needs DISCORD_TOKEN and DISCORD_APP_ID. With DISCORD_GUILD_ID the commands go to that guild (instant), otherwise globally (up to an hour).\nExit codes: 0 registered, 1 Discord refused, 2 settings missing or invalid.',
  options: {},
  parse(args) {
    arg.noPositionals(args, 'deploy-commands');
    return {};
  },
};

import { arg, type CommandSpec } from '../spec.js';

export type StartOptions = Record<string, never>;

export const start: CommandSpec<StartOptions> = {
  name: 'start',
  summary: 'the bot with DISCORD_TOKEN set, otherwise the shell over stdin (`npm start`)',
  synopsis: [''],
  details:
    'The shell is interactive on a terminal (a conversation; corpus edits are picked up) and answers one question per line when piped.\nExit codes: 0 stopped on request or end of input, 1 Discord ended the session or start-up failed, 2 settings invalid.',
  options: {},
  dirs: { corpus: true, index: true },
  // The bot says what it does; the shell's stdout is the conversation, so it stays quiet.
  defaultLogLevel: (config) => (config.discord.token ? 'info' : 'warn'),
  parse(args) {
    arg.noPositionals(args, 'start');
    return {};
  },
};

import { articleCommand } from './article.js';
import { askCommand } from './ask.js';
import { createEvalCommand, createKeyedLock } from './eval.js';
import { createHelpCommand } from './help.js';
import { reloadCommand } from './reload.js';
import { sourceCommand } from './source.js';
import { summaryCommand } from './summary.js';
import type { Command } from './types.js';

/**
 * The static command list shared by every adapter (Discord and the shell) and by the deploy
 * script. Add a command here and it exists everywhere. A command with state (the eval lock)
 * gets it here: one list per bot, so the state lives as long as the bot and no longer.
 */
export function commandList(): Command[] {
  const commands: Command[] = [
    askCommand,
    sourceCommand,
    summaryCommand,
    createEvalCommand({ locks: createKeyedLock() }),
    reloadCommand,
    articleCommand,
  ];
  commands.push(createHelpCommand(() => commands));
  return commands;
}

export function findCommand(commands: Command[], name: string): Command | undefined {
  return commands.find((c) => c.definition.name === name);
}

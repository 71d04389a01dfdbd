import { askCommand } from './ask.js';
import { createHelpCommand } from './help.js';
import { sourceCommand } from './source.js';
import { summaryCommand } from './summary.js';
import type { Command } from './types.js';

/**
 * The static command list shared by every adapter (Discord and the shell) and by the deploy
 * script. Add a command here and it exists everywhere.
 */
export function commandList(): Command[] {
  const commands: Command[] = [askCommand, sourceCommand, summaryCommand];
  commands.push(createHelpCommand(() => commands));
  return commands;
}

export function findCommand(commands: Command[], name: string): Command | undefined {
  return commands.find((c) => c.definition.name === name);
}

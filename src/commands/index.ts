import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord-api-types/v10';
import { articleCommand } from './article.js';
import { askMessageDefinition, createAskCommand } from './ask.js';
import { createEvalCommand, createKeyedLock } from './eval.js';
import { createHelpCommand } from './help.js';
import { reloadCommand } from './reload.js';
import { settingsCommand } from './settings.js';
import { sourceCommand } from './source.js';
import { summaryCommand } from './summary.js';
import type { Command } from './types.js';

export interface CommandListOptions {
  /** MAX_QUESTION_CHARS: the length Discord lets people type into /ask. Default 1000. */
  maxQuestionChars?: number;
}

/**
 * The static command list shared by every adapter (Discord and the shell) and by the deploy
 * script. Add a command here and it exists everywhere. A command with state (the eval lock)
 * gets it here: one list per bot, so the state lives as long as the bot and no longer.
 */
export function commandList(options: CommandListOptions = {}): Command[] {
  const commands: Command[] = [
    createAskCommand(options.maxQuestionChars ?? 1000),
    sourceCommand,
    summaryCommand,
    createEvalCommand({ locks: createKeyedLock() }),
    reloadCommand,
    articleCommand,
    settingsCommand,
  ];
  commands.push(createHelpCommand(() => commands));
  return commands;
}

/** Everything registered with Discord: the slash commands and the message context-menu command. */
export function commandDefinitions(options: CommandListOptions = {}): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...commandList(options).map((c) => c.definition), askMessageDefinition];
}

export function findCommand(commands: Command[], name: string): Command | undefined {
  return commands.find((c) => c.definition.name === name);
}

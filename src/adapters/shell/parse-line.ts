import { ApplicationCommandOptionType, type APIApplicationCommandOption } from 'discord-api-types/v10';
import { UserError } from '../../domain/errors.js';
import type { Command, OptionValue } from '../../commands/types.js';

export type ShellInput =
  { kind: 'empty' } | { kind: 'quit' } | { kind: 'command'; name: string; rest: string } | { kind: 'question'; text: string };

/** Classifies one line typed in the shell. */
export function parseShellLine(line: string): ShellInput {
  const text = line.trim();
  if (text === '') return { kind: 'empty' };
  if (/^\/(quit|exit)$/i.test(text)) return { kind: 'quit' };
  const m = /^\/([a-z][\w-]*)\s*([\s\S]*)$/i.exec(text);
  if (m) return { kind: 'command', name: m[1]!.toLowerCase(), rest: m[2]! };
  return { kind: 'question', text };
}

/**
 * Maps the words after a command to its Discord options, in definition order, one word each;
 * a leading free-text option takes the whole line (so `/ask what happened?` works). An optional
 * option with fixed choices takes a word only when it is one of them, so `/summary short vell`
 * and `/summary vell` both name the document. Channel and attachment options have no meaning in
 * a terminal and are skipped. A word no option takes is an error, never silently dropped.
 */
export function shellOptions(command: Command, rest: string): Record<string, OptionValue> {
  const defs = (command.definition.options ?? []) as APIApplicationCommandOption[];
  const words = rest.split(/\s+/).filter(Boolean);
  const out: Record<string, OptionValue> = {};
  defs.forEach((def, i) => {
    if (words.length === 0) return;
    if (def.type === ApplicationCommandOptionType.Channel || def.type === ApplicationCommandOptionType.Attachment) return;
    const choices = 'choices' in def && def.choices ? def.choices.map((c) => String(c.value)) : undefined;
    if (choices && !choices.includes(words[0]!)) {
      if (def.required) throw new UserError(`${def.name} must be one of ${choices.join(', ')} (usage: ${command.usage}).`);
      return;
    }
    const wholeLine = i === 0 && def.type === ApplicationCommandOptionType.String && !choices;
    const value = wholeLine ? words.splice(0).join(' ') : words.shift()!;
    if (def.type === ApplicationCommandOptionType.Integer || def.type === ApplicationCommandOptionType.Number) {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new UserError(`${def.name} must be a number (usage: ${command.usage}).`);
      out[def.name] = n;
    } else if (def.type === ApplicationCommandOptionType.Boolean) {
      out[def.name] = /^(true|yes|1)$/i.test(value);
    } else {
      out[def.name] = value;
    }
  });
  if (words.length > 0) throw new UserError(`Unexpected "${words.join(' ')}" (usage: ${command.usage}).`);
  for (const def of defs) {
    if (def.required && out[def.name] === undefined) throw new UserError(`Missing ${def.name} (usage: ${command.usage}).`);
  }
  return out;
}

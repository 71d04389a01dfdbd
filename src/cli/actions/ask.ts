import { readFile } from 'node:fs/promises';
import { renderAnswerText } from '../../adapters/shell/render.js';
import { buildApp } from '../../compose/bootstrap.js';
import { UserError, isUserError } from '../../domain/errors.js';
import type { Footnote } from '../../app/footnote.js';
import { askInThread } from '../../eval/thread.js';
import type { Outcome } from '../exit.js';
import type { CliIO } from '../io.js';
import type { CommandContext } from '../program.js';
import type { AskOptions } from '../specs/ask.js';

export async function ask(options: AskOptions, { config, log, io, progress }: CommandContext): Promise<Outcome> {
  const { footnote } = await buildApp(config, log, { progress });
  if (options.kind === 'file') return askQuestionsFile(footnote, options.file, io);
  const result = await footnote.ask(options.question);
  io.stdout.write(options.json ? `${JSON.stringify(result)}\n` : `${renderAnswerText(result, footnote.documents().length > 1, false)}\n`);
  return 'ok';
}

/** `ask --questions FILE`: one result line per input line, in order; bad lines become error objects. */
async function askQuestionsFile(footnote: Footnote, file: string, io: CliIO): Promise<Outcome> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`Cannot read questions file: ${file}`);
  }
  // The case schema comes with the YAML parser (~40 ms to load): only a questions file needs it.
  const { MAX_FOLLOWS, followsSchema } = await import('../../eval/cases.js');
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const fallbackId = `line-${i + 1}`;
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      io.stdout.write(`${JSON.stringify({ id: fallbackId, error: { message: `line ${i + 1} is not JSON` } })}\n`);
      continue;
    }
    const record = (item && typeof item === 'object' ? item : {}) as { id?: unknown; question?: unknown; follows?: unknown };
    const id = record.id ?? fallbackId;
    try {
      if (typeof record.question !== 'string') throw new UserError(`line ${i + 1} has no "question" string`);
      const follows = record.follows === undefined ? undefined : followsSchema.safeParse(record.follows).data;
      if (record.follows !== undefined && !follows)
        throw new UserError(`line ${i + 1}: "follows" is a list of the thread's earlier questions (1 to ${MAX_FOLLOWS})`);
      // A thread follow-up is asked after its thread's earlier questions, as in Discord.
      const result = await askInThread((q, o) => footnote.ask(q, o), { question: record.question, ...(follows ? { follows } : {}) });
      io.stdout.write(`${JSON.stringify({ id, ...result })}\n`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      io.stdout.write(`${JSON.stringify({ id, question: record.question, error: { message: error.message } })}\n`);
    }
  }
  return 'ok';
}

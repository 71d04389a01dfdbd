import { readFile } from 'node:fs/promises';
import { UserError, isUserError } from '../domain/errors.js';
import type { Footnote } from '../app/footnote.js';
import { renderAnswerText } from '../adapters/shell/render.js';
import { EXIT, type CliIO } from './io.js';

/** `ask --json --questions FILE`: one result line per input line, in order; bad lines become error objects. */
export async function askQuestionsFile(footnote: Footnote, file: string, io: CliIO): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`Cannot read questions file: ${file}`);
  }
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
    const record = (item && typeof item === 'object' ? item : {}) as { id?: unknown; question?: unknown };
    const id = record.id ?? fallbackId;
    try {
      if (typeof record.question !== 'string') throw new UserError(`line ${i + 1} has no "question" string`);
      const result = await footnote.ask(record.question);
      io.stdout.write(`${JSON.stringify({ id, ...result })}\n`);
    } catch (error) {
      if (!isUserError(error)) throw error;
      io.stdout.write(`${JSON.stringify({ id, question: record.question, error: { message: error.message } })}\n`);
    }
  }
  return EXIT.ok;
}

export async function askOne(footnote: Footnote, question: string, json: boolean, io: CliIO): Promise<number> {
  const result = await footnote.ask(question);
  io.stdout.write(json ? `${JSON.stringify(result)}\n` : `${renderAnswerText(result, footnote.documents().length > 1)}\n`);
  return EXIT.ok;
}

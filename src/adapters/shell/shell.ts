import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { findCommand, commandList } from '../../commands/index.js';
import type { CommandContext, Reply } from '../../commands/types.js';
import type { Config } from '../../compose/config.js';
import { isUserError } from '../../domain/errors.js';
import type { Footnote } from '../../app/footnote.js';
import { turnOf, type AskResult, type Turn } from '../../domain/types.js';
import type { Logger } from '../../compose/log.js';
import { createPlainStream, plainText, renderAnswerDetails, renderAnswerText, renderParagraphText, renderSummaryText } from './render.js';
import { parseShellLine, shellOptions } from './parse-line.js';

export interface ShellDeps {
  footnote: Footnote;
  config: Config;
  log: Logger;
  input: Readable;
  output: Writable;
  /** Interactive: a prompt, a greeting and conversation memory for follow-ups. */
  interactive: boolean;
}

const HISTORY_TURNS = 3;

/**
 * The terminal adapter (like Hubot's shell adapter): the same commands as Discord over the same
 * core. Interactive on a TTY; otherwise one question per input line, each answered in turn.
 */
export async function runShell(deps: ShellDeps): Promise<void> {
  const { footnote, output, interactive } = deps;
  const commands = commandList().filter((c) => c.shell);
  const multiDoc = footnote.documents().length > 1;
  const history: Turn[] = [];
  const rl = createInterface({ input: deps.input, terminal: false });
  // `npm start | head -1`: when the reader goes away, stop answering instead of crashing.
  let readerGone = false;
  output.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') deps.log.error({ err: error }, 'shell output failed');
    readerGone = true;
    rl.close();
  });
  const put = (text: string) => {
    if (!readerGone) output.write(text);
  };
  const write = (text: string) => put(`${text}\n`);
  if (interactive) {
    const docs = footnote.documents();
    write(
      `footnote — ask about ${docs.length === 1 ? `“${docs[0]!.title}”` : `${docs.length} documents`}. /help lists commands, /quit leaves.`,
    );
    put('> ');
  }
  const render = (reply: Reply): string => {
    switch (reply.kind) {
      case 'answer':
        return renderAnswerText(reply.result, multiDoc);
      case 'summary':
        return renderSummaryText(reply.summary, multiDoc);
      case 'paragraph':
        return renderParagraphText(reply.paragraph, reply.title);
      case 'text':
        return reply.text;
    }
  };
  for await (const line of rl) {
    const input = parseShellLine(line);
    if (input.kind === 'quit') break;
    if (input.kind !== 'empty') {
      const ctx: CommandContext = {
        footnote,
        config: deps.config,
        log: deps.log,
        surface: 'shell',
        invoker: { userId: 'shell', canManageMessages: true, canManageGuild: true, roleIds: [] },
        ...(interactive ? { history: history.slice(-HISTORY_TURNS) } : {}),
      };
      // With a model, an interactive chat prints the answer as it is generated, as plain text.
      const stream = createPlainStream();
      if (interactive && footnote.info().mode === 'llm') {
        ctx.onToken = (token) => put(stream.push(token));
      }
      try {
        const reply =
          input.kind === 'question'
            ? await findCommand(commands, 'ask')!.handle(ctx, { question: input.text })
            : await runCommand(input.name, input.rest, ctx);
        if (stream.printed && reply.kind === 'answer') write(afterStream(stream.printed, reply.result, multiDoc));
        else write(render(reply));
        if (reply.kind === 'answer') history.push(turnOf(reply.result));
      } catch (error) {
        write(describeError(error, deps.log));
      }
      write('');
    }
    if (interactive) put('> ');
  }
  rl.close();

  async function runCommand(name: string, rest: string, ctx: CommandContext): Promise<Reply> {
    const command = findCommand(commands, name);
    if (!command) return { kind: 'text', text: `Unknown command /${name}. Try /help.` };
    return command.handle(ctx, shellOptions(command, rest));
  }
}

function describeError(error: unknown, log: Logger): string {
  if (isUserError(error)) return error.message;
  const errorId = randomUUID().slice(0, 8);
  log.error({ err: error, errorId }, 'shell command failed');
  return `Something went wrong (error id ${errorId}). The details are in the log.`;
}

/**
 * After a streamed answer: the citation-checked answer replaces the draft when they differ
 * (invalid markers dropped, or the extractive fallback), then the sources.
 */
function afterStream(streamed: string, result: AskResult, multiDoc: boolean): string {
  const details = renderAnswerDetails(result, multiDoc);
  const answer = result.mode === 'llm' ? plainText(result.answer).trim() : result.answer.trim();
  const checked = streamed.trim() === answer ? '' : `\n\nChecked answer:\n${answer}`;
  return `${checked}\n${details ? `\n${details}` : ''}`;
}

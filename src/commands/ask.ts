import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord-api-types/v10';
import type { Command } from './types.js';

/** The message context-menu command: right-click a message → Apps → "Ask footnote" (a private answer to it). */
export const ASK_MESSAGE_COMMAND = 'Ask footnote';

export const askMessageDefinition: RESTPostAPIContextMenuApplicationCommandsJSONBody = {
  type: ApplicationCommandType.Message,
  name: ASK_MESSAGE_COMMAND,
};

/** `/ask`; `maxQuestionChars` is MAX_QUESTION_CHARS, so Discord's own limit on the option matches the core's. */
export function createAskCommand(maxQuestionChars: number): Command {
  return {
    definition: {
      name: 'ask',
      description: 'Ask a question about the article; the answer cites its paragraphs.',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'question',
          description: 'Your question',
          required: true,
          max_length: maxQuestionChars,
        },
        { type: ApplicationCommandOptionType.Boolean, name: 'private', description: 'Only you see the answer' },
        {
          type: ApplicationCommandOptionType.String,
          name: 'doc',
          description: "Article (default: this server's current one)",
          autocomplete: true,
        },
      ],
    },
    usage: '/ask QUESTION (or just type the question)',
    shell: true,
    ephemeral: (options) => options.private === true,
    costly: true,
    async handle(ctx, options) {
      const doc = typeof options.doc === 'string' && options.doc ? options.doc : undefined;
      const result = await ctx.footnote.ask(String(options.question ?? ''), {
        ...(doc ? { doc } : {}),
        ...(ctx.history ? { history: ctx.history } : {}),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(ctx.onToken ? { onToken: ctx.onToken } : {}),
      });
      return { kind: 'answer', result, ephemeral: options.private === true };
    },
  };
}

import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Command } from './types.js';

export const MAX_QUESTION_OPTION = 1000;

export const askCommand: Command = {
  definition: {
    name: 'ask',
    description: 'Ask a question about the article; the answer cites its paragraphs.',
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: 'Your question',
        required: true,
        max_length: MAX_QUESTION_OPTION,
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

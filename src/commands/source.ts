import { ApplicationCommandOptionType } from 'discord-api-types/v10';
import type { Command } from './types.js';

export const sourceCommand: Command = {
  definition: {
    name: 'source',
    description: 'Show a paragraph of the article in full.',
    options: [
      { type: ApplicationCommandOptionType.Integer, name: 'paragraph', description: 'Paragraph number (¶N)', required: true, min_value: 1 },
      { type: ApplicationCommandOptionType.String, name: 'doc', description: 'Document (when there are several)', autocomplete: true },
    ],
  },
  usage: '/source N [doc]',
  shell: true,
  ephemeral: () => true,
  async handle(ctx, options) {
    const doc = typeof options.doc === 'string' && options.doc ? options.doc : undefined;
    const paragraph = ctx.footnote.paragraph(Number(options.paragraph), doc);
    const title = ctx.footnote.documents().find((d) => d.id === paragraph.doc)?.title ?? paragraph.doc;
    return { kind: 'paragraph', paragraph, title, ephemeral: true };
  },
};

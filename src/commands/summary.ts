import { ApplicationCommandOptionType, ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { UserError } from '../domain/errors.js';
import type { SummaryLength } from '../domain/types.js';
import type { Command } from './types.js';

const LENGTHS: SummaryLength[] = ['short', 'medium', 'long'];

export const summaryCommand: Command = {
  definition: {
    name: 'summary',
    description: 'Key points of the article, each with its paragraph citation.',
    // Discord shows the command to members with Manage Messages by default; admins can open
    // it to everyone (Server Settings → Integrations) for private summaries. Posting to a
    // channel is checked again in the handler, because those overrides bypass this default.
    default_member_permissions: String(PermissionFlagsBits.ManageMessages),
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'length',
        description: 'How many points',
        choices: LENGTHS.map((l) => ({ name: l, value: l })),
      },
      {
        type: ApplicationCommandOptionType.Channel,
        name: 'post_to',
        description: 'Post the summary in this channel (moderators: Manage Messages)',
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.PublicThread],
      },
      { type: ApplicationCommandOptionType.String, name: 'doc', description: 'Document (when there are several)', autocomplete: true },
    ],
  },
  usage: '/summary [short|medium|long]',
  shell: true,
  // Private summaries and the confirmation of a posted one are both seen by the invoker only.
  ephemeral: () => true,
  costly: true,
  async handle(ctx, options) {
    const length = (
      typeof options.length === 'string' && LENGTHS.includes(options.length as SummaryLength) ? options.length : 'medium'
    ) as SummaryLength;
    const postTo = typeof options.post_to === 'string' ? options.post_to : undefined;
    if (postTo && !ctx.invoker.canManageMessages) {
      throw new UserError(
        'Posting a summary to a channel needs the Manage Messages permission. Run /summary without post_to to see it privately.',
      );
    }
    const doc = typeof options.doc === 'string' && options.doc ? options.doc : undefined;
    const summary = await ctx.footnote.summarize({ length, ...(doc ? { doc } : {}) });
    return postTo ? { kind: 'summary', summary, postTo } : { kind: 'summary', summary, ephemeral: ctx.surface === 'discord' };
  },
};

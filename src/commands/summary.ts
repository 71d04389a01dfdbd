import { ApplicationCommandOptionType, ChannelType } from 'discord-api-types/v10';
import type { SummaryLength } from '../domain/types.js';
import { noticeText } from './notice-text.js';
import { settingsOf } from './settings.js';
import { channelOption, holdsRole, type Command, type CommandChannel, type CommandContext } from './types.js';

const LENGTHS: SummaryLength[] = ['short', 'medium', 'long'];

export const summaryCommand: Command = {
  definition: {
    name: 'summary',
    description: 'Key points of the article, each with its paragraph citation.',
    // Visible to everyone: a private summary needs no permission. Posting one (post_to) is
    // checked in the handler, in the target channel.
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
        description: 'Post the summary in this channel (needs Manage Messages there)',
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.PublicThread],
      },
      { type: ApplicationCommandOptionType.String, name: 'doc', description: 'Document (when there are several)', autocomplete: true },
    ],
  },
  usage: '/summary [short|medium|long] [doc]',
  shell: true,
  // Private summaries and the confirmation of a posted one are both seen by the invoker only.
  ephemeral: () => true,
  costly: true,
  async handle(ctx, options) {
    const length = (
      typeof options.length === 'string' && LENGTHS.includes(options.length as SummaryLength) ? options.length : 'medium'
    ) as SummaryLength;
    const target = channelOption(options.post_to);
    const refusal = target ? postRefusal(ctx, target) : undefined;
    // A refusal is our own wording with channel mentions, shown privately (the reply is ephemeral).
    if (refusal) return { kind: 'text', text: refusal, ephemeral: true, formatted: true };
    const doc = typeof options.doc === 'string' && options.doc ? options.doc : undefined;
    const summary = await ctx.footnote.summarize({ length, ...(doc ? { doc } : {}) });
    return target ? { kind: 'summary', summary, postTo: target.id } : { kind: 'summary', summary, ephemeral: ctx.surface === 'discord' };
  },
};

/**
 * Why a summary may not be posted in `target`, or undefined when it may. The target must be a
 * channel footnote answers in; the member needs Manage Messages there (Discord resolves the
 * member's permissions per channel) or the summary-poster role; and the bot must be able to see
 * the channel, send and embed links there.
 */
export function postRefusal(ctx: Pick<CommandContext, 'settings' | 'config' | 'invoker'>, target: CommandChannel): string | undefined {
  const settings = settingsOf(ctx);
  const t = noticeText(settings.language);
  const allowed = settings.allowedChannelIds;
  if (allowed.length > 0 && !allowed.includes(target.id) && !(target.parentId && allowed.includes(target.parentId))) {
    return t.postNotAllowed(target.id);
  }
  const role = settings.summaryRoleId;
  if (!target.invokerCanManageMessages && !holdsRole(ctx.invoker, role)) return t.postMemberNeeds(target.id, role);
  if (target.botMissing.length > 0) return t.postBotNeeds(target.id, target.botMissing);
  return undefined;
}

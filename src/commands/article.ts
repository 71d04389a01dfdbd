import { ApplicationCommandOptionType, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ArticleChange, ServerArticles } from '../app/server-articles.js';
import { SHIPPED } from '../app/server-articles.js';
import { createPageFetcher } from '../article/fetch.js';
import { articleFormat, megabytes, readArticle } from '../article/read.js';
import { ARTICLE_LIMITS, type ArticleText } from '../article/types.js';
import { UserError } from '../domain/errors.js';
import type { APIApplicationCommandBasicOption } from 'discord-api-types/v10';
import { postRefusal } from './summary.js';
import { settingsOf } from './settings.js';
import { channelOption, holdsRole, type Command, type CommandContext, type OptionValue, type Reply } from './types.js';

const PREVIEW_CHARS = 300;
const preview = (text: string) => (text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text);
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
const str = (v: OptionValue | undefined) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

const ANNOUNCE: APIApplicationCommandBasicOption = {
  type: ApplicationCommandOptionType.Channel,
  name: 'announce',
  description: 'Also post a short cited summary of it in this channel',
  channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.PublicThread],
};
const DOC = (description: string, required: boolean): APIApplicationCommandBasicOption => ({
  type: ApplicationCommandOptionType.String,
  name: 'doc',
  description,
  autocomplete: true,
  required,
});

/** The reply after a change: what people now discuss, how long it is, how it starts, how long it took. */
function changed(change: ArticleChange, verb: string): string {
  const a = change.article;
  return [
    `${verb} **${a.title}** (\`${a.id}\`): ${a.paragraphs} paragraph${a.paragraphs === 1 ? '' : 's'}, ready in ${seconds(change.ms)}.`,
    `> ¶1 ${preview(change.firstParagraph)}`,
    `Questions here now use it; \`/article list\` shows the others and \`/article use\` switches back.`,
  ].join('\n');
}

async function withAnnounce(ctx: CommandContext, options: Record<string, OptionValue>, text: string, id: string): Promise<Reply> {
  const target = channelOption(options.announce);
  if (!target) return { kind: 'text', text, ephemeral: true };
  // The same rules as /summary post_to: Manage Messages (or the summary role) in that channel,
  // the bot's own permissions there, and a channel footnote answers in.
  const refused = postRefusal(ctx, target);
  if (refused) return { kind: 'text', text, ephemeral: true, announce: { channelId: target.id, refused } };
  const { footnote } = await ctx.articles!.resolve(ctx.invoker.guildId, id);
  const summary = await footnote.summarize({ length: 'short', doc: id });
  return { kind: 'text', text, ephemeral: true, announce: { channelId: target.id, summary } };
}

async function upload(ctx: CommandContext, options: Record<string, OptionValue>): Promise<ArticleText> {
  const file = options.file;
  if (typeof file !== 'object' || !('read' in file)) throw new UserError('Attach the article as the file option (.txt, .md or .html).');
  if (!articleFormat(file)) {
    throw new UserError(
      `${file.name}${file.contentType ? ` (${file.contentType})` : ''} is not an article footnote can read: upload a .txt, .md or .html file.`,
    );
  }
  // From the attachment's size alone, before anything is downloaded.
  if (file.size > ARTICLE_LIMITS.maxBytes) {
    throw new UserError(`${file.name} is ${megabytes(file.size)}; an article may be at most ${megabytes(ARTICLE_LIMITS.maxBytes)}.`);
  }
  const bytes = file.readBytes ? await file.readBytes(ARTICLE_LIMITS.maxBytes) : new TextEncoder().encode(await file.read());
  const title = str(options.title);
  return readArticle({
    name: file.name,
    bytes,
    ...(file.contentType ? { contentType: file.contentType } : {}),
    ...(title ? { title } : {}),
  });
}

async function fromLink(ctx: CommandContext, options: Record<string, OptionValue>): Promise<ArticleText> {
  const link = str(options.link);
  if (!link) throw new UserError("Give the article's https:// link as the link option.");
  const page = await (ctx.fetchPage ?? createPageFetcher())(link, ctx.signal ? { signal: ctx.signal } : {});
  const title = str(options.title);
  return readArticle({ name: page.finalUrl, bytes: page.bytes, contentType: page.contentType, url: page.url, ...(title ? { title } : {}) });
}

async function list(articles: ServerArticles, guildId: string): Promise<string> {
  const { articles: uploaded, current, shipped } = await articles.list(guildId);
  const lines = ['**Articles in this server**'];
  for (const a of uploaded) {
    const day = a.uploadedAt.slice(0, 10);
    lines.push(
      `• ${a.id === current ? '**(current)** ' : ''}${a.title} — \`${a.id}\`, ${a.paragraphs} ¶, from ${a.source}, by <@${a.uploadedBy}> on ${day}`,
    );
  }
  const shippedTitles = shipped.map((d) => `${d.title} (\`${d.id}\`)`).join('; ');
  lines.push(`• ${current ? '' : '**(current)** '}the shipped article, the default: ${shippedTitles} — \`/article use doc:${SHIPPED}\``);
  return lines.join('\n');
}

async function show(articles: ServerArticles, guildId: string, doc: string | undefined): Promise<string> {
  const { footnote, article } = await articles.resolve(guildId, doc);
  const document = article ? footnote.documents()[0]! : (footnote.documents().find((d) => d.id === doc) ?? footnote.documents()[0]!);
  const head = article
    ? `**${article.title}** (\`${article.id}\`): ${article.paragraphs} paragraphs, from ${article.source}, uploaded by <@${article.uploadedBy}> on ${article.uploadedAt.slice(0, 10)}.`
    : `**${document.title}** (\`${document.id}\`, shipped): ${document.paragraphs.length} paragraphs.`;
  return `${head}\n> ¶1 ${preview(document.paragraphs[0]?.text ?? '')}`;
}

export const articleCommand: Command = {
  definition: {
    name: 'article',
    description: 'Choose the article this server discusses (Manage Server).',
    // Hidden from members without Manage Server by default; the handler checks again (and
    // admits the server's article role), because server admins can override who sees a command.
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [InteractionContextType.Guild],
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'upload',
        description: 'Upload an article (.txt, .md or .html) and discuss it here',
        options: [
          {
            type: ApplicationCommandOptionType.Attachment,
            name: 'file',
            description: `The article, up to ${megabytes(ARTICLE_LIMITS.maxBytes)}`,
            required: true,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'title',
            description: 'Title (default: the one in the file)',
            max_length: 200,
          },
          ANNOUNCE,
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'url',
        description: 'Read an article from an https:// link and discuss it here',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'link',
            description: 'https:// link to the article',
            required: true,
            max_length: 2000,
          },
          { type: ApplicationCommandOptionType.String, name: 'title', description: "Title (default: the page's)", max_length: 200 },
          ANNOUNCE,
        ],
      },
      { type: ApplicationCommandOptionType.Subcommand, name: 'list', description: 'The articles of this server, and which one is current' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'show',
        description: "An article's details and first paragraph",
        options: [DOC('Article (default: the current one)', false)],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'use',
        description: 'Discuss another article of this server (or the shipped one)',
        options: [DOC(`Article, or "${SHIPPED}" for the default`, true), ANNOUNCE],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Remove an uploaded article',
        options: [DOC('Article', true)],
      },
    ],
  },
  usage: '/article upload|url|list|show|use|remove',
  // The shell answers from its corpus folder: `footnote article add` is its way.
  shell: false,
  ephemeral: () => true,
  // Reading and indexing an article is work: one answer slot, like a question.
  costly: true,
  servesArticle: false,
  async handle(ctx, options) {
    const { invoker, articles } = ctx;
    const roleId = settingsOf(ctx).articleRoleId;
    if (!invoker.canManageGuild && !holdsRole(invoker, roleId)) {
      throw new UserError(`Changing the article needs the Manage Server permission${roleId ? ' or the article role' : ''}.`);
    }
    if (!invoker.guildId) throw new UserError('/article works in a server, not in direct messages.');
    if (!articles) throw new UserError('Articles cannot be changed on this bot.');
    const guildId = invoker.guildId;
    switch (options.subcommand) {
      case 'upload':
      case 'url': {
        const text = options.subcommand === 'upload' ? await upload(ctx, options) : await fromLink(ctx, options);
        const change = await articles.add(guildId, invoker.userId, text);
        ctx.log.info({ article: change.article.id, paragraphs: change.article.paragraphs, ms: change.ms }, 'article added');
        return withAnnounce(
          ctx,
          options,
          changed(change, change.existed ? 'Already here, now current:' : 'Now discussing'),
          change.article.id,
        );
      }
      case 'list':
        return { kind: 'text', text: await list(articles, guildId), ephemeral: true };
      case 'show':
        return { kind: 'text', text: await show(articles, guildId, str(options.doc)), ephemeral: true };
      case 'use': {
        const doc = str(options.doc) ?? SHIPPED;
        const result = await articles.use(guildId, doc);
        if ('shipped' in result) return { kind: 'text', text: 'Back to the shipped article: questions here now use it.', ephemeral: true };
        return withAnnounce(ctx, options, changed(result, 'Now discussing'), result.article.id);
      }
      case 'remove': {
        const { removed, current } = await articles.remove(guildId, str(options.doc) ?? '');
        const now = current ? `**${current.title}** (\`${current.id}\`) is still current.` : 'Questions here now use the shipped article.';
        return { kind: 'text', text: `Removed **${removed.title}** (\`${removed.id}\`). ${now}`, ephemeral: true };
      }
      default:
        throw new UserError('Choose one of: upload, url, list, show, use, remove.');
    }
  },
};

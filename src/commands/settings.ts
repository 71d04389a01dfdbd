/**
 * `/settings` (Manage Server): shows and changes this server's settings. What a server does not
 * change follows the bot's configuration (the environment), shown as "default".
 */
import { ApplicationCommandOptionType, ChannelType, InteractionContextType, PermissionFlagsBits } from 'discord-api-types/v10';
import { serverDefaultsOf } from '../compose/config.js';
import { UserError } from '../domain/errors.js';
import {
  DM_POLICIES,
  NOTICE_LANGUAGES,
  resolveSettings,
  THREAD_MODES,
  type GuildSettings,
  type GuildSettingsPatch,
  type ServerSettings,
} from '../storage/guild-settings.js';
import { channelOption, type Command, type CommandContext, type OptionValue } from './types.js';

const DEFAULT = 'default';
const choices = (values: readonly string[]) => [...values, DEFAULT].map((v) => ({ name: v, value: v }));

const THREAD_MODE_TEXT: Record<ServerSettings['threadMode'], string> = {
  questions: 'questions, mentions and replies to my answers',
  all: 'every message',
  mentions: 'only mentions and replies to my answers',
};

export const settingsCommand: Command = {
  definition: {
    name: 'settings',
    description: "Show or change footnote's settings for this server (Manage Server).",
    // Hidden from members without Manage Server by default; checked again in the handler,
    // because server admins can override who sees a command.
    default_member_permissions: String(PermissionFlagsBits.ManageGuild),
    contexts: [InteractionContextType.Guild],
    options: [
      { type: ApplicationCommandOptionType.Subcommand, name: 'show', description: 'Show the settings in force here' },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'channels',
        description: 'Where footnote answers (threads count as their channel)',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'action',
            description: 'add or remove a channel, answer everywhere, or go back to the default',
            required: true,
            choices: ['add', 'remove', 'everywhere', DEFAULT].map((v) => ({ name: v, value: v })),
          },
          {
            type: ApplicationCommandOptionType.Channel,
            name: 'channel',
            description: 'For add and remove',
            channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'cooldown',
        description: 'At most this many questions per person in this many seconds (no options: the default)',
        options: [
          { type: ApplicationCommandOptionType.Integer, name: 'questions', description: 'Questions allowed', min_value: 1, max_value: 100 },
          {
            type: ApplicationCommandOptionType.Integer,
            name: 'seconds',
            description: 'In this many seconds',
            min_value: 1,
            max_value: 86_400,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'threads',
        description: 'Which messages in footnote’s threads get an answer',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'mode',
            description: 'questions (default), all, or mentions',
            required: true,
            choices: choices(THREAD_MODES),
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'summary_role',
        description: 'A role that may post summaries with /summary post_to (no role: the default)',
        options: [{ type: ApplicationCommandOptionType.Role, name: 'role', description: 'The role' }],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'article_role',
        description: 'A role that may change the article with /article (no role: the default)',
        options: [{ type: ApplicationCommandOptionType.Role, name: 'role', description: 'The role' }],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'dms',
        description: 'Whether members of this server may ask footnote in direct messages',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'policy',
            description: 'off or members',
            required: true,
            choices: choices(DM_POLICIES),
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'language',
        description: 'Language of footnote’s notices (refusals, cooldowns) here',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'value',
            description: 'Language',
            required: true,
            choices: choices(NOTICE_LANGUAGES),
          },
        ],
      },
    ],
  },
  usage: '/settings',
  shell: false,
  ephemeral: () => true,
  async handle(ctx, options) {
    const guildId = ctx.invoker.guildId;
    if (!guildId) throw new UserError('/settings works in a server, not in direct messages.');
    if (!ctx.invoker.canManageGuild) throw new UserError('Changing footnote’s settings needs the Manage Server permission.');
    const store = ctx.settingsStore;
    if (!store) throw new UserError('Settings cannot be changed here.');
    const defaults = serverDefaultsOf(ctx.config);
    const subcommand = String(options.subcommand ?? 'show');
    let stored = await store.get(guildId);
    let changed = '';
    if (subcommand !== 'show') {
      const patch = patchFor(subcommand, options, resolveSettings(defaults, stored));
      stored = await store.update(guildId, patch, ctx.invoker.userId);
      changed = `Saved: ${subcommand.replace('_', ' ')}.\n\n`;
      ctx.log.info({ guildId, userId: ctx.invoker.userId, patch }, 'server settings changed');
    }
    return { kind: 'text', text: `${changed}${describe(defaults, stored)}`, ephemeral: true, formatted: true };
  },
};

/** The change a subcommand asks for; `current` is what is in force now (for add/remove). */
export function patchFor(subcommand: string, options: Record<string, OptionValue>, current: ServerSettings): GuildSettingsPatch {
  const pick = (value: OptionValue | undefined) => (typeof value === 'string' && value !== DEFAULT ? value : null);
  // A role option left empty clears the role: the permission alone gates the command again.
  const role = typeof options.role === 'string' ? options.role : null;
  switch (subcommand) {
    case 'channels': {
      const action = String(options.action);
      if (action === DEFAULT) return { allowedChannelIds: null };
      if (action === 'everywhere') return { allowedChannelIds: [] };
      const channel = channelOption(options.channel);
      if (!channel) throw new UserError(`Pick the channel to ${action}.`);
      const ids = current.allowedChannelIds.filter((id) => id !== channel.id);
      if (action === 'add') return { allowedChannelIds: [...ids, channel.id] };
      if (ids.length === 0) throw new UserError('That would leave no channel: use action:everywhere to answer in every channel.');
      return { allowedChannelIds: ids };
    }
    case 'cooldown': {
      const { questions, seconds } = options;
      if (questions === undefined && seconds === undefined) return { cooldown: null };
      return {
        cooldown: { questions: Number(questions ?? current.cooldown.questions), seconds: Number(seconds ?? current.cooldown.seconds) },
      };
    }
    case 'threads':
      return { threadMode: pick(options.mode) as ServerSettings['threadMode'] | null };
    case 'summary_role':
      return { summaryRoleId: role };
    case 'article_role':
      return { articleRoleId: role };
    case 'dms':
      return { dmPolicy: pick(options.policy) as ServerSettings['dmPolicy'] | null };
    case 'language':
      return { language: pick(options.value) as ServerSettings['language'] | null };
    default:
      throw new UserError(`Unknown setting ${subcommand}.`);
  }
}

/** The settings in force, each marked when it is the default. */
export function describe(defaults: ServerSettings, stored: GuildSettings): string {
  const s = resolveSettings(defaults, stored);
  const mark = (key: keyof ServerSettings) => (stored[key] === undefined ? ' (default)' : '');
  const lines = [
    '**footnote settings for this server**',
    `• Channels: ${s.allowedChannelIds.length ? s.allowedChannelIds.map((id) => `<#${id}>`).join(', ') : 'everywhere'}${mark('allowedChannelIds')}`,
    `• Cooldown: ${s.cooldown.questions} question${s.cooldown.questions === 1 ? '' : 's'} per ${s.cooldown.seconds} s per person${mark('cooldown')}`,
    `• Threads: in threads I open, I answer ${THREAD_MODE_TEXT[s.threadMode]} (\`${s.threadMode}\`)${mark('threadMode')}`,
    `• Summary poster role: ${s.summaryRoleId ? `<@&${s.summaryRoleId}>` : 'none'} (besides Manage Messages in the target channel)${mark('summaryRoleId')}`,
    `• Article role: ${s.articleRoleId ? `<@&${s.articleRoleId}>` : 'none'} (besides Manage Server, may change the article)${mark('articleRoleId')}`,
    `• Direct messages: ${s.dmPolicy === 'members' ? 'members of this server may ask me in DMs' : 'off'}${mark('dmPolicy')}`,
    `• Notice language: \`${s.language}\`${mark('language')}`,
  ];
  return lines.join('\n');
}

/** For tests and /help: the settings a command context runs under. */
export function settingsOf(ctx: Pick<CommandContext, 'settings' | 'config'>): ServerSettings {
  return ctx.settings ?? serverDefaultsOf(ctx.config);
}

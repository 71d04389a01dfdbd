/**
 * What a channel given to a command (`/summary post_to`) allows, from what discord.js holds:
 * the invoker's permissions there come with the interaction (Discord resolves them for that
 * channel); the bot's own are computed from the guild cache (its roles and the channel's
 * overwrites), so no request is made before refusing.
 */
import { PermissionFlagsBits, PermissionsBitField, type GuildBasedChannel } from 'discord.js';
import type { CommandChannel } from '../../commands/types.js';

const NAMES: [bigint, string][] = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.SendMessagesInThreads, 'Send Messages in Threads'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
];

/** The bot's permissions a post needs (in a thread, Send Messages in Threads instead of Send Messages). */
export function missingToPost(bot: PermissionsBitField | null, isThread: boolean): string[] {
  const needed = [
    PermissionFlagsBits.ViewChannel,
    isThread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages,
    PermissionFlagsBits.EmbedLinks,
  ];
  return needed.filter((flag) => !bot?.has(flag)).map((flag) => NAMES.find(([f]) => f === flag)![1]);
}

/**
 * The member's permissions in a channel option: discord.js keeps them on the channel it
 * resolved from the interaction (`permissions`), or the raw API object has them as a string.
 */
export function resolvedPermissions(resolved: unknown): Readonly<PermissionsBitField> | null {
  const perms = (resolved as { permissions?: unknown } | null)?.permissions;
  if (perms instanceof PermissionsBitField) return perms;
  return typeof perms === 'string' ? new PermissionsBitField(BigInt(perms)) : null;
}

/**
 * `member`: the invoker's permissions in the channel (from the interaction); `cached`: the
 * channel in the guild cache (undefined when the bot cannot see it).
 */
export function commandChannel(
  id: string,
  member: Readonly<PermissionsBitField> | null,
  cached: GuildBasedChannel | null | undefined,
): CommandChannel {
  const isThread = cached?.isThread() ?? false;
  const me = cached?.guild.members.me ?? null;
  const bot = cached && me ? cached.permissionsFor(me) : null;
  return {
    kind: 'channel',
    id,
    ...(cached?.isThread() && cached.parentId ? { parentId: cached.parentId } : {}),
    invokerCanManageMessages: member?.has(PermissionFlagsBits.ManageMessages) ?? false,
    botMissing: missingToPost(bot, isThread),
  };
}

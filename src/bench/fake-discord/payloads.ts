// Wire-format objects (users, roles, channels, threads, members) as Discord sends them; guilds are in guilds.ts.
import { isoNow, snowflake } from './ids.js';
import type { FakeBotUser, FakeChannelInput, JsonObject } from './types.js';

export const ChannelType = { GuildText: 0, DM: 1, PublicThread: 11, PrivateThread: 12 } as const;

export function isThreadType(type: unknown): boolean {
  return type === 10 || type === 11 || type === 12;
}

export function userObject(input: FakeBotUser & { bot?: boolean }, fallbackName: string): JsonObject {
  const user: JsonObject = {
    id: input.id ?? snowflake(),
    username: input.username ?? fallbackName,
    global_name: input.global_name === undefined ? null : input.global_name,
    discriminator: input.discriminator ?? '0',
    avatar: input.avatar ?? null,
    avatar_decoration_data: null,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    primary_guild: null,
    collectibles: null,
  };
  if (input.bot) user.bot = true;
  return user;
}

export function roleObject(id: string, name: string, permissions: string, position: number, managed = false): JsonObject {
  return {
    id,
    name,
    permissions,
    position,
    managed,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    mentionable: false,
    flags: 0,
    ...(managed ? { tags: { bot_id: '' } } : {}),
  };
}

export function channelObject(guildId: string, input: FakeChannelInput, position: number): JsonObject {
  const type = input.type ?? ChannelType.GuildText;
  const id = input.id ?? snowflake();
  if (isThreadType(type))
    return threadObject({ id, guildId, parentId: input.parentId ?? '', name: input.name ?? 'thread', type, ownerId: '' });
  return {
    id,
    type,
    guild_id: guildId,
    name: input.name ?? `channel-${position}`,
    position,
    parent_id: input.parentId ?? null,
    topic: input.topic ?? null,
    nsfw: false,
    flags: 0,
    last_message_id: null,
    rate_limit_per_user: 0,
    permission_overwrites: (input.permissionOverwrites ?? []).map((o) => ({
      id: o.id,
      type: o.type,
      allow: o.allow ?? '0',
      deny: o.deny ?? '0',
    })),
    default_thread_rate_limit_per_user: 0,
    default_auto_archive_duration: 1440,
  };
}

export function threadObject(o: {
  id: string;
  guildId: string;
  parentId: string;
  name: string;
  type?: number;
  ownerId: string;
  autoArchive?: number;
}): JsonObject {
  const now = isoNow();
  return {
    id: o.id,
    type: o.type ?? ChannelType.PublicThread,
    guild_id: o.guildId,
    parent_id: o.parentId,
    owner_id: o.ownerId,
    name: o.name,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    applied_tags: [],
    thread_metadata: {
      archived: false,
      auto_archive_duration: o.autoArchive ?? 1440,
      archive_timestamp: now,
      locked: false,
      create_timestamp: now,
      ...(o.type === ChannelType.PrivateThread ? { invitable: true } : {}),
    },
  };
}

export function dmChannelObject(id: string, recipient: JsonObject): JsonObject {
  return { id, type: ChannelType.DM, last_message_id: null, flags: 0, recipients: [recipient] };
}

export function memberObject(user: JsonObject | null, roles: string[], joinedAt: string): JsonObject {
  return {
    ...(user ? { user } : {}),
    roles,
    joined_at: joinedAt,
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
    unusual_dm_activity_until: null,
  };
}

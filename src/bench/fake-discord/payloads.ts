// Wire-format objects (users, roles, channels, members, guilds) as Discord sends them.
import { isoNow, snowflake, snowflakeForShard } from './ids.js';
import type { FakeBotUser, FakeChannelInput, FakeGuild, JsonObject } from './types.js';

export const Perm = {
  AddReactions: 1n << 6n,
  ViewChannel: 1n << 10n,
  SendMessages: 1n << 11n,
  ManageMessages: 1n << 13n,
  EmbedLinks: 1n << 14n,
  AttachFiles: 1n << 15n,
  ReadMessageHistory: 1n << 16n,
  UseExternalEmojis: 1n << 18n,
  UseApplicationCommands: 1n << 31n,
  ManageThreads: 1n << 34n,
  CreatePublicThreads: 1n << 35n,
  CreatePrivateThreads: 1n << 36n,
  SendMessagesInThreads: 1n << 38n,
} as const;

/** What @everyone may do in the fake guilds (a typical community server). */
export const EVERYONE_PERMISSIONS = (
  Perm.AddReactions |
  Perm.ViewChannel |
  Perm.SendMessages |
  Perm.EmbedLinks |
  Perm.AttachFiles |
  Perm.ReadMessageHistory |
  Perm.UseExternalEmojis |
  Perm.UseApplicationCommands |
  Perm.CreatePublicThreads |
  Perm.SendMessagesInThreads
).toString();

/** The bot's managed role adds message/thread management. */
export const BOT_PERMISSIONS = (
  BigInt(EVERYONE_PERMISSIONS) |
  Perm.ManageMessages |
  Perm.ManageThreads |
  Perm.CreatePrivateThreads
).toString();

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

export interface GuildState {
  id: string;
  name: string;
  ownerId: string;
  locale: string;
  memberCount: number;
  joinedAt: string;
  everyoneRoleId: string;
  botRoleId: string;
  roles: JsonObject[];
  /** Channel ids (threads included) in creation order. */
  channelIds: string[];
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

/** Normalises a FakeGuild; index picks the shard a generated id routes to. */
export function normaliseGuild(
  input: FakeGuild,
  index: number,
  shards: number,
  botId: string,
): { guild: GuildState; channels: JsonObject[] } {
  const id = input.id ?? snowflakeForShard(index % Math.max(1, shards), shards);
  const botRoleId = snowflake();
  const roles = [
    roleObject(id, '@everyone', EVERYONE_PERMISSIONS, 0),
    ...(input.roles ?? []).map((r, i) => roleObject(r.id ?? snowflake(), r.name ?? `role-${i + 1}`, r.permissions ?? '0', i + 1)),
  ];
  const botRole = roleObject(botRoleId, 'footnote', BOT_PERMISSIONS, roles.length, true);
  botRole.tags = { bot_id: botId };
  roles.push(botRole);
  const channels = (input.channels ?? [{ name: 'general' }]).map((c, i) => channelObject(id, c, i));
  const guild: GuildState = {
    id,
    name: input.name ?? `Fake Guild ${index + 1}`,
    ownerId: input.ownerId ?? snowflake(),
    locale: input.locale ?? 'en-US',
    memberCount: input.memberCount ?? 42,
    joinedAt: isoNow(),
    everyoneRoleId: id,
    botRoleId,
    roles,
    channelIds: channels.map((c) => String(c.id)),
  };
  return { guild, channels };
}

/** The full GUILD_CREATE payload, including the bot's own member (discord.js needs `members.me`). */
export function guildCreatePayload(g: GuildState, channels: JsonObject[], bot: JsonObject): JsonObject {
  const plain = channels.filter((c) => !isThreadType(c.type));
  const threads = channels.filter((c) => isThreadType(c.type) && !(c.thread_metadata as JsonObject | undefined)?.archived);
  const firstText = plain.find((c) => c.type === ChannelType.GuildText);
  return {
    id: g.id,
    name: g.name,
    icon: null,
    icon_hash: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: g.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    nsfw: false,
    features: [],
    application_id: null,
    system_channel_id: firstText?.id ?? null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    vanity_url_code: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: g.locale,
    hub_type: null,
    incidents_data: null,
    latest_onboarding_question_id: null,
    home_header: null,
    roles: g.roles,
    emojis: [],
    stickers: [],
    soundboard_sounds: [],
    joined_at: g.joinedAt,
    large: false,
    unavailable: false,
    lazy: true,
    member_count: g.memberCount,
    voice_states: [],
    members: [memberObject(bot, [g.botRoleId], g.joinedAt)],
    channels: plain,
    threads,
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    embedded_activities: [],
    activity_instances: [],
    application_command_counts: {},
    version: Date.now(),
  };
}

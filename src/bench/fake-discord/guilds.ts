// A guild as the fake models it (GuildState, normalised from a FakeGuild) and its GUILD_CREATE payload.
import { isoNow, snowflake, snowflakeForShard } from './ids.js';
import { ChannelType, channelObject, isThreadType, memberObject, roleObject } from './payloads.js';
import { BOT_PERMISSIONS, EVERYONE_PERMISSIONS } from './permissions.js';
import type { FakeGuild, JsonObject } from './types.js';

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

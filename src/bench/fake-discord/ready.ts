// READY and GUILD_CREATE payloads for a new gateway session.
import { guildCreatePayload } from './guilds.js';
import { shardOf } from './ids.js';
import { memberObject } from './payloads.js';
import type { FakeState } from './state.js';
import type { JsonObject } from './types.js';

/** GATEWAY_MESSAGE_CONTENT_LIMITED | APPLICATION_COMMAND_BADGE: MessageContent may be requested. */
export const APPLICATION_FLAGS = (1 << 19) | (1 << 23);

export function guildsOfShard(state: FakeState, shardId: number, shardCount: number): string[] {
  return state.guilds.filter((g) => shardOf(g.id, shardCount) === shardId).map((g) => g.id);
}

export function readyPayload(state: FakeState, o: { sessionId: string; shard: [number, number]; resumeUrl: string }): JsonObject {
  const [shardId, shardCount] = o.shard;
  return {
    v: 10,
    user_settings: {},
    user: { ...state.bot, verified: true, mfa_enabled: false, email: null, flags: 0 },
    session_type: 'normal',
    session_id: o.sessionId,
    resume_gateway_url: o.resumeUrl,
    guilds: guildsOfShard(state, shardId, shardCount).map((id) => ({ id, unavailable: true })),
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: ['us-east', 'us-central'],
    auth: {},
    application: { id: state.appId, flags: APPLICATION_FLAGS },
    shard: [shardId, shardCount],
    _trace: ['["fake-discord-gateway",{"micros":1000}]'],
  };
}

/** One GUILD_CREATE per guild routed to the shard (discord.js waits 15 s for any guild listed in READY). */
export function guildCreates(state: FakeState, shardId: number, shardCount: number): JsonObject[] {
  return guildsOfShard(state, shardId, shardCount).map((id) => {
    const g = state.guild(id);
    return g ? guildCreatePayload(g, state.guildChannels(id), state.bot) : { id, unavailable: true };
  });
}

/** GUILD_MEMBERS_CHUNK answering an op 8 request with the members the fake knows. */
export function membersChunk(state: FakeState, d: JsonObject): JsonObject | null {
  const g = state.guild(String(d.guild_id ?? ''));
  if (!g) return null;
  const wanted = Array.isArray(d.user_ids) ? (d.user_ids as string[]) : typeof d.user_ids === 'string' ? [d.user_ids] : null;
  const query = typeof d.query === 'string' ? d.query.toLowerCase() : '';
  const users = [...state.users.values()].filter((u) =>
    wanted ? wanted.includes(String(u.id)) : String(u.username).toLowerCase().startsWith(query),
  );
  const limit = Number(d.limit ?? 0) || users.length;
  return {
    guild_id: g.id,
    chunk_index: 0,
    chunk_count: 1,
    members: users.slice(0, limit).map((u) => memberObject(u, u.id === state.botId ? [g.botRoleId] : [], g.joinedAt)),
    not_found: wanted ? wanted.filter((id) => !state.users.has(id)) : [],
    ...(d.nonce !== undefined ? { nonce: d.nonce } : {}),
  };
}

// In-memory model of the fake's Discord world: guilds, channels, messages, interactions, commands, files.
import { normaliseGuild, type GuildState } from './guilds.js';
import { snowflake } from './ids.js';
import { ChannelType, channelObject, dmChannelObject, threadObject, userObject } from './payloads.js';
import type { FakeChannelInput, FakeDiscordOptions, JsonObject } from './types.js';

export interface InteractionRecord {
  id: string;
  token: string;
  /** Interaction type: 2 command, 3 component, 4 autocomplete, 5 modal submit. */
  type: number;
  payload: JsonObject;
  channelId: string;
  guildId: string | null;
  user: JsonObject;
  /** For component interactions: the message the component is on. */
  componentMessageId: string | null;
  /** Callback types received, in order (only the first is accepted). */
  callbacks: number[];
  /** Id of the message `@original` refers to, once there is one. */
  originalMessageId: string | null;
}

export interface StoredFile {
  name: string;
  contentType: string;
  content: Buffer;
}

export class FakeState {
  readonly bot: JsonObject;
  readonly botId: string;
  readonly appId: string;
  /** Default invoking user for built interactions and messages. */
  readonly testUser: JsonObject;
  readonly guilds: GuildState[] = [];
  readonly users = new Map<string, JsonObject>();
  /** Role ids of non-bot members, keyed `${guildId}:${userId}`. */
  readonly memberRoles = new Map<string, string[]>();
  readonly channels = new Map<string, JsonObject>();
  readonly messages = new Map<string, JsonObject[]>();
  /** Ephemeral interaction messages: reachable through webhooks, absent from channel history. */
  readonly ephemeral = new Map<string, JsonObject>();
  readonly interactions = new Map<string, InteractionRecord>();
  readonly interactionsByToken = new Map<string, InteractionRecord>();
  readonly globalCommands: JsonObject[] = [];
  readonly guildCommands = new Map<string, JsonObject[]>();
  /** Guilds whose membership is restricted (setGuildMembers): guild id → member user ids. */
  readonly guildMembers = new Map<string, Set<string>>();
  /** Files served over HTTP, keyed by URL path. */
  readonly files = new Map<string, StoredFile>();

  constructor(
    opts: FakeDiscordOptions,
    readonly baseUrl: string,
  ) {
    this.bot = userObject({ username: 'footnote', ...opts.botUser, bot: true }, 'footnote');
    this.botId = String(this.bot.id);
    this.appId = opts.appId ?? this.botId;
    this.testUser = userObject({ username: 'tester', global_name: 'Test User' }, 'tester');
    this.rememberUser(this.bot);
    this.rememberUser(this.testUser);
    const shards = Math.max(1, opts.shards ?? 1);
    const inputs = opts.guilds ?? Array.from({ length: shards }, () => ({}));
    inputs.forEach((input, i) => {
      const { guild, channels } = normaliseGuild(input, i, shards, this.botId);
      this.guilds.push(guild);
      for (const c of channels) this.channels.set(String(c.id), c);
    });
  }

  rememberUser(user: JsonObject): JsonObject {
    const id = String(user.id);
    const merged = { ...this.users.get(id), ...user };
    this.users.set(id, merged);
    return merged;
  }

  userById(id: string): JsonObject {
    return this.users.get(id) ?? userObject({ id, username: `user-${id.slice(-4)}` }, 'user');
  }

  guild(id: string | null | undefined): GuildState | undefined {
    return id ? this.guilds.find((g) => g.id === id) : undefined;
  }

  guildChannels(guildId: string): JsonObject[] {
    const g = this.guild(guildId);
    return g ? g.channelIds.map((id) => this.channels.get(id)).filter((c): c is JsonObject => c !== undefined) : [];
  }

  /** The first text channel of a guild (the default target of builders). */
  defaultChannelId(guildId: string): string {
    const c = this.guildChannels(guildId).find((ch) => ch.type === ChannelType.GuildText);
    if (!c) throw new Error(`fake-discord: guild ${guildId} has no text channel`);
    return String(c.id);
  }

  guildIdOfChannel(channelId: string): string | null {
    const c = this.channels.get(channelId);
    return c && typeof c.guild_id === 'string' ? c.guild_id : null;
  }

  addChannel(guildId: string, input: FakeChannelInput): JsonObject {
    const g = this.guild(guildId);
    if (!g) throw new Error(`fake-discord: unknown guild ${guildId}`);
    const c = channelObject(guildId, input, g.channelIds.length);
    this.channels.set(String(c.id), c);
    g.channelIds.push(String(c.id));
    return c;
  }

  addThread(o: { id?: string; parentId: string; name: string; type?: number; ownerId?: string; autoArchive?: number }): JsonObject {
    const parent = this.channels.get(o.parentId);
    const guildId = parent && typeof parent.guild_id === 'string' ? parent.guild_id : null;
    if (!guildId) throw new Error(`fake-discord: thread parent ${o.parentId} is not a guild channel`);
    const thread = threadObject({ ...o, id: o.id ?? snowflake(), guildId, ownerId: o.ownerId ?? String(this.testUser.id) });
    this.channels.set(String(thread.id), thread);
    this.guild(guildId)?.channelIds.push(String(thread.id));
    return thread;
  }

  dmChannelFor(user: JsonObject): JsonObject {
    for (const c of this.channels.values()) {
      const r = c.recipients as JsonObject[] | undefined;
      if (c.type === ChannelType.DM && r?.[0]?.id === user.id) return c;
    }
    const c = dmChannelObject(snowflake(), user);
    this.channels.set(String(c.id), c);
    return c;
  }

  /** Registers a downloadable file and returns its attachment object (url served by the fake). */
  addFile(name: string, content: Buffer | string, contentType: string, channelId = '0'): JsonObject {
    const id = snowflake();
    const buf = typeof content === 'string' ? Buffer.from(content) : content;
    const path = `/attachments/${channelId}/${id}/${encodeURIComponent(name)}`;
    this.files.set(path, { name, contentType, content: buf });
    const ex = Math.floor(Date.now() / 1000 + 86_400).toString(16);
    const query = `?ex=${ex}&is=${ex}&hm=${id.slice(-8)}&`;
    return {
      id,
      filename: name,
      size: buf.length,
      url: `${this.baseUrl}${path}${query}`,
      proxy_url: `${this.baseUrl}${path}${query}`,
      content_type: contentType,
    };
  }

  storeMessage(msg: JsonObject): void {
    if (Number(msg.flags ?? 0) & 64) {
      this.ephemeral.set(String(msg.id), msg);
      return;
    }
    const channelId = String(msg.channel_id);
    const list = this.messages.get(channelId) ?? [];
    list.push(msg);
    this.messages.set(channelId, list);
    const channel = this.channels.get(channelId);
    if (channel) {
      channel.last_message_id = msg.id;
      if (typeof channel.message_count === 'number') {
        channel.message_count += 1;
        channel.total_message_sent = Number(channel.total_message_sent ?? 0) + 1;
      }
    }
  }

  findMessage(channelId: string, messageId: string): JsonObject | undefined {
    return this.messages.get(channelId)?.find((m) => m.id === messageId);
  }

  messageById(messageId: string): JsonObject | undefined {
    const eph = this.ephemeral.get(messageId);
    if (eph) return eph;
    for (const list of this.messages.values()) {
      const m = list.find((x) => x.id === messageId);
      if (m) return m;
    }
    return undefined;
  }

  deleteMessage(channelId: string, messageId: string): boolean {
    if (this.ephemeral.delete(messageId)) return true;
    const list = this.messages.get(channelId);
    const i = list?.findIndex((m) => m.id === messageId) ?? -1;
    if (!list || i < 0) return false;
    list.splice(i, 1);
    return true;
  }

  /** GET /channels/:id/messages semantics: newest first, limit 1..100 (default 50). */
  history(channelId: string, q: Record<string, string>): JsonObject[] {
    const all = [...(this.messages.get(channelId) ?? [])].sort((a, b) => (BigInt(String(a.id)) < BigInt(String(b.id)) ? -1 : 1));
    const limit = Math.min(100, Math.max(1, Number(q.limit ?? 50) || 50));
    const id = (m: JsonObject): bigint => BigInt(String(m.id));
    if (q.after)
      return all
        .filter((m) => id(m) > BigInt(q.after ?? '0'))
        .slice(0, limit)
        .reverse();
    if (q.around) {
      const pivot = BigInt(q.around);
      const older = all.filter((m) => id(m) <= pivot).slice(-Math.ceil(limit / 2));
      const newer = all.filter((m) => id(m) > pivot).slice(0, Math.floor(limit / 2));
      return [...older, ...newer].reverse();
    }
    const before = q.before ? BigInt(q.before) : null;
    const pool = before === null ? all : all.filter((m) => id(m) < before);
    return pool.slice(-limit).reverse();
  }

  registerInteraction(payload: JsonObject): InteractionRecord {
    const channel = payload.channel as JsonObject | undefined;
    const user = (payload.user ?? (payload.member as JsonObject | undefined)?.user) as JsonObject;
    const message = payload.message as JsonObject | undefined;
    const rec: InteractionRecord = {
      id: String(payload.id),
      token: String(payload.token),
      type: Number(payload.type),
      payload,
      channelId: String(channel?.id ?? payload.channel_id),
      guildId: typeof payload.guild_id === 'string' ? payload.guild_id : null,
      user,
      componentMessageId: message ? String(message.id) : null,
      callbacks: [],
      originalMessageId: null,
    };
    this.interactions.set(rec.id, rec);
    this.interactionsByToken.set(rec.token, rec);
    return rec;
  }
}

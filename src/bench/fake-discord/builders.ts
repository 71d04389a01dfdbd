// Builders for INTERACTION_CREATE (slash, autocomplete, component) and MESSAGE_CREATE payloads.
import { interactionToken, snowflake } from './ids.js';
import { buildMessage } from './messages.js';
import { memberObject, userObject } from './payloads.js';
import { BOT_PERMISSIONS, EVERYONE_PERMISSIONS } from './permissions.js';
import { slashOptionPayloads, type SlashOption } from './slash-options.js';
import type { FakeState } from './state.js';
import type { FakeBotUser, JsonObject, RecordedFile } from './types.js';

export interface InteractionContextInput {
  /** Guild to act in; default the first guild. Ignored with `dm`. */
  guildId?: string;
  /** Invoke from the user's DM with the bot (context 1, `user` instead of `member`). */
  dm?: boolean;
  /** Default: the guild's first text channel (or the DM channel). May be a thread id. */
  channelId?: string;
  /** Default: `fake.testUser`. */
  user?: FakeBotUser;
  roles?: string[];
  /** Member permission bitfield (decimal string); default the @everyone permissions. */
  permissions?: string;
  appPermissions?: string;
  locale?: string;
  id?: string;
  token?: string;
  /** Default `{ "0": guildId }` in guilds, `{ "0": "0" }` in the bot's DM (guild install). */
  authorizingIntegrationOwners?: Record<string, string>;
}

export interface MessageInput {
  content: string;
  /** Default: the first guild's first text channel (may be a thread id). */
  channelId?: string;
  /** A DM from `author` to the bot. */
  dm?: boolean;
  author?: FakeBotUser & { bot?: boolean };
  /** Prepends `<@botId> ` to content when it does not mention the bot yet. */
  mentionBot?: boolean;
  /** Message id this replies to (adds message_reference + referenced_message, type 19). */
  replyTo?: string;
  /** Whether the reply pings the author replied to (Discord's default: yes). */
  replyPing?: boolean;
  roles?: string[];
  attachments?: Array<{ name: string; content: string | Buffer; contentType?: string }>;
}

/** An INTERACTION_CREATE payload as built here (all other fields are plain JSON). */
export type BuiltInteraction = JsonObject & { id: string; token: string; type: number; channel_id: string };
/** A MESSAGE_CREATE payload as built here. */
export type BuiltMessage = JsonObject & { id: string; channel_id: string; content: string; author: JsonObject };

export class PayloadBuilders {
  constructor(private readonly state: FakeState) {}

  private user(input?: FakeBotUser & { bot?: boolean }): JsonObject {
    if (!input) return this.state.testUser;
    const known = input.id ? this.state.users.get(input.id) : undefined;
    return this.state.rememberUser(known ? { ...known, ...input } : userObject(input, 'user'));
  }

  private base(ctx: InteractionContextInput, type: number, data: JsonObject, channelOverride?: string): JsonObject {
    const { state } = this;
    const user = this.user(ctx.user);
    const id = ctx.id ?? snowflake();
    const common: JsonObject = {
      id,
      application_id: state.appId,
      type,
      data,
      token: ctx.token ?? interactionToken(id),
      version: 1,
      app_permissions: ctx.appPermissions ?? BOT_PERMISSIONS,
      locale: ctx.locale ?? 'en-US',
      entitlements: [],
      attachment_size_limit: 10 * 1024 * 1024,
    };
    if (ctx.dm) {
      const channel = state.dmChannelFor(user);
      return {
        ...common,
        user,
        channel,
        channel_id: channel.id,
        context: 1,
        authorizing_integration_owners: ctx.authorizingIntegrationOwners ?? { 0: '0' },
      };
    }
    const channelId = channelOverride ?? ctx.channelId ?? state.defaultChannelId(ctx.guildId ?? state.guilds[0]?.id ?? '');
    const guildId = state.guildIdOfChannel(channelId) ?? ctx.guildId;
    const guild = state.guild(guildId);
    const channel = state.channels.get(channelId);
    if (!guild || !channel) throw new Error(`fake-discord: unknown guild/channel ${guildId}/${channelId}`);
    const permissions = ctx.permissions ?? EVERYONE_PERMISSIONS;
    const roles = ctx.roles ?? state.memberRoles.get(`${guild.id}:${String(user.id)}`) ?? [];
    return {
      ...common,
      guild_id: guild.id,
      guild: { id: guild.id, locale: guild.locale, features: [] },
      guild_locale: guild.locale,
      channel: { ...channel, permissions },
      channel_id: channelId,
      context: 0,
      member: { ...memberObject(user, roles, guild.joinedAt), permissions },
      authorizing_integration_owners: ctx.authorizingIntegrationOwners ?? { 0: guild.id },
    };
  }

  private command(type: 2 | 4, name: string, opts: SlashOption[], ctx: InteractionContextInput): JsonObject {
    const payload = this.base(ctx, type, {});
    const channelId = String(payload.channel_id);
    const guildId = typeof payload.guild_id === 'string' ? payload.guild_id : null;
    const resolved: Record<string, JsonObject> = {};
    const options = slashOptionPayloads(this.state, opts, resolved, channelId, guildId, ctx.permissions ?? EVERYONE_PERMISSIONS);
    if (type === 4 && !JSON.stringify(options).includes('"focused":true')) {
      const leaf = (list: JsonObject[]): JsonObject | undefined => {
        const last = list[list.length - 1];
        return last && Array.isArray(last.options) ? leaf(last.options as JsonObject[]) : last;
      };
      const target = leaf(options);
      if (target) target.focused = true;
    }
    const registered = [...this.state.globalCommands, ...(guildId ? (this.state.guildCommands.get(guildId) ?? []) : [])].find(
      (c) => c.name === name,
    );
    payload.data = {
      id: registered?.id ?? snowflake(),
      name,
      type: 1,
      ...(options.length ? { options } : {}),
      ...(type === 2 && Object.keys(resolved).length ? { resolved } : {}),
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    };
    return payload;
  }

  /** APPLICATION_COMMAND (type 2) for a chat-input command. */
  slash(o: { name: string; options?: SlashOption[] } & InteractionContextInput): BuiltInteraction {
    return this.command(2, o.name, o.options ?? [], o) as BuiltInteraction;
  }

  /**
   * APPLICATION_COMMAND (type 2) for a message context-menu command (command type 3) used on
   * `message` (an id known to the fake, or a message object). Discord resolves the target
   * message in full, content included, whatever the app's intents.
   */
  messageCommand(o: { name: string; message: string | JsonObject } & InteractionContextInput): BuiltInteraction {
    const msg = typeof o.message === 'object' ? o.message : this.state.messageById(o.message);
    if (!msg) throw new Error(`fake-discord: unknown message ${String(o.message)}`);
    const payload = this.base({ ...o, channelId: o.channelId ?? String(msg.channel_id) }, 2, {});
    const guildId = typeof payload.guild_id === 'string' ? payload.guild_id : null;
    const registered = [...this.state.globalCommands, ...(guildId ? (this.state.guildCommands.get(guildId) ?? []) : [])].find(
      (c) => c.name === o.name && c.type === 3,
    );
    payload.data = {
      id: registered?.id ?? snowflake(),
      name: o.name,
      type: 3,
      target_id: msg.id,
      resolved: { messages: { [String(msg.id)]: msg } },
      ...(registered?.guild_id ? { guild_id: registered.guild_id } : {}),
    };
    return payload as BuiltInteraction;
  }

  /** APPLICATION_COMMAND_AUTOCOMPLETE (type 4); the last leaf option is focused unless one says `focused`. */
  autocomplete(o: { name: string; options: SlashOption[] } & InteractionContextInput): BuiltInteraction {
    return this.command(4, o.name, o.options, o) as BuiltInteraction;
  }

  /**
   * MESSAGE_COMPONENT (type 3) click. `message` is a message id known to the fake or a message object;
   * default: the newest message in the channel carrying a component with `customId`.
   */
  component(
    o: { customId: string; message?: string | JsonObject; componentType?: number; values?: string[] } & InteractionContextInput,
  ): BuiltInteraction {
    const msg = this.componentMessage(o.customId, o.message, o.channelId);
    if (!this.state.messageById(String(msg.id))) this.state.storeMessage(msg);
    const data: JsonObject = { custom_id: o.customId, component_type: o.componentType ?? 2 };
    if (o.values) data.values = o.values;
    const payload = this.base({ ...o, dm: o.dm ?? !this.state.guildIdOfChannel(String(msg.channel_id)) }, 3, data, String(msg.channel_id));
    payload.message = msg;
    return payload as BuiltInteraction;
  }

  /** Shorthand for a button click (component_type 2). */
  button(o: { customId: string; message?: string | JsonObject } & InteractionContextInput): BuiltInteraction {
    return this.component({ ...o, componentType: 2 });
  }

  private componentMessage(customId: string, message: string | JsonObject | undefined, channelId?: string): JsonObject {
    if (typeof message === 'object') return message;
    if (typeof message === 'string') {
      const found = this.state.messageById(message);
      if (!found) throw new Error(`fake-discord: unknown message ${message}`);
      return found;
    }
    const lists = channelId ? [this.state.messages.get(channelId) ?? []] : [...this.state.messages.values()];
    const all = lists.flat().sort((a, b) => (BigInt(String(a.id)) > BigInt(String(b.id)) ? -1 : 1));
    const hit = all.find((m) => JSON.stringify(m.components ?? []).includes(JSON.stringify(customId)));
    if (!hit) throw new Error(`fake-discord: no message with a component "${customId}" (pass \`message\`)`);
    return hit;
  }

  /** A user's message (not yet stored or dispatched: pass it to `fake.sendMessage`). */
  message(o: MessageInput): BuiltMessage {
    const { state } = this;
    const author = this.user(o.author ? { ...o.author, ...(o.author.bot ? { bot: true } : {}) } : undefined);
    const channelId = o.dm ? String(state.dmChannelFor(author).id) : (o.channelId ?? state.defaultChannelId(state.guilds[0]?.id ?? ''));
    const mention = `<@${state.botId}>`;
    const content =
      o.mentionBot && !o.content.includes(mention) && !o.content.includes(`<@!${state.botId}>`) ? `${mention} ${o.content}` : o.content;
    const files: RecordedFile[] = (o.attachments ?? []).map((a, i) => {
      const content = typeof a.content === 'string' ? Buffer.from(a.content) : a.content;
      return {
        field: `files[${i}]`,
        filename: a.name,
        contentType: a.contentType ?? 'text/plain; charset=utf-8',
        size: content.length,
        content,
        text: content.toString('utf8'),
      };
    });
    const guildId = state.guildIdOfChannel(channelId);
    if (guildId && o.roles) state.memberRoles.set(`${guildId}:${String(author.id)}`, o.roles);
    const body: JsonObject = {
      content,
      ...(o.replyTo ? { message_reference: { message_id: o.replyTo } } : {}),
      ...(o.replyTo && o.replyPing === false ? { allowed_mentions: { replied_user: false } } : {}),
    };
    return buildMessage(state, { channelId, author, body, files }) as BuiltMessage;
  }
}

// Gateway dispatch bodies derived from the model, honouring intents like real Discord.
import { memberObject } from './payloads.js';
import type { FakeState } from './state.js';
import type { JsonObject } from './types.js';

export const Intents = {
  Guilds: 1 << 0,
  GuildMessages: 1 << 9,
  DirectMessages: 1 << 12,
  MessageContent: 1 << 15,
} as const;

/** A dispatch body, or a function computing it per session intents (null = not delivered). */
export type DispatchBody = JsonObject | ((intents: number) => JsonObject | null);

export interface DispatchTarget {
  /** Route like Discord: guild events go to the guild's shard, DM events (null) to shard 0. */
  guildId?: string | null;
  /** Or address a shard id directly. */
  shardId?: number;
}

export interface Dispatcher {
  /** Returns how many sessions got (or buffered) the event. */
  dispatch(t: string, d: DispatchBody, target: DispatchTarget): number;
}

/**
 * MESSAGE_CREATE / MESSAGE_UPDATE body for `msg`.
 * - Guild messages need GUILD_MESSAGES (1<<9), DMs need DIRECT_MESSAGES (1<<12), else not delivered.
 * - Without MESSAGE_CONTENT (1<<15), content/embeds/attachments/components/poll are blanked unless the
 *   message is a DM, is the bot's own, or mentions the bot (Discord's documented exemptions).
 */
export function messageEvent(state: FakeState, msg: JsonObject): (intents: number) => JsonObject | null {
  const guildId = state.guildIdOfChannel(String(msg.channel_id));
  const author = msg.author as JsonObject;
  const mentionsBot = Array.isArray(msg.mentions) && (msg.mentions as JsonObject[]).some((u) => u.id === state.botId);
  return (intents) => {
    if (guildId ? !(intents & Intents.GuildMessages) : !(intents & Intents.DirectMessages)) return null;
    // channel_type lets discord.js build an uncached DM channel (needs Partials.Channel) from the event.
    const d: JsonObject = { ...msg, channel_type: state.channels.get(String(msg.channel_id))?.type ?? 0 };
    if (guildId) {
      d.guild_id = guildId;
      if (!msg.webhook_id && !d.member) {
        const g = state.guild(guildId);
        const roles = author.id === state.botId && g ? [g.botRoleId] : (state.memberRoles.get(`${guildId}:${String(author.id)}`) ?? []);
        d.member = memberObject(null, roles, g?.joinedAt ?? new Date().toISOString());
      }
    }
    const exempt = !guildId || author.id === state.botId || mentionsBot;
    if (!(intents & Intents.MessageContent) && !exempt) {
      Object.assign(d, { content: '', embeds: [], attachments: [], components: [] });
      delete d.poll;
    }
    return d;
  };
}

/** Real Discord echoes the bot's own (non-ephemeral) messages back over the gateway. */
export function echoMessage(
  gateway: Dispatcher,
  state: FakeState,
  enabled: boolean,
  t: 'MESSAGE_CREATE' | 'MESSAGE_UPDATE',
  msg: JsonObject,
): void {
  if (!enabled || Number(msg.flags ?? 0) & 64) return;
  gateway.dispatch(t, messageEvent(state, msg), { guildId: state.guildIdOfChannel(String(msg.channel_id)) });
}

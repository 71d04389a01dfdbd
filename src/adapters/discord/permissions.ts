import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { Invoker } from '../../commands/types.js';
import type { Config } from '../../compose/config.js';

/** Where something was asked, in our terms. */
export interface Place {
  guildId?: string;
  channelId: string;
  /** The parent channel when `channelId` is a thread. */
  parentId?: string;
  isDm: boolean;
}

const has = (bits: bigint, flag: bigint) => (bits & PermissionFlagsBits.Administrator) !== 0n || (bits & flag) !== 0n;

/**
 * The invoker from the member's permission bitfield (Discord sends it with every guild
 * interaction, already resolved for the channel). No member (a DM) means no moderation rights.
 */
export function invokerFrom(input: { userId: string; place: Place; permissions?: bigint | null; roleIds?: string[] }): Invoker {
  const bits = input.permissions ?? 0n;
  return {
    userId: input.userId,
    ...(input.place.guildId ? { guildId: input.place.guildId } : {}),
    channelId: input.place.channelId,
    canManageMessages: has(bits, PermissionFlagsBits.ManageMessages),
    canManageGuild: has(bits, PermissionFlagsBits.ManageGuild),
    roleIds: input.roleIds ?? [],
  };
}

/** Null when footnote may answer here, else the polite refusal to show. */
export function placeRefusal(discord: Pick<Config['discord'], 'allowedChannelIds' | 'allowDms'>, place: Place): string | null {
  if (place.isDm) return discord.allowDms ? null : 'I only answer in servers, not in direct messages. Ask me in a channel there.';
  const allowed = discord.allowedChannelIds;
  if (allowed.length === 0) return null;
  // A thread counts as its parent channel, so answer threads in allowed channels keep working.
  if (allowed.includes(place.channelId) || (place.parentId !== undefined && allowed.includes(place.parentId))) return null;
  return `Sorry, I don't answer in this channel. Ask me in ${allowed.map((id) => `<#${id}>`).join(', ')}.`;
}
